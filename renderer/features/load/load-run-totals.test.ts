import { describe, expect, it } from 'vitest';
import type { LatencySummary } from '../../../shared/latency';
import type { LoadProgress, LoadReport } from '../../../shared/load';
import { formatOptionalMs, formatRate, loadRunTotals, loadStat } from './load-run-totals';

const sample = (completed: number, errors: number, extra: Partial<LoadProgress> = {}): LoadProgress => ({ runId: 'r1', elapsedMs: 250, completed, errors, throughputPerSecond: completed * 4, ...extra });

const latency = (count: number, p50Ms: number, p99Ms: number): LatencySummary => ({ count, minMs: 1, meanMs: 4, p50Ms, p90Ms: 8, p95Ms: 8, p99Ms, maxMs: 9, histogram: { upperBoundsMs: [], counts: [] } });

const report = (overrides: Partial<LoadReport> = {}): LoadReport => ({
  runId: 'r1',
  status: 'completed',
  plan: { concurrency: 2, requests: 10, timeoutMs: 1_000 },
  durationMs: 1_000,
  completed: 10,
  ok: 7,
  errorsByKind: { timeout: 3 },
  throughputPerSecond: 10,
  latency: latency(10, 4, 9),
  timeline: [],
  ...overrides,
});

describe('loadRunTotals', () => {
  it('adds up the samples while the run goes, with the rate and latency of the last one', () => {
    const totals = loadRunTotals({ phase: 'running', samples: [sample(3, 1, { p50Ms: 2, p99Ms: 5 }), sample(4, 0, { p50Ms: 3, p99Ms: 6 })] });
    expect(totals).toEqual({ completed: 7, errors: 1, rate: 16, p50: 3, p99: 6 });
  });

  it('takes the report once the run ended', () => {
    const totals = loadRunTotals({ phase: 'finished', samples: [sample(3, 1)], report: report() });
    expect(totals).toEqual({ completed: 10, errors: 3, rate: 10, p50: 4, p99: 9 });
  });

  it("keeps the last sample's latency when the report has none", () => {
    const totals = loadRunTotals({ phase: 'finished', samples: [sample(3, 3, { p50Ms: 2, p99Ms: 5 })], report: report({ completed: 3, ok: 0, latency: latency(0, 0, 0) }) });
    expect(totals).toEqual({ completed: 3, errors: 3, rate: 10, p50: 2, p99: 5 });
  });

  it('has nothing but zero counts before the first sample', () => {
    expect(loadRunTotals({ phase: 'starting', samples: [] })).toEqual({ completed: 0, errors: 0, rate: undefined, p50: undefined, p99: undefined });
  });
});

describe('loadStat', () => {
  it('names the value after its term, and spells out Req/s', () => {
    expect(loadStat('Errors', '3', true)).toEqual({ term: 'Errors', value: '3', label: 'Errors', warn: true });
    expect(loadStat('Req/s', '12')).toEqual({ term: 'Req/s', value: '12', label: 'Requests per second', warn: undefined });
  });

  it('shows a dash for what is not known yet', () => {
    expect([formatRate(undefined), formatOptionalMs(undefined), formatRate(1234.6), formatOptionalMs(12.4)]).toEqual(['—', '—', '1,235', '12 ms']);
  });
});
