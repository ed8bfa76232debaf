// A load report as text for a terminal, laid out like ghz's: summary, histogram, latency
// distribution, errors by kind.
import type { LoadProgress, LoadReport } from '../../shared/load';

const BAR_WIDTH = 40;

export const formatMs = (ms: number): string => (ms >= 1_000 ? `${(ms / 1_000).toFixed(2)} s` : `${ms.toFixed(2)} ms`);
const formatRate = (perSecond: number) => perSecond.toFixed(2);

export function formatLoadReport(report: LoadReport): string {
  const { latency } = report;
  const lines = [
    'Summary:',
    `  Count:        ${report.completed}`,
    `  Total:        ${formatMs(report.durationMs)}`,
    `  Slowest:      ${formatMs(latency.maxMs)}`,
    `  Fastest:      ${formatMs(latency.minMs)}`,
    `  Average:      ${formatMs(latency.meanMs)}`,
    `  Requests/sec: ${formatRate(report.throughputPerSecond)}`,
  ];
  if (report.status !== 'completed') lines.push(`  Status:       ${report.status}${report.failure ? ` (${report.failure.message})` : ''}`);

  if (latency.count > 0) {
    const { upperBoundsMs, counts } = latency.histogram;
    const most = Math.max(...counts);
    const boundWidth = Math.max(...upperBoundsMs.map((bound) => formatMs(bound).length));
    const countWidth = Math.max(...counts.map((count) => String(count).length)) + 2;
    lines.push('', 'Response time histogram:');
    upperBoundsMs.forEach((bound, i) => {
      const count = counts[i]!;
      const bar = '∎'.repeat(count === 0 ? 0 : Math.max(1, Math.round((count / most) * BAR_WIDTH)));
      lines.push(`  ${formatMs(bound).padStart(boundWidth)} ${`[${count}]`.padEnd(countWidth)} |${bar}`);
    });
    lines.push(
      '',
      'Latency distribution:',
      `  p50 in ${formatMs(latency.p50Ms)}`,
      `  p90 in ${formatMs(latency.p90Ms)}`,
      `  p95 in ${formatMs(latency.p95Ms)}`,
      `  p99 in ${formatMs(latency.p99Ms)}`,
      `  max in ${formatMs(latency.maxMs)}`,
    );
  }

  const outcomes: [string, number][] = [['OK', report.ok], ...Object.entries(report.errorsByKind).sort(([, a], [, b]) => b - a)];
  const kindWidth = Math.max(...outcomes.map(([kind]) => kind.length)) + 2;
  lines.push('', 'Outcomes:');
  for (const [kind, count] of outcomes) lines.push(`  ${`[${kind}]`.padEnd(kindWidth)} ${count} ${count === 1 ? 'response' : 'responses'}`);
  return `${lines.join('\n')}\n`;
}

/** One live line for a terminal: where the run is now. */
export function formatProgressLine(progress: LoadProgress, totalCompleted: number): string {
  const latency = progress.p50Ms === undefined ? '' : `  p50 ${formatMs(progress.p50Ms)}  p99 ${formatMs(progress.p99Ms ?? progress.p50Ms)}`;
  return `${formatMs(progress.elapsedMs).padStart(10)}  ${totalCompleted} done  ${formatRate(progress.throughputPerSecond)} req/s${latency}`;
}
