// Sagas: a multi-step business flow across services, run as one test. A saga is a file in a
// collection (`<name>.saga.yaml`, `.saga.yml` or `.saga.json`, any folder but environments/); its
// steps use the collection's named connections and environments. Steps run in order; when one
// fails, the compensations of the steps that completed run in reverse order, and the run ends
// failed with the original error.
//
//   name: Place order
//   steps:
//     - id: createOrder
//       request: { connection: orders, pattern: order.create, data: { sku: "{{sku}}" } }
//       compensate: { connection: orders, pattern: order.cancel, data: { orderId: "{{steps.createOrder.response.id}}" } }
//     - id: charge
//       request: { connection: payments, pattern: payment.charge, data: { orderId: "{{steps.createOrder.response.id}}" }, timeoutMs: 2000 }
//       retry: { count: 2, backoffMs: 100, factor: 2, jitter: 0.2 }
//       compensate: { connection: payments, pattern: payment.refund, data: { orderId: "{{steps.createOrder.response.id}}" } }
//       compensateOnFailure: true      # a timed-out charge may have gone through
//     - id: confirmed
//       expect: { connection: events, event: order_confirmed, withinMs: 2000, match: [{ path: data.orderId, equals: "{{steps.createOrder.response.id}}" }] }
//
// `{{steps.<id>.response.<path>}}` reads a completed step's reply (an expect step's: the event,
// as {pattern, data, headers}); `{{steps.<id>.request.<path>}}` the message it sent, variables filled.
import { z } from 'zod';
import { assertionResultSchema, requestFileSchema } from './collection';
import { jsonDiffSchema } from './json-diff';
import { patternSchema } from './pattern';
import { attemptErrorSchema, attemptSchema, retryPolicySchema } from './retry';

export const SAGA_FILE_SUFFIXES = ['.saga.yaml', '.saga.yml', '.saga.json'] as const;

/** A saga file is told apart from a request file by its name alone, so the loader never has to guess from the content. */
export function isSagaFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return SAGA_FILE_SUFFIXES.some((suffix) => lower.endsWith(suffix) && lower.length > suffix.length);
}

/** `orders/place-order.saga.yaml` → `place-order`. */
export function sagaNameOfFile(fileName: string): string {
  const lower = fileName.toLowerCase();
  const suffix = SAGA_FILE_SUFFIXES.find((candidate) => lower.endsWith(candidate));
  const base = fileName.split('/').pop() ?? fileName;
  return suffix ? base.slice(0, base.length - suffix.length) : base;
}

// The retry policy is shared with ordinary requests (shared/retry.ts); re-exported for saga code.
export { retryPolicySchema, type RetryPolicy } from './retry';

/** A step's request: the fields of a request file, without those that only place a file in a collection, and without `retry` (a step retries by its own `retry`). */
export const sagaRequestSchema = requestFileSchema.omit({ name: true, order: true, description: true, retry: true });
export type SagaRequest = z.infer<typeof sagaRequestSchema>;

/** What undoes a completed step when a later one fails; retried by its own policy. */
export const sagaCompensationSchema = sagaRequestSchema.extend({ retry: retryPolicySchema.optional() }).strict();
export type SagaCompensation = z.infer<typeof sagaCompensationSchema>;

/** One condition on an awaited event: the value at `path` of {pattern, data, headers} equals `equals` (variables allowed). */
export const eventMatchSchema = z
  .object({
    path: z.string().min(1, 'A match needs a path into the event, e.g. path: data.orderId'),
    equals: z.json(),
  })
  .strict();
export type EventMatch = z.infer<typeof eventMatchSchema>;

/**
 * Waits for an event on a connection's broker: a Redis channel, a Kafka topic, or a RabbitMQ
 * exchange tap (the connection's target names the exchange). Its listener starts before the
 * saga's first step, so an event sent early is never missed; `withinMs` counts from when the
 * step is reached.
 */
export const sagaExpectSchema = z
  .object({
    connection: z.string().min(1, "An expect step names one of the collection's connections, e.g. connection: events"),
    /** The event's pattern: the Redis channel, the Kafka topic, or the pattern in a RabbitMQ message. */
    event: patternSchema,
    withinMs: z.number({ error: 'withinMs is how long to wait for the event, in milliseconds, e.g. withinMs: 2000' }).int().positive('withinMs is a positive number of milliseconds, e.g. withinMs: 2000'),
    match: z.array(eventMatchSchema).default([]),
  })
  .strict();
