// One circuit breaker: opossum's CircuitBreaker around "one attempt" (a send, or a hammer's
// request), with what opossum does not keep itself: the transitions and why they happened, the
// moment it opened (for "lets a trial call through in 1.2 s"), and a verdict per call. Thresholds,
// windows, timers and percentiles are opossum's own; this only listens and reports.
import CircuitBreaker from 'opossum';
import type { BreakerCounts, BreakerInfo, BreakerOptions, BreakerState, BreakerTransition } from '../../../shared/breaker';
import { BREAKER_TRANSITIONS_KEPT } from '../../../shared/breaker';
import type { Failure } from '../../../shared/result';

/** What the breaker did with one attempt. `value` is the attempt's result whenever it ran (also under a fallback). */
export type Guarded<T> =
  | { verdict: 'passed'; value: T }
  | { verdict: 'fallback'; fallback: unknown; value?: T }
  | { verdict: 'rejected'; failure: Failure };

/**
 * An attempt never throws for an expected failure: it returns its result, and `failed` says
 * whether opossum should count it as a failure (a remote error, a timeout, a lost connection).
 * `cutoff` aborts with a Failure when opossum's own timeout passes first.
 */
export type Attempt<T> = (cutoff: AbortSignal) => Promise<T>;

export type BreakerSpec = {
  breakerId: string;
  name: string;
  connectionId: string;
  /** The pattern as the user gave it (the hammer sends it), and Nest-normalized (for matching and the log). */
  pattern?: { raw: unknown; routed: string };
  options: BreakerOptions;
};

export type BreakerEvents = {
  /** Epoch ms. */
  now: () => number;
  onTransition: (transition: BreakerTransition) => void;
  /** A count changed (a call, or the rolling window moved on). */
  onCountsChanged: () => void;
};

export interface Breaker {
  readonly breakerId: string;
  readonly name: string;
  readonly connectionId: string;
  readonly pattern?: { raw: unknown; routed: string };
  readonly options: BreakerOptions;
  readonly state: BreakerState;
  hammerRunId?: string;
  run<T>(attempt: Attempt<T>, failed: (value: T) => boolean): Promise<Guarded<T>>;
  /** opossum's open(): rejects until the reset timeout lets a trial call through, or until reset. */
  trip(): void;
  /** opossum's close(), then an empty window. */
  reset(): void;
  /** New options: a new opossum breaker, closed, with an empty window. */
  update(options: BreakerOptions): void;
  counts(): BreakerCounts;
  info(connectionName: string): BreakerInfo;
  /** Stops opossum's timers; calls in flight finish unguarded. */
  shutdown(): void;
}

/** The attempt ran and failed: opossum counts a failure; the caller still gets the attempt's result. */
class FailedAttempt<T> extends Error {
  constructor(readonly value: T) {
    super('the call failed');
  }
}
/** opossum's fallback answer, so a resolved fire() tells a fallback from a real reply. */
class FallbackAnswer {
  constructor(readonly cause: unknown) {}
}

const codeOf = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);

type Action = () => Promise<unknown>;

