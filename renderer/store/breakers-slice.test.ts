import { describe, expect, it } from 'vitest';
import type { BreakerInfo } from '../../shared/breaker';
import type { LoadReport } from '../../shared/load';
import { fail, ok } from '../../shared/result';
import { connectStoreToEngine, createAppStore } from './app-store';
import { defaultHammerDraft } from './breakers-slice';
import { createFakeRpc } from './fake-rpc';

const options = { timeoutMs: 3_000, errorThresholdPercentage: 50, resetTimeoutMs: 1_500, volumeThreshold: 4, rollingCountTimeoutMs: 10_000, rollingCountBuckets: 10 };
const zero = { fires: 0, successes: 0, failures: 0, timeouts: 0, rejects: 0, fallbacks: 0 };

const breaker = (breakerId: string, patch: Partial<BreakerInfo> = {}): BreakerInfo => ({
  breakerId,
  name: `orders ${breakerId}`,
  connectionId: 'c1',
  connectionName: 'orders',
  options,
  state: 'closed',
  counts: zero,
  transitions: [],
  ...patch,
});

const report = (runId: string): LoadReport => ({
  runId,
  status: 'completed',
  plan: { concurrency: 2, requests: 20, timeoutMs: 10_000 },
  durationMs: 400,
  completed: 20,
  ok: 4,
  errorsByKind: { 'breaker-open': 12, 'remote-error': 4 },
  throughputPerSecond: 50,
  latency: { count: 20, minMs: 1, meanMs: 2, p50Ms: 2, p90Ms: 3, p95Ms: 3, p99Ms: 4, maxMs: 5, histogram: { upperBoundsMs: [2, 5], counts: [12, 8] } },
  timeline: [{ elapsedMs: 250, completed: 20, errors: 16, throughputPerSecond: 80 }],
});

const hammerInput = { breakerId: 'b1', pattern: { cmd: 'pay' }, data: { amount: 1 }, plan: { concurrency: 2, requests: 20, timeoutMs: 10_000 } };

function engineStub(hammer: () => unknown = () => ok({ runId: 'r1' })) {
  return createFakeRpc((command, input) => {
    const { breakerId } = input as { breakerId: string };
    switch (command) {
      case 'breaker.list':
        return ok([breaker('b1')]);
      case 'breaker.create':
        return ok(breaker('b2'));
      case 'breaker.trip':
        return ok(breaker(breakerId, { state: 'open', transitions: [{ at: 1_000, from: 'closed', to: 'open', reason: 'tripped', summary: 'Tripped by hand' }] }));
      case 'breaker.reset':
        return ok(breaker(breakerId));
      case 'breaker.update':
        return ok(breaker(breakerId, { options: (input as { options: BreakerInfo['options'] }).options }));
      case 'breaker.delete':
      case 'load.stop':
        return ok(null);
      case 'breaker.hammer':
        return hammer() as ReturnType<typeof ok>;
      case 'connection.list':
      case 'listen.list':
      case 'mock.list':
        return ok([]);
      default:
        return ok({ entries: [], lastSeq: 0, evictedCount: 0 });
    }
  });
}

