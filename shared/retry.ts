// Retries: one policy for saga steps, composer sends and collection requests, and one record of
// each attempt, so a single timeline view shows the attempts of either.
import { z } from 'zod';

/**
 * Tries again after a failed attempt: `count` more attempts at most (so `count + 1` in all),
 * waiting `backoffMs × factor^(n-1)` before the n-th retry, capped by `maxBackoffMs`, moved by up
 * to ± `jitter` of itself (0.2: ±20 %) so retries from many clients spread out.
 */
export const retryPolicySchema = z
  .object({
    count: z.number().int('count is a whole number of retries, e.g. count: 2').min(0, 'count is 0 or more retries, e.g. count: 2').max(100, 'count is at most 100 retries'),
    backoffMs: z.number().int().min(0, 'backoffMs is 0 or more milliseconds, e.g. backoffMs: 100').default(0),
    factor: z.number().min(1, 'factor multiplies the wait after each retry: 1 (the same wait) or more, e.g. factor: 2').default(1),
    jitter: z.number().min(0, 'jitter is a fraction from 0 to 1, e.g. jitter: 0.2 for ±20 %').max(1, 'jitter is a fraction from 0 to 1, e.g. jitter: 0.2 for ±20 %').default(0),
    maxBackoffMs: z.number().int().positive('maxBackoffMs caps the wait: a positive number of milliseconds').optional(),
  })
  .strict();
export type RetryPolicy = z.infer<typeof retryPolicySchema>;
/** A policy as written (defaults not yet applied): what files and the contract's input carry. */
export type RetryPolicyInput = z.input<typeof retryPolicySchema>;

/** Why an attempt failed: a failure code (`timeout`, `connection-lost`, `breaker-open`, …) or `remote-error`, and the message to show. */
export const attemptErrorSchema = z.object({ code: z.string(), message: z.string() });
export type AttemptError = z.infer<typeof attemptErrorSchema>;

/**
 * One attempt at something that may be tried again: a request sent with a retry policy here, a
 * saga step or compensation in shared/saga.ts (`sagaAttemptSchema` extends this), so one timeline
 * shows the attempts of either.
 */
export const attemptSchema = z.object({
  /** 1 for the first attempt. */
  attempt: z.number().int().min(1),
  /** When it started, in ms since what it belongs to started (a request's first attempt, a saga run), by the monotonic clock. */
  startMs: z.number().min(0),
  durationMs: z.number().min(0),
  /** `ok`: a reply (or a stream that completed empty); `failed`: a remote error or no answer (or, for a saga step, a failed check). */
  status: z.enum(['ok', 'failed']),
  error: attemptErrorSchema.optional(),
  /** The wait before the next attempt, when there is one. */
  retryInMs: z.number().min(0).optional(),
});
export type Attempt = z.infer<typeof attemptSchema>;

/** One attempt of a request sent with a retry policy. */
export const requestAttemptSchema = attemptSchema.extend({
  /** The attempt's own request id: its entries in the traffic log carry it. */
  correlationId: z.string().optional(),
});
export type RequestAttempt = z.infer<typeof requestAttemptSchema>;

/** A policy in a few words, for summaries: `2 retries · 100 ms · ×2 · ±20 %`. */
export function describeRetryPolicy(policy: RetryPolicyInput): string {
  const count = policy.count;
  if (count === 0) return 'no retries';
  const parts = [`${count} ${count === 1 ? 'retry' : 'retries'}`];
  const backoffMs = policy.backoffMs ?? 0;
  if (backoffMs > 0) parts.push(`${backoffMs} ms`);
  if ((policy.factor ?? 1) !== 1) parts.push(`×${policy.factor}`);
  if ((policy.jitter ?? 0) > 0) parts.push(`±${Math.round((policy.jitter ?? 0) * 100)} %`);
  if (policy.maxBackoffMs !== undefined) parts.push(`≤ ${policy.maxBackoffMs} ms`);
  return parts.join(' · ');
}