export function createBreaker(spec: BreakerSpec, events: BreakerEvents): Breaker {
  const { breakerId, name, connectionId, pattern } = spec;
  let options = spec.options;
  let circuit: CircuitBreaker<[Action], unknown>;
  let state: BreakerState = 'closed';
  const transitions: BreakerTransition[] = [];
  /** Set just before our own open()/close() so the transition says it was the user. */
  let manual: { reason: 'tripped' | 'reset'; summary: string } | undefined;
  let openedAt = 0;
  /** Why it is open, for the rejection message: "3 of 5 calls failed". */
  let openCause = '';
  let hammerRunId: string | undefined;

  function transition(to: BreakerState, reason: BreakerTransition['reason'], summary: string): void {
    const entry: BreakerTransition = { at: events.now(), from: state, to, reason, summary };
    state = to;
    transitions.push(entry);
    if (transitions.length > BREAKER_TRANSITIONS_KEPT) transitions.splice(0, transitions.length - BREAKER_TRANSITIONS_KEPT);
    events.onTransition(entry);
  }

  function build(): CircuitBreaker<[Action], unknown> {
    const built = new CircuitBreaker<[Action], unknown>((action) => action(), {
      name,
      timeout: options.timeoutMs,
      errorThresholdPercentage: options.errorThresholdPercentage,
      resetTimeout: options.resetTimeoutMs,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.rollingCountTimeoutMs,
      rollingCountBuckets: options.rollingCountBuckets,
    });
    if (options.fallback !== undefined) built.fallback((...args: unknown[]) => new FallbackAnswer(args.at(-1)));

    built.on('open', () => {
      openedAt = events.now();
      if (manual) {
        openCause = 'it was tripped by hand';
        transition('open', manual.reason, manual.summary);
      } else if (state === 'half-open') {
        openCause = 'its trial call failed';
        transition('open', 'trial-failed', `trial call failed: open again for ${options.resetTimeoutMs} ms`);
      } else {
        // opossum opens inside its failure handler, so its stats are the figures it decided on.
        const { failures, fires } = built.stats;
        const percentage = Number(((failures / fires) * 100).toFixed(1));
        openCause = `${failures} of ${fires} calls failed`;
        transition('open', 'threshold', `${openCause} (${percentage} % > ${options.errorThresholdPercentage} %)`);
      }
    });
    built.on('halfOpen', () => transition('half-open', 'reset-timeout', `reset timeout of ${options.resetTimeoutMs} ms passed: one trial call goes through`));
    built.on('close', () => {
      if (manual) transition('closed', manual.reason, manual.summary);
      else transition('closed', 'trial-succeeded', 'trial call succeeded');
    });
    const changed = () => events.onCountsChanged();
    built.on('fire', changed).on('success', changed).on('failure', changed).on('timeout', changed).on('reject', changed).on('fallback', changed);
    // The window rolls on without calls: counts fall as old buckets drop out (opossum's own snapshot timer).
    let lastCounts = JSON.stringify(countsOf(built.stats));
    built.status.on('snapshot', (stats) => {
      const counts = JSON.stringify(countsOf(stats));
      if (counts !== lastCounts) events.onCountsChanged();
      lastCounts = counts;
    });
    return built;
  }

  function byHand(reason: 'tripped' | 'reset', summary: string, act: () => void): void {
    manual = { reason, summary };
    try {
      act();
    } finally {
      manual = undefined;
    }
  }

  /** A fresh opossum breaker (closed, empty window), recording the step to closed if it was not. */
  function rebuild(summary: string): void {
    const old = circuit;
    if (state !== 'closed') byHand('reset', summary, () => old.close());
    old.shutdown();
    circuit = build();
  }

  function rejection(): Failure {
    if (state === 'half-open') {
      return {
        code: 'breaker-open',
        message: `Circuit breaker "${name}" is half-open: its trial call is under way, and other calls are rejected until it succeeds. Wait for it, or reset the breaker to send now.`,
      };
    }
    const leftSeconds = (Math.max(0, openedAt + options.resetTimeoutMs - events.now()) / 1_000).toFixed(1);
    return { code: 'breaker-open', message: `Circuit breaker "${name}" is open: ${openCause}; it lets a trial call through in ${leftSeconds} s. Reset it to send now.` };
  }

  function timeoutFailure(): Failure {
    return {
      code: 'timeout',
      message: `Timed out after ${options.timeoutMs} ms: circuit breaker "${name}" allows ${options.timeoutMs} ms per call and counts slower ones as failures. Raise its timeout to wait longer.`,
    };
  }

  circuit = build();

  return {
    breakerId,
    name,
    connectionId,
    pattern,
    get options() {
      return options;
    },
    get state() {
      return state;
    },
    get hammerRunId() {
      return hammerRunId;
    },
    set hammerRunId(runId) {
      hammerRunId = runId;
    },
    async run<T>(attempt: Attempt<T>, failed: (value: T) => boolean): Promise<Guarded<T>> {
      const cutoff = new AbortController();
      let attempted: Promise<T> | undefined;
      const action = async () => {
        attempted = attempt(cutoff.signal);
        const value = await attempted;
        if (failed(value)) throw new FailedAttempt(value);
        return value;
      };
      const breaker = circuit;
      let settled: unknown;
      let error: unknown;
      try {
        settled = await breaker.fire(action);
      } catch (caught) {
        error = caught;
      }
      const cause = settled instanceof FallbackAnswer ? settled.cause : error;
      // opossum answered (timeout error or fallback) without waiting: stop the attempt, and let it finish saying why.
      if (codeOf(cause) === 'ETIMEDOUT') cutoff.abort(timeoutFailure());
      const value = attempted === undefined ? undefined : await attempted;
      if (settled instanceof FallbackAnswer) return attempted === undefined ? { verdict: 'fallback', fallback: options.fallback } : { verdict: 'fallback', fallback: options.fallback, value: value as T };
      if (error === undefined) return { verdict: 'passed', value: settled as T };
      if (attempted !== undefined && (error instanceof FailedAttempt || codeOf(error) === 'ETIMEDOUT')) return { verdict: 'passed', value: value as T };
      if (codeOf(error) === 'EOPENBREAKER') return { verdict: 'rejected', failure: rejection() };
      // Shut down under the call (the breaker was deleted or updated meanwhile): the call goes unguarded.
      if (codeOf(error) === 'ESHUTDOWN') return { verdict: 'passed', value: await attempt(cutoff.signal) };
      throw error;
    },
    trip() {
      byHand('tripped', 'tripped by hand', () => circuit.open());
    },
    reset() {
      rebuild('reset by hand');
    },
    update(next) {
      options = next;
      rebuild('options changed: starts again closed');
    },
    counts: () => countsOf(circuit.stats),
    info(connectionName) {
      const stats = circuit.stats;
      const latency =
        stats.latencyTimes.length > 0 ? { meanMs: round(stats.latencyMean), p50Ms: stats.percentiles[0.5] ?? 0, p90Ms: stats.percentiles[0.9] ?? 0, p99Ms: stats.percentiles[0.99] ?? 0 } : undefined;
      return {
        breakerId,
        name,
        connectionId,
        connectionName,
        ...(pattern ? { pattern: pattern.routed } : {}),
        options,
        state,
        counts: countsOf(stats),
        ...(latency ? { latency } : {}),
        transitions: [...transitions],
        ...(hammerRunId ? { hammerRunId } : {}),
      };
    },
    shutdown() {
      circuit.shutdown();
    },
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function countsOf(stats: CircuitBreaker.Stats): BreakerCounts {
  return { fires: stats.fires, successes: stats.successes, failures: stats.failures, timeouts: stats.timeouts, rejects: stats.rejects, fallbacks: stats.fallbacks };
}
