// The desktop shell's "open this folder" (menu, command line) goes through the same open as the
// Open collection dialog; a folder that is no collection is said in a notice.
import { describe, expect, it } from 'vitest';
import type { CollectionInfo } from '../../shared/collection';
import { fail, ok } from '../../shared/result';
import { connectStoreToEngine, createAppStore } from './app-store';
import { createFakeRpc } from './fake-rpc';

const info = { collectionId: 'c1', root: '/work/users', collection: { root: '/work/users', manifest: { patchbay: 1, name: 'users', connections: {} }, requests: [], environments: {}, problems: [] }, folders: [], secrets: {} } as unknown as CollectionInfo;

describe('open collection requested by the desktop shell', () => {
  it('opens the folder like the dialog does, and shows why when it cannot', async () => {
    const { rpc, emit, calls } = createFakeRpc((command, input) => {
      if (command !== 'collection.open') return ok(null);
      return (input as { root: string }).root === '/work/users' ? ok(info) : fail('not-a-collection', '/tmp/empty has no patchbay-collection.yaml.');
    });
    const store = createAppStore(rpc);
    const link = connectStoreToEngine(store, rpc);

    emit('app.openCollectionRequested', { root: '/work/users' });
    await expect.poll(() => store.getState().collections.map((collection) => collection.collectionId)).toEqual(['c1']);
    expect(calls.filter((call) => call.command === 'collection.open').map((call) => call.input)).toEqual([{ root: '/work/users' }]);

    emit('app.openCollectionRequested', { root: '/tmp/empty' });
    await expect.poll(() => store.getState().collectionNotices.map((notice) => [notice.tone, notice.text])).toEqual([['problem', 'Could not open the collection at /tmp/empty: /tmp/empty has no patchbay-collection.yaml.']]);
    link.stop();
  });
});
