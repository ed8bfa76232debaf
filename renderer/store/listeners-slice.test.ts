import { describe, expect, it } from 'vitest';
import type { ListenerInfo } from '../../shared/listen';
import type { MockInfo } from '../../shared/mock';
import { ok } from '../../shared/result';
import { connectStoreToEngine, createAppStore } from './app-store';
import { createFakeRpc } from './fake-rpc';

const listener = (id: string, state: ListenerInfo['state'] = 'listening', count = 0): ListenerInfo => ({
  id,
  connectionId: 'c1',
  label: 'redis channels orders.* (tap)',
  spec: { kind: 'redis', channels: ['orders.*'], tap: true },
  state,
  count,
});

const mock = (id: string, state: MockInfo['state'] = 'serving'): MockInfo => ({
  id,
  name: `mock-${id}`,
  target: { kind: 'tcp', host: '127.0.0.1', port: 4000 },
  rules: { rules: [], unmatched: 'nest-error' },
  state,
  address: 'tcp://127.0.0.1:4000',
  stats: { requests: 0, events: 0, unmatched: 0, perRule: [] },
});

function engineStub() {
  return createFakeRpc((command, input) => {
    switch (command) {
      case 'listen.list':
        return ok([listener('l1')]);
      case 'mock.list':
        return ok([mock('m1')]);
      case 'listen.start':
        return ok(listener('l2', 'starting'));
      case 'listen.stop':
      case 'mock.stop':
        return ok(null);
      case 'mock.start':
        return ok(mock('m2', 'starting'));
      case 'mock.update':
        return ok({ ...mock((input as { mockId: string }).mockId), rules: (input as { rules: MockInfo['rules'] }).rules });
      case 'connection.list':
        return ok([]);
      default:
        return ok({ entries: [], lastSeq: 0, evictedCount: 0 });
    }
  });
}

describe('listeners and mocks in the store', () => {
  it('loads both lists on sync and follows their state events', async () => {
    const { rpc, emit } = engineStub();
    const store = createAppStore(rpc);
    await connectStoreToEngine(store, rpc).sync();
    expect(store.getState().listeners.map((l) => l.id)).toEqual(['l1']);
    expect(store.getState().mocks.map((m) => m.id)).toEqual(['m1']);

    emit('listen.stateChanged', listener('l1', 'listening', 7));
    expect(store.getState().listeners[0]?.count).toBe(7);
    emit('mock.stateChanged', { ...mock('m1'), stats: { requests: 3, events: 0, unmatched: 1, perRule: [] } });
    expect(store.getState().mocks[0]?.stats.requests).toBe(3);

    emit('listen.removed', { listenerId: 'l1' });
    emit('mock.removed', { mockId: 'm1' });
    expect(store.getState().listeners).toEqual([]);
    expect(store.getState().mocks).toEqual([]);
  });

  it('shows a started listener, and goes back to the composer when it is stopped', async () => {
    const { rpc } = engineStub();
    const store = createAppStore(rpc);
    const started = await store.getState().startListener({ connectionId: 'c1', spec: { kind: 'redis', channels: ['orders.*'] } });
    expect(started.ok).toBe(true);
    expect(store.getState().mainView).toEqual({ kind: 'listener', id: 'l2' });

    await store.getState().stopListener('l2');
    expect(store.getState().listeners).toEqual([]);
    expect(store.getState().mainView).toEqual({ kind: 'composer' });
  });

  it('ignores the "stopped" word of a listener or mock it has already forgotten', async () => {
    const { rpc, emit } = engineStub();
    const store = createAppStore(rpc);
    connectStoreToEngine(store, rpc);
    await store.getState().startListener({ connectionId: 'c1', spec: { kind: 'redis', channels: ['orders.*'] } });
    await store.getState().stopListener('l2');
    emit('listen.stateChanged', listener('l2', 'stopped'));
    expect(store.getState().listeners).toEqual([]);
    await store.getState().startMock({ name: 'mock-m2', target: { kind: 'tcp', host: '127.0.0.1', port: 4000 }, rules: { rules: [], unmatched: 'nest-error' } });
    await store.getState().stopMock('m2');
    emit('mock.stateChanged', mock('m2', 'stopped'));
    expect(store.getState().mocks).toEqual([]);
  });

  it('selecting a connection brings the composer back', async () => {
    const { rpc } = engineStub();
    const store = createAppStore(rpc);
    await store.getState().startMock({ name: 'mock-m2', target: { kind: 'tcp', host: '127.0.0.1', port: 4000 }, rules: { rules: [], unmatched: 'nest-error' } });
    expect(store.getState().mainView).toEqual({ kind: 'mock', id: 'm2' });
    store.getState().selectConnection('c1');
    expect(store.getState().mainView).toEqual({ kind: 'composer' });
    expect(store.getState().selectedConnectionId).toBe('c1');
  });

  it('keeps a rules draft per mock until the engine takes the rules', async () => {
    const { rpc } = engineStub();
    const store = createAppStore(rpc);
    await store.getState().startMock({ name: 'mock-m2', target: { kind: 'tcp', host: '127.0.0.1', port: 4000 }, rules: { rules: [], unmatched: 'nest-error' } });
    store.getState().setMockRuleDraft('m2', '{"rules": []');
    expect(store.getState().mockRuleDrafts).toEqual({ m2: '{"rules": []' });
    const rules = { rules: [{ pattern: 'a', when: [], reply: { value: 1 }, failureRate: 0 }], unmatched: 'nest-error' as const };
    await store.getState().updateMockRules('m2', rules);
    expect(store.getState().mockRuleDrafts).toEqual({});
    expect(store.getState().mocks.find((m) => m.id === 'm2')?.rules).toEqual(rules);
  });
});
