import { describe, expect, it } from 'vitest';
import type { CollectionInfo, CollectionRunReport, RequestRunResult } from '../../shared/collection';
import { fail, ok, type Result } from '../../shared/result';
import { connectStoreToEngine, createAppStore } from './app-store';
import { createFakeRpc } from './fake-rpc';
import { KEPT_RUNS, runTotals } from './runs-slice';

const info: CollectionInfo = {
  collectionId: 'c1',
  root: '/work/users-service',
  collection: {
    root: '/work/users-service',
    manifest: { patchbay: 1, name: 'users-service', connections: { tcp: { target: 'tcp://{{host}}:3001' } } },
    requests: [],
    environments: { local: { variables: { host: '127.0.0.1' }, secrets: [] } },
    problems: [],
  },
  folders: ['tcp'],
  secrets: { local: {} },
};

const result = (name: string, status: RequestRunResult['status'], captured: Record<string, number> = {}): RequestRunResult => ({
  path: `tcp/${name}.yaml`,
  name,
  iteration: 1,
  status,
  durationMs: 3,
  values: status === 'skipped' ? [] : [6],
  assertions: status === 'failed' ? [{ label: 'path $ equals 7', passed: false, message: 'expected 7, got 6' }] : [],
  captured,
});

const report = (results: RequestRunResult[]): CollectionRunReport => ({
  collection: 'users-service',
  environment: 'local',
  startedAt: 1_700_000_000_000,
  durationMs: 12,
  results,
  totals: { passed: results.filter((r) => r.status === 'passed').length, failed: results.filter((r) => r.status === 'failed').length, errored: 0, skipped: results.filter((r) => r.status === 'skipped').length },
});

function setup(answer: () => Result<unknown> | Promise<Result<unknown>> = () => ok({ runId: 'r1' })) {
  const fake = createFakeRpc((command) => {
    if (command === 'collection.run') return answer();
    if (command === 'collection.variables') return ok({});
    return ok(null);
  });
  const store = createAppStore(fake.rpc);
  const link = connectStoreToEngine(store, fake.rpc);
  store.getState().applyCollectionInfo(info);
  store.getState().setActiveEnvironment('c1', 'local');
  return { store, fake, stop: link.stop };
}

