// The engine's load runs by id: started over an open connection, stopped by the user or when the
// engine closes; their progress and reports go out as events.
import type { MessageOptions } from '../../../shared/contract';
import type { LoadPlan, LoadProgress, LoadReport } from '../../../shared/load';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { ConnectionRegistry } from '../connections/registry';
import type { TransportClient } from '../transports/transport';
import type { LoadClient, LoadRun, Scheduler } from './load-run';
import { startLoadRun } from './load-run';

export type LoadStart = {
  connectionId: string;
  pattern: unknown;
  data: unknown;
  options?: MessageOptions;
  plan: LoadPlan;
  /** Puts something between the run and the connection's client: `breaker.hammer` sends every request through its breaker. */
  wrapClient?: (client: TransportClient) => LoadClient;
};

export interface LoadRuns {
  start(request: LoadStart): Result<LoadRun>;
  stop(runId: string): Result<null>;
  /** Stops every run (each still reports, status `stopped`). */
  stopAll(): void;
}

export type LoadRunsOptions = {
  connections: Pick<ConnectionRegistry, 'get'>;
  newId: () => string;
  newPacketId: () => string;
  monotonicMs: () => number;
  scheduler: Scheduler;
  onProgress: (progress: LoadProgress) => void;
  onFinished: (report: LoadReport) => void;
};

export function createLoadRuns({ connections, newId, newPacketId, monotonicMs, scheduler, onProgress, onFinished }: LoadRunsOptions): LoadRuns {
  const running = new Map<string, LoadRun>();

  return {
    start({ connectionId, pattern, data, options, plan, wrapClient }) {
      const connection = connections.get(connectionId);
      if (!connection) return fail('unknown-connection', `No open connection has id ${connectionId}. It may have been closed; open it again.`);
      const runId = newId();
      const spec = { client: wrapClient ? wrapClient(connection.client) : connection.client, pattern, data, options };
      const deps = { runId, monotonicMs, scheduler, correlationPrefix: `${newPacketId()}-` };
      const measured = () => startLoadRun({ ...spec, plan }, { ...deps, onProgress });
      const started = plan.warmupRequests ? afterWarmup(startLoadRun({ ...spec, plan: { concurrency: plan.concurrency, requests: plan.warmupRequests, timeoutMs: plan.timeoutMs } }, { ...deps, onProgress: () => {} }), measured) : measured();
      if (!started.ok) return started;
      running.set(runId, started.value);
      void started.value.finished.then((report) => {
        running.delete(runId);
        onFinished(report);
      });
      return started;
    },
    stop(runId) {
      const run = running.get(runId);
      if (!run) return fail('unknown-load-run', `No load run has id ${runId}; it may have finished already.`);
      run.stop();
      return ok(null);
    },
    stopAll() {
      for (const run of running.values()) run.stop();
    },
  };
}

/**
 * The warm-up run, then the measured one, as one run: stopping stops whichever goes; a warm-up
 * that is stopped or fails ends the run with its report (nothing was measured).
 */
function afterWarmup(warmup: Result<LoadRun>, measured: () => Result<LoadRun>): Result<LoadRun> {
  if (!warmup.ok) return warmup;
  let current = warmup.value;
  let stopped = false;
  const finished = warmup.value.finished.then((report) => {
    if (stopped || report.status !== 'completed') return report;
    const next = measured();
    if (!next.ok) return { ...report, status: 'failed' as const, failure: next.error };
    current = next.value;
    return next.value.finished;
  });
  return ok({
    runId: warmup.value.runId,
    stop() {
      stopped = true;
      current.stop();
    },
    finished,
  });
}
