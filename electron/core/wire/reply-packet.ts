// The reply packets a Nest server writes (nest-wire §0, `server/server.js` `send`), for mock
// servers. Key order is Nest's: `response`/`err`, then `isDisposed`, then `id` (TCP and Redis
// append the id; RMQ replies carry none and go by the correlationId property). A v12.0.2+ client
// takes a packet with any other key as a whole response, so no other key is ever added.

/** Nest's reply to a request no handler serves (`NO_MESSAGE_HANDLER` in constants.js). */
export const NO_MESSAGE_HANDLER = 'There is no matching message handler defined in the remote service.';

/** One answer part as the mock transports write it (gRPC statuses never reach these transports). */
export type EnvelopePart =
  | { kind: 'value'; value: unknown; last: boolean }
  | { kind: 'end' }
  | { kind: 'error'; error: unknown }
  | { kind: 'no-handler' };

/**
 * The packet for one part on `transport`. TCP and Redis append `id`; RMQ replies have none, except
 * the no-handler packet, which carries `id` on every transport. Its key order differs: TCP and
 * Redis build `{id, status, err}`, RMQ `{id, err, status}` (server-rmq.js, 10.x to 12.1.1).
 */
export function replyPacket(part: EnvelopePart, id: unknown, transport: 'tcp' | 'redis' | 'rmq'): Record<string, unknown> {
  const tail = transport === 'rmq' ? {} : { id };
  switch (part.kind) {
    case 'value':
      // `response: undefined` vanishes in JSON, as Nest's does for a handler returning nothing.
      return part.last ? { response: part.value, isDisposed: true, ...tail } : { response: part.value, ...tail };
    case 'end':
      return { isDisposed: true, ...tail };
    case 'error':
      return { err: part.error, isDisposed: true, ...tail };
    case 'no-handler':
      return transport === 'rmq' ? { id, err: NO_MESSAGE_HANDLER, status: 'error' } : { id, status: 'error', err: NO_MESSAGE_HANDLER };
  }
}

/** True for a packet that is a Nest reply rather than a request or event (keys of the reply envelope only). */
export function looksLikeReply(packet: unknown): boolean {
  if (typeof packet !== 'object' || packet === null || Array.isArray(packet)) return false;
  const keys = Object.keys(packet);
  return keys.length > 0 && keys.every((key) => ['id', 'err', 'response', 'isDisposed', 'status'].includes(key)) && ('isDisposed' in packet || 'err' in packet);
}

/** A mock's answer part as an envelope part: a gRPC status (only meant for gRPC mocks) is sent as Nest's error shape. */
export function envelopePart(part: EnvelopePart | { kind: 'grpc-status'; code: number; details: string }): EnvelopePart {
  return part.kind === 'grpc-status' ? { kind: 'error', error: { status: 'error', message: part.details } } : part;
}
