// The one contract between the UI (or any carrier) and the engine: every command the UI can ask
// and every event the engine pushes, as zod schemas. Types are inferred from them, and input is
// validated where it enters the engine.
import { z } from 'zod';
import { breakerInfoSchema, breakerOptionsSchema, breakerVerdictSchema } from './breaker';
import { collectionInfoSchema, collectionManifestSchema, collectionRunReportSchema, environmentSchema, requestFileSchema, requestRunResultSchema, resolvedVariableSchema } from './collection';
import { draftKeySchema, draftValueSchema } from './drafts';
import { historyEntrySchema } from './history';
import { connectionInfoSchema, connectionOptionsSchema, connectionTargetSchema } from './connection';
import { connectionDescriptionSchema } from './description';
import { listenerInfoSchema, listenSpecSchema, peekedMessageSchema, queueStatsSchema } from './listen';
import { mockInfoSchema, mockRulesSchema, mockTargetSchema } from './mock';
import { patternSchema } from './pattern';
import { failureSchema } from './result';
import { keptSagaRunSchema, sagaDefinitionSchema, sagaEventPayloadSchema, sagaFinishedPayloadSchema, sagaRunInputSchema } from './saga-runs';
import { requestAttemptSchema, retryPolicySchema } from './retry';
import { loadPlanSchema, loadProgressSchema, loadReportSchema } from './load';
import { conversationSchema, patternStatsSchema, trafficEntrySchema, trafficFilterSchema, trafficSourceInfoSchema, trafficSourceSchema, trafficWindowSchema } from './traffic';

export { patternSchema, type Pattern } from './pattern';

/** A collection folder opened before, for File › Open Recent and the empty Collections panel. */
export const recentCollectionSchema = z.object({ root: z.string(), name: z.string(), openedAt: z.number() });
export type RecentCollection = z.infer<typeof recentCollectionSchema>;

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
  /** Set when a circuit breaker covered the send (shared/breaker.ts): passed, answered its fallback, or rejected. */
  breaker: breakerVerdictSchema.optional(),
  /** Each attempt, when the send had a retry policy (even if the first one answered); the fields above are the last attempt's. */
  attempts: z.array(requestAttemptSchema).optional(),
});
export type SendOutcome = z.infer<typeof sendOutcomeSchema>;

/** A collection's request sent from the app: its run result (assertions, captures), and what went out and came back for the response view. */
export const collectionSendResultSchema = z.object({
  result: requestRunResultSchema,
  /** The engine connection it went over (opened on first use, then reused), when it got that far. */
  connectionId: z.string().optional(),
  /** The reply of a send; absent for an emit and when it could not be sent (see `result.problem`). */
  outcome: sendOutcomeSchema.optional(),
  /** An emit's size on the wire. */
  emittedBytes: z.number().int().optional(),
});
export type CollectionSendResult = z.infer<typeof collectionSendResultSchema>;

