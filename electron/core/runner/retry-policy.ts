// How long to wait before a retry: exponential backoff with jitter, written once for sagas and
// for requests that retry. Pure: the random source is passed in, so tests pin the waits; the
// real wait (`timerSleep`) is what runs pass in as their `sleep`.
import type { RetryPolicy } from '../../../shared/retry';

/**
 * The wait before retry number `retry` (1 for the first retry): `backoffMs × factor^(retry-1)`,
 * capped by `maxBackoffMs`, then moved by up to ± `jitter` of itself. `random` is uniform in
 * [0, 1): 0.5 gives the wait without jitter.
 */
export function retryDelayMs(policy: Pick<RetryPolicy, 'backoffMs' | 'factor' | 'jitter' | 'maxBackoffMs'>, retry: number, random: () => number): number {
  const exponential = policy.backoffMs * policy.factor ** Math.max(0, retry - 1);
  const capped = policy.maxBackoffMs === undefined ? exponential : Math.min(exponential, policy.maxBackoffMs);
  if (policy.jitter === 0) return Math.round(capped);
  // Spread the wait so many clients retrying the same failure do not hit the service together.
  return Math.max(0, Math.round(capped * (1 + policy.jitter * (2 * random() - 1))));
}

/** `sleep` for real runs and sends: resolves after `ms`, or as soon as `signal` aborts. */
export function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
