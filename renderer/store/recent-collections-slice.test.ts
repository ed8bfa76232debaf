// Recent collections in the store: loaded with the rest, replaced by each change the engine
// tells, and opened again with the dialog's open; a folder that moved away is said in a notice.
import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../shared/result';
import { connectStoreToEngine, createAppStore } from './app-store';
import { createFakeRpc } from './fake-rpc';

const users = { root: '/work/users', name: 'users', openedAt: 2 };
const orders = { root: '/work/orders', name: 'orders', openedAt: 1 };

describe('recent collections', () => {
  it('loads the list, follows the engine, and opens an entry or says why not', async () => {
    const { rpc, emit, calls } = createFakeRpc((command) => {
      if (command === 'recentCollections.list') return ok([users, orders]);
      if (command === 'collection.open') return fail('not-a-collection', '/work/orders has no patchbay-collection.yaml.');
      return ok([]);
    });
    const store = createAppStore(rpc);
    const link = connectStoreToEngine(store, rpc);
    await store.getState().loadRecentCollections();
    expect(store.getState().recentCollections).toEqual([users, orders]);

    emit('recentCollections.changed', { collections: [orders] });
    expect(store.getState().recentCollections).toEqual([orders]);

    await store.getState().openCollectionFolder('/work/orders');
    expect(calls.filter((call) => call.command === 'collection.open').map((call) => call.input)).toEqual([{ root: '/work/orders' }]);
    expect(store.getState().collectionNotices.map((notice) => notice.text)).toEqual(['Could not open the collection at /work/orders: /work/orders has no patchbay-collection.yaml.']);
    link.stop();
  });
});
