// What a mock received, from the traffic log: its incoming requests and events (origin 'mock',
// connectionId = the mock's id), each with the last part it wrote back.
import type { TrafficEntry } from '../../../shared/traffic';

/** The newest received requests shown; the traffic panel has the rest. */
export const MAX_RECEIVED_ROWS = 500;

export interface Received {
  request: TrafficEntry;
  /** The last part the mock wrote back for it, if any. */
  reply?: TrafficEntry;
}

/** This mock's incoming requests and events, newest first, each with the last part it answered. */
export function receivedBy(entries: readonly TrafficEntry[], mockId: string): Received[] {
  const replies = new Map<string, TrafficEntry>();
  const requests: TrafficEntry[] = [];
  for (const entry of entries) {
    if (entry.origin !== 'mock' || entry.connectionId !== mockId) continue;
    if (entry.direction === 'in') requests.push(entry);
    else if (entry.direction === 'out' && entry.correlationId !== undefined) replies.set(entry.correlationId, entry);
  }
  return requests
    .slice(-MAX_RECEIVED_ROWS)
    .reverse()
    .map((request) => {
      const reply = request.correlationId !== undefined ? replies.get(request.correlationId) : undefined;
      return reply ? { request, reply } : { request };
    });
}
