// Windows of the filtered log, fast enough to re-query the tail several times a second while
// thousands of entries a second arrive: each recent filter keeps an index of the entries it
// matches (their ordinals), extended with new entries and trimmed as old ones are evicted, so a
// repeated query costs the new entries plus the window, never a rescan. The unfiltered log needs
// no index at all.
import type { TrafficEntry, TrafficFilter, TrafficWindow } from '../../../shared/traffic';
import { compileFilter } from './traffic-filter';
import type { TrafficLog } from './traffic-log';

/** Filters whose match indexes are kept; the UI uses one or two at a time. */
const DEFAULT_CACHED_FILTERS = 8;

export interface TrafficQuery {
  /** Matching entries at positions offset… (0 = the oldest held); without offset, the newest `limit`. */
  window(filter: TrafficFilter, offset: number | undefined, limit: number): TrafficWindow;
  /** Every matching entry held, oldest first. */
  matching(filter: TrafficFilter): Iterable<TrafficEntry>;
}

type MatchIndex = {
  matches: (entry: TrafficEntry) => boolean;
  ordinals: number[];
  /** Ordinals before `head` were evicted; they are cut off in bulk now and then. */
  head: number;
  scannedTo: number;
};

export function createTrafficQuery(log: TrafficLog, { cachedFilters = DEFAULT_CACHED_FILTERS } = {}): TrafficQuery {
  const indexes = new Map<string, MatchIndex>(); // insertion order = least recently used first

  /** The ordinals of held matching entries, oldest first: `ordinals[head…]`; undefined = every held entry. */
  function currentMatches(filter: TrafficFilter): { ordinals: number[]; head: number } | undefined {
    const compiled = compileFilter(filter, log.keptBody);
    if (compiled.key === '') return undefined;
    let index = indexes.get(compiled.key);
    if (index) indexes.delete(compiled.key);
    else {
      index = { matches: compiled.matches, ordinals: [], head: 0, scannedTo: 0 };
      if (indexes.size >= cachedFilters) indexes.delete(indexes.keys().next().value!);
    }
    indexes.set(compiled.key, index);
    update(index);
    return index;
  }

  function update(index: MatchIndex) {
    const { firstOrdinal, nextOrdinal } = log;
    while (index.head < index.ordinals.length && index.ordinals[index.head]! < firstOrdinal) index.head += 1;
    if (index.head > 4_096 && index.head * 2 > index.ordinals.length) {
      index.ordinals = index.ordinals.slice(index.head);
      index.head = 0;
    }
    for (let ordinal = Math.max(index.scannedTo, firstOrdinal); ordinal < nextOrdinal; ordinal++) {
      if (index.matches(log.atOrdinal(ordinal))) index.ordinals.push(ordinal);
    }
    index.scannedTo = nextOrdinal;
  }

  return {
    window(filter, offset, limit) {
      const matched = currentMatches(filter);
      const total = matched ? matched.ordinals.length - matched.head : log.nextOrdinal - log.firstOrdinal;
      const start = Math.min(offset ?? Math.max(0, total - limit), total);
      const end = Math.min(total, start + limit);
      const entries: TrafficEntry[] = [];
      for (let position = start; position < end; position++) {
        entries.push(log.atOrdinal(matched ? matched.ordinals[matched.head + position]! : log.firstOrdinal + position));
      }
      return { total, offset: start, entries, lastSeq: log.lastSeq, evictedCount: log.evictedCount };
    },
    *matching(filter) {
      const matched = currentMatches(filter);
      if (!matched) {
        for (let ordinal = log.firstOrdinal; ordinal < log.nextOrdinal; ordinal++) yield log.atOrdinal(ordinal);
        return;
      }
      // A snapshot: entries appended while the caller iterates are not its concern.
      const { ordinals, head } = matched;
      const end = ordinals.length;
      for (let position = head; position < end; position++) {
        const ordinal = ordinals[position]!;
        if (ordinal >= log.firstOrdinal) yield log.atOrdinal(ordinal);
      }
    },
  };
}
