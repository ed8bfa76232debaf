// Saga runs in the app (electron/core/sagas/): started from a collection's saga, watched live as
// `saga.event`, ended by `saga.finished`, and kept (the newest KEPT_SAGA_RUNS, across restarts)
// so they can be looked at again, compared side by side and re-run.
import { z } from 'zod';
import { failureSchema } from './result';
import { sagaFailureInjectionSchema, sagaFileSchema, sagaRunEventSchema, sagaRunReportSchema } from './saga';

/** Kept runs, at most; the oldest finished one goes first. */
export const KEPT_SAGA_RUNS = 100;

/** `error`: it could not start (an unknown environment, a saga file to fix, a missing secret): `failure` says why. */
export const keptSagaRunStatuses = ['running', 'completed', 'failed', 'compensation-failed', 'error'] as const;
export type KeptSagaRunStatus = (typeof keptSagaRunStatuses)[number];

/** What starts a run: the saga by its path in the collection, and what it runs with. */
export const sagaRunInputSchema = z.object({
  collectionId: z.string(),
  path: z.string().trim().min(1, 'Give the path of a saga file in the collection, e.g. place-order.saga.yaml'),
  environment: z.string().optional(),
  /** Override every other scope, like `--var`. */
  variables: z.record(z.string(), z.json()).optional(),
  inject: sagaFailureInjectionSchema.optional(),
});
export type SagaRunInput = z.infer<typeof sagaRunInputSchema>;

export const keptSagaRunSchema = z.object({
  runId: z.string(),
  collectionId: z.string(),
  /** The collection's name when it ran: kept runs outlive the collection being open. */
  collectionName: z.string(),
  /** The collection's folder: it finds a kept run's collection again after a restart, when the collection has another id. */
  collectionRoot: z.string(),
  /** The saga file, relative to the collection's root. */
  path: z.string(),
  /** The saga's name (its `name:`, else its file name). */
  saga: z.string(),
  environment: z.string().optional(),
  variables: z.record(z.string(), z.json()).optional(),
  inject: sagaFailureInjectionSchema.optional(),
  /** Epoch ms. */
  startedAt: z.number(),
  status: z.enum(keptSagaRunStatuses),
  report: sagaRunReportSchema.optional(),
  failure: failureSchema.optional(),
});
export type KeptSagaRun = z.infer<typeof keptSagaRunSchema>;

/** A saga file as the app shows it before running it. */
export const sagaDefinitionSchema = z.object({ path: z.string(), saga: sagaFileSchema });
export type SagaDefinition = z.infer<typeof sagaDefinitionSchema>;

export const sagaEventPayloadSchema = z.object({ runId: z.string(), collectionId: z.string(), path: z.string(), event: sagaRunEventSchema });
export const sagaFinishedPayloadSchema = z.object({ runId: z.string(), collectionId: z.string(), path: z.string(), report: sagaRunReportSchema.optional(), failure: failureSchema.optional() });
export type SagaFinishedPayload = z.infer<typeof sagaFinishedPayloadSchema>;
