// A gRPC "listener": a server-streaming call held open, each response message observed as a
// reply part until the stream ends or the listener stops. gRPC has no broker to tap, so this is
// the way to watch a service's feed (nest-wire §6).
import type { ListenSpec } from '../../../../shared/listen';
import type { Result } from '../../../../shared/result';
import { ok } from '../../../../shared/result';
import type { ListenEnd, Observed, ReplyPart, TransportClient, Unsubscribe } from '../transport';

type GrpcSpec = Extract<ListenSpec, { kind: 'grpc' }>;

export function subscribeGrpc(
  send: TransportClient['send'],
  spec: GrpcSpec,
  correlationId: string,
  sink: (message: Observed) => void,
  onEnd?: (end: ListenEnd) => void,
): Result<Unsubscribe> {
  const abort = new AbortController();
  const parts = send({ pattern: spec.method, data: spec.data, correlationId, ...(spec.headers ? { options: { headers: spec.headers } } : {}) }, abort.signal);

  const observe = (part: Exclude<ReplyPart, { kind: 'written' | 'failure' }>): Observed => {
    const meta = part.meta ? { ...(part.meta.headers ? { headers: part.meta.headers } : {}), ...(part.meta.trailers ? { trailers: part.meta.trailers } : {}) } : undefined;
    const base = { kind: 'reply' as const, route: spec.method, pattern: spec.method, correlationId, sizeBytes: part.sizeBytes, ...(meta ? { meta } : {}) };
    switch (part.kind) {
      case 'value':
        return { ...base, body: part.value, final: part.last };
      case 'end':
        return { ...base, body: undefined, final: true };
      case 'remote-error':
        return { ...base, body: undefined, error: part.error, final: true };
    }
  };

  void (async () => {
    let end: ListenEnd = { failed: false, reason: `The service ended the stream of ${spec.method}.` };
    try {
      for await (const part of parts) {
        if (part.kind === 'written') sink({ kind: 'request', route: spec.method, pattern: spec.method, correlationId, body: spec.data, sizeBytes: part.sizeBytes });
        else if (part.kind === 'failure') end = { failed: true, reason: part.failure.message };
        else {
          sink(observe(part));
          if (part.kind === 'remote-error') end = { failed: true, reason: `The service ended the stream of ${spec.method} with an error: ${JSON.stringify(part.error)}` };
        }
      }
    } catch (error) {
      end = { failed: true, reason: `The stream of ${spec.method} broke: ${(error as Error).message}` };
    }
    if (!abort.signal.aborted) onEnd?.(end);
  })();

  return ok(async () => abort.abort());
}
