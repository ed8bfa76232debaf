// Records latencies and summarizes them: percentiles from an HDR histogram (bounded memory, 3
// significant digits, whatever the number of samples) and a display histogram in 1-2-5 steps. The
// traffic statistics and the load runner both summarize through this, so their numbers agree.
import * as hdr from 'hdr-histogram-js';
import type { LatencySummary } from '../../../shared/latency';

/** Samples are kept in microseconds: sub-millisecond loopback latencies stay distinct. */
const MICROS_PER_MS = 1_000;

/** Display bucket bounds in ms: 0.05, 0.1, 0.2, 0.5, 1, 2, 5 … 50,000, then everything above. */
const DISPLAY_BOUNDS_MS = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, Infinity];

export interface LatencyRecorder {
  record(latencyMs: number): void;
  readonly count: number;
  /** Undefined before the first sample. */
  summary(): LatencySummary | undefined;
  reset(): void;
}

export function createLatencyRecorder(): LatencyRecorder {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600 * 1_000 * MICROS_PER_MS, numberOfSignificantValueDigits: 3, autoResize: true });
  const displayCounts = new Array<number>(DISPLAY_BOUNDS_MS.length).fill(0);
  let minMs = Infinity;
  let maxMs = 0;
  let sumMs = 0;
  let count = 0;

  return {
    record(latencyMs) {
      const ms = Math.max(0, latencyMs);
      histogram.recordValue(Math.max(1, Math.round(ms * MICROS_PER_MS)));
      displayCounts[displayBucketOf(ms)]! += 1;
      minMs = Math.min(minMs, ms);
      maxMs = Math.max(maxMs, ms);
      sumMs += ms;
      count += 1;
    },
    get count() {
      return count;
    },
    summary() {
      if (count === 0) return undefined;
      // Percentiles come from the HDR buckets (within 0.1 %); min, mean and max are exact.
      const at = (percentile: number) => Math.min(maxMs, histogram.getValueAtPercentile(percentile) / MICROS_PER_MS);
      const first = displayCounts.findIndex((n) => n > 0);
      const last = displayCounts.findLastIndex((n) => n > 0);
      return {
        count,
        minMs,
        meanMs: sumMs / count,
        p50Ms: at(50),
        p90Ms: at(90),
        p95Ms: at(95),
        p99Ms: at(99),
        maxMs,
        histogram: {
          upperBoundsMs: DISPLAY_BOUNDS_MS.slice(first, last + 1).map((bound) => (bound === Infinity ? maxMs : bound)),
          counts: displayCounts.slice(first, last + 1),
        },
      };
    },
    reset() {
      histogram.reset();
      displayCounts.fill(0);
      minMs = Infinity;
      maxMs = 0;
      sumMs = 0;
      count = 0;
    },
  };
}

/** Summarizes a list of latencies at once. */
export function summarizeLatencies(latenciesMs: Iterable<number>): LatencySummary | undefined {
  const recorder = createLatencyRecorder();
  for (const latencyMs of latenciesMs) recorder.record(latencyMs);
  return recorder.summary();
}

function displayBucketOf(ms: number): number {
  for (let i = 0; i < DISPLAY_BOUNDS_MS.length; i++) if (ms <= DISPLAY_BOUNDS_MS[i]!) return i;
  return DISPLAY_BOUNDS_MS.length - 1;
}
