import { describe, expect, it } from 'vitest';
import { createWeightedPicker, startTrafficDriver, type SoakOp } from './soak-traffic';

describe('createWeightedPicker', () => {
  it('spreads picks by weight, interleaved rather than in runs', () => {
    const pick = createWeightedPicker([
      { name: 'a', weight: 5 },
      { name: 'b', weight: 1 },
      { name: 'c', weight: 1 },
    ]);
    expect(Array.from({ length: 7 }, () => pick().name).join('')).toBe('aabacaa');
  });

  it('gives fractional weights their share over a long run', () => {
    const pick = createWeightedPicker([
      { name: 'often', weight: 10 },
      { name: 'rare', weight: 0.2 },
    ]);
    const picks = Array.from({ length: 510 }, () => pick().name);
    expect(picks.filter((name) => name === 'rare')).toHaveLength(10);
  });

  it('refuses a set with no positive weight', () => {
    expect(() => createWeightedPicker([{ weight: 0 }])).toThrow('createWeightedPicker needs at least one item with a positive weight');
  });
});

describe('startTrafficDriver', () => {
  /** A clock and ticker the test moves by hand. */
  function manualScheduler() {
    let now = 0;
    let tick = () => {};
    return {
      scheduler: { now: () => now, every: (_intervalMs: number, onTick: () => void) => ((tick = onTick), () => (tick = () => {})) },
      advance(ms: number) {
        now += ms;
        tick();
      },
    };
  }

  it('starts ops at the rate, by weight, and counts how each ended', async () => {
    const { scheduler, advance } = manualScheduler();
    const pending: (() => void)[] = [];
    const ops: SoakOp[] = [
      { name: 'fast', weight: 3, run: async () => true },
      { name: 'failing', weight: 1, run: async () => Promise.reject(new Error('timed out after 10000 ms')) },
      { name: 'slow', weight: 1, run: () => new Promise<boolean>((resolve) => pending.push(() => resolve(true))) },
    ];
    const driver = startTrafficDriver({ ops, ratePerSecond: 10, maxInFlight: 10, scheduler });
    advance(500);
    advance(500);
    expect(driver.sent()).toBe(10);
    expect(pending).toHaveLength(2);
    pending.forEach((finish) => finish());
    await driver.stop();
    expect(driver.counts()).toEqual({
      fast: { ok: 6, failed: 0, skipped: 0 },
      failing: { ok: 0, failed: 2, skipped: 0, lastFailure: 'timed out after 10000 ms' },
      slow: { ok: 2, failed: 0, skipped: 0 },
    });
  });

  it('counts a slot as skipped when the bound is reached', async () => {
    const { scheduler, advance } = manualScheduler();
    const pending: (() => void)[] = [];
    const ops: SoakOp[] = [{ name: 'stuck', weight: 1, run: () => new Promise<boolean>((resolve) => pending.push(() => resolve(true))) }];
    const driver = startTrafficDriver({ ops, ratePerSecond: 10, maxInFlight: 3, scheduler });
    advance(1_000);
    expect(driver.counts()).toEqual({ stuck: { ok: 0, failed: 0, skipped: 7 } });
    expect(driver.sent()).toBe(3);
    pending.forEach((finish) => finish());
    await driver.stop();
    expect(driver.counts()).toEqual({ stuck: { ok: 3, failed: 0, skipped: 7 } });
  });
});
