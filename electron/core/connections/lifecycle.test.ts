import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StateSnapshot } from '../transports/transport';
import { backoffDelayMs, Lifecycle, LinkClosedError } from './lifecycle';

afterEach(() => vi.useRealTimers());

describe('lifecycle', () => {
  it('backs off exponentially from the initial delay up to the cap', () => {
    const policy = { initialDelayMs: 250, maxDelayMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelayMs(policy, attempt))).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('shows a link the peer closed cleanly as reconnecting with the transport\'s words, then ready again', async () => {
    vi.useFakeTimers();
    let opened = 0;
    const lifecycle = new Lifecycle<{ id: number }>({
      open: async () => ({ id: ++opened }),
      closeLink: () => {},
      explain: () => ({ retryable: true, message: 'explained by the transport' }),
      policy: { maxAttempts: Infinity, initialDelayMs: 100, maxDelayMs: 1_000 },
      now: () => 5_000,
    });
    const states: StateSnapshot[] = [];
    lifecycle.onStatus((status) => states.push(status));
    lifecycle.start();
    expect(await lifecycle.firstAttempt).toEqual({ ok: true, value: null });
    lifecycle.linkLost(new LinkClosedError('Redis at redis://127.0.0.1:6379 closed the connection (it stopped, restarted or dropped this client).'), lifecycle.current!);
    await vi.advanceTimersByTimeAsync(100);
    expect(states).toEqual([
      { state: 'ready' },
      { state: 'reconnecting', lastError: 'Redis at redis://127.0.0.1:6379 closed the connection (it stopped, restarted or dropped this client).', nextRetryAt: 5_100 },
      { state: 'ready' },
    ]);
    expect(lifecycle.current).toEqual({ id: 2 });
    lifecycle.close();
  });
});
