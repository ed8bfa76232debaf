// The traffic log lives in the engine: a bounded ring buffer with sequence numbers. The UI gets
// new entries in batches, bounded in time and size, so a busy broker costs one UI update per
// batch rather than one per message (DESIGN §4). Entries carry a preview of their body; longer
// bodies are kept once, here, under a byte budget, so memory stays bounded whatever the traffic.
import type { TrafficEntry } from '../../../shared/traffic';
import { BODY_PREVIEW_CHARS } from '../../../shared/traffic';
import type { Redactor } from '../../../shared/redaction';

export const DEFAULT_TRAFFIC_CAPACITY = 100_000;
/** Whole bodies (those longer than a preview) kept at most, counted as UTF-16 in memory. */
export const DEFAULT_BODY_BUDGET_BYTES = 64 * 1024 * 1024;

export type TrafficLogOptions = {
  capacity?: number;
  bodyBudgetBytes?: number;
  /** Stamps `monotonicMs` on each entry; without one (unit tests comparing whole entries) entries carry none. */
  clock?: { monotonicMs: () => number };
  flushIntervalMs?: number;
  maxBatch?: number;
  onBatch: (entries: TrafficEntry[]) => void;
  onCleared?: () => void;
  /** Secret values sent so far (secrets-in-use.ts): hidden in every entry appended, before anything can read it. */
  secrets?: { readonly redactor: Redactor };
};

/** An entry as recorders give it: the log numbers it, stamps its time and previews its body. */
export type TrafficRecord = Omit<TrafficEntry, 'seq' | 'monotonicMs' | 'bodyPreview' | 'bodyTruncated'>;

export type TrafficPage = { entries: TrafficEntry[]; lastSeq: number; evictedCount: number };

export type TrafficBody = { body: string; encoding?: 'text' | 'hex'; complete: boolean };

export interface TrafficLog {
  /** `body` is the whole body text (JSON, or raw text / hex as `record.encoding` says). */
  append(record: TrafficRecord, body: string): TrafficEntry;
  /** Puts back an exported entry as it was (imports): its seq and times; `body` is the whole body where the preview was cut. Seqs must increase. */
  restore(entry: TrafficEntry, body?: string): void;
  readPage(afterSeq: number | undefined, limit: number): TrafficPage;
  /** The entry with this seq, while it is held. */
  get(seq: number): TrafficEntry | undefined;
  /** The whole body when it is kept, else the preview (`complete: false` when that was cut); undefined once the entry is gone. */
  body(seq: number): TrafficBody | undefined;
  /** The whole body of a cut entry while it is kept (text search, export). */
  keptBody(seq: number): string | undefined;
  /**
   * Ordinals number entries in the order they were appended, from 0, and never change: the held
   * entries are `firstOrdinal` ≤ ordinal < `nextOrdinal`. Match indexes store them, so eviction
   * only trims their front.
   */
  readonly firstOrdinal: number;
  readonly nextOrdinal: number;
  atOrdinal(ordinal: number): TrafficEntry;
  readonly lastSeq: number;
  readonly evictedCount: number;
  clear(): void;
  /** Delivers what is pending now (tests, shutdown). */
  flush(): void;
  close(): void;
}

