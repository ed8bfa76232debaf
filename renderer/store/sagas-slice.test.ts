import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/result';
import { ok } from '../../shared/result';
import type { SagaRunReport } from '../../shared/saga';
import type { KeptSagaRun } from '../../shared/saga-runs';
import { connectStoreToEngine, createAppStore } from './app-store';
import { createFakeRpc } from './fake-rpc';
import { runsOfSaga } from './sagas-slice';

const kept = (runId: string, extra: Partial<KeptSagaRun> = {}): KeptSagaRun => ({
  runId,
  collectionId: 'c1',
  collectionName: 'order-saga',
  collectionRoot: '/sagas/order-saga',
  path: 'place-order.saga.yaml',
  saga: 'place-order',
  startedAt: 1_700_000_000_000,
  status: 'running',
  ...extra,
});
const report: SagaRunReport = { saga: 'Place order', path: 'place-order.saga.yaml', collection: 'order-saga', startedAt: 1_700_000_000_005, durationMs: 42, status: 'completed', compensated: [], steps: [] };

function setup(runs: KeptSagaRun[]) {
  const fake = createFakeRpc((command, input): Result<unknown> => {
    if (command === 'saga.run') return ok({ runId: 'r2' });
    if (command === 'saga.runs') return ok(runs);
    if (command === 'saga.deleteRun') return ok(null);
    if (command === 'saga.read') return ok({ path: (input as { path: string }).path, saga: { steps: [] } });
    return ok([]);
  });
  const store = createAppStore(fake.rpc);
  connectStoreToEngine(store, fake.rpc);
  return { ...fake, store };
}

describe('sagas slice', () => {
  it('starts a run with the environment and injected failure, shows it, and keeps its live events until it ends', async () => {
    const runs = [kept('r2', { environment: 'local' })];
    const { store, calls, emit } = setup(runs);
    store.getState().openSaga('c1', 'place-order.saga.yaml');
    expect(store.getState().mainView).toEqual({ kind: 'saga', collectionId: 'c1', path: 'place-order.saga.yaml' });
    // An event can come before the run's id is known here.
    emit('saga.event', { runId: 'r2', collectionId: 'c1', path: 'place-order.saga.yaml', event: { type: 'attempt-started', stepId: 'createOrder', phase: 'step', attempt: 1, startMs: 0 } });
    const started = await store.getState().runSaga('c1', 'place-order.saga.yaml', { environment: 'local', inject: { step: 'createOrder', mode: 'timeout' } });
    expect(started).toEqual(ok('r2'));
    expect(calls.filter((call) => call.command === 'saga.run').map((call) => call.input)).toEqual([{ collectionId: 'c1', path: 'place-order.saga.yaml', environment: 'local', inject: { step: 'createOrder', mode: 'timeout' } }]);
    expect(store.getState().sagaViews['c1\nplace-order.saga.yaml']).toEqual({ shownRunId: 'r2' });
    expect(store.getState().sagaLive.r2?.events).toHaveLength(1);

    emit('saga.finished', { runId: 'r2', collectionId: 'c1', path: 'place-order.saga.yaml', report });
    expect(store.getState().sagaLive.r2).toBeUndefined();
    expect(store.getState().sagaRuns).toEqual([{ ...runs[0], saga: 'Place order', startedAt: report.startedAt, status: 'completed', report }]);
  });

  it('re-runs a kept run as it ran, in the collection it is shown in', async () => {
    const { store, calls } = setup([kept('r1', { status: 'failed', environment: 'local', variables: { card: 'declined' }, inject: { step: 'confirmOrder', mode: 'error', message: 'closed' } })]);
    await store.getState().loadSagaRuns();
    await store.getState().rerunSaga('c9', 'r1');
    expect(calls.filter((call) => call.command === 'saga.run').map((call) => call.input)).toEqual([
      { collectionId: 'c9', path: 'place-order.saga.yaml', environment: 'local', inject: { step: 'confirmOrder', mode: 'error', message: 'closed' }, variables: { card: 'declined' } },
    ]);
  });

  it('forgets a deleted run and stops showing or comparing it', async () => {
    const { store } = setup([kept('r1', { status: 'completed' }), kept('r0', { status: 'failed' })]);
    await store.getState().loadSagaRuns();
    store.getState().showSagaRun('c1', 'place-order.saga.yaml', 'r1');
    store.getState().compareSagaRuns('c1', 'place-order.saga.yaml', ['r1', 'r0']);
    expect(await store.getState().deleteSagaRun('r1')).toEqual(ok(null));
    expect(store.getState().sagaRuns.map((run) => run.runId)).toEqual(['r0']);
    expect(store.getState().sagaViews['c1\nplace-order.saga.yaml']).toEqual({});
  });

  it('finds a saga\'s runs by collection id or, after a restart, by its folder', () => {
    const runs = [kept('a'), kept('b', { collectionId: 'old' }), kept('c', { collectionId: 'old', collectionRoot: '/elsewhere' }), kept('d', { path: 'other.saga.yaml' })];
    expect(runsOfSaga(runs, { collectionId: 'c1', root: '/sagas/order-saga' }, 'place-order.saga.yaml').map((run) => run.runId)).toEqual(['a', 'b']);
  });
});
