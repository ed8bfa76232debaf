// Circuit breakers as the engine reports them (state, counts, latency, transitions), and the
// hammer run of each: a load run through the breaker, followed by its load.progress samples and
// its load.finished report like the Load panel's run, but kept per breaker.
import type { BreakerInfo } from '../../shared/breaker';
import type { CommandInput } from '../../shared/contract';
import type { LoadProgress, LoadReport } from '../../shared/load';
import { fail, type Failure, type Result } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import type { SliceCreator } from './app-store';
import type { LoadPlanDraft } from './load-slice';

export type HammerRunView = {
  /** Known once the engine answered breaker.hammer. */
  runId?: string;
  phase: 'starting' | 'running' | 'finished';
  patternText: string;
  /** Absent for a run this window did not start (it was going when the window opened). */
  plan?: CommandInput<'breaker.hammer'>['plan'];
  /** Progress samples so far (the report's timeline once finished). */
  samples: LoadProgress[];
  report?: LoadReport;
  /** The engine refused to start the run. */
  failure?: Failure;
};

/** The hammer form as typed, kept per breaker so it survives looking elsewhere. */
export type HammerDraft = { patternText: string; payloadText: string; plan: LoadPlanDraft };

/** Slow and steady by default, so each state lasts long enough to see. */
export const defaultHammerDraft: HammerDraft = {
  patternText: '',
  payloadText: '{}',
  plan: { concurrency: '2', limitKind: 'duration', requests: '200', durationSeconds: '10', ratePerSecond: '20', timeoutMs: '10000' },
};

export const isHammerRunning = (run: HammerRunView | undefined) => run !== undefined && run.phase !== 'finished';

export interface BreakersSlice {
  breakers: BreakerInfo[];
  /** The latest hammer run, by breaker id. */
  hammerRuns: Record<string, HammerRunView>;
  hammerDrafts: Record<string, HammerDraft>;
  setHammerDraft(breakerId: string, draft: HammerDraft): void;
  loadBreakers(): Promise<void>;
  applyBreakerInfo(info: BreakerInfo): void;
  forgetBreaker(breakerId: string): void;
  /** Creates a breaker and shows it. */
  createBreaker(input: CommandInput<'breaker.create'>): Promise<Result<BreakerInfo>>;
  updateBreaker(breakerId: string, options: CommandInput<'breaker.update'>['options']): Promise<Result<BreakerInfo>>;
  deleteBreaker(breakerId: string): Promise<Result<null>>;
  tripBreaker(breakerId: string): Promise<Result<BreakerInfo>>;
  resetBreaker(breakerId: string): Promise<Result<BreakerInfo>>;
  /** Starts a hammer run (one at a time per breaker); `patternText` is what the view shows for it. */
  hammerBreaker(input: CommandInput<'breaker.hammer'>, patternText: string): Promise<Result<{ runId: string }>>;
  stopHammer(breakerId: string): Promise<void>;
  /** load.progress and load.finished of every run: those of a hammer run are kept, others ignored. */
  applyHammerProgress(progress: LoadProgress): void;
  applyHammerFinished(report: LoadReport): void;
}

const withoutBreaker = (breakers: readonly BreakerInfo[], breakerId: string) => breakers.filter((breaker) => breaker.breakerId !== breakerId);

function upsertBreaker(breakers: readonly BreakerInfo[], info: BreakerInfo): BreakerInfo[] {
  const index = breakers.findIndex((breaker) => breaker.breakerId === info.breakerId);
  if (index === -1) return [...breakers, info];
  const next = breakers.slice();
  next[index] = info;
  return next;
}