const connectionRef = z.object({ connectionId: z.string() });
const mockRef = z.object({ mockId: z.string() });
const listenerRef = z.object({ listenerId: z.string() });
const callRef = z.object({ callId: z.string() });
const breakerRef = z.object({ breakerId: z.string() });
const collectionRef = z.object({ collectionId: z.string() });
/** A request file or folder of a collection, relative to its root with `/`. */
const itemPath = z.string().trim().min(1, 'Give the path of a request or folder in the collection');
const written = z.object({ path: z.string(), changed: z.boolean() });

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
    input: connectionRef.extend({
      pattern: patternSchema,
      data: payloadSchema,
      options: messageOptionsSchema.optional(),
      timeoutMs: z.number().int().positive().optional(),
      /** Sends again after a failure or an error reply, waiting with backoff and jitter; each attempt is a real send (and traffic entry). */
      retry: retryPolicySchema.optional(),
    }),
    output: sendOutcomeSchema,
  },
  'message.emit': {
    input: connectionRef.extend({ pattern: patternSchema, data: payloadSchema, options: messageOptionsSchema.optional() }),
    output: z.object({ sizeBytes: z.number().int() }),
  },
  /** Opens a gRPC client-streaming or bidi call, written message by message; replies come as `call.part`, the end as `call.finished`. */
  'call.open': {
    input: connectionRef.extend({
      pattern: patternSchema,
      options: messageOptionsSchema.optional(),
      /** A deadline for the whole call, from open to its status; none when left out. */
      timeoutMs: z.number().int().positive().optional(),
    }),
    output: z.object({ callId: z.string(), correlationId: z.string(), requestStream: z.boolean(), responseStream: z.boolean() }),
  },
  /** Writes one message; `index` counts written messages from 0, `atMs` is ms since the call opened. */
  'call.write': { input: callRef.extend({ data: payloadSchema }), output: z.object({ sizeBytes: z.number().int(), index: z.number().int(), atMs: z.number() }) },
  /** Half-closes: no more messages; replies still come. */
  'call.end': { input: callRef, output: z.null() },
  'call.cancel': { input: callRef, output: z.null() },
  'traffic.readPage': {
    input: z.object({ afterSeq: z.number().int().optional(), limit: z.number().int().positive().max(10_000).default(500) }),
    output: z.object({ entries: z.array(trafficEntrySchema), lastSeq: z.number().int(), evictedCount: z.number().int() }),
  },
  'traffic.clear': { input: z.object({}), output: z.null() },
  /** A window of the filtered log; without `offset`, the newest `limit` matching entries (follow-tail). */
  'traffic.query': {
    input: z.object({ source: trafficSourceSchema, filter: trafficFilterSchema.default({}), offset: z.number().int().min(0).optional(), limit: z.number().int().positive().max(2_000).default(200) }),
    output: trafficWindowSchema,
  },
  /** The whole body of one entry (previews stop at BODY_PREVIEW_CHARS); `complete: false` when only the preview is left. */
  'traffic.body': {
    input: z.object({ source: trafficSourceSchema, seq: z.number().int() }),
    output: z.object({ body: z.string(), encoding: z.enum(['text', 'hex']).optional(), complete: z.boolean() }),
  },
  /** Per-pattern statistics of the filtered log: counts, errors, timeouts and latency. */
  'traffic.stats': { input: z.object({ source: trafficSourceSchema, filter: trafficFilterSchema.default({}) }), output: z.array(patternStatsSchema) },
  /** A request with its reply parts (same correlation id) and the events seen while it ran (± `windowMs`). */
  'traffic.conversation': {
    input: z.object({ source: trafficSourceSchema, seq: z.number().int(), windowMs: z.number().int().min(0).max(60_000).default(1_000) }),
    output: conversationSchema,
  },
  /** The filtered log as an NDJSON export file's text (header line, then entries with whole bodies). */
  'traffic.export': { input: z.object({ source: trafficSourceSchema, filter: trafficFilterSchema.default({}) }), output: z.object({ ndjson: z.string(), count: z.number().int() }) },
  /** Opens an exported file as a read-only source for the traffic commands; the live log goes on. */
  'traffic.import': { input: z.object({ name: z.string().trim().min(1, 'Name is required'), ndjson: z.string() }), output: trafficSourceInfoSchema },
  'traffic.closeSource': { input: z.object({ source: z.string() }), output: z.null() },

  /** Starts a load run over a connection; progress comes as `load.progress`, the report as `load.finished`. */
  'load.start': { input: connectionRef.extend({ pattern: patternSchema, data: payloadSchema, options: messageOptionsSchema.optional(), plan: loadPlanSchema }), output: z.object({ runId: z.string() }) },
  /** Stops a run early; its report (status `stopped`) still comes as `load.finished`. */
  'load.stop': { input: z.object({ runId: z.string() }), output: z.null() },

  /** Puts a circuit breaker around a connection's sends, or one pattern's (one breaker per connection and pattern). */
  'breaker.create': {
    input: connectionRef.extend({ name: z.string().trim().min(1, 'Name is required'), pattern: patternSchema.optional(), options: breakerOptionsSchema }),
    output: breakerInfoSchema,
  },
  /** New options; the breaker starts again closed with empty counts. */
  'breaker.update': { input: breakerRef.extend({ options: breakerOptionsSchema }), output: breakerInfoSchema },
  'breaker.delete': { input: breakerRef, output: z.null() },
  'breaker.list': { input: z.object({}), output: z.array(breakerInfoSchema) },
  /** Forces it open (opossum's open()): covered sends are rejected (or answered the fallback) until reset, or until the reset timeout lets a trial call through. */
  'breaker.trip': { input: breakerRef, output: breakerInfoSchema },
  /** Closes it again and clears its window's counts. */
  'breaker.reset': { input: breakerRef, output: breakerInfoSchema },
  /** A load run whose every request goes through the breaker; progress as `load.progress`, the report as `load.finished`. `pattern` is needed when the breaker covers the whole connection. */
  'breaker.hammer': {
    input: breakerRef.extend({ pattern: patternSchema.optional(), data: payloadSchema, options: messageOptionsSchema.optional(), plan: loadPlanSchema }),
    output: z.object({ runId: z.string() }),
  },

  /** Starts a mock service; what it receives and answers goes into the traffic log (origin `mock`). */
  'mock.start': { input: z.object({ name: z.string().trim().min(1, 'Name is required'), target: mockTargetSchema, rules: mockRulesSchema }), output: mockInfoSchema },
  /** Replaces a running mock's rules; calls in flight finish by the old ones. */
  'mock.update': { input: mockRef.extend({ rules: mockRulesSchema }), output: mockInfoSchema },
  /** Stops the mock and forgets it. */
  'mock.stop': { input: mockRef, output: z.null() },
  'mock.list': { input: z.object({}), output: z.array(mockInfoSchema) },

  /** Starts listening on a connection; observed messages go into the traffic log (origin `listen`). */
  'listen.start': { input: connectionRef.extend({ spec: listenSpecSchema }), output: listenerInfoSchema },
  /** Stops the listener and forgets it. */
  'listen.stop': { input: listenerRef, output: z.null() },
  'listen.list': { input: z.object({}), output: z.array(listenerInfoSchema) },

  /** RabbitMQ: a queue's depth and consumer count. */
  'queue.stats': { input: connectionRef.extend({ queue: z.string().min(1, 'Give a queue name') }), output: queueStatsSchema },
  /** RabbitMQ: reads up to `count` messages and puts them back (requeued, in order). */
  'queue.peek': { input: connectionRef.extend({ queue: z.string().min(1, 'Give a queue name'), count: z.number().int().min(1).max(100).default(10) }), output: z.array(peekedMessageSchema) },
  /** RabbitMQ: moves messages from a (dead-letter) queue to a queue or an exchange; each is acked only once republished. */
  'queue.republish': {
    input: connectionRef.extend({
      fromQueue: z.string().min(1, 'Give the queue to take messages from'),
      count: z.number().int().min(1).default(1),
      to: z.union([z.object({ queue: z.string().min(1) }), z.object({ exchange: z.string(), routingKey: z.string() })]),
    }),
    output: z.object({ moved: z.number().int() }),
  },

  /** Opens (and watches) a collection folder; opening the same folder again gives the same collection. */
  'collection.open': { input: z.object({ root: z.string().trim().min(1, 'Give the folder of a collection (the one with patchbay-collection.yaml)') }), output: collectionInfoSchema },
  /** The collection folders opened before, newest first (at most RECENT_COLLECTIONS_MAX). */
  'recentCollections.list': { input: z.object({}), output: z.array(recentCollectionSchema) },
  'recentCollections.clear': { input: z.object({}), output: z.null() },
  /** Creates a collection in a folder (made if missing) and opens it. */
  'collection.create': { input: z.object({ root: z.string().trim().min(1, 'Give a folder for the new collection'), name: z.string().trim().min(1, 'Name is required') }), output: collectionInfoSchema },
  /** Reads a Nest project's sources into a new collection (see `patchbay import nest`) and opens it. */
  'collection.importNest': { input: z.object({ project: z.string().trim().min(1, 'Give the folder of a Nest project'), root: z.string().trim().min(1, 'Give a folder for the new collection'), name: z.string().trim().optional() }), output: collectionInfoSchema },
  /** Adds one request per method of a .proto to an open collection (existing files left alone), and its gRPC connection when missing. */
  'collection.importProto': {
    input: collectionRef.extend({
      proto: z.string().trim().min(1, 'Give the path of a .proto file'),
      connection: z.string().trim().min(1).default('grpc'),
      target: z.string().trim().min(1).optional(),
      folder: z.string().optional(),
    }),
    output: z.object({ written: z.array(z.string()), skipped: z.array(z.string()), connectionAdded: z.boolean() }),
  },
  'collection.list': { input: z.object({}), output: z.array(collectionInfoSchema) },
  /** Stops watching and forgets it; its files stay. */
  'collection.close': { input: collectionRef, output: z.null() },
  /** Writes one request (new or existing; .yaml/.yml/.json by the path). An unchanged request leaves the file's bytes alone. */
  'collection.saveRequest': { input: collectionRef.extend({ path: itemPath, request: requestFileSchema }), output: written },
  'collection.createFolder': { input: collectionRef.extend({ path: itemPath }), output: z.object({ path: z.string() }) },
  /** Renames or moves a request file or a folder; never replaces anything. */
  'collection.moveItem': { input: collectionRef.extend({ from: itemPath, to: itemPath }), output: z.object({ path: z.string() }) },
  /** Copies a request or a folder next to it (`name copy`, `name copy 2`, …). */
  'collection.duplicateItem': { input: collectionRef.extend({ path: itemPath }), output: z.object({ path: z.string() }) },
  /** Deletes a request file, or a folder with everything in it. */
  'collection.deleteItem': { input: collectionRef.extend({ path: itemPath }), output: z.null() },
  'collection.saveManifest': { input: collectionRef.extend({ manifest: collectionManifestSchema }), output: written },
  'collection.saveEnvironment': { input: collectionRef.extend({ name: z.string().trim().min(1, 'Name is required'), environment: environmentSchema }), output: written },
  /** Stores (or with `value: null` removes) a secret's value for one environment in the app's secret store, never in the collection's files. */
  'collection.setSecret': { input: collectionRef.extend({ environment: z.string().min(1), name: z.string().min(1), value: z.string().nullable() }), output: z.null() },
  /** The variables a request would see now in `environment`, by name (captured values of this session included). */
  'collection.variables': { input: collectionRef.extend({ environment: z.string().optional() }), output: z.record(z.string(), resolvedVariableSchema) },
  /** Sends one request (saved or being edited) as the runner would: variables, the collection's connection, assertions, captures kept for the next request. */
  'collection.send': { input: collectionRef.extend({ environment: z.string().optional(), path: z.string().optional(), request: requestFileSchema }), output: collectionSendResultSchema },
  /** Runs the collection or one folder; each result comes as `collection.runResult`, the report as `collection.runFinished`. */
  'collection.run': {
    input: collectionRef.extend({ environment: z.string().optional(), folder: z.string().optional(), iterations: z.number().int().min(1).max(10_000).default(1), bail: z.boolean().default(false) }),
    output: z.object({ runId: z.string() }),
  },
  /** Stops a run before its next request; the rest are reported skipped. */
  'collection.stopRun': { input: z.object({ runId: z.string() }), output: z.null() },

  /** A saga file of an open collection, read and checked (problems as path:line:col in the failure's detail). */
  'saga.read': { input: collectionRef.extend({ path: z.string().trim().min(1, 'Give the path of a saga file in the collection') }), output: sagaDefinitionSchema },
  /** Runs a saga of an open collection over its named connections; each attempt and step as `saga.event`, the end as `saga.finished`. */
  'saga.run': { input: sagaRunInputSchema, output: z.object({ runId: z.string() }) },
  /** Fails the step the run is at (no more retries) and compensates what completed; the end still comes as `saga.finished`. */
  'saga.stop': { input: z.object({ runId: z.string() }), output: z.null() },
  /** Kept runs (running ones too), newest first; narrowed to one collection, or one saga of it. */
  'saga.runs': { input: z.object({ collectionId: z.string().optional(), path: z.string().optional() }), output: z.array(keptSagaRunSchema) },
  'saga.deleteRun': { input: z.object({ runId: z.string() }), output: z.null() },
  /**
   * Writes a new saga file from traffic entries (requests and events, in log order): one request
   * step per request with its recorded reply, one emit step per event. `connections` maps a
   * traffic connection's name to a collection connection (added to the manifest when it has no
   * such name); an unmapped one gets the collection connection with the same target URL, else a
   * new one. Never replaces a file.
   */
  'saga.fromTraffic': {
    input: collectionRef.extend({
      source: trafficSourceSchema,
      path: z.string().trim().min(1, 'Give the new saga file a path in the collection, e.g. recorded/checkout.saga.yaml'),
      name: z.string().trim().min(1).optional(),
      seqs: z.array(z.number().int()).min(1, 'Select at least one request or event in the traffic log'),
      connections: z.record(z.string(), z.string().trim().min(1, 'Name the collection connection, e.g. orders')).optional(),
    }),
    output: z.object({ path: z.string(), steps: z.array(z.string()), connectionsAdded: z.array(z.string()) }),
  },

  /** Newest first; `query` matches pattern, connection, payload and summary text (case-insensitive). */
  'history.list': {
    input: z.object({ query: z.string().optional(), limit: z.number().int().positive().max(1_000).default(200) }),
    output: z.object({ entries: z.array(historyEntrySchema), total: z.number().int() }),
  },
  'history.delete': { input: z.object({ id: z.string() }), output: z.null() },
  'history.clear': { input: z.object({}), output: z.null() },

  /** Every draft the renderer kept, by key. */
  'drafts.load': { input: z.object({}), output: z.record(z.string(), draftValueSchema) },
  /** Keeps (or with `value: null` forgets) one draft, on disk before it answers. */
  'drafts.save': { input: z.object({ key: draftKeySchema, value: draftValueSchema }), output: z.null() },
} as const;

