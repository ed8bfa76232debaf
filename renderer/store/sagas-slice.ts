// Sagas of open collections: each saga's definition (read when its view opens), the kept runs
// (the engine keeps the newest 100 across restarts), and the live events of runs going, from
// which the timeline is drawn until the report comes. Which run a saga's view shows, and which
// two it compares, are kept per saga so going elsewhere and back changes nothing.
import type { Failure, Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import type { SagaFailureInjection, SagaRunEvent } from '../../shared/saga';
import type { KeptSagaRun, SagaDefinition, SagaFinishedPayload } from '../../shared/saga-runs';
import type { SliceCreator } from './app-store';

export type SagaDefinitionState = { status: 'loading' } | { status: 'ready'; definition: SagaDefinition } | { status: 'failed'; failure: Failure };

/** A run going: its events so far, and when (on this machine's clock) its time 0 was. */
export type LiveSagaRun = { events: SagaRunEvent[]; originMs: number };

export type SagaRunOptions = { environment?: string; inject?: SagaFailureInjection; variables?: Record<string, unknown> };

/** What one saga's view shows: one run, or two side by side. */
export type SagaViewState = { shownRunId?: string; compare?: [string, string] };

export interface SagasSlice {
  /** By sagaKey(collectionId, path). */
  sagaDefinitions: Record<string, SagaDefinitionState>;
  /** Every kept run, newest first. */
  sagaRuns: KeptSagaRun[];
  /** By runId, while the run goes. */
  sagaLive: Record<string, LiveSagaRun>;
  /** By sagaKey. */
  sagaViews: Record<string, SagaViewState>;
  /** Shows the saga's view, reading its file again. */
  openSaga(collectionId: string, path: string): void;
  loadSagaDefinition(collectionId: string, path: string): Promise<void>;
  loadSagaRuns(): Promise<void>;
  /** Starts a run and shows it; the failure when the engine refused it outright. */
  runSaga(collectionId: string, path: string, options: SagaRunOptions): Promise<Result<string>>;
  /** The same saga again, with the kept run's environment, variables and injected failure. */
  rerunSaga(collectionId: string, runId: string): Promise<Result<string>>;
  stopSaga(runId: string): Promise<Result<null>>;
  deleteSagaRun(runId: string): Promise<Result<null>>;
  showSagaRun(collectionId: string, path: string, runId: string | undefined): void;
  compareSagaRuns(collectionId: string, path: string, runIds: [string, string] | undefined): void;
  applySagaEvent(payload: { runId: string; event: SagaRunEvent }): void;
  applySagaFinished(payload: SagaFinishedPayload): void;
}

export const sagaKey = (collectionId: string, path: string) => `${collectionId}\n${path}`;

/** The kept runs of one saga of an open collection (the same folder opened again counts: runs outlive ids). */
export function runsOfSaga(runs: readonly KeptSagaRun[], collection: { collectionId: string; root: string } | undefined, path: string): KeptSagaRun[] {
  if (!collection) return [];
  return runs.filter((run) => run.path === path && (run.collectionId === collection.collectionId || run.collectionRoot === collection.root));
}

export const createSagasSlice =
  (rpc: RpcClient, now: () => number = Date.now): SliceCreator<SagasSlice> =>
  (set, get) => {
    let loadingRuns: Promise<void> | undefined;
    let reloadAfter = false;

    const setView = (key: string, change: (view: SagaViewState) => SagaViewState) => set((state) => ({ sagaViews: { ...state.sagaViews, [key]: change(state.sagaViews[key] ?? {}) } }));

    const loadRuns = async (): Promise<void> => {
      // One load at a time; a call meanwhile gets one more after it, so it sees a list read after it asked.
      if (loadingRuns) {
        reloadAfter = true;
        return loadingRuns;
      }
      loadingRuns = (async () => {
        do {
          reloadAfter = false;
          const answer = await rpc.call('saga.runs', {});
          if (answer.ok) set({ sagaRuns: answer.value });
        } while (reloadAfter);
      })().finally(() => {
        loadingRuns = undefined;
      });
      return loadingRuns;
    };

    const start = async (collectionId: string, path: string, options: SagaRunOptions): Promise<Result<string>> => {
      const answer = await rpc.call('saga.run', {
        collectionId,
        path,
        ...(options.environment !== undefined ? { environment: options.environment } : {}),
        ...(options.inject ? { inject: options.inject } : {}),
        ...(options.variables && Object.keys(options.variables).length > 0 ? { variables: options.variables as Record<string, never> } : {}),
      });
      if (!answer.ok) return answer;
      const { runId } = answer.value;
      setView(sagaKey(collectionId, path), () => ({ shownRunId: runId }));
      await loadRuns();
      return ok(runId);
    };

    return {
      sagaDefinitions: {},
      sagaRuns: [],
      sagaLive: {},
      sagaViews: {},
      openSaga(collectionId, path) {
        get().showView({ kind: 'saga', collectionId, path });
        void get().loadSagaDefinition(collectionId, path);
        void loadRuns();
      },
      async loadSagaDefinition(collectionId, path) {
        const key = sagaKey(collectionId, path);
        // The last good definition stays on screen while the file is read again.
        if (get().sagaDefinitions[key]?.status !== 'ready') set((state) => ({ sagaDefinitions: { ...state.sagaDefinitions, [key]: { status: 'loading' } } }));
        const answer = await rpc.call('saga.read', { collectionId, path });
        const next: SagaDefinitionState = answer.ok ? { status: 'ready', definition: answer.value } : { status: 'failed', failure: answer.error };
        set((state) => ({ sagaDefinitions: { ...state.sagaDefinitions, [key]: next } }));
      },
      loadSagaRuns: loadRuns,
      runSaga: start,
      async rerunSaga(collectionId, runId) {
        const run = get().sagaRuns.find((candidate) => candidate.runId === runId);
        if (!run) return fail('unknown-run', 'This run is no longer kept: run the saga from its header instead.');
        return start(collectionId, run.path, { environment: run.environment, inject: run.inject, variables: run.variables });
      },
      async stopSaga(runId) {
        return rpc.call('saga.stop', { runId });
      },
      async deleteSagaRun(runId) {
        const answer = await rpc.call('saga.deleteRun', { runId });
        if (!answer.ok) return answer;
        set((state) => ({
          sagaRuns: state.sagaRuns.filter((run) => run.runId !== runId),
          sagaViews: Object.fromEntries(
            Object.entries(state.sagaViews).map(([key, view]) => [
              key,
              { ...(view.shownRunId === runId ? {} : { shownRunId: view.shownRunId }), ...(view.compare?.includes(runId) ? {} : { compare: view.compare }) },
            ]),
          ),
        }));
        return ok(null);
      },
      showSagaRun(collectionId, path, runId) {
        setView(sagaKey(collectionId, path), () => (runId === undefined ? {} : { shownRunId: runId }));
      },
      compareSagaRuns(collectionId, path, runIds) {
        setView(sagaKey(collectionId, path), (view) => (runIds ? { ...view, compare: runIds } : { shownRunId: view.shownRunId }));
      },
      applySagaEvent({ runId, event }) {
        set((state) => {
          const live = state.sagaLive[runId];
          // Time 0 of the run on this clock, from its first event: running bars grow from there.
          const startMs = event.type === 'attempt-started' ? event.startMs : event.type === 'attempt-finished' ? event.attempt.startMs + event.attempt.durationMs : 0;
          const next: LiveSagaRun = live ? { ...live, events: [...live.events, event] } : { events: [event], originMs: now() - startMs };
          return { sagaLive: { ...state.sagaLive, [runId]: next } };
        });
        // A run another window started: its kept record comes with the list.
        if (!get().sagaRuns.some((run) => run.runId === runId)) void loadRuns();
      },
      applySagaFinished({ runId, report, failure }) {
        const known = get().sagaRuns.some((run) => run.runId === runId);
        set((state) => {
          const { [runId]: _finished, ...sagaLive } = state.sagaLive;
          const sagaRuns = state.sagaRuns.map((run): KeptSagaRun => {
            if (run.runId !== runId) return run;
            return report ? { ...run, saga: report.saga, startedAt: report.startedAt, status: report.status, report } : { ...run, status: 'error', ...(failure ? { failure } : {}) };
          });
          return { sagaLive, sagaRuns };
        });
        if (!known) void loadRuns();
      },
    };
  };
