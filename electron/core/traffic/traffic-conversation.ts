// A conversation: a call (every entry with its correlation id, whoever logged it: Patchbay's
// client, a mock, or a tap that saw the same id) and the events and messages logged while it ran,
// within a time window around it, laid out on one time axis for a waterfall.
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { Conversation, TrafficEntry } from '../../../shared/traffic';
import type { TrafficLog } from './traffic-log';

export function trafficConversation(log: TrafficLog, seq: number, windowMs: number): Result<Conversation> {
  const anchor = log.get(seq);
  if (!anchor) return entryGone(seq);
  const { correlationId } = anchor;

  const inCall = (entry: TrafficEntry) => (correlationId === undefined ? entry === anchor : entry.correlationId === correlationId);
  const calls: TrafficEntry[] = [];
  for (let ordinal = log.firstOrdinal; ordinal < log.nextOrdinal; ordinal++) if (inCall(log.atOrdinal(ordinal))) calls.push(log.atOrdinal(ordinal));
  const first = calls[0]!;
  const callEndMs = calls.reduce((latest, entry) => Math.max(latest, msBetween(first, entry)), 0);

  const items: Conversation['items'] = calls.map((entry) => ({ relation: 'call', offsetMs: msBetween(first, entry), entry }));
  for (let ordinal = log.firstOrdinal; ordinal < log.nextOrdinal; ordinal++) {
    const entry = log.atOrdinal(ordinal);
    if ((entry.kind !== 'event' && entry.kind !== 'message') || inCall(entry)) continue;
    const offsetMs = msBetween(first, entry);
    if (offsetMs >= -windowMs && offsetMs <= callEndMs + windowMs) items.push({ relation: 'caused', offsetMs, entry });
  }

  // Offsets count from the conversation's first entry, which may be an event just before the call.
  const startMs = items.reduce((earliest, item) => Math.min(earliest, item.offsetMs), 0);
  for (const item of items) item.offsetMs -= startMs;
  items.sort((a, b) => a.offsetMs - b.offsetMs || a.entry.seq - b.entry.seq);
  return ok({ ...(correlationId !== undefined ? { correlationId } : {}), items, spanMs: items.at(-1)!.offsetMs });
}

export const entryGone = (seq: number) => fail('unknown-entry', `Entry ${seq} is no longer in the log (evicted or cleared). Pick an entry the traffic view still lists.`);

/** Monotonic when both entries have it (the engine's own clock), else wall-clock `at`. */
function msBetween(from: TrafficEntry, to: TrafficEntry): number {
  return from.monotonicMs !== undefined && to.monotonicMs !== undefined ? to.monotonicMs - from.monotonicMs : to.at - from.at;
}
