// The Load panel's state: the plan being typed, and the run it started (live samples, then the
// report). One run at a time per window; its request is the composer's, frozen at Start.
import type { LoadPlan, LoadProgress, LoadReport } from '../../shared/load';
import type { Failure } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import type { SliceCreator } from './app-store';
import { checkRequest } from './composer-slice';

export type LoadLimitKind = 'requests' | 'duration';

/** The plan as typed: text, checked by `checkLoadPlan` before it goes out. */
export type LoadPlanDraft = { concurrency: string; limitKind: LoadLimitKind; requests: string; durationSeconds: string; ratePerSecond: string; timeoutMs: string };
export type LoadPlanField = Exclude<keyof LoadPlanDraft, 'limitKind'>;

export const defaultLoadPlan: LoadPlanDraft = { concurrency: '10', limitKind: 'requests', requests: '1000', durationSeconds: '10', ratePerSecond: '', timeoutMs: '10000' };

export type LoadPlanCheck = { ok: true; plan: LoadPlan } | { ok: false; errors: Partial<Record<LoadPlanField, string>> };

/** The typed plan as a LoadPlan, or a message per field that needs fixing. */
export function checkLoadPlan(draft: LoadPlanDraft): LoadPlanCheck {
  const errors: Partial<Record<LoadPlanField, string>> = {};
  const whole = (field: LoadPlanField, what: string, max = Infinity) => {
    const value = Number(draft[field].trim());
    if (draft[field].trim() === '' || !Number.isInteger(value) || value < 1) errors[field] = `${what} must be a whole number of at least 1`;
    else if (value > max) errors[field] = `${what} is at most ${max.toLocaleString('en-US')}`;
    return value;
  };
  const positive = (field: LoadPlanField, what: string) => {
    const value = Number(draft[field].trim());
    if (draft[field].trim() === '' || !Number.isFinite(value) || value <= 0) errors[field] = `${what} must be a number above 0`;
    return value;
  };
  const concurrency = whole('concurrency', 'Concurrency', 10_000);
  const timeoutMs = whole('timeoutMs', 'Timeout');
  const limit = draft.limitKind === 'requests' ? { requests: whole('requests', 'Requests') } : { durationMs: Math.max(1, Math.round(positive('durationSeconds', 'Duration') * 1_000)) };
  const rate = draft.ratePerSecond.trim() === '' ? {} : { ratePerSecond: positive('ratePerSecond', 'Rate') };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, plan: { concurrency, timeoutMs, ...limit, ...rate } };
}

export type LoadRunView = {
  /** Known once the engine answered load.start. */
  runId?: string;
  phase: 'starting' | 'running' | 'finished';
  connectionName: string;
  patternText: string;
  plan: LoadPlan;
  /** Progress samples so far (the report's timeline once finished). */
  samples: LoadProgress[];
  report?: LoadReport;
  /** The engine refused to start the run. */
  failure?: Failure;
};

export interface LoadSlice {
  loadPlan: LoadPlanDraft;
  loadRun?: LoadRunView;
  setLoadPlan(patch: Partial<LoadPlanDraft>): void;
  /** Starts a run of the composed request with the typed plan (does nothing if either is not ready). */
  startLoad(): Promise<void>;
  stopLoad(): Promise<void>;
  applyLoadProgress(progress: LoadProgress): void;
  applyLoadFinished(report: LoadReport): void;
}

export const isLoadRunning = (run: LoadRunView | undefined) => run !== undefined && run.phase !== 'finished';

export const createLoadSlice =
  (rpc: RpcClient): SliceCreator<LoadSlice> =>
  (set, get) => {
    // A short run can end before load.start answers: its events wait here until the id is known.
    const early = new Map<string, { samples: LoadProgress[]; report?: LoadReport }>();
    const earlyFor = (runId: string) => early.get(runId) ?? early.set(runId, { samples: [] }).get(runId)!;
    const current = (runId: string) => {
      const run = get().loadRun;
      return run?.runId === runId ? run : undefined;
    };

    return {
      loadPlan: defaultLoadPlan,
      setLoadPlan: (patch) => set((state) => ({ loadPlan: { ...state.loadPlan, ...patch } })),
      async startLoad() {
        const state = get();
        if (isLoadRunning(state.loadRun)) return;
        const request = checkRequest(state);
        const plan = checkLoadPlan(state.loadPlan);
        if (!request.ready || !plan.ok) return;
        set({ loadRun: { phase: 'starting', connectionName: request.connection.name, patternText: state.patternText.trim(), plan: plan.plan, samples: [] } });
        const started = await rpc.call('load.start', {
          connectionId: request.connection.id,
          pattern: request.pattern,
          data: request.data,
          ...(request.options ? { options: request.options } : {}),
          plan: plan.plan,
        });
        const run = get().loadRun;
        if (!run || run.phase !== 'starting') return;
        if (!started.ok) {
          set({ loadRun: { ...run, phase: 'finished', failure: started.error } });
          return;
        }
        const { runId } = started.value;
        const caught = early.get(runId);
        early.clear();
        set({
          loadRun: {
            ...run,
            runId,
            phase: caught?.report ? 'finished' : 'running',
            samples: caught?.report?.timeline.map((sample) => ({ runId, ...sample })) ?? caught?.samples ?? [],
            report: caught?.report,
          },
        });
      },
      async stopLoad() {
        const runId = get().loadRun?.runId;
        if (runId && isLoadRunning(get().loadRun)) await rpc.call('load.stop', { runId });
      },
      applyLoadProgress(progress) {
        const run = current(progress.runId);
        if (run) set({ loadRun: { ...run, samples: [...run.samples, progress] } });
        else if (get().loadRun?.phase === 'starting') earlyFor(progress.runId).samples.push(progress);
      },
      applyLoadFinished(report) {
        const run = current(report.runId);
        if (run) set({ loadRun: { ...run, phase: 'finished', report, samples: report.timeline.map((sample) => ({ runId: report.runId, ...sample })) } });
        else if (get().loadRun?.phase === 'starting') earlyFor(report.runId).report = report;
      },
    };
  };