export function createTrafficLog({
  capacity = DEFAULT_TRAFFIC_CAPACITY,
  bodyBudgetBytes = DEFAULT_BODY_BUDGET_BYTES,
  clock,
  flushIntervalMs = 50,
  maxBatch = 1_000,
  onBatch,
  onCleared,
  secrets,
}: TrafficLogOptions): TrafficLog {
  const ring: (TrafficEntry | undefined)[] = new Array(capacity);
  const bodies = createBodyStore(bodyBudgetBytes);
  let nextSeq = 1;
  let lastSeq = 0;
  let firstOrdinal = 0;
  let nextOrdinal = 0;
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

  const atOrdinal = (ordinal: number) => ring[ordinal % capacity]!;

  const put = (entry: TrafficEntry, body: string | undefined) => {
    if (nextOrdinal - firstOrdinal === capacity) {
      bodies.drop(atOrdinal(firstOrdinal).seq);
      firstOrdinal += 1;
      evictedCount += 1;
    }
    ring[nextOrdinal % capacity] = entry;
    nextOrdinal += 1;
    lastSeq = entry.seq;
    if (body !== undefined) bodies.keep(entry.seq, body);
  };

  /** The first held ordinal whose entry's seq is above `seq` (seqs increase with ordinals). */
  const firstOrdinalAfterSeq = (seq: number) => {
    let low = firstOrdinal;
    let high = nextOrdinal;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (atOrdinal(middle).seq <= seq) low = middle + 1;
      else high = middle;
    }
    return low;
  };

  const get = (seq: number) => {
    const ordinal = firstOrdinalAfterSeq(seq - 1);
    const entry = ordinal < nextOrdinal ? atOrdinal(ordinal) : undefined;
    return entry?.seq === seq ? entry : undefined;
  };

  return {
    append(appended, whole) {
      // One check while no secret was ever sent; after, one pattern test per field.
      const redactor = secrets?.redactor;
      const { record, body } = redactor?.active ? redactRecord(redactor, appended, whole) : { record: appended, body: whole };
      const truncated = body.length > BODY_PREVIEW_CHARS;
      const entry: TrafficEntry = {
        seq: nextSeq++,
        ...record,
        ...(clock ? { monotonicMs: clock.monotonicMs() } : {}),
        bodyPreview: truncated ? copyOf(body.slice(0, BODY_PREVIEW_CHARS)) : body,
        bodyTruncated: truncated,
      };
      put(entry, truncated ? body : undefined);
      pending.push(entry);
      if (pending.length >= maxBatch) flush();
      else timer ??= setTimeout(flush, flushIntervalMs);
      return entry;
    },
    restore(entry, body) {
      if (entry.seq <= lastSeq) throw new Error(`restore: seq ${entry.seq} is not after ${lastSeq}`);
      nextSeq = entry.seq + 1;
      put(entry, entry.bodyTruncated ? body : undefined);
    },
    readPage(afterSeq, limit) {
      const start = firstOrdinalAfterSeq(afterSeq ?? 0);
      const end = Math.min(nextOrdinal, start + limit);
      const entries: TrafficEntry[] = [];
      for (let ordinal = start; ordinal < end; ordinal++) entries.push(atOrdinal(ordinal));
      return { entries, lastSeq, evictedCount };
    },
    get,
    body(seq) {
      const entry = get(seq);
      if (!entry) return undefined;
      const kept = bodies.get(seq);
      const body = kept ?? entry.bodyPreview;
      return { body, ...(entry.encoding ? { encoding: entry.encoding } : {}), complete: kept !== undefined || !entry.bodyTruncated };
    },
    keptBody: (seq) => bodies.get(seq),
    get firstOrdinal() {
      return firstOrdinal;
    },
    get nextOrdinal() {
      return nextOrdinal;
    },
    atOrdinal,
    get lastSeq() {
      return lastSeq;
    },
    get evictedCount() {
      return evictedCount;
    },
    clear() {
      ring.fill(undefined);
      bodies.clear();
      firstOrdinal = nextOrdinal;
      pending = [];
      onCleared?.();
    },
    flush,
    close() {
      clearTimeout(timer);
    },
  };
}

/** The fields of an entry that carry what was sent or received: its body, pattern, headers and transport details. */
function redactRecord(redactor: Redactor, record: TrafficRecord, body: string): { record: TrafficRecord; body: string } {
  const pattern = redactor.text(record.pattern);
  const headers = record.headers && redactor.value(record.headers);
  const meta = record.meta && redactor.value(record.meta);
  const changed = pattern !== record.pattern || headers !== record.headers || meta !== record.meta;
  return { record: changed ? { ...record, pattern, ...(headers ? { headers } : {}), ...(meta ? { meta } : {}) } : record, body: redactor.text(body) };
}

/** Whole bodies by seq, oldest dropped first when over budget. */
function createBodyStore(budgetBytes: number) {
  const bodies = new Map<number, string>(); // insertion order = seq order = age
  let heldBytes = 0;
  const sizeOf = (body: string) => body.length * 2;
  const drop = (seq: number) => {
    const body = bodies.get(seq);
    if (body === undefined) return;
    bodies.delete(seq);
    heldBytes -= sizeOf(body);
  };
  return {
    keep(seq: number, body: string) {
      if (sizeOf(body) > budgetBytes) return;
      bodies.set(seq, body);
      heldBytes += sizeOf(body);
      for (const oldest of bodies.keys()) {
        if (heldBytes <= budgetBytes) break;
        drop(oldest);
      }
    },
    get: (seq: number) => bodies.get(seq),
    drop,
    clear() {
      bodies.clear();
      heldBytes = 0;
    },
  };
}

/**
 * A flat copy: V8 keeps a slice as a view on its parent string, so a preview sliced from a large
 * body would hold the whole body alive after the budget dropped it.
 */
function copyOf(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}
