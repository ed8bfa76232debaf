// `patchbay bench` against a real Nest 12 TCP service: the text report, the one-line JSON report,
// and exit codes for usage errors and unreachable services.
import { describe, expect, it } from 'vitest';
import { loadReportSchema } from '../../shared/load';
import { patchbay } from '../test-support/run-cli';
import { fixtureServices } from '../test-support/fixture-services';

const target = `tcp://127.0.0.1:${fixtureServices().nest['12'].tcp.port}`;

describe('patchbay bench', () => {
  it('prints a ghz-like report of a run with a request count', async () => {
    const run = await patchbay(['bench', target, '{"cmd":"sum"}', '[1,2,3]', '--concurrency', '10', '--requests', '500']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['Summary:', '  Count:        500']);
    expect(lines.slice(2, 7).map((line) => line.replace(/[\d.]+ m?s$|[\d.]+$/, 'N'))).toEqual(['  Total:        N', '  Slowest:      N', '  Fastest:      N', '  Average:      N', '  Requests/sec: N']);
    expect(lines).toContain('Response time histogram:');
    const histogramCounts = lines.filter((line) => /^ +[\d.]+ m?s \[\d+\] +\|∎+$/.test(line)).map((line) => Number(/\[(\d+)\]/.exec(line)![1]));
    expect(histogramCounts.reduce((sum, count) => sum + count, 0)).toBe(500);
    expect(lines.filter((line) => /^ {2}(p50|p90|p95|p99|max) in [\d.]+ m?s$/.test(line))).toHaveLength(5);
    expect(lines.slice(-3)).toEqual(['Outcomes:', '  [OK] 500 responses', '']);
  });

  it('prints exactly one JSON line, the LoadReport, with errors by kind', async () => {
    const run = await patchbay(['bench', target, '{"cmd":"fail_object"}', '--concurrency', '4', '--requests', '40', '--json']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = loadReportSchema.parse(JSON.parse(run.stdout));
    expect(report).toMatchObject({ status: 'completed', completed: 40, ok: 0, errorsByKind: { 'remote-error': 40 }, plan: { concurrency: 4, requests: 40, timeoutMs: 10_000 } });
  });

  it('runs for a fractional duration in seconds', async () => {
    const run = await patchbay(['bench', target, '{"cmd":"sum"}', '[1]', '--duration', '0.3', '--json']);
    expect(run.code).toBe(0);
    const report = loadReportSchema.parse(JSON.parse(run.stdout));
    expect(report.plan).toEqual({ concurrency: 1, durationMs: 300, timeoutMs: 10_000 });
    expect(report.status).toBe('completed');
    expect(report.durationMs).toBeGreaterThanOrEqual(300);
  });

  it('spaces starts by --rate', async () => {
    const run = await patchbay(['bench', target, '{"cmd":"sum"}', '[1]', '--requests', '20', '--rate', '100', '--concurrency', '5', '--json']);
    expect(run.code).toBe(0);
    const report = loadReportSchema.parse(JSON.parse(run.stdout));
    expect(report).toMatchObject({ completed: 20, ok: 20, plan: { concurrency: 5, requests: 20, ratePerSecond: 100, timeoutMs: 10_000 } });
    // The 20th start is due 190 ms after the first.
    expect(report.durationMs).toBeGreaterThanOrEqual(190);
  });

  it('exits 2 when given both --requests and --duration', async () => {
    expect(await patchbay(['bench', target, '{"cmd":"sum"}', '--requests', '5', '--duration', '1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'patchbay: Give either --requests N (stop after N requests) or --duration S (stop after S seconds); both were given.\n',
    });
  });

  it('exits 2 when given neither', async () => {
    expect(await patchbay(['bench', target, '{"cmd":"sum"}'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'patchbay: Give either --requests N (stop after N requests) or --duration S (stop after S seconds); neither was given.\n',
    });
  });

  it('exits 2 on a concurrency that is not a whole number', async () => {
    const run = await patchbay(['bench', target, '{"cmd":"sum"}', '--requests', '5', '--concurrency', '2.5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: option '-c, --concurrency <n>' argument '2.5' is invalid. Expected a positive whole number.");
  });

  it('exits 3 when nothing listens at the target', async () => {
    expect(await patchbay(['bench', 'tcp://127.0.0.1:1', '{"cmd":"sum"}', '--requests', '5'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'patchbay: Nothing is listening on tcp://127.0.0.1:1 (connection refused). Start the service, or check the port.\n',
    });
  });
});
