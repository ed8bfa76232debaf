// The mock seam: one server per transport decodes what clients send and writes answers in that
// transport's wire format (nest-wire §10); the rules (rule-book.ts) decide what to answer, and the
// mock registry records everything. A transport server never decides; the rules never touch a wire.
import type { ConnectionTarget, TargetOf, TransportKind } from '../../../shared/connection';
import type { Result } from '../../../shared/result';

/** One message a client sent to the mock, decoded. */
export type IncomingMessage = {
  /** TCP, Redis and RMQ: a body `id` makes a request; Kafka: the correlation headers; gRPC: always a request. */
  kind: 'request' | 'event';
  /** The pattern as it came: the body `pattern` (TCP/Redis/RMQ), the topic (Kafka), `package.Service/Method` (gRPC). */
  pattern: unknown;
  /** The Nest-normalized route: the channel, topic or method the rules match against. */
  route: string;
  data: unknown;
  /** The request id: body `id`, `kafka_correlationId`, or a per-call id for gRPC. */
  correlationId?: string;
  /** Kafka headers, AMQP headers, gRPC metadata. */
  headers?: Record<string, string>;
  /** Transport details for the log (Redis channel, Kafka partition/offset/key, AMQP properties). */
  meta?: Record<string, unknown>;
  sizeBytes: number;
};

/** One part of an answer, written in order. A request's answer ends with `last`, `end`, `error`, `grpc-status` or `no-handler`. */
export type MockAnswerPart =
  | { kind: 'value'; value: unknown; last: boolean }
  /** A stream that ends without a further value (`{"isDisposed":true}` alone). */
  | { kind: 'end' }
  /** An RpcException: Nest's `err`, exactly this value. */
  | { kind: 'error'; error: unknown }
  /** gRPC only: a status with details and trailers. */
  | { kind: 'grpc-status'; code: number; details: string; metadata: Record<string, string> }
  /** Nest's own reply to a pattern no handler serves (per transport: §0 table, Kafka's nest-err header, gRPC UNIMPLEMENTED). */
  | { kind: 'no-handler' };

export type MockHandler = {
  /** The answer to one message; events are handled too (recorded, rules may delay) but nothing is written back. */
  handle(message: IncomingMessage): AsyncIterable<MockAnswerPart>;
  /** Called after each part is written to the wire, with its size there: for the traffic log. */
  written(message: IncomingMessage, part: MockAnswerPart, sizeBytes: number): void;
  /** Something about a client, not a message: it was dropped for breaking the wire format (TCP). */
  note?(note: MockNote): void;
};

/** A line in the mock's traffic: `code` names the problem (`protocol-error`, `incomplete-frame`). */
export type MockNote = { code: string; message: string };

export interface MockServer {
  /** Where clients reach the mock: `tcp://127.0.0.1:40123`, `redis://127.0.0.1:6379 (channels …)`. */
  readonly address: string;
  /** Reports trouble after start (a broker dropped): the registry shows it as the mock's state. */
  onTrouble(listener: (problem: { message: string; fatal: boolean }) => void): void;
  /** The rules changed: subscribe to what the new routes need (Redis, Kafka); others resolve at once. */
  setRoutes(routes: MockRoutes): Promise<Result<null>>;
  /** Stops serving: closes listeners and broker connections; calls in flight are dropped. */
  close(): Promise<void>;
}

/**
 * Starts a mock server for one transport. `routes` are the rules' exact routes and globs, for
 * transports that must subscribe to something (Redis channels, Kafka topics); TCP, RabbitMQ and
 * gRPC see every message anyway. A failure says what is wrong and how to fix it (port in use,
 * broker unreachable, proto file missing).
 */
export type StartMockServer<K extends TransportKind = TransportKind> = (
  target: TargetOf<K>,
  handler: MockHandler,
  routes: MockRoutes,
) => Promise<Result<MockServer>>;

/** What the rules match: exact normalized routes, and globs over them (`*` any run, `?` one character). */
export type MockRoutes = { exact: string[]; globs: string[] };

/** The one place that picks a transport's mock server (like create-transport-client.ts for clients). */
export type MockServerFactory = (target: ConnectionTarget) => StartMockServer;
