// The traffic log as the UI sees it: one entry per thing that crossed the wire.
import { z } from 'zod';
import { latencySummarySchema } from './latency';

export const trafficKinds = [
  'request', // out: a request (send)
  'event', // out: a fire-and-forget event (emit)
  'reply', // in: one reply value (a stream has several)
  'end', // in: a stream ended without a value (isDisposed alone)
  'remote-error', // in: the service answered with an error (RpcException, no handler…)
  'failure', // local: timeout, connection lost, could not send
  'message', // observed: a message that is not a Nest request, reply or event (raw channel or topic traffic)
  'breaker', // local: a circuit breaker changed state (body: the transition; pattern `*` for a whole connection's)
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
  /** Epoch ms, for display only; durations use the monotonic fields. */
  at: z.number(),
  /** The engine's monotonic clock (ms) when logged: spaces entries of different calls in a waterfall. */
  monotonicMs: z.number().optional(),
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

/** Bodies longer than this are previewed in entries; the engine keeps the whole body once (`traffic.body`). */
export const BODY_PREVIEW_CHARS = 4_096;

/** What an entry says about its call, as the traffic view shows and filters it. */
export const trafficStatuses = ['request', 'ok', 'error', 'timeout', 'event', 'breaker'] as const;
export const trafficStatusSchema = z.enum(trafficStatuses);
export type TrafficStatus = z.infer<typeof trafficStatusSchema>;

export function trafficStatusOf(entry: Pick<TrafficEntry, 'kind' | 'failureCode'>): TrafficStatus {
  switch (entry.kind) {
    case 'request':
      return 'request';
    case 'reply':
    case 'end':
      return 'ok';
    case 'remote-error':
      return 'error';
    case 'failure':
      return entry.failureCode === 'timeout' ? 'timeout' : 'error';
    case 'event':
    case 'message':
      return 'event';
    case 'breaker':
      return 'breaker';
  }
}

/** Filters combine (AND); each list matches any of its values; an empty or absent field matches all. */
export const trafficFilterSchema = z.object({
  /** Case-insensitive substring of the pattern, the correlation id or the whole body. */
  text: z.string().optional(),
  transports: z.array(z.string()).optional(),
  connectionIds: z.array(z.string()).optional(),
  directions: z.array(z.enum(['out', 'in', 'local', 'observed'])).optional(),
  statuses: z.array(trafficStatusSchema).optional(),
  /** Entries whose latency (total, else elapsed) is at least this. */
  minLatencyMs: z.number().nonnegative().optional(),
});
export type TrafficFilter = z.infer<typeof trafficFilterSchema>;

/** The live log (`live`, the default) or a file opened with `traffic.import`. */
export const trafficSourceSchema = z.string().default('live');
export const LIVE_TRAFFIC_SOURCE = 'live';

export const trafficSourceInfoSchema = z.object({ source: z.string(), name: z.string(), count: z.number().int() });
export type TrafficSourceInfo = z.infer<typeof trafficSourceInfoSchema>;

/** A window of the filtered log. Positions count matching entries still held, 0 = the oldest. */
export const trafficWindowSchema = z.object({
  /** Matching entries held now. */
  total: z.number().int(),
  /** Position of `entries[0]`. */
  offset: z.number().int(),
  entries: z.array(trafficEntrySchema),
  /** Newest seq in the source, filtered or not. */
  lastSeq: z.number().int(),
  /** Entries of the source evicted so far (oldest first, never kept). */
  evictedCount: z.number().int(),
});
export type TrafficWindow = z.infer<typeof trafficWindowSchema>;

export const patternStatsSchema = z.object({
  pattern: z.string(),
  transport: z.string(),
  /** Requests, events and observed messages. */
  count: z.number().int(),
  errors: z.number().int(),
  timeouts: z.number().int(),
  /** Of the entries that finish a call; absent when none did. */
  latency: latencySummarySchema.optional(),
});
export type PatternStats = z.infer<typeof patternStatsSchema>;

/** One entry of a conversation: `call` shares the correlation id; `caused` is an event or message seen during the call's time window. */
export const conversationItemSchema = z.object({
  relation: z.enum(['call', 'caused']),
  /** Ms from the conversation's first entry (monotonic when both have it). */
  offsetMs: z.number(),
  entry: trafficEntrySchema,
});
export const conversationSchema = z.object({
  correlationId: z.string().optional(),
  items: z.array(conversationItemSchema),
  /** Ms from the first entry to the last. */
  spanMs: z.number(),
});
export type Conversation = z.infer<typeof conversationSchema>;

/**
 * Export files are NDJSON: a header line, then one entry per line with the whole body where the
 * preview was cut (`body`). `traffic.import` reads the same lines back.
 */
export const trafficExportHeaderSchema = z.object({ format: z.literal('patchbay-traffic'), version: z.literal(1), exportedAt: z.number(), count: z.number().int() });
export const trafficExportLineSchema = trafficEntrySchema.extend({ body: z.string().optional() });
export type TrafficExportLine = z.infer<typeof trafficExportLineSchema>;
