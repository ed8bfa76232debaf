// The traffic log lives in the engine: a bounded ring buffer with sequence numbers. The UI gets
// new entries in batches, bounded in time and size, so a busy broker costs one UI update per
// batch rather than one per message (DESIGN §4).
import type { TrafficEntry } from '../../../shared/traffic';

export const DEFAULT_TRAFFIC_CAPACITY = 100_000;

export type TrafficLogOptions = {
  capacity?: number;
  flushIntervalMs?: number;
  maxBatch?: number;
  onBatch: (entries: TrafficEntry[]) => void;
};

export type TrafficPage = { entries: TrafficEntry[]; lastSeq: number; evictedCount: number };

export interface TrafficLog {
  append(entry: Omit<TrafficEntry, 'seq'>): TrafficEntry;
  readPage(afterSeq: number | undefined, limit: number): TrafficPage;
  clear(): void;
  /** Delivers what is pending now (tests, shutdown). */
  flush(): void;
  close(): void;
}

export function createTrafficLog({ capacity = DEFAULT_TRAFFIC_CAPACITY, flushIntervalMs = 50, maxBatch = 1_000, onBatch }: TrafficLogOptions): TrafficLog {
  const ring: (TrafficEntry | undefined)[] = new Array(capacity);
  let nextSeq = 1;
  let firstSeq = 1; // oldest seq still held
  let evictedCount = 0;
  let pending: TrafficEntry[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    onBatch(batch);
  };

  return {
    append(partial) {
      const entry: TrafficEntry = { seq: nextSeq++, ...partial };
      ring[entry.seq % capacity] = entry;
      if (entry.seq - firstSeq >= capacity) {
        firstSeq += 1;
        evictedCount += 1;
      }
      pending.push(entry);
      if (pending.length >= maxBatch) flush();
      else timer ??= setTimeout(flush, flushIntervalMs);
      return entry;
    },
    readPage(afterSeq, limit) {
      const start = Math.max(firstSeq, (afterSeq ?? 0) + 1);
      const end = Math.min(nextSeq, start + limit);
      const entries: TrafficEntry[] = [];
      for (let seq = start; seq < end; seq++) entries.push(ring[seq % capacity]!);
      return { entries, lastSeq: nextSeq - 1, evictedCount };
    },
    clear() {
      ring.fill(undefined);
      firstSeq = nextSeq;
      pending = [];
    },
    flush,
    close() {
      clearTimeout(timer);
    },
  };
}
