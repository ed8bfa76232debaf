import { describe, expect, it } from 'vitest';
import type { CollectionInfo, ResolvedVariable } from '../../shared/collection';
import { fail, ok, type Result } from '../../shared/result';
import { connectStoreToEngine, createAppStore } from './app-store';
import { createFakeRpc } from './fake-rpc';
import { variablesKey } from './variables-slice';

const info: CollectionInfo = {
  collectionId: 'c1',
  root: '/work/users-service',
  collection: {
    root: '/work/users-service',
    manifest: { patchbay: 1, name: 'users-service', connections: {} },
    requests: [],
    environments: { local: { variables: { host: '127.0.0.1' }, secrets: ['apiToken'] } },
    problems: [],
  },
  folders: [],
  secrets: { local: { apiToken: 'missing' } },
};

function setup(variables: (input: { environment?: string }) => Result<Record<string, ResolvedVariable>> | Promise<Result<Record<string, ResolvedVariable>>>) {
  const fake = createFakeRpc((command, input) => {
    if (command === 'collection.variables') return variables(input as { environment?: string });
    if (command === 'collection.list') return ok([info]);
    return ok(null);
  });
  const store = createAppStore(fake.rpc);
  const link = connectStoreToEngine(store, fake.rpc);
  store.getState().applyCollectionInfo(info);
  const asked = () => fake.calls.filter((call) => call.command === 'collection.variables').map((call) => call.input);
  return { store, fake, asked, stop: link.stop };
}

describe('variables', () => {
  it('keeps what the engine resolved per collection and environment', async () => {
    const local: Record<string, ResolvedVariable> = { host: { source: 'environment', value: '127.0.0.1' } };
    const { store, asked, stop } = setup(({ environment }) => ok(environment ? local : {}));
    await store.getState().loadVariables('c1', 'local');
    await store.getState().loadVariables('c1', undefined);
    expect(asked()).toEqual([{ collectionId: 'c1', environment: 'local' }, { collectionId: 'c1' }]);
    expect(store.getState().variables).toEqual({
      [variablesKey('c1', 'local')]: { values: { host: { source: 'environment', value: '127.0.0.1' } } },
      [variablesKey('c1', undefined)]: { values: {} },
    });
    stop();
  });

  it('keeps only the newest answer when two cross', async () => {
    const answers: ((value: Result<Record<string, ResolvedVariable>>) => void)[] = [];
    const { store, stop } = setup(() => new Promise((resolve) => answers.push(resolve)));
    const first = store.getState().loadVariables('c1', 'local');
    const second = store.getState().loadVariables('c1', 'local');
    answers[1]!(ok({ userId: { source: 'captured', value: 2 } }));
    answers[0]!(ok({ userId: { source: 'captured', value: 1 } }));
    await Promise.all([first, second]);
    expect(store.getState().variables[variablesKey('c1', 'local')]).toEqual({ values: { userId: { source: 'captured', value: 2 } } });
    stop();
  });

  it('keeps the last values beside the error of a failed reload', async () => {
    let answer: Result<Record<string, ResolvedVariable>> = ok({ host: { source: 'environment', value: 'a' } });
    const { store, stop } = setup(() => answer);
    await store.getState().loadVariables('c1', 'local');
    answer = fail('unknown-collection', 'The collection c1 is not open.');
    await store.getState().reloadVariables('c1');
    expect(store.getState().variables[variablesKey('c1', 'local')]).toEqual({ values: { host: { source: 'environment', value: 'a' } }, error: 'The collection c1 is not open.' });
    stop();
  });

  it('reloads on collection.changed and forgets a closed collection', async () => {
    const { store, fake, asked, stop } = setup(() => ok({}));
    await store.getState().loadVariables('c1', 'local');
    fake.emit('collection.changed', info);
    expect(asked()).toHaveLength(2);
    fake.emit('collection.removed', { collectionId: 'c1' });
    expect(store.getState().variables).toEqual({});
    stop();
  });

  it('refreshes secret status and values after a secret is set', async () => {
    const { store, fake, asked, stop } = setup(() => ok({ apiToken: { source: 'secret', missing: false } }));
    await store.getState().loadVariables('c1', 'local');
    expect(await store.getState().setSecret('c1', 'local', 'apiToken', 's3cret')).toEqual(ok(null));
    expect(fake.calls.find((call) => call.command === 'collection.setSecret')?.input).toEqual({ collectionId: 'c1', environment: 'local', name: 'apiToken', value: 's3cret' });
    expect(fake.calls.filter((call) => call.command === 'collection.list')).toHaveLength(1);
    expect(asked()).toHaveLength(2);
    stop();
  });
});