export const events = {
  'connection.stateChanged': connectionInfoSchema,
  'connection.removed': connectionRef,
  /** Batched: many entries per event, at most a few events a second. */
  'traffic.appended': z.object({ entries: z.array(trafficEntrySchema) }),
  'traffic.cleared': z.object({}),
  /** Every LOAD_PROGRESS_INTERVAL_MS while a load run goes. */
  'load.progress': loadProgressSchema,
  'load.finished': loadReportSchema,
  /** On every transition at once; while calls go, at most every BREAKER_STATS_INTERVAL_MS with the new counts. */
  'breaker.stateChanged': breakerInfoSchema,
  'breaker.removed': breakerRef,
  'mock.stateChanged': mockInfoSchema,
  'mock.removed': mockRef,
  'listen.stateChanged': listenerInfoSchema,
  'listen.removed': listenerRef,
  /** One response message of an open call; `atMs` is ms since the call opened. */
  'call.part': z.object({ callId: z.string(), index: z.number().int(), value: z.unknown(), sizeBytes: z.number().int(), atMs: z.number() }),
  /** Once per call, with its status, metadata and every value. */
  'call.finished': z.object({ callId: z.string(), outcome: sendOutcomeSchema }),
  /** A collection's new state: after any write through the engine and after files change on disk. */
  'collection.changed': collectionInfoSchema,
  'collection.removed': collectionRef,
  'collection.runResult': z.object({ runId: z.string(), collectionId: z.string(), result: requestRunResultSchema }),
  /** Once per run: the report, or why it could not run at all. */
  'collection.runFinished': z.object({ runId: z.string(), collectionId: z.string(), report: collectionRunReportSchema.optional(), failure: failureSchema.optional() }),
  /** Every attempt and step of a saga run as it starts or finishes. */
  'saga.event': sagaEventPayloadSchema,
  /** Once per saga run: the report, or why it could not start. */
  'saga.finished': sagaFinishedPayloadSchema,
  'history.appended': historyEntrySchema,
  'history.cleared': z.object({}),
  /** The whole new list, newest first, after every open and clear. */
  'recentCollections.changed': z.object({ collections: z.array(recentCollectionSchema) }),
  /** The desktop shell asks the UI to open a folder (File › Open…, Open Recent, the command line) the way the user would, errors shown the usual way. */
  'app.openCollectionRequested': z.object({ root: z.string() }),
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<C extends CommandName> = z.input<Commands[C]['input']>;
export type CommandParsedInput<C extends CommandName> = z.output<Commands[C]['input']>;
export type CommandOutput<C extends CommandName> = z.output<Commands[C]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
