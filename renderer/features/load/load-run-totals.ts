// A load run's running totals, the same for the Load panel's run and a breaker's hammer run: from
// the progress samples while it goes, from the report once it ended (the samples of a run that
// started before the window opened are not all there).
import type { LoadProgress, LoadReport } from '../../../shared/load';
import type { Failure } from '../../../shared/result';
import { formatMs } from '../../ui/format';
import type { ViewStat } from '../../ui/stat-list';

/** What the run pieces read of a Load panel run or a hammer run. */
export type LoadRunLike = {
  phase: 'starting' | 'running' | 'finished';
  samples: LoadProgress[];
  report?: LoadReport;
  failure?: Failure;
};

export type LoadRunTotals = { completed: number; errors: number; rate?: number; p50?: number; p99?: number };

export function loadRunTotals(run: LoadRunLike): LoadRunTotals {
  const last = run.samples.at(-1);
  // A report without a completed request has no latency: the last sample's is better than zero.
  const latencyKnown = Boolean(run.report?.latency.count);
  return {
    completed: run.report?.completed ?? run.samples.reduce((sum, sample) => sum + sample.completed, 0),
    errors: run.report ? run.report.completed - run.report.ok : run.samples.reduce((sum, sample) => sum + sample.errors, 0),
    rate: run.report?.throughputPerSecond ?? last?.throughputPerSecond,
    p50: latencyKnown ? run.report?.latency.p50Ms : last?.p50Ms,
    p99: latencyKnown ? run.report?.latency.p99Ms : last?.p99Ms,
  };
}

/** A total as a stat: the value is named after its term, Req/s spelled out. */
export function loadStat(term: string, value: string, warn?: boolean): ViewStat {
  return { term, value, label: term === 'Req/s' ? 'Requests per second' : term, warn };
}

export const formatRate = (rate: number | undefined) => (rate === undefined ? '—' : Math.round(rate).toLocaleString('en-US'));
export const formatOptionalMs = (ms: number | undefined) => (ms === undefined ? '—' : formatMs(ms));
