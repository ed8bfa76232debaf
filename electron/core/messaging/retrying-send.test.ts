import { describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../../shared/contract';
import type { RequestAttempt, RetryPolicy } from '../../../shared/retry';
import { retryPolicySchema } from '../../../shared/retry';
import { attemptErrorOf, sendWithRetries, type RetryDeps } from './retrying-send';

const timeout: SendOutcome = { correlationId: '', status: 'failure', values: [], failure: { code: 'timeout', message: 'Timed out after 50 ms waiting for a reply to users.get.' }, totalMs: 50, replyBytes: 0, requestBytes: 20 };
const remoteError: SendOutcome = { correlationId: '', status: 'remote-error', values: [], remoteError: { status: 'error', message: 'No user 7' }, totalMs: 4, replyBytes: 30, requestBytes: 20 };
const breakerOpen: SendOutcome = { correlationId: '', status: 'failure', values: [], failure: { code: 'breaker-open', message: 'Breaker "users" is open.' }, totalMs: 0, replyBytes: 0, requestBytes: 0 };
const reply: SendOutcome = { correlationId: '', status: 'ok', values: [{ id: 7 }], totalMs: 3, replyBytes: 9, requestBytes: 20, firstReplyMs: 3 };
const empty: SendOutcome = { correlationId: '', status: 'empty', values: [], totalMs: 2, replyBytes: 0, requestBytes: 20 };

/**
 * A send answering the given outcomes in turn, each taking `sendMs` on a fake monotonic clock
 * that sleeping moves forward too; every wait asked for is kept.
 */
function harness(outcomes: SendOutcome[], { sendMs = 10, random = 0.5, signal }: { sendMs?: number; random?: number; signal?: AbortSignal } = {}) {
  let nowMs = 1_000;
  const sent: string[] = [];
  const sleeps: number[] = [];
  const send = async (request: string): Promise<SendOutcome> => {
    sent.push(request);
    const outcome = outcomes[Math.min(sent.length, outcomes.length) - 1] ?? reply;
    nowMs += sendMs;
    return { ...outcome, correlationId: `c${sent.length}` };
  };
  const deps: RetryDeps = {
    monotonicMs: () => nowMs,
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
      nowMs += ms;
    },
    ...(signal ? { signal } : {}),
  };
  return { send, deps, sent, sleeps };
}

const policy = (input: Partial<RetryPolicy> & { count: number }): RetryPolicy => retryPolicySchema.parse(input);

