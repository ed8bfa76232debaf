// The one contract between the UI (or any carrier) and the engine: every command the UI can ask
// and every event the engine pushes, as zod schemas. Types are inferred from them, and input is
// validated where it enters the engine.
import { z } from 'zod';
import { connectionInfoSchema, connectionOptionsSchema, connectionTargetSchema } from './connection';
import { connectionDescriptionSchema } from './description';
import { failureSchema } from './result';
import { trafficEntrySchema } from './traffic';

/** A Nest message pattern: a string (`'users.create'`) or an object (`{cmd:'get_user'}`). */
export const patternSchema = z.union([z.string().min(1, 'Pattern is empty: type a string pattern or a JSON object'), z.number(), z.record(z.string(), z.json())]);
export type Pattern = z.infer<typeof patternSchema>;

/** Nest clients refuse null and undefined data, so Patchbay does too (nest-wire §0). */
export const payloadSchema = z.json().refine((value) => value !== null, 'Payload must not be null: Nest refuses null data. Send {} for "nothing"');

/**
 * Per-message settings beyond pattern and data. `headers` is the one mechanism for Kafka
 * headers, RabbitMQ headers and gRPC metadata; the rest applies to one transport only.
 */
export const messageOptionsSchema = z.object({
  headers: z.record(z.string(), z.string()).optional(),
  /** Kafka: the message key and an explicit partition. */
  key: z.string().optional(),
  partition: z.number().int().min(0).optional(),
  /** RabbitMQ: per-message properties (priority, expiration, contentType, …). */
  properties: z.record(z.string(), z.json()).optional(),
});
export type MessageOptions = z.infer<typeof messageOptionsSchema>;

export const sendOutcomeSchema = z.object({
  correlationId: z.string(),
  /** ok: at least one value; empty: completed without a value (Nest callers get EmptyError). */
  status: z.enum(['ok', 'empty', 'remote-error', 'failure']),
  values: z.array(z.unknown()),
  /** The error value the service sent (`err`), exactly as received. */
  remoteError: z.unknown().optional(),
  /** A local failure: timeout, connection lost, not connected. */
  failure: failureSchema.optional(),
  firstReplyMs: z.number().optional(),
  totalMs: z.number(),
  replyBytes: z.number().int(),
  requestBytes: z.number().int(),
  /** Transport metadata that came with the reply (gRPC: response headers and trailers). */
  headers: z.record(z.string(), z.string()).optional(),
  trailers: z.record(z.string(), z.string()).optional(),
});
export type SendOutcome = z.infer<typeof sendOutcomeSchema>;

const connectionRef = z.object({ connectionId: z.string() });

export const commands = {
  'connection.list': { input: z.object({}), output: z.array(connectionInfoSchema) },
  'connection.open': {
    input: z.object({
      name: z.string().trim().min(1, 'Name is required'),
      target: connectionTargetSchema,
      options: connectionOptionsSchema.partial().optional(),
    }),
    output: connectionInfoSchema,
  },
  /** Reads a connection URL (`redis://…`, `amqp://…`, …) into a target, as the CLI does. */
  'target.parseUrl': { input: z.object({ url: z.string() }), output: connectionTargetSchema },
  /** What the connection offers (gRPC: services, methods and request templates); `unsupported` for other transports. */
  'connection.describe': { input: connectionRef, output: connectionDescriptionSchema },
  /** Closes the connection and forgets it. */
  'connection.close': { input: connectionRef, output: z.null() },
  'message.send': {
    input: connectionRef.extend({ pattern: patternSchema, data: payloadSchema, options: messageOptionsSchema.optional(), timeoutMs: z.number().int().positive().optional() }),
    output: sendOutcomeSchema,
  },
  'message.emit': {
    input: connectionRef.extend({ pattern: patternSchema, data: payloadSchema, options: messageOptionsSchema.optional() }),
    output: z.object({ sizeBytes: z.number().int() }),
  },
  'traffic.readPage': {
    input: z.object({ afterSeq: z.number().int().optional(), limit: z.number().int().positive().max(10_000).default(500) }),
    output: z.object({ entries: z.array(trafficEntrySchema), lastSeq: z.number().int(), evictedCount: z.number().int() }),
  },
  'traffic.clear': { input: z.object({}), output: z.null() },
} as const;

export const events = {
  'connection.stateChanged': connectionInfoSchema,
  'connection.removed': connectionRef,
  /** Batched: many entries per event, at most a few events a second. */
  'traffic.appended': z.object({ entries: z.array(trafficEntrySchema) }),
  'traffic.cleared': z.object({}),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<C extends CommandName> = z.input<Commands[C]['input']>;
export type CommandParsedInput<C extends CommandName> = z.output<Commands[C]['input']>;
export type CommandOutput<C extends CommandName> = z.output<Commands[C]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
