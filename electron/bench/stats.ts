// Small numeric helpers for the benchmark suite: medians over rounds, ratios, and how a figure is
// judged against its goal.

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Subject over anchor, per round, then the median: one noisy round does not move the result. */
export function medianRatio(subject: readonly number[], anchor: readonly number[]): number {
  if (subject.length !== anchor.length) throw new Error(`rounds differ: ${subject.length} subject, ${anchor.length} anchor`);
  return median(subject.map((value, round) => value / anchor[round]!));
}

export type Verdict = 'met' | 'missed' | 'not measured';

/** `at-least`: the measured value must reach the goal (throughput); `at-most`: stay under it (latency, memory). */
export type Goal = { kind: 'at-least' | 'at-most'; value: number };

export function judge(measured: number | undefined, goal: Goal): Verdict {
  if (measured === undefined || Number.isNaN(measured)) return 'not measured';
  return (goal.kind === 'at-least' ? measured >= goal.value : measured <= goal.value) ? 'met' : 'missed';
}

/** How far a missed figure is from its goal, in words: "12% short", "1.35× the limit". */
export function shortfall(measured: number, goal: Goal): string {
  if (goal.kind === 'at-least') return `${Math.round((1 - measured / goal.value) * 100)}% short`;
  return `${formatRatio(measured / goal.value)} the limit`;
}

export const formatRatio = (ratio: number) => `${ratio.toFixed(2)}×`;

/** Whole numbers with thousands separators; small ones keep up to two decimals. */
export function formatNumber(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export const formatMs = (ms: number) => (ms < 1 ? `${ms.toFixed(3)} ms` : ms < 10 ? `${ms.toFixed(2)} ms` : `${formatNumber(ms)} ms`);
