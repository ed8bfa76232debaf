import { describe, expect, it } from 'vitest';
import type { LoadReport } from '../../shared/load';
import { formatLoadReport, formatProgressLine } from './bench-report';

const report: LoadReport = {
  runId: 'r1',
  status: 'completed',
  plan: { concurrency: 10, requests: 1_000, timeoutMs: 10_000 },
  durationMs: 1_250,
  completed: 1_000,
  ok: 990,
  errorsByKind: { timeout: 2, 'remote-error': 8 },
  throughputPerSecond: 800,
  latency: { count: 1_000, minMs: 0.4, meanMs: 1.5, p50Ms: 1.2, p90Ms: 2.5, p95Ms: 3, p99Ms: 9.5, maxMs: 1_200, histogram: { upperBoundsMs: [0.5, 1, 2, 5, 10, 1_200], counts: [10, 400, 500, 80, 8, 2] } },
  timeline: [],
};

describe('bench report text', () => {
  it('lays out summary, histogram, percentiles and outcomes like ghz', () => {
    expect(formatLoadReport(report)).toBe(
      [
        'Summary:',
        '  Count:        1000',
        '  Total:        1.25 s',
        '  Slowest:      1.20 s',
        '  Fastest:      0.40 ms',
        '  Average:      1.50 ms',
        '  Requests/sec: 800.00',
        '',
        'Response time histogram:',
        '   0.50 ms [10]  |∎',
        '   1.00 ms [400] |∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎',
        '   2.00 ms [500] |∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎∎',
        '   5.00 ms [80]  |∎∎∎∎∎∎',
        '  10.00 ms [8]   |∎',
        '    1.20 s [2]   |∎',
        '',
        'Latency distribution:',
        '  p50 in 1.20 ms',
        '  p90 in 2.50 ms',
        '  p95 in 3.00 ms',
        '  p99 in 9.50 ms',
        '  max in 1.20 s',
        '',
        'Outcomes:',
        '  [OK]           990 responses',
        '  [remote-error] 8 responses',
        '  [timeout]      2 responses',
        '',
      ].join('\n'),
    );
  });

  it('says how a run that did not complete ended', () => {
    const failed: LoadReport = { ...report, status: 'failed', failure: { code: 'connection-lost', message: 'The connection became reconnecting during the load run.' } };
    expect(formatLoadReport(failed).split('\n')[7]).toBe('  Status:       failed (The connection became reconnecting during the load run.)');
  });

  it('prints one live progress line', () => {
    expect(formatProgressLine({ runId: 'r1', elapsedMs: 750, completed: 200, errors: 0, throughputPerSecond: 800, p50Ms: 1.2, p99Ms: 9.5 }, 600)).toBe(' 750.00 ms  600 done  800.00 req/s  p50 1.20 ms  p99 9.50 ms');
  });
});
