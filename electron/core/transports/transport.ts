// The transport seam (DESIGN §3). Every transport implements this; the rest of the engine never
// branches on transport kind except to pick the implementation. Timeouts and recording wrap it
// once, in core/messaging, for all transports.
import type { ConnectionState } from '../../../shared/connection';
import type { MessageOptions } from '../../../shared/contract';
import type { ConnectionDescription } from '../../../shared/description';
import type { Failure, Result } from '../../../shared/result';
import type { Lifecycle, ReconnectPolicy } from '../connections/lifecycle';

export type OutgoingRequest = { pattern: unknown; data: unknown; correlationId: string; options?: MessageOptions };
export type OutgoingEvent = { pattern: unknown; data: unknown; options?: MessageOptions };

/**
 * What a request yields, in order: `written` once the request is on the wire, then reply parts.
 * The sequence ends after a `value` with `last`, an `end`, a `remote-error` or a `failure`.
 */
export type ReplyPart =
  | { kind: 'written'; sizeBytes: number }
  | { kind: 'value'; value: unknown; last: boolean; sizeBytes: number; meta?: ReplyMeta }
  | { kind: 'end'; sizeBytes: number; meta?: ReplyMeta }
  | { kind: 'remote-error'; error: unknown; sizeBytes: number; meta?: ReplyMeta }
  | { kind: 'failure'; failure: Failure };

/**
 * Transport-level metadata that came with a reply part, for transports that have it (gRPC:
 * response headers on the first value, headers and trailers on the final part). Absent otherwise.
 */
export type ReplyMeta = { headers?: Record<string, string>; trailers?: Record<string, string> };

export type StateSnapshot = { state: ConnectionState; lastError?: string; nextRetryAt?: number };

export interface TransportClient {
  readonly status: StateSnapshot;
  onStatus(listener: (status: StateSnapshot) => void): () => void;
  /** Resolves once the first connection attempt has succeeded or definitely failed. */
  firstAttempt(): Promise<Result<null>>;
  /** Yields reply parts until the request finishes; aborting the signal stops waiting. */
  send(request: OutgoingRequest, signal: AbortSignal): AsyncIterable<ReplyPart>;
  emit(event: OutgoingEvent): Promise<Result<{ sizeBytes: number }>>;
  /** What the service offers, for transports with a schema (gRPC); others leave it out. */
  describe?(): Promise<Result<ConnectionDescription>>;
  close(): Promise<void>;
}

/** What every transport client is created with, besides its target. */
export type TransportClientOptions = {
  connectTimeoutMs: number;
  reconnect?: ReconnectPolicy;
};

/** The state members every Lifecycle-driven client reports, joined to its own messaging. */
export function clientOf(
  lifecycle: Pick<Lifecycle<unknown>, 'status' | 'onStatus' | 'firstAttempt'>,
  messaging: Omit<TransportClient, 'status' | 'onStatus' | 'firstAttempt'>,
): TransportClient {
  const state = {
    get status() {
      return lifecycle.status;
    },
    onStatus: (listener: (status: StateSnapshot) => void) => lifecycle.onStatus(listener),
    firstAttempt: () => lifecycle.firstAttempt,
  };
  // Object.assign keeps the `status` getter live (a spread would copy its value once).
  return Object.assign(state, messaging);
}
