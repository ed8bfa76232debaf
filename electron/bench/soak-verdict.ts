// The soak's verdict from its samples: after a warm-up, does memory or the count of handles keep
// growing? A least-squares line through each series gives its growth per hour; the mean of the
// last quarter of the steady samples over the mean of the first quarter compares the run's end
// with its own warm state (the anchor, measured in the same run). Pure: the soak measures, this
// only judges.

/** One sample of the engine process. */
export type SoakSample = {
  /** Seconds since traffic started. */
  atSeconds: number;
  rssBytes: number;
  /** After a forced full GC, so it counts what is reachable rather than what is not yet collected. */
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  /** Used bytes per V8 heap space (old_space, code_space, large_object_space, …): where growth sits. */
  heapSpaces?: Record<string, number>;
  /** process.getActiveResourcesInfo() counted by type: sockets, servers, timers, pending requests. */
  resources: Record<string, number>;
  openFds: number;
  logEntries: number;
  logCapacity: number;
  logEvicted: number;
  /** Body text the log holds (previews and whole bodies kept), in bytes (UTF-16, as V8 keeps it). */
  logBodyBytes: number;
  /** Messages the drivers had sent by then (all kinds). */
  sent: number;
};

export type Line = { slope: number; intercept: number };

/** Least squares through the points; a flat line through the mean when x does not vary. */
export function fitLine(xs: readonly number[], ys: readonly number[]): Line {
  if (xs.length !== ys.length || xs.length === 0) throw new Error(`fitLine needs as many x as y, and at least one (got ${xs.length} and ${ys.length})`);
  const meanX = mean(xs);
  const meanY = mean(ys);
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < xs.length; index++) {
    covariance += (xs[index]! - meanX) * (ys[index]! - meanY);
    variance += (xs[index]! - meanX) ** 2;
  }
  const slope = variance === 0 ? 0 : covariance / variance;
  return { slope, intercept: meanY - slope * meanX };
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Timers come and go with the requests in flight; every other resource is a socket, server or pipe that should stay put. */
export const TIMER_RESOURCES = new Set(['Timeout', 'Immediate']);

export const countHandles = (resources: Record<string, number>) => Object.entries(resources).reduce((sum, [kind, count]) => (TIMER_RESOURCES.has(kind) ? sum : sum + count), 0);
export const countTimers = (resources: Record<string, number>) => Object.entries(resources).reduce((sum, [kind, count]) => (TIMER_RESOURCES.has(kind) ? sum + count : sum), 0);

/**
 * How much a series may grow once warm. `relative`: growth per hour and the last-quarter /
 * first-quarter ratio, as fractions of the warm mean (memory, where a few per cent is noise from
 * the allocator). `absolute`: growth over the whole steady window, fitted, and the difference of
 * the quarter means, in units (handles, where any lasting growth is a leak).
 */
export type Tolerance = { kind: 'relative'; maxGrowthPerHour: number; maxQuarterRatio: number } | { kind: 'absolute'; maxGrowth: number } | { kind: 'floor'; maxGrowth: number };

export type MetricSpec = { name: string; unit: 'bytes' | 'count'; value: (sample: SoakSample) => number; tolerance: Tolerance };

export const SOAK_METRICS: MetricSpec[] = [
  { name: 'heap used (after GC)', unit: 'bytes', value: (sample) => sample.heapUsedBytes, tolerance: { kind: 'relative', maxGrowthPerHour: 0.05, maxQuarterRatio: 1.05 } },
  { name: 'resident memory (RSS)', unit: 'bytes', value: (sample) => sample.rssBytes, tolerance: { kind: 'relative', maxGrowthPerHour: 0.1, maxQuarterRatio: 1.1 } },
  { name: 'external memory (incl. array buffers)', unit: 'bytes', value: (sample) => sample.externalBytes, tolerance: { kind: 'relative', maxGrowthPerHour: 0.1, maxQuarterRatio: 1.1 } },
  { name: 'handles (sockets, servers, pipes)', unit: 'count', value: (sample) => countHandles(sample.resources), tolerance: { kind: 'absolute', maxGrowth: 1 } },
  { name: 'open file descriptors', unit: 'count', value: (sample) => sample.openFds, tolerance: { kind: 'absolute', maxGrowth: 1 } },
  // A timer per request in flight: the count at an instant follows the load on the machine, so
  // its mean wanders; a leaked timer raises the floor, and the floor is what is judged.
  { name: 'timers', unit: 'count', value: (sample) => countTimers(sample.resources), tolerance: { kind: 'floor', maxGrowth: 5 } },
];

export type MetricVerdict = {
  name: string;
  unit: 'bytes' | 'count';
  firstQuarterMean: number;
  lastQuarterMean: number;
  /** The lowest value in the first and in the last quarter. */
  firstQuarterMin: number;
  lastQuarterMin: number;
  /** lastQuarterMean / firstQuarterMean. */
  quarterRatio: number;
  min: number;
  max: number;
  /** The fitted line's slope, per hour. */
  growthPerHour: number;
  /** growthPerHour over the steady mean. */
  growthPerHourRelative: number;
  /** The fitted growth from the first steady sample to the last. */
  growthOverWindow: number;
  tolerance: Tolerance;
  pass: boolean;
  /** Why it failed, with the numbers; empty when it passed. */
  reason: string;
};

