// Collection runs started from this window: each request's result as it comes
// (`collection.runResult`), then the report or why the run could not start (`collection.runFinished`).
// The last few are kept so the run view can go back to them.
import type { CollectionRunReport, RequestRunResult } from '../../shared/collection';
import type { Failure } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import type { SliceCreator } from './app-store';

/** Runs kept after they finish; the oldest finished one goes first. */
export const KEPT_RUNS = 5;

export type RunOptions = { iterations: number; bail: boolean };
export const defaultRunOptions: RunOptions = { iterations: 1, bail: false };

export type CollectionRun = {
  /** This window's id for the run (the run view's `id`): known before the engine's. */
  id: string;
  /** The engine's, once `collection.run` answered. */
  runId?: string;
  collectionId: string;
  /** The collection's name when it started. */
  collectionName: string;
  folder?: string;
  environment?: string;
  options: RunOptions;
  phase: 'starting' | 'running' | 'stopping' | 'finished';
  /** Stop was asked: the requests it did not reach are reported skipped. */
  stopped?: boolean;
  /** In the order they finished. */
  results: RequestRunResult[];
  report?: CollectionRunReport;
  /** Why it could not run. */
  failure?: Failure;
};

export interface RunsSlice {
  /** Oldest first. */
  runs: CollectionRun[];
  /** Runs the collection (or one folder) in its active environment and shows the run. */
  startRun(collectionId: string, folder?: string, options?: RunOptions): Promise<void>;
  /** The same collection and folder again, in this environment, with these options. */
  rerun(id: string, options: RunOptions, environment: string | undefined): Promise<void>;
  stopRun(id: string): Promise<void>;
  applyRunResult(event: { runId: string; collectionId: string; result: RequestRunResult }): void;
  applyRunFinished(event: { runId: string; collectionId: string; report?: CollectionRunReport; failure?: Failure }): void;
}

export const isRunActive = (run: CollectionRun | undefined) => run !== undefined && run.phase !== 'finished';

export type RunTotals = CollectionRunReport['totals'];

/** The report's totals, or the results' so far while it runs. */
export function runTotals(run: CollectionRun): RunTotals {
  if (run.report) return run.report.totals;
  const totals: RunTotals = { passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const result of run.results) totals[result.status] += 1;
  return totals;
}

export const createRunsSlice =
  (rpc: RpcClient): SliceCreator<RunsSlice> =>
  (set, get) => {
    let started = 0;
    // A short run can finish before `collection.run` answers: its events wait here until the id is known.
    const early = new Map<string, { results: RequestRunResult[]; finished?: { report?: CollectionRunReport; failure?: Failure } }>();
    const earlyFor = (runId: string) => early.get(runId) ?? early.set(runId, { results: [] }).get(runId)!;
    const anyStarting = () => get().runs.some((run) => run.phase === 'starting');

    const update = (id: string, change: (run: CollectionRun) => CollectionRun) =>
      set((state) => ({ runs: state.runs.map((run) => (run.id === id ? change(run) : run)) }));
    const byEngineId = (runId: string) => get().runs.find((run) => run.runId === runId);
    const finish = (run: CollectionRun, finished: { report?: CollectionRunReport; failure?: Failure }): CollectionRun => ({
      ...run,
      phase: 'finished',
      // The report is the whole truth (skipped requests included); keep the live list if there is none.
      results: finished.report?.results ?? run.results,
      report: finished.report,
      failure: finished.failure,
    });

    /** Keeps the newest runs, never one that is still going or on screen. */
    const trimmed = (runs: CollectionRun[]): CollectionRun[] => {
      const shown = get().mainView;
      const kept = runs.slice();
      for (let index = 0; kept.length > KEPT_RUNS && index < kept.length; ) {
        const run = kept[index]!;
        if (run.phase === 'finished' && !(shown.kind === 'run' && shown.id === run.id)) kept.splice(index, 1);
        else index += 1;
      }
      return kept;
    };

    const launch = async (base: Omit<CollectionRun, 'id' | 'phase' | 'results'>) => {
      const id = `run-${++started}`;
      const run: CollectionRun = { ...base, id, phase: 'starting', results: [] };
      set((state) => ({ runs: trimmed([...state.runs, run]) }));
      get().showView({ kind: 'run', id });
      const answer = await rpc.call('collection.run', {
        collectionId: base.collectionId,
        iterations: base.options.iterations,
        bail: base.options.bail,
        ...(base.environment === undefined ? {} : { environment: base.environment }),
        ...(base.folder === undefined ? {} : { folder: base.folder }),
      });
      if (!answer.ok) {
        update(id, (current) => ({ ...current, phase: 'finished', failure: answer.error }));
        return;
      }
      const { runId } = answer.value;
      const caught = early.get(runId);
      early.delete(runId);
      if (!anyStarting()) early.clear();
      update(id, (current) => {
        const running: CollectionRun = { ...current, runId, phase: current.phase === 'stopping' ? 'stopping' : 'running', results: caught?.results ?? [] };
        return caught?.finished ? finish(running, caught.finished) : running;
      });
      // Stop was asked before the engine knew the run.
      if (get().runs.find((current) => current.id === id)?.phase === 'stopping') await rpc.call('collection.stopRun', { runId });
    };

    return {
      runs: [],
      async startRun(collectionId, folder, options = defaultRunOptions) {
        const state = get();
        const info = state.collections.find((collection) => collection.collectionId === collectionId);
        await launch({
          collectionId,
          collectionName: info?.collection.manifest.name ?? collectionId,
          folder,
          environment: state.activeEnvironments[collectionId],
          options,
        });
      },
      async rerun(id, options, environment) {
        const run = get().runs.find((current) => current.id === id);
        if (!run || isRunActive(run)) return;
        await launch({ collectionId: run.collectionId, collectionName: run.collectionName, folder: run.folder, environment, options });
      },
      async stopRun(id) {
        const run = get().runs.find((current) => current.id === id);
        if (!run || !isRunActive(run) || run.phase === 'stopping') return;
        update(id, (current) => ({ ...current, phase: 'stopping', stopped: true }));
        if (run.runId) await rpc.call('collection.stopRun', { runId: run.runId });
      },
      applyRunResult({ runId, result }) {
        const run = byEngineId(runId);
        if (run) update(run.id, (current) => ({ ...current, results: [...current.results, result] }));
        else if (anyStarting()) earlyFor(runId).results.push(result);
      },
      applyRunFinished({ runId, report, failure }) {
        const run = byEngineId(runId);
        if (run) {
          update(run.id, (current) => finish(current, { report, failure }));
          set((state) => ({ runs: trimmed(state.runs) }));
        } else if (anyStarting()) earlyFor(runId).finished = { report, failure };
      },
    };
  };
