// Circuit breakers: opossum around the sends of a connection, or of one pattern on it, so a
// developer can watch a breaker open, reject, half-open and recover against a real (or mocked)
// service. Every send that matches goes through its breaker: composer sends, collection requests,
// saga steps and hammer runs. A service's error reply counts as a failure, as it would for a Nest
// client wrapping `firstValueFrom(client.send(...))` in opossum.
import { z } from 'zod';
import { patternSchema } from './pattern';

/** opossum's options, named with units; the defaults are opossum's own except `timeoutMs`. */
export const breakerOptionsSchema = z
  .object({
    /** A call slower than this counts as a timeout (a failure); opossum's `timeout`. */
    timeoutMs: z.number().int().positive('timeoutMs is a positive number of milliseconds, e.g. 3000').default(3_000),
    /** The breaker opens when at least this share of calls in the rolling window failed. */
    errorThresholdPercentage: z.number().min(1, 'errorThresholdPercentage is 1 to 100').max(100, 'errorThresholdPercentage is 1 to 100').default(50),
    /** How long it stays open before letting one trial call through (half-open). */
    resetTimeoutMs: z.number().int().positive('resetTimeoutMs is a positive number of milliseconds, e.g. 30000').default(30_000),
    /** Calls in the window before the threshold applies at all. */
    volumeThreshold: z.number().int().min(0, 'volumeThreshold is 0 or more calls').default(0),
    /** The rolling window the counts cover, split into `rollingCountBuckets` buckets. */
    rollingCountTimeoutMs: z.number().int().positive('rollingCountTimeoutMs is a positive number of milliseconds, e.g. 10000').default(10_000),
    rollingCountBuckets: z.number().int().positive('rollingCountBuckets is a positive whole number, e.g. 10').default(10),
    /** Answered instead of failing while the breaker rejects or a call fails; absent: the call fails. */
    fallback: z.json().optional(),
  })
  .strict()
  .refine((options) => options.rollingCountTimeoutMs % options.rollingCountBuckets === 0, {
    message: 'rollingCountTimeoutMs must divide evenly into rollingCountBuckets (opossum needs whole buckets), e.g. 10000 ms in 10 buckets',
    path: ['rollingCountBuckets'],
  });
export type BreakerOptions = z.infer<typeof breakerOptionsSchema>;

export const breakerStates = ['closed', 'open', 'half-open'] as const;
export const breakerStateSchema = z.enum(breakerStates);
export type BreakerState = z.infer<typeof breakerStateSchema>;

/** opossum's counters over the rolling window. */
export const breakerCountsSchema = z.object({
  fires: z.number().int(),
  successes: z.number().int(),
  failures: z.number().int(),
  timeouts: z.number().int(),
  rejects: z.number().int(),
  fallbacks: z.number().int(),
});
export type BreakerCounts = z.infer<typeof breakerCountsSchema>;

/** Why the state changed: the window's figures (`failed`), the reset timer, a trial call, or the user. */
export const breakerTransitionSchema = z.object({
  /** Epoch ms. */
  at: z.number(),
  from: breakerStateSchema,
  to: breakerStateSchema,
  reason: z.enum(['threshold', 'reset-timeout', 'trial-succeeded', 'trial-failed', 'tripped', 'reset']),
  /** A sentence for the log and the timeline, e.g. "3 of 5 calls failed (60 % ≥ 50 %)". */
  summary: z.string(),
});
export type BreakerTransition = z.infer<typeof breakerTransitionSchema>;

export const breakerInfoSchema = z.object({
  breakerId: z.string(),
  name: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  /** Nest-normalized; absent when the breaker covers every send of the connection. */
  pattern: z.string().optional(),
  options: breakerOptionsSchema,
  state: breakerStateSchema,
  counts: breakerCountsSchema,
  /** Latency over the rolling window, ms; absent before the first call. */
  latency: z.object({ meanMs: z.number(), p50Ms: z.number(), p90Ms: z.number(), p99Ms: z.number() }).optional(),
  /** The newest transitions, oldest first (at most BREAKER_TRANSITIONS_KEPT). */
  transitions: z.array(breakerTransitionSchema),
  /** The load run hammering it now. */
  hammerRunId: z.string().optional(),
});
export type BreakerInfo = z.infer<typeof breakerInfoSchema>;
export const BREAKER_TRANSITIONS_KEPT = 100;
export const BREAKER_STATS_INTERVAL_MS = 250;

/** What a breaker did to one send, on its outcome: let it through, answered the fallback, or rejected it. */
export const breakerVerdictSchema = z.object({
  breakerId: z.string(),
  name: z.string(),
  state: breakerStateSchema,
  result: z.enum(['passed', 'rejected', 'fallback']),
});
export type BreakerVerdict = z.infer<typeof breakerVerdictSchema>;

export const breakerScopeSchema = z.object({ connectionId: z.string(), pattern: patternSchema.optional() });