export type SoakVerdict = {
  verdict: 'PASS' | 'FAIL' | 'INCONCLUSIVE';
  /** The first steady sample: after 10% of the run and once the log is full. */
  warmupEndsAtSeconds: number | undefined;
  steadySamples: number;
  metrics: MetricVerdict[];
  reasons: string[];
};

/** Fewer steady samples than this and a line says little. */
export const MIN_STEADY_SAMPLES = 8;

/** The warm-up ends at the later of 10% of the run and the first sample with a full log: before that, memory grows because the log fills. */
export function warmupEnd(samples: readonly SoakSample[], durationSeconds: number): number | undefined {
  const full = samples.find((sample) => sample.logEntries >= sample.logCapacity);
  if (!full) return undefined;
  return Math.max(durationSeconds * 0.1, full.atSeconds);
}

export function judgeMetric(spec: MetricSpec, steady: readonly SoakSample[]): MetricVerdict {
  const xs = steady.map((sample) => sample.atSeconds);
  const ys = steady.map(spec.value);
  const quarter = Math.max(1, Math.floor(steady.length / 4));
  const firstQuarterMean = mean(ys.slice(0, quarter));
  const lastQuarterMean = mean(ys.slice(-quarter));
  const firstQuarterMin = Math.min(...ys.slice(0, quarter));
  const lastQuarterMin = Math.min(...ys.slice(-quarter));
  const { slope } = fitLine(xs, ys);
  const growthPerHour = slope * 3_600;
  const steadyMean = mean(ys);
  const growthPerHourRelative = steadyMean === 0 ? 0 : growthPerHour / steadyMean;
  const growthOverWindow = slope * (xs.at(-1)! - xs[0]!);
  const quarterRatio = firstQuarterMean === 0 ? (lastQuarterMean === 0 ? 1 : Infinity) : lastQuarterMean / firstQuarterMean;
  const { tolerance } = spec;
  const problems: string[] = [];
  if (tolerance.kind === 'relative') {
    if (growthPerHourRelative > tolerance.maxGrowthPerHour) problems.push(`grows ${percent(growthPerHourRelative)}/h (allowed ${percent(tolerance.maxGrowthPerHour)}/h)`);
    if (quarterRatio > tolerance.maxQuarterRatio) problems.push(`last quarter at ${quarterRatio.toFixed(3)}× the first (allowed ${tolerance.maxQuarterRatio.toFixed(2)}×)`);
  } else if (tolerance.kind === 'floor') {
    if (lastQuarterMin - firstQuarterMin > tolerance.maxGrowth) problems.push(`the lowest count rose from ${firstQuarterMin} in the first quarter to ${lastQuarterMin} in the last (allowed +${tolerance.maxGrowth})`);
  } else {
    if (growthOverWindow > tolerance.maxGrowth) problems.push(`fitted growth of ${growthOverWindow.toFixed(1)} over the steady window (allowed ${tolerance.maxGrowth})`);
    if (lastQuarterMean - firstQuarterMean > tolerance.maxGrowth) problems.push(`last quarter ${(lastQuarterMean - firstQuarterMean).toFixed(1)} above the first (allowed ${tolerance.maxGrowth})`);
  }
  return {
    name: spec.name,
    unit: spec.unit,
    firstQuarterMean,
    lastQuarterMean,
    firstQuarterMin,
    lastQuarterMin,
    quarterRatio,
    min: Math.min(...ys),
    max: Math.max(...ys),
    growthPerHour,
    growthPerHourRelative,
    growthOverWindow,
    tolerance,
    pass: problems.length === 0,
    reason: problems.length === 0 ? '' : `${spec.name}: ${problems.join('; ')}`,
  };
}

export function judgeSoak(samples: readonly SoakSample[], durationSeconds: number, metrics: readonly MetricSpec[] = SOAK_METRICS): SoakVerdict {
  const warmupEndsAtSeconds = warmupEnd(samples, durationSeconds);
  if (warmupEndsAtSeconds === undefined) {
    return { verdict: 'INCONCLUSIVE', warmupEndsAtSeconds, steadySamples: 0, metrics: [], reasons: ['the traffic log never filled, so the run never reached its steady state: run longer, or with a smaller --traffic-entries'] };
  }
  const steady = samples.filter((sample) => sample.atSeconds >= warmupEndsAtSeconds);
  if (steady.length < MIN_STEADY_SAMPLES) {
    return { verdict: 'INCONCLUSIVE', warmupEndsAtSeconds, steadySamples: steady.length, metrics: [], reasons: [`only ${steady.length} samples after the warm-up (at least ${MIN_STEADY_SAMPLES} needed): run longer, or sample more often with --sample-seconds`] };
  }
  const verdicts = metrics.map((spec) => judgeMetric(spec, steady));
  const reasons = verdicts.filter((verdict) => !verdict.pass).map((verdict) => verdict.reason);
  return { verdict: reasons.length === 0 ? 'PASS' : 'FAIL', warmupEndsAtSeconds, steadySamples: steady.length, metrics: verdicts, reasons };
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
