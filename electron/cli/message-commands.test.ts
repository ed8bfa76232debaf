import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../shared/result';
import { attemptLine, retryPolicyOf } from './message-commands';

describe('retryPolicyOf', () => {
  it('reads the retry flags into a policy, with the defaults for those left out', () => {
    expect(retryPolicyOf({})).toEqual(ok(undefined));
    expect(retryPolicyOf({ retries: 2 })).toEqual(ok({ count: 2, backoffMs: 0, factor: 1, jitter: 0 }));
    expect(retryPolicyOf({ retries: 3, retryBackoff: 100, retryFactor: 2, retryJitter: 0.2, retryMaxBackoff: 1_000 })).toEqual(ok({ count: 3, backoffMs: 100, factor: 2, jitter: 0.2, maxBackoffMs: 1_000 }));
  });

  it('asks for --retries when only the waits are given', () => {
    expect(retryPolicyOf({ retryBackoff: 100 })).toEqual(fail('usage', '--retry-backoff shapes the waits between retries: add --retries N to retry at all, e.g. --retries 2 --retry-backoff …'));
  });

  it('names the flag whose value is out of range', () => {
    expect(retryPolicyOf({ retries: 1, retryJitter: 2 })).toEqual(fail('usage', '--retry-jitter: jitter is a fraction from 0 to 1, e.g. jitter: 0.2 for ±20 %'));
    expect(retryPolicyOf({ retries: 1, retryFactor: 0.5 })).toEqual(fail('usage', '--retry-factor: factor multiplies the wait after each retry: 1 (the same wait) or more, e.g. factor: 2'));
  });
});

describe('attemptLine', () => {
  it('says how each attempt ended and when the next one goes', () => {
    expect(attemptLine({ attempt: 1, startMs: 0, durationMs: 12.4, status: 'failed', error: { code: 'timeout', message: 'Timed out after 50 ms.' }, retryInMs: 100 }, 3)).toBe(
      'attempt 1/3 failed in 12 ms: Timed out after 50 ms. — retrying in 100 ms',
    );
    expect(attemptLine({ attempt: 3, startMs: 250, durationMs: 3, status: 'failed', error: { code: 'remote-error', message: 'Payment service down' } }, 3)).toBe('attempt 3/3 failed in 3 ms: Payment service down');
    expect(attemptLine({ attempt: 2, startMs: 120, durationMs: 4.6, status: 'ok' }, 3)).toBe('attempt 2/3 answered in 5 ms');
  });
});
