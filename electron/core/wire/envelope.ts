// Nest envelopes shared by TCP, Redis and RMQ (nest-wire §0): what a client writes, and how a
// Nest client reads what comes back.
import { normalizePattern } from '../../../shared/pattern-route';

export type RequestPacket = { pattern: unknown; data: unknown; id: string };
export type EventPacket = { pattern: unknown; data: unknown };

export const requestPacket = (pattern: unknown, data: unknown, id: string): RequestPacket => ({ pattern, data, id });

/** TCP events carry the normalized pattern string, requests the raw pattern (nest-wire §1). */
export const tcpEventPacket = (pattern: unknown, data: unknown): EventPacket => ({ pattern: normalizePattern(pattern), data });

/** One reply packet, read the way a Nest client's `createObserver` reads it. */
export type ReplyReading =
  | { kind: 'value'; value: unknown; last: boolean }
  | { kind: 'end' }
  | { kind: 'remote-error'; error: unknown };

export function readReply(packet: Record<string, unknown>): ReplyReading {
  // Any truthy `err` is final, whatever else the packet says (the no-handler reply has no isDisposed).
  if (packet.err) return { kind: 'remote-error', error: packet.err };
  if (packet.isDisposed) return packet.response === undefined ? { kind: 'end' } : { kind: 'value', value: packet.response, last: true };
  return { kind: 'value', value: packet.response, last: false };
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
