// Per-pattern statistics of (filtered) traffic: what was asked, what failed, and how long the
// calls took, summarized by the same latency recorder as the load runner's reports.
import type { PatternStats, TrafficEntry } from '../../../shared/traffic';
import { trafficStatusOf } from '../../../shared/traffic';
import type { LatencyRecorder } from '../metrics/latency-recorder';
import { createLatencyRecorder } from '../metrics/latency-recorder';

type Tally = Omit<PatternStats, 'latency'> & { latency?: LatencyRecorder };

/** Sorted by count, most first (then by pattern and transport, so equal counts keep their places). */
export function trafficStats(entries: Iterable<TrafficEntry>): PatternStats[] {
  // By transport, then pattern: two lookups cost less than building a key string per entry.
  const byTransport = new Map<string, Map<string, Tally>>();
  const tallies: Tally[] = [];
  for (const entry of entries) {
    // A breaker's transitions are not calls (and `*` is no pattern).
    if (entry.kind === 'breaker') continue;
    let byPattern = byTransport.get(entry.transport);
    if (!byPattern) byTransport.set(entry.transport, (byPattern = new Map()));
    let tally = byPattern.get(entry.pattern);
    if (!tally) {
      tally = { pattern: entry.pattern, transport: entry.transport, count: 0, errors: 0, timeouts: 0 };
      byPattern.set(entry.pattern, tally);
      tallies.push(tally);
    }
    if (entry.kind === 'request' || entry.kind === 'event' || entry.kind === 'message') tally.count += 1;
    const status = trafficStatusOf(entry);
    if (status === 'error') tally.errors += 1;
    else if (status === 'timeout') tally.timeouts += 1;
    if (entry.totalMs !== undefined) (tally.latency ??= createLatencyRecorder()).record(entry.totalMs);
  }
  return tallies
    .map(({ latency, ...counts }): PatternStats => {
      const summary = latency?.summary();
      return summary ? { ...counts, latency: summary } : counts;
    })
    .sort((a, b) => b.count - a.count || a.pattern.localeCompare(b.pattern) || a.transport.localeCompare(b.transport));
}
