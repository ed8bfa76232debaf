// Retries for ordinary requests (composer sends, collection requests), with the waits saga steps
// use (runner/retry-policy.ts). Each attempt is a whole send through the messenger: it has its own
// correlation id and traffic entries, and passes any circuit breaker on the way, so a breaker's
// rejection is a failure like any other and is tried again after the wait.
import type { SendOutcome } from '../../../shared/contract';
import type { AttemptError, RequestAttempt, RetryPolicy } from '../../../shared/retry';
import { retryDelayMs } from '../runner/retry-policy';

export type RetryDeps = {
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1): spreads the waits by the policy's jitter. */
  random: () => number;
  /** For attempt offsets and durations (DESIGN §4). */
  monotonicMs: () => number;
  /** Aborting stops retrying: the attempt in flight finishes, no further one starts. */
  signal?: AbortSignal;
  /** Each attempt as it finishes (the CLI prints them as they come). */
  onAttempt?: (attempt: RequestAttempt) => void;
};

export type RetriedOutcome = SendOutcome & { attempts: RequestAttempt[] };

/**
 * Sends until a reply comes (`ok`, or `empty`: the handler completed without a value), the
 * policy's retries are spent, or `signal` aborts. What is retried: local failures (timeout,
 * connection lost, not connected, breaker open) and the service's error replies; a retry may
 * meet a recovered service, a reconnected client or a half-open breaker. A request the transport
 * refused as written is not: sending it again cannot help. The outcome is the last attempt's,
 * with every attempt listed.
 */
export async function sendWithRetries<Request>(send: (request: Request) => Promise<SendOutcome>, request: Request, policy: RetryPolicy, deps: RetryDeps): Promise<RetriedOutcome> {
  const attempts: RequestAttempt[] = [];
  const firstStartMs = deps.monotonicMs();
  for (let number = 1; ; number++) {
    const startedMs = number === 1 ? firstStartMs : deps.monotonicMs();
    const outcome = await send(request);
    const finishedMs = deps.monotonicMs();
    const error = attemptErrorOf(outcome);
    const retryInMs = error && isRetryable(error) && number <= policy.count && !deps.signal?.aborted ? retryDelayMs(policy, number, deps.random) : undefined;
    const attempt: RequestAttempt = {
      attempt: number,
      startMs: hundredths(startedMs - firstStartMs),
      durationMs: hundredths(finishedMs - startedMs),
      status: error ? 'failed' : 'ok',
      ...(error ? { error } : {}),
      correlationId: outcome.correlationId,
      ...(retryInMs !== undefined ? { retryInMs } : {}),
    };
    attempts.push(attempt);
    deps.onAttempt?.(attempt);
    if (retryInMs === undefined) return { ...outcome, attempts };
    await deps.sleep(retryInMs, deps.signal);
    if (deps.signal?.aborted) {
      // Stopped while waiting: the timeline must not promise a retry that never came.
      delete attempt.retryInMs;
      return { ...outcome, attempts };
    }
  }
}

/** Failures of the request as written (a bad pattern or option, an unknown gRPC method): the same again fails the same. */
const REQUEST_FAILURES = new Set(['invalid-pattern', 'invalid-options', 'invalid-request', 'unknown-method', 'unsupported']);

export const isRetryable = (error: AttemptError): boolean => !REQUEST_FAILURES.has(error.code);

/** A hundredth of a millisecond is finer than any timeline shows. */
const hundredths = (ms: number) => Math.round(ms * 100) / 100;

/** Why an outcome counts as a failed attempt, or nothing when it answered. */
export function attemptErrorOf(outcome: SendOutcome): AttemptError | undefined {
  switch (outcome.status) {
    case 'ok':
    case 'empty':
      return undefined;
    case 'remote-error':
      return { code: 'remote-error', message: remoteErrorText(outcome.remoteError) };
    case 'failure':
      return outcome.failure ? { code: outcome.failure.code, message: outcome.failure.message } : { code: 'failure', message: 'The request failed without a reason.' };
  }
}

/** Nest's error replies are `{status: 'error', message}` objects or plain strings; anything else is shown as JSON. */
export function remoteErrorText(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  return JSON.stringify(error) ?? 'undefined';
}