export type SagaExpect = z.infer<typeof sagaExpectSchema>;

/**
 * What a request step's reply was when it was recorded (a replay from the traffic log writes it):
 * its values (a stream has several), the error the service answered, or `event: true` for an
 * emit, which gets no reply. A run compares the actual reply with it and reports the differences
 * on the step (`diff`); a difference does not fail the step. A recorded error is the expected
 * answer: it does not fail the step either.
 */
export const sagaRecordedReplySchema = z.union([
  z.object({ values: z.array(z.json()) }).strict(),
  z.object({ error: z.json() }).strict(),
  z.object({ event: z.literal(true) }).strict(),
]);
export type SagaRecordedReply = z.infer<typeof sagaRecordedReplySchema>;

/** Volatile values a replay does not compare: a key (`id`, at any depth) or a dotted path (`data.items[*].createdAt`). */
const ignoreListSchema = z.array(z.string().trim().min(1, 'An ignore entry is a key or a path, e.g. ignore: [id, data.createdAt]'));

const STEP_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const sagaStepSchema = z
  .object({
    id: z.string().regex(STEP_ID, 'A step id starts with a letter or _ and holds letters, digits, _ or -, e.g. id: createOrder (later steps read {{steps.createOrder.response.id}})'),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    request: sagaRequestSchema.optional(),
    expect: sagaExpectSchema.optional(),
    compensate: sagaCompensationSchema.optional(),
    /**
     * Also compensate this step when it fails itself, not only when a later step fails: for a
     * step whose failure can leave effects behind (a payment that timed out after charging).
     * Its compensation then runs first. Not when it failed before anything could be sent (a
     * bad variable, no connection).
     */
    compensateOnFailure: z.boolean().optional(),
    retry: retryPolicySchema.optional(),
    recorded: sagaRecordedReplySchema.optional(),
    /** Added to the saga's `ignore` for this step's diff. */
    ignore: ignoreListSchema.optional(),
  })
  .strict()
  .superRefine((step, context) => {
    if ((step.request === undefined) === (step.expect === undefined)) {
      context.addIssue({
        code: 'custom',
        message: 'A step has exactly one of request (send or emit a message) or expect (wait for an event), e.g. request: { connection: orders, pattern: order.create }',
      });
    }
    if (step.expect !== undefined && step.compensate !== undefined) {
      context.addIssue({ code: 'custom', path: ['compensate'], message: 'An expect step only waits, so it has nothing to undo: put the compensation on the step whose request caused the event.' });
    }
    if (step.compensateOnFailure && step.compensate === undefined) {
      context.addIssue({ code: 'custom', path: ['compensateOnFailure'], message: 'compensateOnFailure needs a compensate: request to run.' });
    }
    if (step.expect !== undefined && step.retry !== undefined) {
      context.addIssue({ code: 'custom', path: ['retry'], message: 'An expect step waits up to withinMs instead of retrying: raise withinMs to wait longer.' });
    }
    if (step.expect !== undefined && step.recorded !== undefined) {
      context.addIssue({ code: 'custom', path: ['recorded'], message: 'recorded: is the reply of a request step; an expect step checks its event with match: instead.' });
    }
  });
export type SagaStep = z.infer<typeof sagaStepSchema>;

export const sagaFileSchema = z
  .object({
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    /** Volatile values no step's diff compares (see sagaRecordedReplySchema). */
    ignore: ignoreListSchema.optional(),
    steps: z.array(sagaStepSchema).min(1, 'A saga needs at least one step under steps:, e.g. - id: createOrder'),
  })
  .strict()
  .superRefine((saga, context) => {
    const seen = new Set<string>();
    saga.steps.forEach((step, index) => {
      if (seen.has(step.id)) context.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `Another step is also named "${step.id}". Step ids are unique: later steps read {{steps.<id>.response}} by them.` });
      seen.add(step.id);
    });
  });
export type SagaFile = z.infer<typeof sagaFileSchema>;

// ── runs ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Makes a step fail without touching the services, to exercise the compensations: `fail` (no
 * answer, e.g. the connection dropped), `timeout` (no answer in time) or `error` (the service
 * answered with an error, `message`). Nothing is sent for that step; every attempt fails, so
 * retries show too.
 */
export const sagaFailureInjectionSchema = z
  .object({
    step: z.string().min(1),
    mode: z.enum(['fail', 'timeout', 'error']),
    message: z.string().optional(),
  })
  .strict();
