import { describe, expect, it } from 'vitest';
import { countHandles, countTimers, fitLine, judgeMetric, judgeSoak, warmupEnd, type MetricSpec, type SoakSample } from './soak-verdict';

const MB = 1e6;

/** A sample every 30 s over an hour; the log fills at `fullAt` seconds; heap and handles as given. */
function run({ heap, handles = () => 20, fullAt = 120, seconds = 3_600 }: { heap: (atSeconds: number) => number; handles?: (atSeconds: number) => number; fullAt?: number; seconds?: number }): SoakSample[] {
  const samples: SoakSample[] = [];
  for (let atSeconds = 0; atSeconds <= seconds; atSeconds += 30) {
    samples.push({
      atSeconds,
      rssBytes: 200 * MB,
      heapUsedBytes: heap(atSeconds),
      heapTotalBytes: 120 * MB,
      externalBytes: 4 * MB,
      arrayBuffersBytes: 1 * MB,
      resources: { TCPSocketWrap: handles(atSeconds), Timeout: 50 + (atSeconds % 7) },
      openFds: 40,
      logEntries: Math.min(100_000, Math.round((atSeconds / fullAt) * 100_000)),
      logCapacity: 100_000,
      logEvicted: 0,
      logBodyBytes: 0,
      sent: atSeconds * 200,
    });
  }
  return samples;
}

const heapSpec = (maxGrowthPerHour: number, maxQuarterRatio: number): MetricSpec => ({ name: 'heap', unit: 'bytes', value: (sample) => sample.heapUsedBytes, tolerance: { kind: 'relative', maxGrowthPerHour, maxQuarterRatio } });

describe('fitLine', () => {
  it('recovers the slope and intercept of points on a line', () => {
    expect(fitLine([0, 1, 2, 3], [5, 7, 9, 11])).toEqual({ slope: 2, intercept: 5 });
  });

  it('fits the least-squares line through scattered points', () => {
    // Mean x 1.5, mean y 2.5; covariance 3.5 over variance 5.
    const line = fitLine([0, 1, 2, 3], [1, 3, 2, 4]);
    expect(line.slope).toBeCloseTo(0.8, 12);
    expect(line.intercept).toBeCloseTo(1.3, 12);
  });

  it('is flat through the mean when x does not vary', () => {
    expect(fitLine([4, 4, 4], [1, 2, 6])).toEqual({ slope: 0, intercept: 3 });
  });

  it('refuses series of different lengths', () => {
    expect(() => fitLine([1, 2], [1])).toThrow('fitLine needs as many x as y, and at least one (got 2 and 1)');
  });
});

describe('resource counts', () => {
  it('counts timers apart from sockets, servers and pipes', () => {
    const resources = { TCPSocketWrap: 5, TCPServerWrap: 2, PipeWrap: 3, Timeout: 40, Immediate: 1, FSReqCallback: 1 };
    expect(countHandles(resources)).toBe(11);
    expect(countTimers(resources)).toBe(41);
  });
});

describe('warmupEnd', () => {
  it('is 10% of the run when the log filled before that', () => {
    expect(warmupEnd(run({ heap: () => 80 * MB, fullAt: 120 }), 3_600)).toBe(360);
  });

  it('is the first sample with a full log when that comes later', () => {
    expect(warmupEnd(run({ heap: () => 80 * MB, fullAt: 600 }), 3_600)).toBe(600);
  });

  it('is undefined when the log never filled', () => {
    expect(warmupEnd(run({ heap: () => 80 * MB, fullAt: 10_000 }), 3_600)).toBeUndefined();
  });
});

