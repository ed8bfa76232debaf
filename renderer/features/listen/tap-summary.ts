// The "Tap" summary of a listener: per pattern, what went by and how fast the service answered.
// Latency comes from the engine's join of each reply to its request (`totalMs` on the entry that
// finishes a call), measured on its monotonic clock: the service's time, not Patchbay's.
import type { TrafficEntry } from '../../../shared/traffic';

export interface LatencySummary {
  /** Joined calls the figures are computed from. */
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface PatternSummary {
  pattern: string;
  requests: number;
  events: number;
  replies: number;
  errors: number;
  /** Absent until a reply has been joined to its request. */
  latency?: LatencySummary;
}

export interface TapSummary {
  patterns: PatternSummary[];
  total: PatternSummary;
}

/** Nearest-rank percentile of ascending values (`p` from 0 to 100); undefined when empty. */
export function percentile(ascending: readonly number[], p: number): number | undefined {
  if (ascending.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * ascending.length));
  return ascending[Math.min(rank, ascending.length) - 1];
}

export function summarizeLatency(values: readonly number[]): LatencySummary | undefined {
  if (values.length === 0) return undefined;
  const ascending = [...values].sort((a, b) => a - b);
  return { samples: ascending.length, p50Ms: percentile(ascending, 50)!, p95Ms: percentile(ascending, 95)!, maxMs: ascending.at(-1)! };
}

interface Tally {
  requests: number;
  events: number;
  replies: number;
  errors: number;
  latencies: number[];
}

const emptyTally = (): Tally => ({ requests: 0, events: 0, replies: 0, errors: 0, latencies: [] });

function add(tally: Tally, entry: TrafficEntry): void {
  switch (entry.kind) {
    case 'request':
      tally.requests += 1;
      break;
    case 'event':
      tally.events += 1;
      break;
    case 'reply':
    case 'end':
      tally.replies += 1;
      break;
    case 'remote-error':
    case 'failure':
      tally.errors += 1;
      break;
    case 'message':
      break;
  }
  if (entry.totalMs !== undefined) tally.latencies.push(entry.totalMs);
}

const toSummary = (pattern: string, tally: Tally): PatternSummary => {
  const latency = summarizeLatency(tally.latencies);
  return { pattern, requests: tally.requests, events: tally.events, replies: tally.replies, errors: tally.errors, ...(latency ? { latency } : {}) };
};

/** Per pattern (busiest first, then by name) and in total, for one listener's entries. Raw messages are not Nest calls and are left out. */
export function summarizeTap(entries: readonly TrafficEntry[]): TapSummary {
  const byPattern = new Map<string, Tally>();
  const total = emptyTally();
  for (const entry of entries) {
    if (entry.kind === 'message') continue;
    let tally = byPattern.get(entry.pattern);
    if (!tally) byPattern.set(entry.pattern, (tally = emptyTally()));
    add(tally, entry);
    add(total, entry);
  }
  const patterns = [...byPattern].map(([pattern, tally]) => toSummary(pattern, tally));
  const volume = (summary: PatternSummary) => summary.requests + summary.events + summary.replies + summary.errors;
  patterns.sort((a, b) => volume(b) - volume(a) || a.pattern.localeCompare(b.pattern));
  return { patterns, total: toSummary('All patterns', total) };
}
