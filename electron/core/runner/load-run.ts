// One load run: the same request sent over and over through a connection's TransportClient,
// `concurrency` at a time, measured and summarized. It talks to the client directly (not through
// the messenger): tens of thousands of requests a second must not flood the traffic log, and the
// loop must stay cheaper than the Nest ClientProxy it is benchmarked against. So the hot path holds
// no zod, no RxJS, no timer or AbortSignal per request: one sweeping timer enforces timeouts, and
// each in-flight slot reuses its AbortController until a timeout spends it.
import type { MessageOptions } from '../../../shared/contract';
import type { LoadPlan, LoadProgress, LoadReport } from '../../../shared/load';
import { LOAD_PROGRESS_INTERVAL_MS } from '../../../shared/load';
import type { Failure, Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { createLatencyRecorder } from '../metrics/latency-recorder';
import type { StateSnapshot, TransportClient } from '../transports/transport';

/** Runs `task` once after `delayMs`; the returned function cancels it. */
export type Scheduler = { after(delayMs: number, task: () => void): () => void };

export const timerScheduler: Scheduler = {
  after(delayMs, task) {
    const timer = setTimeout(task, delayMs);
    return () => clearTimeout(timer);
  },
};

/** What a run sends through: a connection's client, or something wrapped around it (a circuit breaker's hammer). */
export type LoadClient = Pick<TransportClient, 'send' | 'status' | 'onStatus'>;

export type LoadRunSpec = {
  client: LoadClient;
  pattern: unknown;
  data: unknown;
  options?: MessageOptions;
  plan: LoadPlan;
};

export type LoadRunDeps = {
  runId: string;
  /** Monotonic milliseconds (performance.now in production). */
  monotonicMs: () => number;
  scheduler: Scheduler;
  /** Prefix of the run's correlation ids; a counter follows it, so ids stay unique without randomness per request. */
  correlationPrefix: string;
  onProgress: (progress: LoadProgress) => void;
};

export interface LoadRun {
  readonly runId: string;
  /** Ends the run early (status `stopped`); requests in flight are abandoned, not counted. */
  stop(): void;
  /** The report, once the run has ended whatever the way. */
  readonly finished: Promise<LoadReport>;
}

/** An in-flight place: at most `concurrency` of them exist. */
type Slot = { controller: AbortController; startedAtMs: number; busy: boolean; timedOut: boolean };

const OK = 'ok';
const ABANDONED = 'abandoned';

export function startLoadRun(spec: LoadRunSpec, deps: LoadRunDeps): Result<LoadRun> {
  const { client, pattern, data, options, plan } = spec;
  const { runId, monotonicMs, scheduler, correlationPrefix, onProgress } = deps;
  if (client.status.state !== 'ready') {
    return fail('not-connected', `The connection is ${client.status.state}, so the load run cannot start. Wait until it is ready (or reopen it), then start again.`);
  }

  const requestLimit = plan.requests ?? Infinity;
  const startSpacingMs = plan.ratePerSecond ? 1_000 / plan.ratePerSecond : 0;
  const timeoutMs = plan.timeoutMs;
  const slots: Slot[] = Array.from({ length: plan.concurrency }, () => ({ controller: new AbortController(), startedAtMs: 0, busy: false, timedOut: false }));
  const freeSlots: Slot[] = [...slots].reverse();

  const total = createLatencyRecorder();
  const interval = createLatencyRecorder();
  const errorsByKind: Record<string, number> = {};
  const timeline: LoadReport['timeline'] = [];
  let started = 0;
  let completed = 0;
  let okCount = 0;
  let intervalCompleted = 0;
  let intervalErrors = 0;
  let lastSampleMs = 0;
  let ended = false;
  const cancels: (() => void)[] = [];
  let cancelPacer: (() => void) | undefined;
  let resolveFinished!: (report: LoadReport) => void;
  const finished = new Promise<LoadReport>((resolve) => (resolveFinished = resolve));
  const startedAtMs = monotonicMs();

  function pump(): void {
    while (!ended && freeSlots.length > 0 && started < requestLimit) {
      if (startSpacingMs > 0) {
        // Open model: start i is due at i × spacing from the start, whatever earlier replies did.
        const waitMs = startedAtMs + started * startSpacingMs - monotonicMs();
        if (waitMs > 0) {
          cancelPacer ??= scheduler.after(waitMs, () => {
            cancelPacer = undefined;
            pump();
          });
          return;
        }
      }
      const slot = freeSlots.pop()!;
      slot.busy = true;
      slot.startedAtMs = monotonicMs();
      started += 1;
      void send(slot, correlationPrefix + started.toString(36));
    }
  }

  async function send(slot: Slot, correlationId: string): Promise<void> {
    let outcome = ABANDONED;
    try {
      // The transport ends the sequence after a final part, so no `break` (and its iterator return) is needed.
      for await (const part of client.send({ pattern, data, correlationId, options }, slot.controller.signal)) {
        if (part.kind === 'value') {
          if (part.last) outcome = OK;
        } else if (part.kind === 'end') outcome = OK;
        else if (part.kind === 'remote-error') outcome = 'remote-error';
        else if (part.kind === 'failure') outcome = part.failure.code;
      }
    } catch {
      // A transport throws only on a bug; count it rather than let one request end the run.
      outcome = 'client-error';
    }
    if (ended) return;
    if (outcome === ABANDONED && slot.timedOut) outcome = 'timeout';
    complete(slot, outcome);
  }

  function complete(slot: Slot, outcome: string): void {
    const latencyMs = monotonicMs() - slot.startedAtMs;
    total.record(latencyMs);
    interval.record(latencyMs);
    completed += 1;
    intervalCompleted += 1;
    if (outcome === OK) okCount += 1;
    else {
      errorsByKind[outcome] = (errorsByKind[outcome] ?? 0) + 1;
      intervalErrors += 1;
    }
    if (slot.timedOut) {
      // Its signal is spent; the next request in this slot needs a fresh one.
      slot.controller = new AbortController();
      slot.timedOut = false;
    }
    slot.busy = false;
    freeSlots.push(slot);
    if (completed === requestLimit) end('completed');
    else pump();
  }

  function sweepTimeouts(): void {
    const now = monotonicMs();
    for (const slot of slots) {
      if (slot.busy && !slot.timedOut && now - slot.startedAtMs >= timeoutMs) {
        slot.timedOut = true;
        slot.controller.abort();
      }
    }
    scheduleSweep();
  }
  // Timeouts fire within a tenth of the timeout (5 to 250 ms late): exact enough, and one timer for the whole run.
  const sweepEveryMs = Math.min(250, Math.max(5, timeoutMs / 10));
  const scheduleSweep = () => (cancels[0] = scheduler.after(sweepEveryMs, sweepTimeouts));

  function takeSample(): void {
    const elapsedMs = monotonicMs() - startedAtMs;
    const spanMs = elapsedMs - lastSampleMs;
    const latency = interval.summary();
    const sample = {
      elapsedMs,
      completed: intervalCompleted,
      errors: intervalErrors,
      throughputPerSecond: spanMs > 0 ? (intervalCompleted * 1_000) / spanMs : 0,
      ...(latency ? { p50Ms: latency.p50Ms, p99Ms: latency.p99Ms } : {}),
    };
    timeline.push(sample);
    onProgress({ runId, ...sample });
    interval.reset();
    intervalCompleted = 0;
    intervalErrors = 0;
    lastSampleMs = elapsedMs;
  }
  /**
   * A remainder of a few ms would chart as a spike (a handful of requests over almost no time): it
   * joins the last sample instead, whose progress event has gone out already; the report has the sum.
   */
  function foldIntoLastSample(elapsedMs: number): void {
    const last = timeline.at(-1)!;
    const spanMs = elapsedMs - (timeline.at(-2)?.elapsedMs ?? 0);
    last.elapsedMs = elapsedMs;
    last.completed += intervalCompleted;
    last.errors += intervalErrors;
    last.throughputPerSecond = (last.completed * 1_000) / spanMs;
    if (last.p50Ms === undefined) {
      const latency = interval.summary();
      if (latency) Object.assign(last, { p50Ms: latency.p50Ms, p99Ms: latency.p99Ms });
    }
  }
  const scheduleSample = () =>
    (cancels[1] = scheduler.after(Math.max(0, startedAtMs + (timeline.length + 1) * LOAD_PROGRESS_INTERVAL_MS - monotonicMs()), () => {
      takeSample();
      scheduleSample();
    }));

  function end(status: LoadReport['status'], failure?: Failure): void {
    if (ended) return;
    ended = true;
    const durationMs = monotonicMs() - startedAtMs;
    cancelPacer?.();
    for (const cancel of cancels) cancel();
    unwatch();
    // Requests still in flight are abandoned: the run is over, their replies would not count.
    for (const slot of slots) if (slot.busy) slot.controller.abort();
    if (intervalCompleted > 0) {
      if (timeline.length > 0 && durationMs - lastSampleMs < LOAD_PROGRESS_INTERVAL_MS / 4) foldIntoLastSample(durationMs);
      else takeSample();
    }
    resolveFinished({
      runId,
      status,
      ...(failure ? { failure } : {}),
      plan: { concurrency: plan.concurrency, requests: plan.requests, durationMs: plan.durationMs, ratePerSecond: plan.ratePerSecond, timeoutMs, ...(plan.warmupRequests ? { warmupRequests: plan.warmupRequests } : {}) },
      durationMs,
      completed,
      ok: okCount,
      errorsByKind,
      throughputPerSecond: durationMs > 0 ? (completed * 1_000) / durationMs : 0,
      latency: total.summary() ?? emptyLatency,
      timeline,
    });
  }

  const unwatch = client.onStatus((status: StateSnapshot) => {
    if (status.state === 'ready') return;
    const why = status.lastError ? `: ${status.lastError}` : '';
    end('failed', { code: 'connection-lost', message: `The connection became ${status.state} during the load run${why}. Check the service, reconnect, and start the run again.` });
  });
  scheduleSweep();
  scheduleSample();
  if (plan.durationMs !== undefined) {
    const deadlineMs = startedAtMs + plan.durationMs;
    // Timers may fire a little early by the monotonic clock; a run never ends before its duration.
    const endAtDeadline = () => {
      const leftMs = deadlineMs - monotonicMs();
      if (leftMs > 0) cancels[2] = scheduler.after(leftMs, endAtDeadline);
      else end('completed');
    };
    cancels[2] = scheduler.after(plan.durationMs, endAtDeadline);
  }
  pump();

  return ok({ runId, stop: () => end('stopped'), finished });
}

const emptyLatency: LoadReport['latency'] = { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0, histogram: { upperBoundsMs: [], counts: [] } };
