// One traffic filter as a predicate, and its canonical key: two filters that match the same
// entries (list order, empty fields, letter case of the text) share one key and one match index.
import type { TrafficEntry, TrafficFilter } from '../../../shared/traffic';
import { trafficStatusOf } from '../../../shared/traffic';

/** Finds the whole body of a cut entry while the log keeps it. */
export type KeptBody = (seq: number) => string | undefined;

export type CompiledFilter = {
  /** Empty for a filter that matches everything. */
  key: string;
  matches: (entry: TrafficEntry) => boolean;
};

export function compileFilter(filter: TrafficFilter, keptBody: KeptBody): CompiledFilter {
  const text = filter.text ? filter.text.toLowerCase() : undefined;
  const sets = {
    transports: setOf(filter.transports),
    connectionIds: setOf(filter.connectionIds),
    directions: setOf(filter.directions),
    statuses: setOf(filter.statuses),
  };
  const minLatencyMs = filter.minLatencyMs || undefined;
  const canonical = {
    text,
    ...Object.fromEntries(Object.entries(sets).map(([name, set]) => [name, set && [...set].sort()])),
    minLatencyMs,
  };
  const isEmpty = Object.values(canonical).every((value) => value === undefined);
  // A regex with the `i` flag searches without lowercasing (copying) every body.
  const textPattern = text === undefined ? undefined : new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');

  return {
    key: isEmpty ? '' : JSON.stringify(canonical),
    matches(entry) {
      if (sets.transports && !sets.transports.has(entry.transport)) return false;
      if (sets.connectionIds && !sets.connectionIds.has(entry.connectionId)) return false;
      if (sets.directions && !sets.directions.has(entry.direction)) return false;
      if (sets.statuses && !sets.statuses.has(trafficStatusOf(entry))) return false;
      if (minLatencyMs !== undefined && !((entry.totalMs ?? entry.elapsedMs ?? -1) >= minLatencyMs)) return false;
      if (textPattern) {
        // The whole body while the log keeps it; a match index keeps an entry found this way even
        // after the body budget drops that body (the entry did match what was logged).
        const body = (entry.bodyTruncated && keptBody(entry.seq)) || entry.bodyPreview;
        return textPattern.test(entry.pattern) || (entry.correlationId !== undefined && textPattern.test(entry.correlationId)) || textPattern.test(body);
      }
      return true;
    },
  };
}

function setOf<T extends string>(values: readonly T[] | undefined): Set<string> | undefined {
  return values && values.length > 0 ? new Set(values) : undefined;
}
