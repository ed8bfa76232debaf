import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-policy';

describe('retryDelayMs', () => {
  it('multiplies the wait by the factor after each retry, up to the cap', () => {
    const policy = { backoffMs: 100, factor: 2, jitter: 0, maxBackoffMs: 500 };
    expect([1, 2, 3, 4, 5].map((retry) => retryDelayMs(policy, retry, () => 0.9))).toEqual([100, 200, 400, 500, 500]);
  });

  it('waits the same each time with factor 1 and no cap', () => {
    expect([1, 2, 3].map((retry) => retryDelayMs({ backoffMs: 50, factor: 1, jitter: 0 }, retry, () => 0))).toEqual([50, 50, 50]);
  });

  it('moves the wait by up to ± jitter of itself, as the random source says', () => {
    const policy = { backoffMs: 1000, factor: 1, jitter: 0.2 };
    expect([0, 0.25, 0.5, 0.75].map((random) => retryDelayMs(policy, 1, () => random))).toEqual([800, 900, 1000, 1100]);
  });
});