describe('sendWithRetries', () => {
  it('sends count + 1 times while every attempt fails, and returns the last outcome with each attempt', async () => {
    const { send, deps, sent, sleeps } = harness([timeout]);
    const outcome = await sendWithRetries(send, 'users.get', policy({ count: 2, backoffMs: 100 }), deps);
    expect(sent).toEqual(['users.get', 'users.get', 'users.get']);
    expect(sleeps).toEqual([100, 100]);
    expect(outcome.status).toBe('failure');
    expect(outcome.correlationId).toBe('c3');
    const error = { code: 'timeout', message: 'Timed out after 50 ms waiting for a reply to users.get.' };
    expect(outcome.attempts).toEqual<RequestAttempt[]>([
      { attempt: 1, startMs: 0, durationMs: 10, status: 'failed', error, correlationId: 'c1', retryInMs: 100 },
      { attempt: 2, startMs: 110, durationMs: 10, status: 'failed', error, correlationId: 'c2', retryInMs: 100 },
      { attempt: 3, startMs: 220, durationMs: 10, status: 'failed', error, correlationId: 'c3' },
    ]);
  });

  it('stops at the first reply', async () => {
    const { send, deps, sent } = harness([remoteError, reply, timeout]);
    const outcome = await sendWithRetries(send, 'users.get', policy({ count: 5, backoffMs: 20 }), deps);
    expect(sent).toHaveLength(2);
    expect(outcome).toEqual({
      ...reply,
      correlationId: 'c2',
      attempts: [
        { attempt: 1, startMs: 0, durationMs: 10, status: 'failed', error: { code: 'remote-error', message: 'No user 7' }, correlationId: 'c1', retryInMs: 20 },
        { attempt: 2, startMs: 30, durationMs: 10, status: 'ok', correlationId: 'c2' },
      ],
    });
  });

  it('does not retry a stream that completed without a value', async () => {
    const { send, deps, sent } = harness([empty, reply]);
    const outcome = await sendWithRetries(send, 'users.none', policy({ count: 3 }), deps);
    expect(sent).toHaveLength(1);
    expect(outcome.status).toBe('empty');
    expect(outcome.attempts).toEqual([{ attempt: 1, startMs: 0, durationMs: 10, status: 'ok', correlationId: 'c1' }]);
  });

  it('retries a breaker that rejected the send, after the wait', async () => {
    const { send, deps, sent } = harness([breakerOpen, reply]);
    const outcome = await sendWithRetries(send, 'users.get', policy({ count: 1, backoffMs: 500 }), deps);
    expect(sent).toHaveLength(2);
    expect(outcome.attempts.map((attempt) => [attempt.status, attempt.error?.code, attempt.retryInMs])).toEqual([
      ['failed', 'breaker-open', 500],
      ['ok', undefined, undefined],
    ]);
  });

  it('does not retry a request the transport refused as written', async () => {
    const invalid: SendOutcome = { ...timeout, failure: { code: 'unknown-method', message: 'users.Users has no method Gett.' } };
    const { send, deps, sent } = harness([invalid, reply]);
    const outcome = await sendWithRetries(send, 'users.Users/Gett', policy({ count: 3 }), deps);
    expect(sent).toHaveLength(1);
    expect(outcome.attempts).toEqual([{ attempt: 1, startMs: 0, durationMs: 10, status: 'failed', error: { code: 'unknown-method', message: 'users.Users has no method Gett.' }, correlationId: 'c1' }]);
  });

  it('sends once with count 0, listing that one attempt', async () => {
    const { send, deps, sleeps } = harness([timeout]);
    const outcome = await sendWithRetries(send, 'users.get', policy({ count: 0, backoffMs: 100 }), deps);
    expect(sleeps).toEqual([]);
    expect(outcome.attempts).toEqual([{ attempt: 1, startMs: 0, durationMs: 10, status: 'failed', error: { code: 'timeout', message: 'Timed out after 50 ms waiting for a reply to users.get.' }, correlationId: 'c1' }]);
  });

  it('multiplies the wait by the factor, up to the cap', async () => {
    const { send, deps, sleeps } = harness([timeout], { sendMs: 0 });
    const outcome = await sendWithRetries(send, 'users.get', policy({ count: 4, backoffMs: 100, factor: 2, maxBackoffMs: 300 }), deps);
    expect(sleeps).toEqual([100, 200, 300, 300]);
    expect(outcome.attempts.map((attempt) => attempt.startMs)).toEqual([0, 100, 300, 600, 900]);
  });

  it('moves each wait by the jitter as the random source says', async () => {
    const low = harness([timeout], { random: 0 });
    await sendWithRetries(low.send, 'users.get', policy({ count: 2, backoffMs: 100, factor: 2, jitter: 0.2 }), low.deps);
    expect(low.sleeps).toEqual([80, 160]);
    const high = harness([timeout], { random: 0.75 });
    await sendWithRetries(high.send, 'users.get', policy({ count: 2, backoffMs: 100, factor: 2, jitter: 0.2 }), high.deps);
    expect(high.sleeps).toEqual([110, 220]);
  });

  it('stops retrying when aborted during a wait, and promises no retry that never came', async () => {
    const abort = new AbortController();
    const { send, deps, sent } = harness([timeout]);
    deps.sleep = async () => abort.abort();
    const outcome = await sendWithRetries(send, 'users.get', policy({ count: 3, backoffMs: 1_000 }), { ...deps, signal: abort.signal });
    expect(sent).toHaveLength(1);
    expect(outcome.attempts).toEqual([{ attempt: 1, startMs: 0, durationMs: 10, status: 'failed', error: { code: 'timeout', message: 'Timed out after 50 ms waiting for a reply to users.get.' }, correlationId: 'c1' }]);
  });

  it('starts no retry once aborted, but lets the first attempt go out', async () => {
    const abort = new AbortController();
    abort.abort();
    const { send, deps, sent, sleeps } = harness([timeout], { signal: abort.signal });
    const outcome = await sendWithRetries(send, 'users.get', policy({ count: 3, backoffMs: 1_000 }), deps);
    expect(sent).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(outcome.attempts[0]?.retryInMs).toBeUndefined();
  });

  it('reports each attempt as it finishes, before waiting for the next', async () => {
    const seen: string[] = [];
    const { send, deps } = harness([timeout, reply]);
    const sleep = deps.sleep;
    deps.sleep = async (ms) => {
      seen.push(`sleep ${ms}`);
      await sleep(ms);
    };
    await sendWithRetries(send, 'users.get', policy({ count: 2, backoffMs: 40 }), { ...deps, onAttempt: (attempt) => seen.push(`attempt ${attempt.attempt} ${attempt.status}`) });
    expect(seen).toEqual(['attempt 1 failed', 'sleep 40', 'attempt 2 ok']);
  });
});

describe('attemptErrorOf', () => {
  it('names an error reply by its message, or as JSON when it has none', () => {
    expect(attemptErrorOf({ ...remoteError, remoteError: 'Forbidden' })).toEqual({ code: 'remote-error', message: 'Forbidden' });
    expect(attemptErrorOf({ ...remoteError, remoteError: { status: 'error', code: 7 } })).toEqual({ code: 'remote-error', message: '{"status":"error","code":7}' });
  });
});
