// Load runs: many requests of one pattern over one connection, like ghz but for every transport.
// Each request is measured; the run is summarized (throughput, percentiles, histogram, errors by
// kind) rather than written to the traffic log one entry per request.
import { z } from 'zod';
import { latencySummarySchema } from './latency';

export const loadPlanSchema = z
  .object({
    /** Requests in flight at once. */
    concurrency: z.number().int().min(1, 'Concurrency must be at least 1').max(10_000, 'Concurrency is at most 10,000'),
    /** Stop after this many requests… */
    requests: z.number().int().positive('Requests must be at least 1').optional(),
    /** …or after this long. Exactly one of the two. */
    durationMs: z.number().int().positive('Duration must be positive').optional(),
    /** At most this many requests started per second, spread evenly; unlimited when left out. */
    ratePerSecond: z.number().positive('Rate must be positive').optional(),
    /** Per-request timeout; a request that takes longer counts as a `timeout` error. */
    timeoutMs: z.number().int().positive().default(10_000),
    /** Requests sent first, at the same concurrency, and not counted: warms the JIT, the connection and the service. */
    warmupRequests: z.number().int().min(0, 'Warm-up requests cannot be negative').optional(),
  })
  .refine((plan) => (plan.requests === undefined) !== (plan.durationMs === undefined), { message: 'Give either a number of requests or a duration, not both' });
export type LoadPlan = z.infer<typeof loadPlanSchema>;

/** One progress sample, taken every `LOAD_PROGRESS_INTERVAL_MS`: what happened since the previous one. */
export const loadProgressSchema = z.object({
  runId: z.string(),
  elapsedMs: z.number(),
  completed: z.number().int(),
  errors: z.number().int(),
  /** Completed requests per second over the last interval. */
  throughputPerSecond: z.number(),
  /** Latency over the last interval (absent when nothing completed in it). */
  p50Ms: z.number().optional(),
  p99Ms: z.number().optional(),
});
export type LoadProgress = z.infer<typeof loadProgressSchema>;
export const LOAD_PROGRESS_INTERVAL_MS = 250;

export const loadReportSchema = z.object({
  runId: z.string(),
  /** `stopped`: ended by the user; `failed`: could not run (the connection went away); `failure` says why. */
  status: z.enum(['completed', 'stopped', 'failed']),
  failure: z.object({ code: z.string(), message: z.string() }).optional(),
  plan: z.object({ concurrency: z.number().int(), requests: z.number().int().optional(), durationMs: z.number().int().optional(), ratePerSecond: z.number().optional(), timeoutMs: z.number().int(), warmupRequests: z.number().int().optional() }),
  durationMs: z.number(),
  completed: z.number().int(),
  ok: z.number().int(),
  /** Requests that failed, by kind: `remote-error` (the service answered with an error), `timeout`, `connection-lost`, … */
  errorsByKind: z.record(z.string(), z.number().int()),
  throughputPerSecond: z.number(),
  /** Latency of every completed request, errors included. */
  latency: latencySummarySchema,
  /** The progress samples of the run, for the chart. */
  timeline: z.array(loadProgressSchema.omit({ runId: true })),
});
export type LoadReport = z.infer<typeof loadReportSchema>;