export type SagaFailureInjection = z.infer<typeof sagaFailureInjectionSchema>;

/**
 * Where an attempt broke: its variables (`prepare`), connecting, the send itself (no answer), the
 * service's error reply (`remote`), a capture, an assertion, an awaited event that did not come
 * (`expect`), a failure injected by the run, or the run being stopped.
 */
export const sagaErrorStages = ['prepare', 'connect', 'send', 'remote', 'capture', 'assert', 'expect', 'injected', 'stopped'] as const;
export type SagaErrorStage = (typeof sagaErrorStages)[number];

export const sagaErrorSchema = attemptErrorSchema.extend({ stage: z.enum(sagaErrorStages) });
export type SagaError = z.infer<typeof sagaErrorSchema>;

/** A step's or a compensation's attempt: shared/retry.ts's attempt, with where it broke and the step's assertions. */
export const sagaAttemptSchema = attemptSchema.extend({
  error: sagaErrorSchema.optional(),
  /** The assertions of a request step, when it had some. */
  assertions: z.array(assertionResultSchema).optional(),
});
export type SagaAttempt = z.infer<typeof sagaAttemptSchema>;

export const sagaCompensationReportSchema = z.object({
  status: z.enum(['completed', 'failed']),
  attempts: z.array(sagaAttemptSchema),
});
export type SagaCompensationReport = z.infer<typeof sagaCompensationReportSchema>;

/** What a request step sent, its variables filled. */
export const sagaSentMessageSchema = z.object({ pattern: z.json(), data: z.json(), headers: z.record(z.string(), z.string()).optional() });

export const sagaStepReportSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  kind: z.enum(['request', 'expect']),
  /** `skipped`: not reached, because an earlier step failed. */
  status: z.enum(['completed', 'failed', 'skipped']),
  attempts: z.array(sagaAttemptSchema),
  /** A request step's message as sent (by its last attempt). */
  request: sagaSentMessageSchema.optional(),
  /** The reply's last value, or for an expect step the event matched ({pattern, data, headers}). */
  response: z.json().optional(),
  /** Present when its compensation ran: it completed and a later step failed, or it failed itself with compensateOnFailure. */
  compensation: sagaCompensationReportSchema.optional(),
  /** A step with `recorded`: its last reply against the recording (paths into the reply value; `error.…` for error replies). */
  diff: jsonDiffSchema.optional(),
});
export type SagaStepReport = z.infer<typeof sagaStepReportSchema>;

export const sagaRunStatuses = ['completed', 'failed', 'compensation-failed'] as const;

export const sagaRunReportSchema = z.object({
  saga: z.string(),
  /** The saga's file, relative to the collection's root. */
  path: z.string(),
  collection: z.string(),
  environment: z.string().optional(),
  /** Epoch ms. */
  startedAt: z.number(),
  durationMs: z.number().min(0),
  /** `compensation-failed`: a step failed and at least one compensation failed too (the others still ran). */
  status: z.enum(sagaRunStatuses),
  /** The step that failed, and why: the original error, whatever the compensations did. */
  failedStep: z.string().optional(),
  error: sagaErrorSchema.optional(),
  injected: sagaFailureInjectionSchema.optional(),
  /** The steps whose compensations ran, in the order they ran: the failed step's first (with compensateOnFailure), then the completed ones in reverse. */
  compensated: z.array(z.string()),
  steps: z.array(sagaStepReportSchema),
  /** When some step has `recorded`: how many differences from the recording, all steps together. */
  differences: z.number().int().min(0).optional(),
});
export type SagaRunReport = z.infer<typeof sagaRunReportSchema>;

/** What a run reports as it goes, for live timelines; the report at the end has it all. */
export const sagaRunEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('attempt-started'), stepId: z.string(), phase: z.enum(['step', 'compensation']), attempt: z.number().int().min(1), startMs: z.number().min(0) }),
  z.object({ type: z.literal('attempt-finished'), stepId: z.string(), phase: z.enum(['step', 'compensation']), attempt: sagaAttemptSchema }),
  z.object({ type: z.literal('step-finished'), step: sagaStepReportSchema }),
  z.object({ type: z.literal('compensation-finished'), stepId: z.string(), compensation: sagaCompensationReportSchema }),
]);
export type SagaRunEvent = z.infer<typeof sagaRunEventSchema>;