describe('judgeMetric', () => {
  it('passes a flat series and reports its quarters, range and growth', () => {
    const steady = run({ heap: (at) => 80 * MB + (at % 60 === 0 ? 0.5 * MB : -0.5 * MB) }).filter((sample) => sample.atSeconds >= 360);
    const verdict = judgeMetric(heapSpec(0.05, 1.05), steady);
    expect(verdict).toMatchObject({ pass: true, reason: '', min: 79.5 * MB, max: 80.5 * MB });
    expect(verdict.quarterRatio).toBeCloseTo(1, 2);
    expect(Math.abs(verdict.growthPerHourRelative)).toBeLessThan(0.01);
  });

  it('fails a steady climb with its growth per hour and quarter ratio in the reason', () => {
    // 80 MB at the warm-up's end, +20 MB per hour after.
    const steady = run({ heap: (at) => 80 * MB + (at / 3_600) * 20 * MB }).filter((sample) => sample.atSeconds >= 360);
    const verdict = judgeMetric(heapSpec(0.05, 1.05), steady);
    expect(verdict.growthPerHour).toBeCloseTo(20 * MB, -3);
    expect(verdict.pass).toBe(false);
    // Steady from 6:00 to 60:00: mean 91 MB, so 20 MB/h is 22.0%/h; quarters of 27 samples average 84.2 and 97.8 MB.
    expect(verdict.reason).toBe('heap: grows 22.0%/h (allowed 5.0%/h); last quarter at 1.162× the first (allowed 1.05×)');
  });

  it('judges handles in units: one socket more for good is a leak, one that comes and goes is not', () => {
    const handleSpec: MetricSpec = { name: 'handles', unit: 'count', value: (sample) => countHandles(sample.resources), tolerance: { kind: 'absolute', maxGrowth: 1 } };
    const leaking = run({ heap: () => 80 * MB, handles: (at) => 20 + Math.floor(at / 900) }).filter((sample) => sample.atSeconds >= 360);
    const blip = run({ heap: () => 80 * MB, handles: (at) => (at === 1_800 ? 27 : 20) }).filter((sample) => sample.atSeconds >= 360);
    expect(judgeMetric(handleSpec, leaking)).toMatchObject({ pass: false, min: 20, max: 24 });
    expect(judgeMetric(handleSpec, leaking).reason).toBe('handles: fitted growth of 3.5 over the steady window (allowed 1); last quarter 2.7 above the first (allowed 1)');
    expect(judgeMetric(handleSpec, blip)).toMatchObject({ pass: true, min: 20, max: 27 });
  });
});

describe('judgeMetric with a floor', () => {
  const timerSpec: MetricSpec = { name: 'timers', unit: 'count', value: (sample) => countTimers(sample.resources), tolerance: { kind: 'floor', maxGrowth: 5 } };
  const withTimers = (timers: (atSeconds: number) => number) =>
    run({ heap: () => 80 * MB })
      .filter((sample) => sample.atSeconds >= 360)
      .map((sample) => ({ ...sample, resources: { TCPSocketWrap: 20, Timeout: timers(sample.atSeconds) } }));

  it('passes timers that burst with the load while their floor stays put', () => {
    // Every fourth sample in the last half catches 150 requests in flight.
    const verdict = judgeMetric(timerSpec, withTimers((at) => (at > 1_800 && at % 120 === 0 ? 170 : 20)));
    expect(verdict).toMatchObject({ pass: true, reason: '', firstQuarterMin: 20, lastQuarterMin: 20 });
    expect(verdict.quarterRatio).toBeGreaterThan(2);
  });

  it('fails timers whose floor rises: one left behind every minute', () => {
    const verdict = judgeMetric(timerSpec, withTimers((at) => 20 + Math.floor(at / 60)));
    expect(verdict.pass).toBe(false);
    expect(verdict.reason).toBe('timers: the lowest count rose from 26 in the first quarter to 67 in the last (allowed +5)');
  });
});

describe('judgeSoak', () => {
  it('passes an hour whose memory grows only while the log fills', () => {
    const samples = run({ heap: (at) => (at < 120 ? 40 * MB + (at / 120) * 40 * MB : 80 * MB), fullAt: 120 });
    const verdict = judgeSoak(samples, 3_600);
    expect(verdict).toMatchObject({ verdict: 'PASS', warmupEndsAtSeconds: 360, steadySamples: 109, reasons: [] });
    expect(verdict.metrics.map((metric) => metric.name)).toEqual(['heap used (after GC)', 'resident memory (RSS)', 'external memory (incl. array buffers)', 'handles (sockets, servers, pipes)', 'open file descriptors', 'timers']);
  });

  it('fails a leak and names the metric', () => {
    const verdict = judgeSoak(run({ heap: (at) => 80 * MB + (at / 3_600) * 40 * MB }), 3_600);
    expect(verdict.verdict).toBe('FAIL');
    expect(verdict.reasons).toEqual(['heap used (after GC): grows 39.2%/h (allowed 5.0%/h); last quarter at 1.309× the first (allowed 1.05×)']);
  });

  it('is inconclusive when the log never filled', () => {
    expect(judgeSoak(run({ heap: () => 80 * MB, fullAt: 10_000 }), 3_600)).toEqual({
      verdict: 'INCONCLUSIVE',
      warmupEndsAtSeconds: undefined,
      steadySamples: 0,
      metrics: [],
      reasons: ['the traffic log never filled, so the run never reached its steady state: run longer, or with a smaller --traffic-entries'],
    });
  });

  it('is inconclusive with too few samples after the warm-up', () => {
    const verdict = judgeSoak(run({ heap: () => 80 * MB, seconds: 240, fullAt: 60 }), 240);
    expect(verdict).toMatchObject({ verdict: 'INCONCLUSIVE', warmupEndsAtSeconds: 60, steadySamples: 7 });
    expect(verdict.reasons).toEqual(['only 7 samples after the warm-up (at least 8 needed): run longer, or sample more often with --sample-seconds']);
  });
});
