import { describe, expect, it } from 'vitest';
import type { BreakerTransition } from '../../../shared/breaker';
import { describeTimeline, stateNote, stateTimeline } from './breaker-timeline';

const options = { timeoutMs: 3_000, errorThresholdPercentage: 50, resetTimeoutMs: 1_500, volumeThreshold: 4, rollingCountTimeoutMs: 10_000, rollingCountBuckets: 10 };
const cycle: BreakerTransition[] = [
  { at: 10_000, from: 'closed', to: 'open', reason: 'threshold', summary: '4 of 4 calls failed (100 % ≥ 50 %)' },
  { at: 11_500, from: 'open', to: 'half-open', reason: 'reset-timeout', summary: 'Reset timeout of 1,500 ms passed' },
  { at: 12_000, from: 'half-open', to: 'closed', reason: 'trial-succeeded', summary: 'The trial call succeeded' },
];

describe('breaker timeline', () => {
  it('spans the state before the first transition, then each state until now', () => {
    expect(stateTimeline(cycle, 'closed', 15_000)).toEqual({
      startMs: 8_000,
      endMs: 15_000,
      spans: [
        { state: 'closed', startMs: 8_000, endMs: 10_000 },
        { state: 'open', startMs: 10_000, endMs: 11_500 },
        { state: 'half-open', startMs: 11_500, endMs: 12_000 },
        { state: 'closed', startMs: 12_000, endMs: 15_000 },
      ],
    });
  });

  it('shows one span of the current state before any transition, and never ends before the last mark', () => {
    expect(stateTimeline([], 'closed', 100_000)).toEqual({ startMs: 40_000, endMs: 100_000, spans: [{ state: 'closed', startMs: 40_000, endMs: 100_000 }] });
    expect(stateTimeline(cycle.slice(0, 1), 'open', 9_000).endMs).toBe(10_000);
  });

  it('says the strip in words', () => {
    expect(describeTimeline(stateTimeline(cycle, 'closed', 15_000))).toBe('State over time: closed 2.0 s, then open 1.5 s, then half-open 500 ms, then closed 3.0 s');
  });

  it('counts down to half-open, a tripped breaker too', () => {
    expect(stateNote({ state: 'open', transitions: cycle.slice(0, 1), options }, 10_300)).toBe('Rejecting calls · half-opens in 1.2 s');
    expect(stateNote({ state: 'open', transitions: [{ ...cycle[0]!, reason: 'tripped', summary: 'Tripped by hand' }], options }, 11_000)).toBe('Tripped by hand: rejecting calls · half-opens in 500 ms');
    expect(stateNote({ state: 'closed', transitions: [], options }, 0)).toBe('Letting calls through since it was created');
    expect(stateNote({ state: 'closed', transitions: cycle, options }, 72_000)).toBe('Letting calls through for 1 min 0 s');
  });
});
