import { describe, expect, it } from 'vitest';
import { dynamicValue, fillPlaceholders } from './placeholders';

function deps(randoms: number[] = []) {
  const queue = [...randoms];
  return { now: () => Date.UTC(2024, 0, 2, 3, 4, 5, 6), uuid: () => 'uuid-1', random: () => queue.shift() ?? 0 };
}

describe('fillPlaceholders', () => {
  it('makes nothing null alone and empty text inside', () => {
    expect(fillPlaceholders(['{{x}}', 'a{{x}}b'], () => ({ ok: true, value: undefined }))).toEqual({ ok: true, value: [null, 'ab'] });
  });
});

describe('dynamicValue', () => {
  it('draws $randomInt bounds in either order, both included', () => {
    expect([dynamicValue('$randomInt 6 1', deps([0])), dynamicValue('$randomInt -3 3', deps([0.999]))]).toEqual([1, 3]);
    expect(dynamicValue('$random', deps())).toBeUndefined();
  });
});
