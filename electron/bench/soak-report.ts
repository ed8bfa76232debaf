// The soak's record: a section of docs/benchmarks.md (between markers, so `npm run bench` keeps
// it and the next soak replaces it) and the console table. Pure: the soak measures, this writes.
import { DEFAULT_TRAFFIC_CAPACITY } from '../core/traffic/traffic-log';
import type { MachineInfo } from './report';
import { renderTable } from './report';
import type { OpCounts } from './soak-traffic';
import { countHandles, countTimers, type MetricVerdict, type SoakSample, type SoakVerdict } from './soak-verdict';
import { formatNumber } from './stats';

export const SOAK_SECTION_START = '<!-- soak:start (written by npm run bench:soak) -->';
export const SOAK_SECTION_END = '<!-- soak:end -->';

export type SoakResult = {
  date: Date;
  machine: MachineInfo;
  plannedMinutes: number;
  /** Traffic time actually run. */
  durationSeconds: number;
  sampleSeconds: number;
  ratePerSecond: number;
  maxInFlight: number;
  trafficEntries: number;
  gcExposed: boolean;
  traffic: string[];
  ops: Record<string, OpCounts>;
  sent: number;
  /** Log entries the client received in `traffic.appended` batches, and how many batches. */
  entriesDelivered: number;
  batchesDelivered: number;
  /** Before any connection was opened, and after everything the soak opened was closed. */
  idle: { before: SoakSample; after?: SoakSample };
  samples: SoakSample[];
  verdict: SoakVerdict;
  /** Set when the run stopped early (the engine died, setup failed). */
  aborted?: string;
};

const MB = 1e6;
export const formatMB = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

function formatValue(verdict: MetricVerdict, value: number): string {
  return verdict.unit === 'bytes' ? formatMB(value) : value.toFixed(1);
}

function formatGrowth(verdict: MetricVerdict): string {
  const sign = verdict.growthPerHour >= 0 ? '+' : '−';
  const absolute = Math.abs(verdict.growthPerHour);
  const amount = verdict.unit === 'bytes' ? formatMB(absolute) : absolute.toFixed(2);
  // A share of the mean says something for memory; for a count of handles the units do.
  return verdict.tolerance.kind === 'relative' ? `${sign}${amount}/h (${sign}${Math.abs(verdict.growthPerHourRelative * 100).toFixed(2)}%)` : `${sign}${amount}/h`;
}

function formatTolerance(verdict: MetricVerdict): string {
  const { tolerance } = verdict;
  if (tolerance.kind === 'relative') return `≤ ${(tolerance.maxGrowthPerHour * 100).toFixed(0)}%/h and ≤ ${tolerance.maxQuarterRatio.toFixed(2)}×`;
  if (tolerance.kind === 'floor') return `lowest value ≤ +${tolerance.maxGrowth} between quarters (${verdict.firstQuarterMin} → ${verdict.lastQuarterMin})`;
  return `≤ ${tolerance.maxGrowth} over the window and between quarters`;
}

export function metricRows(verdict: SoakVerdict): string[][] {
  return verdict.metrics.map((metric) => [
    metric.name,
    formatValue(metric, metric.firstQuarterMean),
    formatValue(metric, metric.lastQuarterMean),
    `${metric.quarterRatio.toFixed(3)}×`,
    formatGrowth(metric),
    `${formatValue(metric, metric.min)} – ${formatValue(metric, metric.max)}`,
    formatTolerance(metric),
    metric.pass ? 'pass' : 'FAIL',
  ]);
}

export const METRIC_COLUMNS = ['what', 'warm (first quarter, mean)', 'end (last quarter, mean)', 'end / warm', 'fitted growth', 'range', 'tolerance', 'verdict'];

export const SAMPLE_COLUMNS = ['t', 'RSS', 'heap used (after GC)', 'external', 'handles', 'timers', 'fds', 'log entries', 'evicted', 'log bodies', 'sent'];

export function sampleRow(sample: SoakSample, label = formatClock(sample.atSeconds)): string[] {
  return [
    label,
    formatMB(sample.rssBytes),
    formatMB(sample.heapUsedBytes),
    formatMB(sample.externalBytes),
    String(countHandles(sample.resources)),
    String(countTimers(sample.resources)),
    String(sample.openFds),
    formatNumber(sample.logEntries),
    formatNumber(sample.logEvicted),
    formatMB(sample.logBodyBytes),
    formatNumber(sample.sent),
  ];
}

export function formatClock(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** About `count` samples spread evenly over the run, the first and last included. */
export function thinSamples(samples: readonly SoakSample[], count: number): SoakSample[] {
  if (samples.length <= count) return [...samples];
  const step = (samples.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, index) => samples[Math.round(index * step)]!);
}

