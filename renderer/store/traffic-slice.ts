// What went over the wire, as the engine logged it. The engine keeps the full log; the UI keeps
// the newest entries only, and takes each batch in one store update.
import type { TrafficEntry } from '../../shared/traffic';
import type { RpcClient } from '../../shared/rpc';
import type { SliceCreator } from './app-store';

export const MAX_TRAFFIC_ENTRIES_IN_UI = 5_000;

export interface TrafficSlice {
  /** Oldest first, ordered by `seq`, at most MAX_TRAFFIC_ENTRIES_IN_UI. */
  trafficEntries: TrafficEntry[];
  /** Entries older than the ones kept (evicted by the engine or dropped by the UI). */
  trafficDroppedCount: number;
  appendTraffic(entries: readonly TrafficEntry[]): void;
  forgetTraffic(): void;
  loadTraffic(): Promise<void>;
  clearTraffic(): Promise<void>;
}

export const createTrafficSlice =
  (rpc: RpcClient): SliceCreator<TrafficSlice> =>
  (set, get) => ({
    trafficEntries: [],
    trafficDroppedCount: 0,

    appendTraffic(entries) {
      if (entries.length === 0) return;
      set((state) => keepNewest(mergeBySeq(state.trafficEntries, entries), state.trafficDroppedCount));
    },

    forgetTraffic() {
      set({ trafficEntries: [], trafficDroppedCount: 0 });
    },

    async loadTraffic() {
      const first = await rpc.call('traffic.readPage', { limit: MAX_TRAFFIC_ENTRIES_IN_UI });
      if (!first.ok) return;
      let { entries, evictedCount } = first.value;
      const lastLoadedSeq = entries.at(-1)?.seq;
      // The first page starts at the oldest entry; when the log holds more than we keep, read the tail instead.
      if (lastLoadedSeq !== undefined && first.value.lastSeq > lastLoadedSeq) {
        const afterSeq = Math.max(lastLoadedSeq, first.value.lastSeq - MAX_TRAFFIC_ENTRIES_IN_UI);
        const tail = await rpc.call('traffic.readPage', { afterSeq, limit: MAX_TRAFFIC_ENTRIES_IN_UI });
        if (tail.ok) {
          evictedCount += afterSeq - lastLoadedSeq;
          entries = mergeBySeq(entries, tail.value.entries);
        }
      }
      // Batches that arrived while loading are newer or equal: merge, never replace.
      set((state) => keepNewest(mergeBySeq(entries, state.trafficEntries), evictedCount));
    },

    async clearTraffic() {
      const result = await rpc.call('traffic.clear', {});
      if (result.ok) get().forgetTraffic();
    },
  });

/** Merges two seq-ordered lists, dropping duplicates. Appends fast when `added` is all newer. */
export function mergeBySeq(kept: readonly TrafficEntry[], added: readonly TrafficEntry[]): TrafficEntry[] {
  const lastKeptSeq = kept.at(-1)?.seq ?? -Infinity;
  const firstAdded = added[0];
  if (firstAdded && firstAdded.seq > lastKeptSeq && isSorted(added)) return kept.concat(added);
  const bySeq = new Map<number, TrafficEntry>();
  for (const entry of kept) bySeq.set(entry.seq, entry);
  for (const entry of added) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function keepNewest(entries: TrafficEntry[], droppedCount: number): Pick<TrafficSlice, 'trafficEntries' | 'trafficDroppedCount'> {
  const excess = entries.length - MAX_TRAFFIC_ENTRIES_IN_UI;
  if (excess <= 0) return { trafficEntries: entries, trafficDroppedCount: droppedCount };
  return { trafficEntries: entries.slice(excess), trafficDroppedCount: droppedCount + excess };
}

function isSorted(entries: readonly TrafficEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i]!.seq <= entries[i - 1]!.seq) return false;
  return true;
}
