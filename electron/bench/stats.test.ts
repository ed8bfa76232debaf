import { describe, expect, it } from 'vitest';
import { formatMs, formatNumber, formatRatio, judge, median, medianRatio, shortfall } from './stats';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('refuses an empty list', () => {
    expect(() => median([])).toThrow('median of no values');
  });
});

describe('medianRatio', () => {
  it('is the median of the per-round ratios, not the ratio of medians', () => {
    // rounds: 2/1, 3/2, 10/2 → 2, 1.5, 5 → 2 (the ratio of medians would be 3/2 = 1.5)
    expect(medianRatio([2, 3, 10], [1, 2, 2])).toBe(2);
  });
});

describe('judge', () => {
  it('meets an at-least goal at the goal and misses below it', () => {
    expect(judge(1, { kind: 'at-least', value: 1 })).toBe('met');
    expect(judge(0.99, { kind: 'at-least', value: 1 })).toBe('missed');
  });
  it('meets an at-most goal at the goal and misses above it', () => {
    expect(judge(200, { kind: 'at-most', value: 200 })).toBe('met');
    expect(judge(201, { kind: 'at-most', value: 200 })).toBe('missed');
  });
  it('says not measured without a value', () => {
    expect(judge(undefined, { kind: 'at-most', value: 1 })).toBe('not measured');
  });
});

describe('formatting', () => {
  it('says how far a figure is from its goal', () => {
    expect(shortfall(0.88, { kind: 'at-least', value: 1 })).toBe('12% short');
    expect(shortfall(270, { kind: 'at-most', value: 200 })).toBe('1.35× the limit');
  });
  it('writes numbers, ratios and milliseconds', () => {
    expect(formatNumber(63_412.6)).toBe('63,413');
    expect(formatNumber(1.2345)).toBe('1.23');
    expect(formatRatio(1.056)).toBe('1.06×');
    expect([formatMs(0.0714), formatMs(2.345), formatMs(153.4)]).toEqual(['0.071 ms', '2.35 ms', '153 ms']);
  });
});
