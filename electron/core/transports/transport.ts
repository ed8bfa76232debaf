// The transport seam (DESIGN §3). Every transport implements this; the rest of the engine never
// branches on transport kind except to pick the implementation. Timeouts and recording wrap it
// once, in core/messaging, for all transports.
import type { ConnectionState } from '../../../shared/connection';
import type { MessageOptions } from '../../../shared/contract';
import type { ConnectionDescription } from '../../../shared/description';
import type { ListenSpec, PeekedMessage, QueueStats } from '../../../shared/listen';
import type { Failure, Result } from '../../../shared/result';
import type { TrafficEntry } from '../../../shared/traffic';
import type { Lifecycle, ReconnectPolicy } from '../connections/lifecycle';
import { notConnectedFailure } from '../connections/explain-error';
import { fail } from '../../../shared/result';

export type OutgoingRequest = { pattern: unknown; data: unknown; correlationId: string; options?: MessageOptions };
export type OutgoingEvent = { pattern: unknown; data: unknown; options?: MessageOptions };
/** A call whose request messages are written one at a time (gRPC client-streaming and bidi). */
export type OutgoingCall = { pattern: unknown; options?: MessageOptions };

/** An open call: written message by message, half-closed with `end`, read as reply parts. */
export type OpenCall = {
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  /** Writes one request message; fails (writing nothing) if it does not fit the schema. */
  write(message: unknown): Result<{ sizeBytes: number }>;
  /** Half-closes: no more request messages; replies keep coming. */
  end(): void;
  /** Stops the call; `parts` then ends without a final part. */
  cancel(): void;
  /** `value` per response message, then `end`, `remote-error` or `failure`. */
  parts: AsyncIterable<ReplyPart>;
};

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
  /** Opens a call written message by message, for transports with streaming calls (gRPC); others leave it out. */
  openCall?(request: OutgoingCall): Result<OpenCall>;
  /**
   * Listens without taking anything from the services (Redis channels, Kafka topics with its own
   * group, RabbitMQ exchange taps): each message, decoded, goes to `sink` until unsubscribed.
   * gRPC holds a server-streaming call open. The spec's `kind` fits this transport (the caller
   * checks). `onEnd` is called once if the subscription ends on its own: failed (its connection or
   * consumer died) or not (a gRPC service completed its stream); never after unsubscribing.
   */
  subscribe?(spec: ListenSpec, sink: (message: Observed) => void, onEnd?: (end: ListenEnd) => void): Promise<Result<Unsubscribe>>;
  /** Queue tools, for brokers with queues (RabbitMQ); others leave it out. */
  queues?: QueueTools;
  /**
   * Things worth a traffic entry that belong to no request (TCP: replies no request waits for),
   * for transports that see them; others leave it out.
   */
  onNotice?(listener: (notice: TransportNotice) => void): () => void;
  /** What the transport knows of a reply still on its way (TCP: part of a frame, then nothing), for a timeout's message. */
  describeWait?(): string | undefined;
  close(): Promise<void>;
}

/**
 * A notice: one reply no request was waiting for (logged as it came, for the first few), or a
 * summary line (`failureCode` names it, e.g. `unexpected-replies`).
 */
export type TransportNotice =
  | { kind: 'unexpected-reply'; correlationId?: string; body: unknown; sizeBytes: number }
  | { kind: 'summary'; failureCode: string; message: string };

export type Unsubscribe = () => Promise<void>;

/** How a subscription ended on its own, in words the user can act on. */
export type ListenEnd = { failed: boolean; reason: string };

/** Where republished messages go: a queue (through the default exchange) or an exchange. */
export type RepublishTarget = { queue: string } | { exchange: string; routingKey: string };

