import { describe, expect, it } from 'vitest';
import { formatClock, renderSoakSection, SOAK_SECTION_END, SOAK_SECTION_START, soakSectionOf, thinSamples, withSoakSection, type SoakResult } from './soak-report';
import { judgeSoak, type SoakSample } from './soak-verdict';

const section = (text: string) => `${SOAK_SECTION_START}\n\n## 5. Soak\n\n${text}\n\n${SOAK_SECTION_END}\n`;

describe('the soak section of docs/benchmarks.md', () => {
  it('is added at the end of a document without one', () => {
    expect(withSoakSection('# Benchmarks\n\n## 4. Load runner\n', section('first'))).toBe(`# Benchmarks\n\n## 4. Load runner\n\n${section('first')}`);
  });

  it('replaces the previous soak and leaves the rest alone', () => {
    const document = `# Benchmarks\n\n## 4. Load runner\n\n${section('old')}`;
    expect(withSoakSection(document, section('new'))).toBe(`# Benchmarks\n\n## 4. Load runner\n\n${section('new')}`);
  });

  it('is found again, so the suite can keep it when it rewrites the document', () => {
    expect(soakSectionOf(`# Benchmarks\n\n${section('kept')}`)).toBe(section('kept'));
    expect(soakSectionOf('# Benchmarks\n')).toBeUndefined();
  });
});

describe('formatting', () => {
  it('shows times as minutes and seconds', () => {
    expect([0, 59.6, 61, 3_600].map(formatClock)).toEqual(['0:00', '1:00', '1:01', '60:00']);
  });

  it('thins samples evenly, keeping the first and the last', () => {
    const samples = Array.from({ length: 121 }, (_, index) => ({ atSeconds: index * 30 }) as SoakSample);
    expect(thinSamples(samples, 5).map((sample) => sample.atSeconds)).toEqual([0, 900, 1_800, 2_700, 3_600]);
    expect(thinSamples(samples.slice(0, 3), 5)).toHaveLength(3);
  });
});

describe('renderSoakSection', () => {
  const sample = (atSeconds: number, heapMB: number, sockets: number): SoakSample => ({
    atSeconds,
    rssBytes: 300e6,
    heapUsedBytes: heapMB * 1e6,
    heapTotalBytes: 200e6,
    externalBytes: 4e6,
    arrayBuffersBytes: 1e6,
    heapSpaces: { old_space: heapMB * 1e6 - 10e6, code_space: 5e6, new_space: 1e5 },
    resources: { TCPSocketWrap: sockets, Timeout: 30 },
    openFds: 40,
    logEntries: 100_000,
    logCapacity: 100_000,
    logEvicted: atSeconds * 500,
    logBodyBytes: 37e6,
    sent: atSeconds * 200,
  });
  const samples = Array.from({ length: 121 }, (_, index) => sample(index * 30, 120, 20));
  const result: SoakResult = {
    date: new Date('2026-11-27T17:20:00Z'),
    machine: { cpuModel: 'AMD EPYC', cores: 2, memoryGiB: 23.5, nodeVersion: '20.20.2', os: 'Debian' },
    plannedMinutes: 60,
    durationSeconds: 3_600,
    sampleSeconds: 30,
    ratePerSecond: 200,
    maxInFlight: 200,
    trafficEntries: 100_000,
    gcExposed: true,
    traffic: ['a Patchbay TCP mock'],
    ops: { 'TCP send {cmd:sum}': { ok: 700_000, failed: 2, skipped: 0, lastFailure: 'Timed out after 10000 ms' } },
    sent: 720_000,
    entriesDelivered: 1_900_000,
    batchesDelivered: 30_000,
    idle: { before: sample(0, 63, 1), after: sample(3_600, 110, 1) },
    samples,
    verdict: judgeSoak(samples, 3_600),
  };

  it('states the verdict, the traffic and the figures of a passing hour', () => {
    const text = renderSoakSection(result);
    expect(text.startsWith(`${SOAK_SECTION_START}\n\n## 5. Soak: 60 minutes of mixed traffic\n`)).toBe(true);
    expect(text).toContain('\n**Verdict: PASS**\n');
    expect(text).toContain('- Traffic: 200 messages/s planned (at most 200 in flight), 720,000 started (200/s): 700,000 as expected, 2 failed, 0 skipped at the in-flight bound. 1,900,000 log entries reached the client in 30,000 `traffic.appended` batches; the log wrapped 18.0 times (1,800,000 entries evicted).');
    expect(text).toContain('| heap used (after GC) | 120.0 MB | 120.0 MB | 1.000× | +0.0 MB/h (+0.00%) | 120.0 MB – 120.0 MB | ≤ 5%/h and ≤ 1.05× | pass |');
    expect(text).toContain('| handles (sockets, servers, pipes) | 20.0 | 20.0 | 1.000× | +0.00/h | 20.0 – 20.0 | ≤ 1 over the window and between quarters | pass |');
    expect(text).toContain('| idle, after | 300.0 MB | 110.0 MB | 4.0 MB | 1 | 30 | 40 | 100,000 | 1,800,000 | 37.0 MB | 720,000 |');
    expect(text).toContain('- V8 heap by space, first steady sample → last: old_space 110.0 MB → 110.0 MB, code_space 5.0 MB → 5.0 MB.');
    expect(text).toContain('| TCP send {cmd:sum} | 700,000 | 2 | 0 | Timed out after 10000 ms |');
    expect(text.endsWith(`${SOAK_SECTION_END}\n`)).toBe(true);
  });
});
