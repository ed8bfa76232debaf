import { describe, expect, it } from 'vitest';
import { createLatencyRecorder, summarizeLatencies } from './latency-recorder';

describe('latency recorder', () => {
  it('has no summary before the first sample', () => {
    expect(createLatencyRecorder().summary()).toBeUndefined();
  });

  it('gives percentiles within 0.1 % and exact min, mean and max', () => {
    const samples = Array.from({ length: 1_000 }, (_, i) => (i + 1) / 10); // 0.1 … 100 ms
    const summary = summarizeLatencies(samples)!;
    expect(summary.count).toBe(1_000);
    expect(summary.minMs).toBe(0.1);
    expect(summary.maxMs).toBe(100);
    expect(summary.meanMs).toBeCloseTo(50.05, 10);
    expect(summary.p50Ms).toBeCloseTo(50, 1);
    expect(summary.p90Ms).toBeCloseTo(90, 1);
    expect(summary.p99Ms).toBeCloseTo(99, 1);
  });

  it('counts samples in 1-2-5 display buckets from the first used to the last, the last bounded by the max', () => {
    const summary = summarizeLatencies([0.3, 0.4, 1, 1.5, 7, 70_000])!;
    expect(summary.histogram.upperBoundsMs).toEqual([0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 70_000]);
    expect(summary.histogram.counts).toEqual([2, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('starts over on reset', () => {
    const recorder = createLatencyRecorder();
    recorder.record(5);
    recorder.reset();
    recorder.record(2);
    expect(recorder.summary()).toMatchObject({ count: 1, minMs: 2, maxMs: 2, p50Ms: 2 });
  });
});
