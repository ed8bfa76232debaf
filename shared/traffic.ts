// The traffic log as the UI sees it: one entry per thing that crossed the wire.
import { z } from 'zod';

export const trafficKinds = [
  'request', // out: a request (send)
  'event', // out: a fire-and-forget event (emit)
  'reply', // in: one reply value (a stream has several)
  'end', // in: a stream ended without a value (isDisposed alone)
  'remote-error', // in: the service answered with an error (RpcException, no handler…)
  'failure', // local: timeout, connection lost, could not send
  'message', // observed: a message that is not a Nest request, reply or event (raw channel or topic traffic)
] as const;
export const trafficKindSchema = z.enum(trafficKinds);
export type TrafficKind = z.infer<typeof trafficKindSchema>;

export const trafficEntrySchema = z.object({
  /** Increases by one per entry, across the whole log; survives eviction. */
  seq: z.number().int(),
  kind: trafficKindSchema,
  /** out/in: sent or received by Patchbay (or its mock); observed: seen by a listener between other parties. */
  direction: z.enum(['out', 'in', 'local', 'observed']),
  /** Who put it in the log: Patchbay's client (absent), a listener, or a mock. */
  origin: z.enum(['listen', 'mock']).optional(),
  /** The connection, or for `origin: 'mock'` the mock, or for `listen` the listener's connection. */
  connectionId: z.string(),
  connectionName: z.string(),
  /** The listener that observed it (`origin: 'listen'`). */
  listenerId: z.string().optional(),
  transport: z.string(),
  /** The pattern as routed (Nest-normalized string). */
  pattern: z.string(),
  /** Request id that ties a request to its replies; absent for events. */
  correlationId: z.string().optional(),
  /** Epoch ms, for display only; durations use the monotonic fields below. */
  at: z.number(),
  /** JSON text of the body (payload, reply value or error), possibly truncated. */
  bodyPreview: z.string(),
  bodyTruncated: z.boolean(),
  /** Bytes of the frame on the wire (0 for local entries). */
  sizeBytes: z.number().int(),
  /** Monotonic ms from the request being written to this entry (replies, errors, failures). */
  elapsedMs: z.number().optional(),
  /** On the entry that finishes a request: ms to the first reply part and to the end. */
  firstReplyMs: z.number().optional(),
  totalMs: z.number().optional(),
  /** Failure code for `failure` entries (`timeout`, `connection-lost`, …). */
  failureCode: z.string().optional(),
  /** How `bodyPreview` shows the body: JSON (absent), raw text, or hex for binary. Never dropped. */
  encoding: z.enum(['text', 'hex']).optional(),
  /** Transport headers: Kafka headers, AMQP headers, gRPC metadata. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Transport details: Redis channel; Kafka topic, partition, offset, key, timestamp; AMQP properties, exchange, routing key. */
  meta: z.record(z.string(), z.json()).optional(),
  /** Mocks: the rule that answered, or `unmatched` when none did (Nest's "no matching message handler"). */
  rule: z.string().optional(),
  unmatched: z.boolean().optional(),
});
export type TrafficEntry = z.infer<typeof trafficEntrySchema>;

export const BODY_PREVIEW_CHARS = 4_096;
