// Listening and tapping: watching what services say to each other, without taking anything away
// from them. Every observed message goes into the traffic log (origin `listen`); a tap also
// joins each request it sees to its replies by correlation id, with the service's latency.
import { z } from 'zod';

/** Where a Kafka listener starts reading. */
export const kafkaStartSchema = z.union([
  z.enum(['latest', 'earliest']),
  z.object({ offset: z.string().regex(/^\d+$/, 'An offset is a whole number, e.g. "42"') }),
  z.object({ timestamp: z.number().int().min(0) }),
]);

/**
 * What to listen to; `kind` says how, and must fit the connection's transport.
 * - `redis`: channels; one with `*`, `?` or `[` is a glob (PSUBSCRIBE). `tap` also listens on each
 *   channel's `.reply` channel and joins requests to replies.
 * - `kafka`: topics by name, or `/regex/`; Patchbay's own consumer group, so services lose nothing.
 *   `tap` also reads each topic's `.reply` topic.
 * - `rmq-exchange`: an exclusive, auto-delete queue bound to the exchange with the routing key:
 *   a copy of every message, none taken from the service.
 * - `rmq-queue`: consumes a service's queue directly. This competes with the service (each
 *   message goes to one consumer only), so it must be acknowledged with `competing: true`.
 * - `grpc`: a server-streaming call that stays open until stopped.
 */
export const listenSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('redis'), channels: z.array(z.string().min(1)).min(1, 'Give at least one channel'), tap: z.boolean().default(false) }),
  z.object({
    kind: z.literal('kafka'),
    topics: z.array(z.string().min(1)).min(1, 'Give at least one topic'),
    from: kafkaStartSchema.default('latest'),
    tap: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('rmq-exchange'), exchange: z.string().min(1, 'Give the exchange to tap'), routingKey: z.string().default('#') }),
  z.object({
    kind: z.literal('rmq-queue'),
    queue: z.string().min(1, 'Give the queue to consume'),
    competing: z.literal(true, {
      error: 'Consuming a service queue takes messages away from the service: each one goes to a single consumer, so the service misses every message Patchbay gets (Nest callers then see "no matching message handler" on every second request). Tap an exchange instead, or set competing: true to do it anyway.',
    }),
  }),
  z.object({ kind: z.literal('grpc'), method: z.string().min(1), data: z.json(), headers: z.record(z.string(), z.string()).optional() }),
]);
export type ListenSpec = z.infer<typeof listenSpecSchema>;
export type ListenSpecInput = z.input<typeof listenSpecSchema>;

export const listenerStates = ['starting', 'listening', 'failed', 'stopped'] as const;

export const listenerInfoSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  /** What it listens to, in words: `redis channels users.*, orders.created (tap)`. */
  label: z.string(),
  spec: listenSpecSchema,
  state: z.enum(listenerStates),
  lastError: z.string().optional(),
  /** Messages observed so far. */
  count: z.number().int(),
});
export type ListenerInfo = z.infer<typeof listenerInfoSchema>;

/** RabbitMQ queue numbers, as the broker reports them (passive declare). */
export const queueStatsSchema = z.object({ queue: z.string(), messageCount: z.number().int(), consumerCount: z.number().int() });
export type QueueStats = z.infer<typeof queueStatsSchema>;

/** A message read from a queue and put back (peek), or read from a dead-letter queue. */
export const peekedMessageSchema = z.object({
  /** JSON text, or raw text / hex when the body is not JSON (see `encoding`). */
  body: z.string(),
  encoding: z.enum(['json', 'text', 'hex']),
  sizeBytes: z.number().int(),
  /** AMQP basic properties (correlationId, replyTo, headers, …) as received. */
  properties: z.record(z.string(), z.json()),
  exchange: z.string(),
  routingKey: z.string(),
  redelivered: z.boolean(),
  /** Dead-letter history (`x-death`), when the broker added it. */
  deaths: z.array(z.object({ queue: z.string(), reason: z.string(), count: z.number().int(), exchange: z.string(), routingKeys: z.array(z.string()) })).optional(),
});
export type PeekedMessage = z.infer<typeof peekedMessageSchema>;