describe('collection runs', () => {
  it('runs in the active environment, shows the run, and fills it live', async () => {
    const { store, fake, stop } = setup();
    await store.getState().startRun('c1', 'tcp');
    expect(fake.calls.find((call) => call.command === 'collection.run')?.input).toEqual({ collectionId: 'c1', environment: 'local', folder: 'tcp', iterations: 1, bail: false });
    const run = store.getState().runs[0]!;
    expect(store.getState().mainView).toEqual({ kind: 'run', id: run.id });
    expect(run).toMatchObject({ runId: 'r1', collectionName: 'users-service', folder: 'tcp', environment: 'local', phase: 'running', results: [] });

    fake.emit('collection.runResult', { runId: 'r1', collectionId: 'c1', result: result('sum', 'passed') });
    fake.emit('collection.runResult', { runId: 'other', collectionId: 'c1', result: result('elsewhere', 'passed') });
    expect(store.getState().runs[0]!.results.map((r) => r.name)).toEqual(['sum']);
    expect(runTotals(store.getState().runs[0]!)).toEqual({ passed: 1, failed: 0, errored: 0, skipped: 0 });

    const final = report([result('sum', 'passed'), result('get user', 'failed')]);
    fake.emit('collection.runFinished', { runId: 'r1', collectionId: 'c1', report: final });
    expect(store.getState().runs[0]).toMatchObject({ phase: 'finished', report: final, results: final.results });
    expect(runTotals(store.getState().runs[0]!)).toEqual({ passed: 1, failed: 1, errored: 0, skipped: 0 });
    stop();
  });

  it('keeps what a short run reported before collection.run answered', async () => {
    let answer!: (value: Result<unknown>) => void;
    const { store, fake, stop } = setup(() => new Promise((resolve) => (answer = resolve)));
    const starting = store.getState().startRun('c1');
    fake.emit('collection.runResult', { runId: 'r7', collectionId: 'c1', result: result('sum', 'passed') });
    fake.emit('collection.runFinished', { runId: 'r7', collectionId: 'c1', report: report([result('sum', 'passed')]) });
    answer(ok({ runId: 'r7' }));
    await starting;
    expect(store.getState().runs[0]).toMatchObject({ runId: 'r7', phase: 'finished', results: [result('sum', 'passed')] });
    stop();
  });

  it('shows why a run could not start', async () => {
    const { store, fake, stop } = setup();
    await store.getState().startRun('c1');
    const problem = { path: 'tcp/sum.yaml', line: 3, column: 1, message: 'Unexpected key "pattrn"' };
    fake.emit('collection.runFinished', { runId: 'r1', collectionId: 'c1', failure: { code: 'invalid-collection', message: 'tcp/sum.yaml:3:1: Unexpected key "pattrn"', detail: [problem] } });
    expect(store.getState().runs[0]).toMatchObject({ phase: 'finished', failure: { code: 'invalid-collection', detail: [problem] }, results: [] });
    stop();
  });

  it('shows a refusal of collection.run as the run failure', async () => {
    const { store, stop } = setup(() => fail('unknown-folder', 'No requests in folder "nope". Folders: tcp.'));
    await store.getState().startRun('c1', 'nope');
    expect(store.getState().runs[0]).toMatchObject({ phase: 'finished', failure: { code: 'unknown-folder', message: 'No requests in folder "nope". Folders: tcp.' } });
    stop();
  });

  it('stops a running run and marks it stopped', async () => {
    const { store, fake, stop } = setup();
    await store.getState().startRun('c1');
    const { id } = store.getState().runs[0]!;
    await store.getState().stopRun(id);
    expect(fake.calls.filter((call) => call.command === 'collection.stopRun').map((call) => call.input)).toEqual([{ runId: 'r1' }]);
    expect(store.getState().runs[0]).toMatchObject({ phase: 'stopping', stopped: true });
    fake.emit('collection.runFinished', { runId: 'r1', collectionId: 'c1', report: report([result('sum', 'passed'), result('get user', 'skipped')]) });
    expect(store.getState().runs[0]).toMatchObject({ phase: 'finished', stopped: true });
    stop();
  });

  it('runs again with other options and keeps only the last few runs', async () => {
    let next = 0;
    const { store, fake, stop } = setup(() => ok({ runId: `r${++next}` }));
    await store.getState().startRun('c1');
    fake.emit('collection.runFinished', { runId: 'r1', collectionId: 'c1', report: report([]) });
    const first = store.getState().runs[0]!;
    await store.getState().rerun(first.id, { iterations: 3, bail: true }, undefined);
    expect(fake.calls.filter((call) => call.command === 'collection.run').at(-1)?.input).toEqual({ collectionId: 'c1', iterations: 3, bail: true });
    for (let runId = 2; runId <= KEPT_RUNS + 3; runId += 1) {
      fake.emit('collection.runFinished', { runId: `r${runId}`, collectionId: 'c1', report: report([]) });
      await store.getState().startRun('c1');
    }
    const runs = store.getState().runs;
    expect(runs).toHaveLength(KEPT_RUNS);
    // The newest is on screen and still running; the oldest went first.
    expect(runs.map((run) => run.runId)).toEqual(['r5', 'r6', 'r7', 'r8', 'r9']);
    stop();
  });

  it('reloads the variables of a collection whose run captured values', async () => {
    const { store, fake, stop } = setup();
    await store.getState().loadVariables('c1', 'local');
    await store.getState().startRun('c1');
    const asked = () => fake.calls.filter((call) => call.command === 'collection.variables').length;
    expect(asked()).toBe(1);
    fake.emit('collection.runResult', { runId: 'r1', collectionId: 'c1', result: result('sum', 'passed') });
    expect(asked()).toBe(1);
    fake.emit('collection.runResult', { runId: 'r1', collectionId: 'c1', result: result('create user', 'passed', { userId: 7 }) });
    expect(asked()).toBe(2);
    expect(fake.calls.filter((call) => call.command === 'collection.variables').at(-1)?.input).toEqual({ collectionId: 'c1', environment: 'local' });
    stop();
  });
});