describe('breakers in the store', () => {
  it('loads the list on sync and follows state events and removals', async () => {
    const { rpc, emit } = engineStub();
    const store = createAppStore(rpc);
    const link = connectStoreToEngine(store, rpc);
    await link.sync();
    expect(store.getState().breakers.map((b) => b.breakerId)).toEqual(['b1']);

    emit('breaker.stateChanged', breaker('b1', { state: 'open', counts: { ...zero, fires: 5, failures: 5 } }));
    expect(store.getState().breakers).toEqual([breaker('b1', { state: 'open', counts: { ...zero, fires: 5, failures: 5 } })]);
    emit('breaker.stateChanged', breaker('b3'));
    expect(store.getState().breakers.map((b) => b.breakerId)).toEqual(['b1', 'b3']);

    store.getState().showView({ kind: 'breaker', id: 'b1' });
    emit('breaker.removed', { breakerId: 'b1' });
    expect(store.getState().breakers.map((b) => b.breakerId)).toEqual(['b3']);
    expect(store.getState().mainView).toEqual({ kind: 'composer' });
    link.stop();
  });

  it('shows a created breaker, and keeps a newer state event over the create answer', async () => {
    const { rpc, emit, calls } = engineStub();
    const store = createAppStore(rpc);
    const link = connectStoreToEngine(store, rpc);
    const input = { connectionId: 'c1', name: 'orders b2', pattern: { cmd: 'pay' }, options };
    emit('breaker.stateChanged', breaker('b2', { state: 'open' }));
    const created = await store.getState().createBreaker(input);
    expect(created.ok).toBe(true);
    expect(calls.find((call) => call.command === 'breaker.create')?.input).toEqual(input);
    expect(store.getState().breakers.map((b) => [b.breakerId, b.state])).toEqual([['b2', 'open']]);
    expect(store.getState().mainView).toEqual({ kind: 'breaker', id: 'b2' });
    link.stop();
  });

  it('trips, resets, updates and deletes through the engine', async () => {
    const { rpc, calls } = engineStub();
    const store = createAppStore(rpc);
    await connectStoreToEngine(store, rpc).sync();
    await store.getState().tripBreaker('b1');
    expect(store.getState().breakers[0]?.state).toBe('open');
    expect(store.getState().breakers[0]?.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['closed→open']);
    await store.getState().resetBreaker('b1');
    expect(store.getState().breakers[0]?.state).toBe('closed');
    await store.getState().updateBreaker('b1', { ...options, resetTimeoutMs: 5_000 });
    expect(store.getState().breakers[0]?.options.resetTimeoutMs).toBe(5_000);
    await store.getState().deleteBreaker('b1');
    expect(store.getState().breakers).toEqual([]);
    expect(calls.map((call) => call.command).filter((command) => command.startsWith('breaker.'))).toEqual(['breaker.list', 'breaker.trip', 'breaker.reset', 'breaker.update', 'breaker.delete']);
  });

  it('follows a hammer run by its id, and ignores the Load panel runs', async () => {
    const { rpc, emit, calls } = engineStub();
    const store = createAppStore(rpc);
    const link = connectStoreToEngine(store, rpc);
    const started = await store.getState().hammerBreaker(hammerInput, '{"cmd":"pay"}');
    expect(started).toEqual(ok({ runId: 'r1' }));
    expect(calls.find((call) => call.command === 'breaker.hammer')?.input).toEqual(hammerInput);
    expect(store.getState().hammerRuns.b1).toMatchObject({ runId: 'r1', phase: 'running', patternText: '{"cmd":"pay"}', samples: [] });

    emit('load.progress', { runId: 'r1', elapsedMs: 250, completed: 20, errors: 16, throughputPerSecond: 80 });
    emit('load.progress', { runId: 'other', elapsedMs: 250, completed: 1, errors: 0, throughputPerSecond: 4 });
    expect(store.getState().hammerRuns.b1?.samples).toEqual([{ runId: 'r1', elapsedMs: 250, completed: 20, errors: 16, throughputPerSecond: 80 }]);
    expect(store.getState().loadRun).toBeUndefined();

    await store.getState().stopHammer('b1');
    expect(calls.at(-1)).toEqual({ command: 'load.stop', input: { runId: 'r1' } });
    emit('load.finished', report('r1'));
    expect(store.getState().hammerRuns.b1).toMatchObject({ phase: 'finished', report: report('r1') });
    link.stop();
  });

  it('keeps the report of a hammer run that ended before breaker.hammer answered', async () => {
    let answer!: (value: unknown) => void;
    const { rpc, emit } = engineStub(() => new Promise((resolve) => (answer = resolve)));
    const store = createAppStore(rpc);
    const link = connectStoreToEngine(store, rpc);
    const starting = store.getState().hammerBreaker(hammerInput, '{"cmd":"pay"}');
    emit('load.finished', report('r2'));
    answer(ok({ runId: 'r2' }));
    await starting;
    expect(store.getState().hammerRuns.b1).toMatchObject({ runId: 'r2', phase: 'finished', report: report('r2'), samples: [{ runId: 'r2', elapsedMs: 250 }] });
    link.stop();
  });

  it('shows why the engine refused to hammer, and refuses a second run while one goes', async () => {
    const { rpc } = engineStub(() => fail('bad-request', 'This breaker covers the whole connection: give the pattern to hammer.'));
    const store = createAppStore(rpc);
    const refused = await store.getState().hammerBreaker(hammerInput, '');
    expect(refused.ok).toBe(false);
    expect(store.getState().hammerRuns.b1).toMatchObject({ phase: 'finished', failure: { code: 'bad-request', message: 'This breaker covers the whole connection: give the pattern to hammer.' } });

    const running = createAppStore(engineStub().rpc);
    await running.getState().hammerBreaker(hammerInput, '');
    expect(await running.getState().hammerBreaker(hammerInput, '')).toEqual(fail('busy', 'This breaker is already being hammered: stop that run first.'));
  });

  it('keeps the hammer form per breaker until the breaker goes', async () => {
    const { rpc, emit } = engineStub();
    const store = createAppStore(rpc);
    const link = connectStoreToEngine(store, rpc);
    await link.sync();
    const draft = { ...defaultHammerDraft, patternText: '{"cmd":"pay"}' };
    store.getState().setHammerDraft('b1', draft);
    expect(store.getState().hammerDrafts).toEqual({ b1: draft });
    emit('breaker.removed', { breakerId: 'b1' });
    expect(store.getState().hammerDrafts).toEqual({});
    link.stop();
  });

  it('picks up a hammer run that was going when the window opened', async () => {
    const { rpc, emit } = createFakeRpc((command) => (command === 'breaker.list' ? ok([breaker('b1', { pattern: '{"cmd":"pay"}', hammerRunId: 'r9' })]) : ok([])));
    const store = createAppStore(rpc);
    const link = connectStoreToEngine(store, rpc);
    await store.getState().loadBreakers();
    emit('load.progress', { runId: 'r9', elapsedMs: 250, completed: 5, errors: 5, throughputPerSecond: 20 });
    expect(store.getState().hammerRuns).toEqual({ b1: { runId: 'r9', phase: 'running', patternText: '{"cmd":"pay"}', samples: [{ runId: 'r9', elapsedMs: 250, completed: 5, errors: 5, throughputPerSecond: 20 }] } });
    emit('load.finished', report('r9'));
    expect(store.getState().hammerRuns.b1).toMatchObject({ phase: 'finished', report: report('r9') });
    link.stop();
  });
});
