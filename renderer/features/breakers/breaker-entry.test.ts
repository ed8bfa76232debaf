import { describe, expect, it } from 'vitest';
import { breakerEntryText, breakerTransitionOf, isBreakerRejection } from './breaker-entry';

const transition = { at: 1_000, from: 'closed', to: 'open', reason: 'threshold', summary: '4 of 4 calls failed (100 % ≥ 50 %)' } as const;

describe('breaker traffic entries', () => {
  it('reads the transition of a breaker entry and says it as a change and a summary', () => {
    const entry = { kind: 'breaker' as const, bodyPreview: JSON.stringify(transition) };
    expect(breakerTransitionOf(entry)).toEqual(transition);
    expect(breakerEntryText(entry)).toBe('closed → open: 4 of 4 calls failed (100 % ≥ 50 %)');
  });

  it('leaves other entries and unreadable bodies alone', () => {
    expect(breakerEntryText({ kind: 'reply', bodyPreview: JSON.stringify(transition) })).toBeUndefined();
    expect(breakerEntryText({ kind: 'breaker', bodyPreview: '{"at":1' })).toBeUndefined();
  });

  it('tells a rejection from other failures', () => {
    expect(isBreakerRejection({ kind: 'failure', failureCode: 'breaker-open' })).toBe(true);
    expect(isBreakerRejection({ kind: 'failure', failureCode: 'timeout' })).toBe(false);
  });
});
