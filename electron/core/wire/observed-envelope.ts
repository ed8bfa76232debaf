// How a listener reads a body it did not send (nest-wire §0): a Nest request, event or reply
// envelope, or anything else, which is kept as it came (JSON, text, or hex when not UTF-8).
import type { Observed } from '../transports/transport';
import { isRecord, readReply } from './envelope';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A body as JSON when it parses, else as text, else (not valid UTF-8) as hex. */
export type RawBody = { json: true; value: unknown } | { json: false; text: string; encoding: 'text' | 'hex' };

export function readRawBody(content: Buffer | string): RawBody {
  let text: string;
  if (typeof content === 'string') text = content;
  else {
    try {
      text = strictUtf8.decode(content);
    } catch {
      return { json: false, text: content.toString('hex'), encoding: 'hex' };
    }
  }
  try {
    return { json: true, value: JSON.parse(text) as unknown };
  } catch {
    return { json: false, text, encoding: 'text' };
  }
}

const REPLY_KEYS = new Set(['id', 'err', 'response', 'isDisposed', 'status']);

/** A reply packet: only reply keys, with at least one of err, response or isDisposed (v12's strict reading). */
export function isReplyPacket(packet: Record<string, unknown>): boolean {
  const keys = Object.keys(packet);
  return keys.length > 0 && keys.every((key) => REPLY_KEYS.has(key)) && (packet.err !== undefined || packet.response !== undefined || packet.isDisposed !== undefined);
}

export type DecodedEnvelope = Omit<Observed, 'route' | 'sizeBytes' | 'headers' | 'meta'>;

/**
 * Reads a TCP/Redis/RMQ body. `replyRoute`: it came where replies go (a Redis `.reply` channel),
 * so a reply-shaped packet is a reply. `correlationId`: the AMQP property, which is how RMQ
 * replies are matched (their body has no id).
 */
export function decodeEnvelope(content: Buffer | string, { replyRoute, correlationId }: { replyRoute: boolean; correlationId?: string }): DecodedEnvelope {
  const raw = readRawBody(content);
  if (!raw.json) return { kind: 'message', body: raw.text, encoding: raw.encoding };
  const packet = raw.value;
  if (!isRecord(packet)) return { kind: 'message', body: packet };
  // Nest's request deserializer: a body with `pattern` or `data` is a packet; `id` makes it a request.
  if (!replyRoute && ('pattern' in packet || 'data' in packet)) {
    if (packet.id !== undefined) return { kind: 'request', pattern: packet.pattern, correlationId: String(packet.id), body: packet.data };
    return { kind: 'event', pattern: packet.pattern, body: packet.data, ...(correlationId ? { correlationId } : {}) };
  }
  if (isReplyPacket(packet) && (replyRoute || correlationId !== undefined)) {
    const reading = readReply(packet);
    const id = packet.id !== undefined && packet.id !== null ? String(packet.id) : correlationId;
    const base = { kind: 'reply' as const, ...(id !== undefined ? { correlationId: id } : {}) };
    switch (reading.kind) {
      case 'remote-error':
        return { ...base, body: undefined, error: reading.error, final: true };
      case 'end':
        return { ...base, body: undefined, final: true };
      case 'value':
        return { ...base, body: reading.value, final: reading.last };
    }
  }
  return { kind: 'message', body: packet };
}