export const createBreakersSlice =
  (rpc: RpcClient): SliceCreator<BreakersSlice> =>
  (set, get) => {
    // A short run can end before breaker.hammer answers: its events wait here until the id is known.
    const early = new Map<string, { samples: LoadProgress[]; report?: LoadReport }>();
    const earlyFor = (runId: string) => early.get(runId) ?? early.set(runId, { samples: [] }).get(runId)!;
    const anyStarting = () => Object.values(get().hammerRuns).some((run) => run.phase === 'starting');
    const breakerOfRun = (runId: string) => Object.entries(get().hammerRuns).find(([, run]) => run.runId === runId)?.[0];
    // A run that was going when this window opened (or reloaded): the engine names it on its breaker.
    const adopt = (runId: string): string | undefined => {
      const breaker = get().breakers.find((b) => b.hammerRunId === runId);
      if (!breaker || isHammerRunning(get().hammerRuns[breaker.breakerId])) return undefined;
      setRun(breaker.breakerId, { runId, phase: 'running', patternText: breaker.pattern ?? '', samples: [] });
      return breaker.breakerId;
    };
    const setRun = (breakerId: string, run: HammerRunView) => set((state) => ({ hammerRuns: { ...state.hammerRuns, [breakerId]: run } }));
    // The engine answers trip/reset/update with the new state; a newer event may already be here.
    const applyAnswer = <T extends BreakerInfo>(result: Result<T>) => {
      if (result.ok) get().applyBreakerInfo(result.value);
      return result;
    };

    return {
      breakers: [],
      hammerRuns: {},
      hammerDrafts: {},
      setHammerDraft: (breakerId, draft) => set((state) => ({ hammerDrafts: { ...state.hammerDrafts, [breakerId]: draft } })),

      async loadBreakers() {
        const result = await rpc.call('breaker.list', {});
        if (result.ok) set({ breakers: result.value });
      },

      applyBreakerInfo(info) {
        set((state) => ({ breakers: upsertBreaker(state.breakers, info) }));
      },

      forgetBreaker(breakerId) {
        set((state) => {
          const hammerRuns = { ...state.hammerRuns };
          const hammerDrafts = { ...state.hammerDrafts };
          delete hammerRuns[breakerId];
          delete hammerDrafts[breakerId];
          return { breakers: withoutBreaker(state.breakers, breakerId), hammerRuns, hammerDrafts };
        });
        get().leaveView({ kind: 'breaker', id: breakerId });
      },

      async createBreaker(input) {
        const result = await rpc.call('breaker.create', input);
        if (result.ok) {
          if (!get().breakers.some((breaker) => breaker.breakerId === result.value.breakerId)) get().applyBreakerInfo(result.value);
          get().showView({ kind: 'breaker', id: result.value.breakerId });
        }
        return result;
      },

      updateBreaker: async (breakerId, options) => applyAnswer(await rpc.call('breaker.update', { breakerId, options })),
      tripBreaker: async (breakerId) => applyAnswer(await rpc.call('breaker.trip', { breakerId })),
      resetBreaker: async (breakerId) => applyAnswer(await rpc.call('breaker.reset', { breakerId })),

      async deleteBreaker(breakerId) {
        const result = await rpc.call('breaker.delete', { breakerId });
        if (result.ok) get().forgetBreaker(breakerId);
        return result;
      },

      async hammerBreaker(input, patternText) {
        const { breakerId } = input;
        if (isHammerRunning(get().hammerRuns[breakerId])) return fail('busy', 'This breaker is already being hammered: stop that run first.');
        setRun(breakerId, { phase: 'starting', patternText, plan: input.plan, samples: [] });
        const started = await rpc.call('breaker.hammer', input);
        const run = get().hammerRuns[breakerId];
        if (!run || run.phase !== 'starting') return started;
        if (!started.ok) {
          setRun(breakerId, { ...run, phase: 'finished', failure: started.error });
          return started;
        }
        const { runId } = started.value;
        const caught = early.get(runId);
        early.delete(runId);
        if (!anyStarting()) early.clear();
        setRun(breakerId, {
          ...run,
          runId,
          phase: caught?.report ? 'finished' : 'running',
          samples: caught?.report?.timeline.map((sample) => ({ runId, ...sample })) ?? caught?.samples ?? [],
          report: caught?.report,
        });
        return started;
      },

      async stopHammer(breakerId) {
        const run = get().hammerRuns[breakerId];
        if (run?.runId && isHammerRunning(run)) await rpc.call('load.stop', { runId: run.runId });
      },

      applyHammerProgress(progress) {
        const breakerId = breakerOfRun(progress.runId) ?? adopt(progress.runId);
        const run = breakerId ? get().hammerRuns[breakerId] : undefined;
        if (breakerId && run) setRun(breakerId, { ...run, samples: [...run.samples, progress] });
        else if (anyStarting()) earlyFor(progress.runId).samples.push(progress);
      },

      applyHammerFinished(report) {
        const breakerId = breakerOfRun(report.runId) ?? adopt(report.runId);
        const run = breakerId ? get().hammerRuns[breakerId] : undefined;
        if (breakerId && run) setRun(breakerId, { ...run, phase: 'finished', report, samples: report.timeline.map((sample) => ({ runId: report.runId, ...sample })) });
        else if (anyStarting()) earlyFor(report.runId).report = report;
      },
    };
  };