/** Looking into broker queues without losing anything: every message read is put back or moved. */
export interface QueueTools {
  stats(queue: string): Promise<Result<QueueStats>>;
  /** Reads up to `count` messages and requeues them all, in their order. */
  peek(queue: string, count: number): Promise<Result<PeekedMessage[]>>;
  /** Moves up to `count` messages; each is acked only once the broker confirmed its copy. */
  republish(fromQueue: string, count: number, to: RepublishTarget): Promise<Result<{ moved: number }>>;
}

/**
 * One message a listener saw, decoded by its transport. A Nest envelope becomes a request, reply
 * or event with its correlation id; anything else is a raw `message`, its body shown as text or
 * hex (never dropped).
 */
export type Observed = {
  kind: 'request' | 'reply' | 'event' | 'message';
  /** The channel, topic or routing key it came on (for replies: the reply channel or topic). */
  route: string;
  /** The pattern in the body (TCP/Redis/RMQ envelopes), when there is one. */
  pattern?: unknown;
  /** Request id: body `id`, `kafka_correlationId`, or the AMQP `correlationId`. */
  correlationId?: string;
  /** Request/event data, reply value, or the raw body (string: text or hex per `encoding`). */
  body: unknown;
  encoding?: 'text' | 'hex';
  /** Replies: the error (`err`, `kafka_nest-err`) and whether this part ends the reply. */
  error?: unknown;
  final?: boolean;
  headers?: Record<string, string>;
  /** Kafka partition, offset, key, timestamp; AMQP properties, exchange; Redis channel and glob. JSON-safe: it goes into the traffic log as is. */
  meta?: TrafficEntry['meta'];
  sizeBytes: number;
};

/** What every transport client is created with, besides its target. */
export type TransportClientOptions = {
  connectTimeoutMs: number;
  reconnect?: ReconnectPolicy;
};

/**
 * What a Lifecycle-driven client does once it has a live link. `clientOf` checks for the link
 * once, for every transport: without one, a send yields a `not-connected` failure and an emit or
 * subscribe fails with it, and nothing is sent.
 */
export type LinkedMessaging<Link> = {
  send(link: Link, request: OutgoingRequest, signal: AbortSignal): AsyncIterable<ReplyPart>;
  emit(link: Link, event: OutgoingEvent): Promise<Result<{ sizeBytes: number }>>;
  /** `link` is the client's current one; a transport that listens on a connection of its own may ignore it. */
  subscribe?(link: Link, spec: ListenSpec, sink: (message: Observed) => void, onEnd?: (end: ListenEnd) => void): Promise<Result<Unsubscribe>>;
  queues?: QueueTools;
  close(): Promise<void>;
};

/** The state members every Lifecycle-driven client reports, joined to its own messaging. */
export function clientOf<Link>(
  lifecycle: Pick<Lifecycle<Link>, 'status' | 'onStatus' | 'firstAttempt' | 'current'>,
  address: string,
  messaging: LinkedMessaging<Link>,
): TransportClient {
  const notConnected = () => notConnectedFailure(address, lifecycle.status);
  const { subscribe } = messaging;
  return {
    get status() {
      return lifecycle.status;
    },
    onStatus: (listener) => lifecycle.onStatus(listener),
    firstAttempt: () => lifecycle.firstAttempt,
    // Not an async generator itself: the transport's parts come straight through, no extra hop per part.
    send(request, signal) {
      const link = lifecycle.current;
      return link ? messaging.send(link, request, signal) : failedParts(notConnected());
    },
    async emit(event) {
      const link = lifecycle.current;
      return link ? messaging.emit(link, event) : failWith(notConnected());
    },
    subscribe: subscribe
      ? async (spec, sink, onEnd) => {
          const link = lifecycle.current;
          return link ? subscribe(link, spec, sink, onEnd) : failWith(notConnected());
        }
      : undefined,
    queues: messaging.queues,
    close: () => messaging.close(),
  };
}

async function* failedParts(failure: Failure): AsyncIterable<ReplyPart> {
  yield { kind: 'failure', failure };
}

const failWith = ({ code, message }: Failure): Result<never> => fail(code, message);
