import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/connection';
import type { LoadReport } from '../../shared/load';
import { fail, ok } from '../../shared/result';
import { connectStoreToEngine, createAppStore } from './app-store';
import { createFakeRpc } from './fake-rpc';
import { checkLoadPlan, defaultLoadPlan } from './load-slice';

const connection: ConnectionInfo = {
  id: 'c1',
  name: 'orders',
  target: { kind: 'tcp', host: '127.0.0.1', port: 3000 },
  options: { connectTimeoutMs: 5_000, requestTimeoutMs: 10_000 },
  state: 'ready',
};

const report = (runId: string): LoadReport => ({
  runId,
  status: 'completed',
  plan: { concurrency: 10, requests: 1_000, timeoutMs: 10_000 },
  durationMs: 500,
  completed: 1_000,
  ok: 1_000,
  errorsByKind: {},
  throughputPerSecond: 2_000,
  latency: { count: 1_000, minMs: 1, meanMs: 2, p50Ms: 2, p90Ms: 3, p95Ms: 3, p99Ms: 4, maxMs: 5, histogram: { upperBoundsMs: [2, 5], counts: [600, 400] } },
  timeline: [{ elapsedMs: 250, completed: 500, errors: 0, throughputPerSecond: 2_000, p50Ms: 2, p99Ms: 4 }],
});

function storeWithConnection(start: () => ReturnType<typeof ok> | ReturnType<typeof fail> | Promise<unknown>) {
  const fake = createFakeRpc((command) => {
    if (command === 'load.start') return start() as ReturnType<typeof ok>;
    return ok(null);
  });
  const store = createAppStore(fake.rpc);
  const link = connectStoreToEngine(store, fake.rpc);
  store.getState().applyConnectionInfo(connection);
  store.setState({ selectedConnectionId: 'c1', patternText: '{"cmd":"sum"}', payloadText: '[1,2]' });
  return { store, fake, stop: link.stop };
}

describe('load plan check', () => {
  it('turns the default plan into a LoadPlan', () => {
    expect(checkLoadPlan(defaultLoadPlan)).toEqual({ ok: true, plan: { concurrency: 10, requests: 1_000, timeoutMs: 10_000 } });
  });

  it('reads a fractional duration in seconds and a rate', () => {
    expect(checkLoadPlan({ ...defaultLoadPlan, limitKind: 'duration', durationSeconds: '2.5', ratePerSecond: '500' })).toEqual({
      ok: true,
      plan: { concurrency: 10, durationMs: 2_500, ratePerSecond: 500, timeoutMs: 10_000 },
    });
  });

  it('names each field that needs fixing', () => {
    expect(checkLoadPlan({ ...defaultLoadPlan, concurrency: '20000', requests: '1.5', ratePerSecond: '-1', timeoutMs: '' })).toEqual({
      ok: false,
      errors: {
        concurrency: 'Concurrency is at most 10,000',
        requests: 'Requests must be a whole number of at least 1',
        ratePerSecond: 'Rate must be a number above 0',
        timeoutMs: 'Timeout must be a whole number of at least 1',
      },
    });
  });
});

describe('load slice', () => {
  it("starts the composer's request with the plan, then follows progress to the report", async () => {
    const { store, fake, stop } = storeWithConnection(() => ok({ runId: 'r1' }));
    await store.getState().startLoad();
    expect(fake.calls.find((call) => call.command === 'load.start')?.input).toEqual({
      connectionId: 'c1',
      pattern: { cmd: 'sum' },
      data: [1, 2],
      plan: { concurrency: 10, requests: 1_000, timeoutMs: 10_000 },
    });
    expect(store.getState().loadRun).toMatchObject({ runId: 'r1', phase: 'running', connectionName: 'orders', patternText: '{"cmd":"sum"}', samples: [] });
    fake.emit('load.progress', { runId: 'r1', elapsedMs: 250, completed: 500, errors: 0, throughputPerSecond: 2_000 });
    fake.emit('load.progress', { runId: 'other', elapsedMs: 250, completed: 1, errors: 0, throughputPerSecond: 4 });
    expect(store.getState().loadRun?.samples).toHaveLength(1);
    fake.emit('load.finished', report('r1'));
    expect(store.getState().loadRun).toMatchObject({ phase: 'finished', report: report('r1') });
    stop();
  });

  it('keeps the report of a run that ended before load.start answered', async () => {
    let answer!: (value: unknown) => void;
    const { store, fake, stop } = storeWithConnection(() => new Promise((resolve) => (answer = resolve)));
    const starting = store.getState().startLoad();
    fake.emit('load.finished', report('r2'));
    answer(ok({ runId: 'r2' }));
    await starting;
    expect(store.getState().loadRun).toMatchObject({ runId: 'r2', phase: 'finished', report: report('r2'), samples: [{ runId: 'r2', elapsedMs: 250 }] });
    stop();
  });

  it('shows why the engine refused to start', async () => {
    const { store, stop } = storeWithConnection(() => fail('not-connected', 'The connection is reconnecting, so the load run cannot start.'));
    await store.getState().startLoad();
    expect(store.getState().loadRun).toMatchObject({ phase: 'finished', failure: { code: 'not-connected', message: 'The connection is reconnecting, so the load run cannot start.' } });
    stop();
  });
});