function handleKinds(sample: SoakSample): string {
  return Object.entries(sample.resources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
}

export function renderSoakSection(result: SoakResult): string {
  const { verdict, machine } = result;
  const minutes = result.durationSeconds / 60;
  const totals = Object.values(result.ops).reduce((sum, counts) => ({ ok: sum.ok + counts.ok, failed: sum.failed + counts.failed, skipped: sum.skipped + counts.skipped }), { ok: 0, failed: 0, skipped: 0 });
  const last = result.samples.at(-1);
  const steadyFirst = verdict.warmupEndsAtSeconds === undefined ? undefined : result.samples.find((sample) => sample.atSeconds >= verdict.warmupEndsAtSeconds!);
  const lines = [
    SOAK_SECTION_START,
    '',
    `## 5. Soak: ${formatNumber(result.plannedMinutes)} minutes of mixed traffic`,
    '',
    `Written by \`npm run bench:soak -- --minutes ${result.plannedMinutes}\` (electron/bench/soak.ts), a script apart from the suite and from CI. One engine behind the headless host, as \`patchbay web\` runs it, in a child process started with \`--expose-gc\`; the soak drives it over the host's WebSocket through the contract, as the UI does, and receives every event batch. Traffic log of ${formatNumber(result.trafficEntries)} entries${result.trafficEntries === DEFAULT_TRAFFIC_CAPACITY ? " (the app's default)" : ''}. Every ${result.sampleSeconds} s the engine forces a full GC twice and reports its memory (process.memoryUsage), its active resources by type (process.getActiveResourcesInfo), its open file descriptors and its log. The anchor is the engine's own warm state in the same run: the warm-up ends at 10% of the run or when the log is full, whichever is later; then a least-squares line through each series gives its growth per hour, and the mean of the last quarter of the steady samples is compared with the mean of the first.`,
    '',
    `- Date: ${result.date.toISOString().replace('T', ' ').slice(0, 16)} UTC; traffic for ${formatNumber(minutes)} min (${formatNumber(result.durationSeconds)} s); ${result.samples.length} samples, ${verdict.steadySamples} of them after the warm-up (which ended at ${verdict.warmupEndsAtSeconds === undefined ? '–' : formatClock(verdict.warmupEndsAtSeconds)}).`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB RAM, ${machine.os}, Node ${machine.nodeVersion}. Shared with other work while it ran: that changes throughput and latency, not whether memory or handles grow.`,
    `- Traffic: ${formatNumber(result.ratePerSecond)} messages/s planned (at most ${result.maxInFlight} in flight), ${formatNumber(result.sent)} started (${formatNumber(result.durationSeconds > 0 ? result.sent / result.durationSeconds : 0)}/s): ${formatNumber(totals.ok)} as expected, ${formatNumber(totals.failed)} failed, ${formatNumber(totals.skipped)} skipped at the in-flight bound. ${formatNumber(result.entriesDelivered)} log entries reached the client in ${formatNumber(result.batchesDelivered)} \`traffic.appended\` batches${last ? `; the log wrapped ${(last.logEvicted / result.trafficEntries).toFixed(1)} times (${formatNumber(last.logEvicted)} entries evicted)` : ''}.`,
    ...result.traffic.map((line) => `- ${line[0]!.toUpperCase()}${line.slice(1)}.`),
    '',
    `**Verdict: ${verdict.verdict}**${verdict.reasons.length > 0 ? ` — ${verdict.reasons.join('; ')}` : ''}${result.aborted ? ` (stopped early: ${result.aborted})` : ''}${result.gcExposed ? '' : ' (no --expose-gc: heap figures include garbage)'}`,
    '',
    ...renderTable(METRIC_COLUMNS, metricRows(verdict)),
    '',
    'Samples (about every tenth of the run):',
    '',
    ...renderTable(SAMPLE_COLUMNS, [sampleRow(result.idle.before, 'idle, before'), ...thinSamples(result.samples, 11).map((sample) => sampleRow(sample)), ...(result.idle.after ? [sampleRow(result.idle.after, 'idle, after')] : [])]),
    '',
    'Messages by kind:',
    '',
    ...renderTable(
      ['kind', 'as expected', 'failed', 'skipped', 'last failure'],
      Object.entries(result.ops).map(([name, counts]) => [name, formatNumber(counts.ok), formatNumber(counts.failed), formatNumber(counts.skipped), counts.lastFailure ?? '–']),
    ),
    '',
    `- Active resources, idle before: ${handleKinds(result.idle.before)}.`,
    ...(last ? [`- Active resources, last sample under traffic: ${handleKinds(last)}.`] : []),
    ...(steadyFirst?.heapSpaces && last?.heapSpaces ? [`- V8 heap by space, first steady sample → last: ${heapSpaceChanges(steadyFirst.heapSpaces, last.heapSpaces)}.`] : []),
    ...(result.idle.after ? [`- Active resources, idle after closing everything the soak opened: ${handleKinds(result.idle.after)}.`] : []),
    '- Timers are judged by their floor: each request in flight holds one, so their count at an instant follows the load on the machine; a leaked timer would raise the lowest count.',
    '- "As expected" counts replies, and the error replies the mock was told to inject (`{cmd:flaky}`, 20%); "failed" counts local failures (timeouts, lost connections).',
    '',
    SOAK_SECTION_END,
  ];
  return `${lines.join('\n')}\n`;
}

function heapSpaceChanges(first: Record<string, number>, last: Record<string, number>): string {
  return Object.keys(last)
    .filter((space) => Math.max(first[space] ?? 0, last[space] ?? 0) >= 1e6)
    .map((space) => `${space} ${formatMB(first[space] ?? 0)} → ${formatMB(last[space] ?? 0)}`)
    .join(', ');
}

/** The document with its soak section replaced (or added at the end). */
export function withSoakSection(document: string, section: string): string {
  const start = document.indexOf(SOAK_SECTION_START);
  const end = document.indexOf(SOAK_SECTION_END);
  if (start >= 0 && end > start) return `${document.slice(0, start)}${section}${document.slice(end + SOAK_SECTION_END.length).replace(/^\n/, '')}`;
  return `${document.replace(/\n*$/, '\n')}\n${section}`;
}

/** The soak section of a document, if it has one (so the suite's rewrite keeps it). */
export function soakSectionOf(document: string): string | undefined {
  const start = document.indexOf(SOAK_SECTION_START);
  const end = document.indexOf(SOAK_SECTION_END);
  return start >= 0 && end > start ? `${document.slice(start, end + SOAK_SECTION_END.length)}\n` : undefined;
}
