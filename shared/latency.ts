// A latency distribution as every view shows it: the traffic statistics per pattern and the load
// runner's report use the same summary, so the same numbers mean the same thing everywhere.
import { z } from 'zod';

export const latencyHistogramSchema = z.object({
  /** Upper bound of each bucket in ms (ascending); a sample lands in the first bucket whose bound is ≥ it. The last bound is the max. */
  upperBoundsMs: z.array(z.number()),
  counts: z.array(z.number().int()),
});
export type LatencyHistogram = z.infer<typeof latencyHistogramSchema>;

export const latencySummarySchema = z.object({
  count: z.number().int(),
  minMs: z.number(),
  meanMs: z.number(),
  p50Ms: z.number(),
  p90Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  histogram: latencyHistogramSchema,
});
export type LatencySummary = z.infer<typeof latencySummarySchema>;
