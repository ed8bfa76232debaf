import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CollectionInfo, CollectionRequest, FileProblem, RequestFile } from '../../shared/collection';
import type { CollectionSendResult } from '../../shared/contract';
import { fail, ok } from '../../shared/result';
import { checkEnvironmentDraft, environmentDraft, type EnvironmentDraft } from './collections/environment-draft';
import { WORKSPACE_SAVE_DELAY_MS } from './collections/workspace-autosave';
import { connectStoreToEngine, createAppStore } from './app-store';
import { createFakeRpc } from './fake-rpc';
import { emptyMessageOptions, type MessageOptionsDraft } from './message-options';

/** A request with every field a request file can hold, each in a form that text cannot show twice. */
const everyField: RequestFile = {
  name: 'create user',
  order: 2,
  connection: 'tcp',
  kind: 'emit',
  pattern: { cmd: 'create', version: 2 },
  data: { name: 'Ada', id: '{{userId}}', tags: ['a', 1, true, null], nested: { ratio: 1.5, empty: {} } },
  headers: { 'x-tenant': '{{tenant}}', trace: 'on' },
  timeoutMs: 2500,
  capture: [
    { variable: 'userId', path: 'id' },
    { variable: 'whole', path: '$' },
  ],
  assert: [
    { ok: true },
    { error: 'not found' },
    { path: 'name', equals: 'Ada' },
    { path: 'id', equals: '6' },
    { path: 'count', equals: 6 },
    { path: 'tags', contains: 'a' },
    { path: 'email', matches: '^ada@' },
    { path: 'id', exists: false },
    { latencyBelowMs: 2000 },
    { parts: 1 },
  ],
  description: 'Creates a user.\nSecond line.',
};

const sum: RequestFile = { name: 'sum', connection: 'tcp', kind: 'send', pattern: { cmd: 'sum' }, data: [1, 2, 3], capture: [], assert: [{ ok: true }] };

const request = (path: string, value: RequestFile): CollectionRequest => ({ path, folder: path.split('/').slice(0, -1), name: value.name ?? path, request: value });

function collectionInfo(requests: CollectionRequest[], problems: FileProblem[] = [], root = '/work/users-service', collectionId = 'c1'): CollectionInfo {
  return {
    collectionId,
    root,
    collection: {
      root,
      manifest: { patchbay: 1, name: 'users-service', connections: { tcp: { target: 'tcp://{{host}}:{{tcpPort}}' } } },
      requests,
      environments: { local: { variables: { host: '127.0.0.1', tcpPort: 3001 }, secrets: [] }, ci: { variables: {}, secrets: ['token'] } },
      problems,
    },
    folders: ['tcp'],
    secrets: { local: {}, ci: { token: 'missing' } },
  };
}

const initial = collectionInfo([request('tcp/sum.yaml', sum), request('tcp/create-user.yaml', everyField)]);

/** An engine that knows one open collection, keeps drafts and saves what it is given. */
function engine(options: { drafts?: Record<string, unknown>; info?: CollectionInfo } = {}) {
  const drafts: Record<string, unknown> = { ...options.drafts };
  const fake = createFakeRpc((command, input) => {
    switch (command) {
      case 'collection.list':
        return ok([options.info ?? initial]);
      case 'drafts.load':
        return ok(drafts);
      case 'drafts.save': {
        const { key, value } = input as { key: string; value: unknown };
        drafts[key] = value;
        return ok(null);
      }
      case 'collection.saveRequest':
        return ok({ path: (input as { path: string }).path, changed: true });
      case 'collection.moveItem':
        return ok({ path: (input as { to: string }).to });
      default:
        return ok(null);
    }
  });
  const store = createAppStore(fake.rpc);
  const link = connectStoreToEngine(store, fake.rpc);
  return { ...fake, store, link, drafts };
}

const callsOf = (calls: { command: string; input: unknown }[], command: string) => calls.filter((call) => call.command === command).map((call) => call.input);

afterEach(() => {
  vi.useRealTimers();
});

describe('collections', () => {
  it('loads the open collections on sync, picks an environment, and follows changed and removed events', async () => {
    const { store, link, emit } = engine();
    await store.getState().syncCollections();
    expect(store.getState().collections.map((info) => info.collectionId)).toEqual(['c1']);
    expect(store.getState().activeEnvironments).toEqual({ c1: 'ci' });

    const renamed = collectionInfo([request('tcp/sum.yaml', { ...sum, name: 'sum of three' })]);
    emit('collection.changed', renamed);
    expect(store.getState().collections).toEqual([renamed]);

    emit('collection.removed', { collectionId: 'c1' });
    expect(store.getState().collections).toEqual([]);
    expect(store.getState().activeEnvironments).toEqual({});
    link.stop();
  });

  it('shows an engine refusal to open a collection to the caller, with its message', async () => {
    const { rpc } = createFakeRpc((command) => (command === 'collection.open' ? fail('not-a-collection', '/tmp/x holds no patchbay-collection.yaml') : ok([])));
    const store = createAppStore(rpc);
    expect(await store.getState().openCollection('/tmp/x')).toEqual({ ok: false, error: { code: 'not-a-collection', message: '/tmp/x holds no patchbay-collection.yaml' } });
    expect(store.getState().collections).toEqual([]);
  });
});

describe('request tabs', () => {
  it('saves an untouched request with every field as exactly the value it was read as', async () => {
    const { store, link, calls } = engine();
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/create-user.yaml');
    const tab = store.getState().tabs[0]!;
    expect(tab).toMatchObject({ path: 'tcp/create-user.yaml', dirty: false, disk: 'same' });
    expect(store.getState().mainView).toEqual({ kind: 'request' });

    await store.getState().saveTab(tab.id);
    const saved = callsOf(calls, 'collection.saveRequest');
    expect(saved).toEqual([{ collectionId: 'c1', path: 'tcp/create-user.yaml', request: everyField }]);
    // Same keys in the same order too: nothing for the engine to rewrite.
    expect(JSON.stringify((saved[0] as { request: RequestFile }).request)).toBe(JSON.stringify(everyField));
    link.stop();
  });

  it('focuses the tab a request already has instead of opening another', async () => {
    const { store, link } = engine();
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    store.getState().openRequest('c1', 'tcp/create-user.yaml');
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    expect(store.getState().tabs.map((tab) => tab.path)).toEqual(['tcp/sum.yaml', 'tcp/create-user.yaml']);
    expect(store.getState().activeTabId).toBe(store.getState().tabs[0]!.id);
    link.stop();
  });

  it('marks an edit unsaved, saves the edited value, and is clean again after', async () => {
    const { store, link, calls } = engine();
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    const tabId = store.getState().activeTabId!;
    store.getState().editTab(tabId, { payloadText: '[4, 5]' });
    expect(store.getState().tabs[0]!.dirty).toBe(true);

    await store.getState().saveTab(tabId);
    expect(callsOf(calls, 'collection.saveRequest')).toEqual([{ collectionId: 'c1', path: 'tcp/sum.yaml', request: { ...sum, data: [4, 5] } }]);
    expect(store.getState().tabs[0]).toMatchObject({ dirty: false, saved: { ...sum, data: [4, 5] } });
    link.stop();
  });

  it('keeps the edits and shows the engine\'s reason when a save is refused', async () => {
    const { rpc } = createFakeRpc((command) =>
      command === 'collection.saveRequest' ? fail('file-has-problems', 'tcp/sum.yaml:3:1: bad indentation. Patchbay does not overwrite a file it cannot read') : command === 'collection.list' ? ok([initial]) : ok({}),
    );
    const store = createAppStore(rpc);
    const link = connectStoreToEngine(store, rpc);
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    const tabId = store.getState().activeTabId!;
    store.getState().editTab(tabId, { patternText: 'sum' });
    await store.getState().saveTab(tabId);
    expect(store.getState().tabs[0]).toMatchObject({ dirty: true, saveError: 'tcp/sum.yaml:3:1: bad indentation. Patchbay does not overwrite a file it cannot read' });
    link.stop();
  });

  it('does not send a request that does not parse, and says why', async () => {
    const { store, link, calls } = engine();
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    const tabId = store.getState().activeTabId!;
    store.getState().editTab(tabId, { payloadText: '[1,' });
    await store.getState().saveTab(tabId);
    expect(callsOf(calls, 'collection.saveRequest')).toEqual([]);
    expect(store.getState().tabs[0]!.saveError).toMatch(/^Not saved: Payload is not valid JSON/);
    link.stop();
  });

  it('reloads an untouched tab when its file changes, and asks a tab with edits', async () => {
    const { store, link, emit } = engine();
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    store.getState().openRequest('c1', 'tcp/create-user.yaml');
    const [sumTab, createTab] = store.getState().tabs;
    store.getState().editTab(createTab!.id, { description: 'mine' });

    const changedSum = { ...sum, data: [9] };
    const changedCreate = { ...everyField, timeoutMs: 100 };
    emit('collection.changed', collectionInfo([request('tcp/sum.yaml', changedSum), request('tcp/create-user.yaml', changedCreate)]));
    const [reloaded, asking] = store.getState().tabs;
    expect(reloaded).toMatchObject({ id: sumTab!.id, dirty: false, disk: 'same', saved: changedSum, draft: { payloadText: '[\n  9\n]' } });
    expect(asking).toMatchObject({ dirty: true, disk: 'changed', diskRequest: changedCreate, draft: { description: 'mine', timeoutText: '2500' } });

    store.getState().keepTabEdits(createTab!.id);
    expect(store.getState().tabs[1]).toMatchObject({ dirty: true, disk: 'same', saved: changedCreate, draft: { description: 'mine', timeoutText: '2500' } });

    emit('collection.changed', collectionInfo([request('tcp/sum.yaml', changedSum), request('tcp/create-user.yaml', everyField)]));
    store.getState().reloadTab(createTab!.id);
    expect(store.getState().tabs[1]).toMatchObject({ dirty: false, disk: 'same', saved: everyField, draft: { description: 'Creates a user.\nSecond line.', timeoutText: '2500' } });
    link.stop();
  });

  it('does not take its own save for a change made elsewhere, whichever arrives first', async () => {
    const watcher: { report?: () => void } = {};
    const fake = createFakeRpc((command, input) => {
      if (command === 'collection.list') return ok([initial]);
      if (command === 'collection.saveRequest') {
        // The watcher reports the write before the command answers.
        watcher.report?.();
        return ok({ path: (input as { path: string }).path, changed: true });
      }
      return ok({});
    });
    const store = createAppStore(fake.rpc);
    const link = connectStoreToEngine(store, fake.rpc);
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    const tabId = store.getState().activeTabId!;
    store.getState().editTab(tabId, { payloadText: '[7]' });
    watcher.report = () => fake.emit('collection.changed', collectionInfo([request('tcp/sum.yaml', { ...sum, data: [7] }), request('tcp/create-user.yaml', everyField)]));
    await store.getState().saveTab(tabId);
    expect(store.getState().tabs[0]).toMatchObject({ dirty: false, disk: 'same', saved: { ...sum, data: [7] } });
    link.stop();
  });

  it('marks tabs of a deleted file and of a file that no longer parses', async () => {
    const { store, link, emit } = engine();
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    store.getState().openRequest('c1', 'tcp/create-user.yaml');
    const problem: FileProblem = { path: 'tcp/create-user.yaml', line: 3, column: 5, message: 'Nested mappings are not allowed in compact mappings' };
    emit('collection.changed', collectionInfo([], [problem]));
    const [deleted, broken] = store.getState().tabs;
    expect(deleted).toMatchObject({ disk: 'deleted', dirty: false, draft: { payloadText: '[\n  1,\n  2,\n  3\n]' } });
    expect(broken).toMatchObject({ disk: 'broken', dirty: false });
    expect(broken!.draft).toBeUndefined();

    // Fixed in an editor: the tab loads it.
    emit('collection.changed', collectionInfo([request('tcp/create-user.yaml', everyField)]));
    expect(store.getState().tabs[1]).toMatchObject({ disk: 'same', dirty: false, saved: everyField });
    link.stop();
  });

  it('asks a new request for its file name, then saves it in its folder without replacing another file', async () => {
    const { store, link, calls } = engine();
    await store.getState().syncCollections();
    store.getState().openNewRequest('c1', 'tcp', { name: 'Find user', pattern: { cmd: 'find' }, data: { id: 1 } });
    const tab = store.getState().tabs[0]!;
    expect(tab.path).toBeUndefined();
    expect(tab).toMatchObject({ folder: 'tcp', dirty: true, suggestedName: 'find-user', draft: { name: 'Find user', connection: 'tcp', patternText: '{"cmd":"find"}', payloadText: '{\n  "id": 1\n}' } });

    await store.getState().saveTab(tab.id);
    expect(store.getState().tabs[0]!.askingFileName).toBe(true);
    expect(callsOf(calls, 'collection.saveRequest')).toEqual([]);

    expect(await store.getState().saveTabAs(tab.id, 'sum')).toEqual({ ok: false, error: { code: 'already-exists', message: 'tcp/sum.yaml already exists. Choose another name.' } });
    expect(await store.getState().saveTabAs(tab.id, 'find user')).toEqual({ ok: true, value: { path: 'tcp/find-user.yaml', changed: true } });
    expect(callsOf(calls, 'collection.saveRequest')).toEqual([
      { collectionId: 'c1', path: 'tcp/find-user.yaml', request: { name: 'Find user', connection: 'tcp', kind: 'send', pattern: { cmd: 'find' }, data: { id: 1 }, capture: [], assert: [] } },
    ]);
    expect(store.getState().tabs[0]).toMatchObject({ path: 'tcp/find-user.yaml', dirty: false, askingFileName: false });
    link.stop();
  });

  it('moves the tabs of a renamed folder with it', async () => {
    const { store, link, emit } = engine();
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    emit('collection.changed', collectionInfo([request('nest/sum.yaml', sum)]));
    expect(store.getState().tabs[0]!.disk).toBe('deleted');
    expect(await store.getState().moveItem('c1', 'tcp', 'nest')).toEqual({ ok: true, value: { path: 'nest' } });
    expect(store.getState().tabs[0]).toMatchObject({ path: 'nest/sum.yaml', folder: 'nest', disk: 'same', dirty: false });
    link.stop();
  });

  it('closes the untouched tabs of what it deletes, and keeps tabs with edits, marked', async () => {
    const { store, link, emit } = engine();
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    store.getState().openRequest('c1', 'tcp/create-user.yaml');
    store.getState().editTab(store.getState().tabs[1]!.id, { name: 'keep me' });
    await store.getState().deleteItem('c1', 'tcp');
    emit('collection.changed', collectionInfo([]));
    expect(store.getState().tabs.map((tab) => [tab.path, tab.disk, tab.dirty])).toEqual([['tcp/create-user.yaml', 'deleted', true]]);
    store.getState().closeTab(store.getState().tabs[0]!.id);
    expect(store.getState().mainView).toEqual({ kind: 'composer' });
    link.stop();
  });

  it('sends what the tab holds now, in the active environment, and keeps the result', async () => {
    const result: CollectionSendResult = {
      result: { path: 'tcp/sum.yaml', name: 'sum', iteration: 1, status: 'passed', durationMs: 3, values: [10], assertions: [{ label: 'ok true', passed: true }], captured: {} },
      connectionId: 'k1',
      outcome: { correlationId: 'x', status: 'ok', values: [10], totalMs: 3, replyBytes: 40, requestBytes: 50 },
    };
    const fake = createFakeRpc((command) => (command === 'collection.list' ? ok([initial]) : command === 'collection.send' ? ok(result) : ok({})));
    const store = createAppStore(fake.rpc);
    const link = connectStoreToEngine(store, fake.rpc);
    await store.getState().syncCollections();
    store.getState().setActiveEnvironment('c1', 'local');
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    const tabId = store.getState().activeTabId!;
    store.getState().editTab(tabId, { payloadText: '[1, 9]' });
    await store.getState().sendTab(tabId);
    expect(callsOf(fake.calls, 'collection.send')).toEqual([{ collectionId: 'c1', environment: 'local', path: 'tcp/sum.yaml', request: { ...sum, data: [1, 9] } }]);
    expect(store.getState().tabs[0]!.lastSend).toEqual({ kind: 'send', connectionName: 'tcp', patternText: '{"cmd":"sum"}', result });
    expect(callsOf(fake.calls, 'collection.variables')).toEqual([]);
    link.stop();
  });

  it('reloads the variables after a send that captured a value, so hovers show it', async () => {
    const result: CollectionSendResult = {
      result: { path: '', name: 'unsaved request', iteration: 1, status: 'passed', durationMs: 3, values: [{ id: 7 }], assertions: [], captured: { userId: 7 } },
      outcome: { correlationId: 'x', status: 'ok', values: [{ id: 7 }], totalMs: 3, replyBytes: 40, requestBytes: 50 },
    };
    const fake = createFakeRpc((command) => (command === 'collection.list' ? ok([initial]) : command === 'collection.send' ? ok(result) : ok({})));
    const store = createAppStore(fake.rpc);
    const link = connectStoreToEngine(store, fake.rpc);
    await store.getState().syncCollections();
    store.getState().setActiveEnvironment('c1', 'local');
    await store.getState().loadVariables('c1', 'local');
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    await store.getState().sendTab(store.getState().activeTabId!);
    const asked = { collectionId: 'c1', environment: 'local' };
    await vi.waitFor(() => expect(callsOf(fake.calls, 'collection.variables')).toEqual([asked, asked]));
    link.stop();
  });
});

describe('workspace draft', () => {
  it('saves once after a burst of edits, with the exact workspace, and a new store restores the tabs and their edits', async () => {
    vi.useFakeTimers();
    const first = engine();
    await first.store.getState().syncCollections();
    first.store.getState().openRequest('c1', 'tcp/sum.yaml');
    first.store.getState().openRequest('c1', 'tcp/create-user.yaml');
    const [sumTab, createTab] = first.store.getState().tabs;
    first.store.getState().editTab(sumTab!.id, { payloadText: '[4' });
    first.store.getState().editTab(sumTab!.id, { payloadText: '[4, 5]' });
    first.store.getState().setActiveEnvironment('c1', undefined);
    first.store.getState().setPatternText('users.find');
    first.store.getState().setMessageOptions({ headers: [{ name: 'x-trace', value: 'abc' }] });
    first.store.getState().setMessageOptions({ key: 'order-42', partition: '3', propertiesText: '{"priority": 5}' });
    first.store.getState().selectTab(sumTab!.id);
    vi.advanceTimersByTime(WORKSPACE_SAVE_DELAY_MS - 1);
    expect(callsOf(first.calls, 'drafts.save')).toEqual([]);
    vi.advanceTimersByTime(1);

    const messageOptions: MessageOptionsDraft = { headers: [{ name: 'x-trace', value: 'abc' }], key: 'order-42', partition: '3', propertiesText: '{"priority": 5}' };
    const sumDraft = { name: 'sum', connection: 'tcp', kind: 'send', patternText: '{"cmd":"sum"}', payloadText: '[4, 5]', headers: [], timeoutText: '', captures: [], assertions: [{ kind: 'ok', path: '', value: 'true' }], description: '' };
    expect(callsOf(first.calls, 'drafts.save')).toEqual([
      {
        key: 'workspace',
        value: {
          version: 1,
          collections: ['/work/users-service'],
          tabs: [
            { id: sumTab!.id, root: '/work/users-service', path: 'tcp/sum.yaml', folder: 'tcp', saved: sum, draft: sumDraft },
            { id: createTab!.id, root: '/work/users-service', path: 'tcp/create-user.yaml', folder: 'tcp' },
          ],
          activeTabId: sumTab!.id,
          environments: { '/work/users-service': '' },
          environmentDrafts: {},
          composer: { patternText: 'users.find', payloadText: '{}', messageOptions },
        },
      },
    ]);
    first.link.stop();

    // A new window on an engine that has no collection open: it reopens the folder and the tabs.
    const reopened = collectionInfo([request('tcp/sum.yaml', sum), request('tcp/create-user.yaml', everyField)], [], '/work/users-service', 'c9');
    const fake = createFakeRpc((command, input) => {
      if (command === 'drafts.load') return ok(first.drafts as Record<string, never>);
      if (command === 'collection.list') return ok([]);
      if (command === 'collection.open') return (input as { root: string }).root === '/work/users-service' ? ok(reopened) : fail('not-found', 'gone');
      return ok(null);
    });
    const store = createAppStore(fake.rpc);
    const link = connectStoreToEngine(store, fake.rpc);
    await store.getState().syncCollections();
    expect(callsOf(fake.calls, 'collection.open')).toEqual([{ root: '/work/users-service' }]);
    const state = store.getState();
    expect(state.tabs.map((tab) => ({ id: tab.id, collectionId: tab.collectionId, path: tab.path, dirty: tab.dirty, disk: tab.disk, payloadText: tab.draft?.payloadText }))).toEqual([
      { id: sumTab!.id, collectionId: 'c9', path: 'tcp/sum.yaml', dirty: true, disk: 'same', payloadText: '[4, 5]' },
      { id: createTab!.id, collectionId: 'c9', path: 'tcp/create-user.yaml', dirty: false, disk: 'same', payloadText: JSON.stringify(everyField.data, null, 2) },
    ]);
    expect(state.activeTabId).toBe(sumTab!.id);
    expect(state.activeEnvironments).toEqual({ c9: undefined });
    expect(state.patternText).toBe('users.find');
    expect(state.messageOptions).toEqual(messageOptions);
    expect(state.mainView).toEqual({ kind: 'request' });

    // Restoring is not an edit: nothing is saved until the user changes something.
    vi.advanceTimersByTime(WORKSPACE_SAVE_DELAY_MS);
    expect(callsOf(fake.calls, 'drafts.save')).toEqual([]);
    store.getState().openNewRequest('c9', '', {});
    expect(store.getState().tabs[2]!.id).toBe('tab-3');
    link.stop();
  });

  it('tells a tab with edits that its file changed while the app was closed', async () => {
    const stored = {
      workspace: {
        version: 1,
        collections: ['/work/users-service'],
        tabs: [{ id: 'tab-1', root: '/work/users-service', path: 'tcp/sum.yaml', folder: 'tcp', saved: { ...sum, data: [0] }, draft: { name: 'sum', connection: 'tcp', kind: 'send', patternText: 'sum', payloadText: '[0]', headers: [], timeoutText: '', captures: [], assertions: [], description: '' } }],
        environments: {},
        composer: { patternText: '', payloadText: '{}' },
      },
    };
    const { store, link } = engine({ drafts: stored });
    await store.getState().syncCollections();
    expect(store.getState().tabs[0]).toMatchObject({ dirty: true, disk: 'changed', diskRequest: sum, draft: { patternText: 'sum' } });
    // Written before environment drafts and message options were kept: it restores without them.
    expect(store.getState().environmentDrafts).toEqual({});
    expect(store.getState().messageOptions).toEqual(emptyMessageOptions);
    link.stop();
  });

  it('saves nothing when the stored workspace could not be read, so it is not replaced by an empty one', async () => {
    vi.useFakeTimers();
    const fake = createFakeRpc((command) => (command === 'drafts.load' ? fail('io', 'disk unplugged') : command === 'collection.list' ? ok([initial]) : ok(null)));
    const store = createAppStore(fake.rpc);
    const link = connectStoreToEngine(store, fake.rpc);
    await store.getState().syncCollections();
    store.getState().openRequest('c1', 'tcp/sum.yaml');
    vi.advanceTimersByTime(WORKSPACE_SAVE_DELAY_MS);
    expect(callsOf(fake.calls, 'drafts.save')).toEqual([]);
    expect(store.getState().collectionNotices.map((notice) => notice.text)).toEqual(['Your open tabs and unsaved edits could not be read back: disk unplugged']);
    link.stop();
  });
});

describe('environment drafts', () => {
  const setRow = (index: number, patch: Partial<EnvironmentDraft['rows'][number]>) => (draft: EnvironmentDraft) => ({ ...draft, rows: draft.rows.map((row, at) => (at === index ? { ...row, ...patch } : row)) });
  const addRow = (draft: EnvironmentDraft) => ({ ...draft, rows: [...draft.rows, { key: draft.nextKey, name: '', value: '' }], nextKey: draft.nextKey + 1 });
  /** `local` with tcpPort 3002, a new variable tenant = acme and a new secret apiToken, as typed in the environment view. */
  const editedLocal: EnvironmentDraft = {
    rows: [
      { key: 0, name: 'host', value: '127.0.0.1' },
      { key: 1, name: 'tcpPort', value: '3002' },
      { key: 2, name: 'tenant', value: 'acme' },
    ],
    secrets: ['apiToken'],
    nextKey: 3,
  };
  const editedEnvironment = { variables: { host: '127.0.0.1', tcpPort: 3002, tenant: 'acme' }, secrets: ['apiToken'] };
  const withLocal = (local: typeof editedEnvironment, root = '/work/users-service', collectionId = 'c1'): CollectionInfo => {
    const info = collectionInfo([request('tcp/sum.yaml', sum)], [], root, collectionId);
    return { ...info, collection: { ...info.collection, environments: { ...info.collection.environments, local } } };
  };

  it('saves once after a burst of edits with exactly the edited environment, restores it in a new store, and drops it once saved', async () => {
    vi.useFakeTimers();
    const first = engine();
    await first.store.getState().syncCollections();
    const edit = first.store.getState().editEnvironment;
    edit('c1', 'local', setRow(1, { value: '300' }));
    edit('c1', 'local', setRow(1, { value: '3002' }));
    edit('c1', 'local', addRow);
    edit('c1', 'local', setRow(2, { name: 'tenant' }));
    edit('c1', 'local', setRow(2, { value: 'acme' }));
    edit('c1', 'local', (draft) => ({ ...draft, secrets: [...draft.secrets, 'apiToken'] }));
    // An environment edited and reverted, and one edited back to what it was, hold nothing to keep.
    edit('c1', 'ci', (draft) => ({ ...draft, secrets: [] }));
    first.store.getState().revertEnvironment('c1', 'ci');
    edit('c1', 'local', addRow);
    edit('c1', 'local', (draft) => ({ ...draft, rows: draft.rows.slice(0, 3) }));
    expect(first.store.getState().environmentDrafts).toEqual({ c1: { local: { ...editedLocal, nextKey: 4 } } });
    vi.advanceTimersByTime(WORKSPACE_SAVE_DELAY_MS);

    const saves = callsOf(first.calls, 'drafts.save') as { key: string; value: { environmentDrafts: unknown } }[];
    expect(saves).toHaveLength(1);
    expect(saves[0]!.value.environmentDrafts).toEqual({ '/work/users-service': { local: { ...editedLocal, nextKey: 4 } } });
    first.link.stop();

    // A new window: the engine gave the reopened collection another id; the draft is its again.
    let reopened = withLocal(initial.collection.environments.local as typeof editedEnvironment, '/work/users-service', 'c9');
    const fake = createFakeRpc((command, input) => {
      if (command === 'drafts.load') return ok(first.drafts as Record<string, never>);
      if (command === 'collection.list') return ok([reopened]);
      if (command === 'collection.saveEnvironment') {
        // As the engine does: the collection read again is published before the answer.
        const { environment } = input as { environment: typeof editedEnvironment };
        reopened = withLocal(environment, '/work/users-service', 'c9');
        fake.emit('collection.changed', reopened);
        return ok({ path: 'environments/local.yaml', changed: true });
      }
      return ok(null);
    });
    const store = createAppStore(fake.rpc);
    const link = connectStoreToEngine(store, fake.rpc);
    await store.getState().syncCollections();
    expect(store.getState().environmentDrafts).toEqual({ c9: { local: { ...editedLocal, nextKey: 4 } } });
    expect(store.getState().environmentDraftOf('c9', 'local')).toEqual({ ...editedLocal, nextKey: 4 });
    expect(store.getState().environmentDraftOf('c9', 'ci')).toEqual(environmentDraft(initial.collection.environments.ci!));
    vi.advanceTimersByTime(WORKSPACE_SAVE_DELAY_MS);
    expect(callsOf(fake.calls, 'drafts.save')).toEqual([]);

    // Save, as the view does: what the draft checks to.
    const check = checkEnvironmentDraft(store.getState().environmentDraftOf('c9', 'local')!);
    expect(check).toEqual({ ok: true, environment: editedEnvironment });
    expect(await store.getState().saveEnvironment('c9', 'local', editedEnvironment)).toEqual({ ok: true, value: { path: 'environments/local.yaml', changed: true } });
    expect(callsOf(fake.calls, 'collection.saveEnvironment')).toEqual([{ collectionId: 'c9', name: 'local', environment: editedEnvironment }]);
    expect(store.getState().environmentDrafts).toEqual({});
    expect(store.getState().environmentDraftOf('c9', 'local')).toEqual({ ...editedLocal, nextKey: 3 });
    vi.advanceTimersByTime(WORKSPACE_SAVE_DELAY_MS);
    expect((callsOf(fake.calls, 'drafts.save') as { value: { environmentDrafts: unknown } }[]).map((call) => call.value.environmentDrafts)).toEqual([{}]);
    link.stop();
  });

  it('lets an unedited draft take a file changed on disk, and keeps edits over it and edits typed while a save was on its way', async () => {
    const saving: ((value: ReturnType<typeof ok>) => void)[] = [];
    const { store, link, emit } = engine();
    await store.getState().syncCollections();
    const edit = store.getState().editEnvironment;

    // Only an empty row added: nothing edited, so a new file replaces it, as the view always did.
    edit('c1', 'local', addRow);
    emit('collection.changed', withLocal({ variables: { host: '10.0.0.1', tcpPort: 3001, tenant: 'acme' }, secrets: [] }));
    expect(store.getState().environmentDrafts).toEqual({});
    expect(store.getState().environmentDraftOf('c1', 'local')!.rows.map((row) => row.value)).toEqual(['10.0.0.1', '3001', 'acme']);

    // Edits stay over a changed file, to be saved over it or reverted.
    edit('c1', 'local', setRow(1, { value: '3002' }));
    const edited = store.getState().environmentDraftOf('c1', 'local');
    emit('collection.changed', withLocal({ variables: { host: '10.0.0.2', tcpPort: 3001, tenant: 'acme' }, secrets: [] }));
    expect(store.getState().environmentDrafts).toEqual({ c1: { local: edited } });

    // A save answered after more typing drops nothing that was typed since.
    const fake = createFakeRpc((command) => (command === 'collection.saveEnvironment' ? new Promise((resolve) => saving.push(resolve)) : ok(null)));
    const slow = createAppStore(fake.rpc);
    slow.getState().applyCollectionInfo(withLocal({ variables: { host: '127.0.0.1', tcpPort: 3001, tenant: 'acme' }, secrets: [] }));
    slow.getState().editEnvironment('c1', 'local', setRow(1, { value: '3002' }));
    const saved = slow.getState().saveEnvironment('c1', 'local', { variables: { host: '127.0.0.1', tcpPort: 3002, tenant: 'acme' }, secrets: [] });
    slow.getState().editEnvironment('c1', 'local', setRow(1, { value: '3003' }));
    saving[0]!(ok({ path: 'environments/local.yaml', changed: true }));
    await saved;
    expect(slow.getState().environmentDraftOf('c1', 'local')!.rows[1]).toEqual({ key: 1, name: 'tcpPort', value: '3003' });

    // Closing the collection forgets its drafts.
    emit('collection.removed', { collectionId: 'c1' });
    expect(store.getState().environmentDrafts).toEqual({});
    link.stop();
  });

  it('restores the environment drafts and message options it can read, and leaves out the rest', async () => {
    const ci: EnvironmentDraft = { rows: [{ key: 0, name: 'tenant', value: 'acme' }], secrets: ['token'], nextKey: 1 };
    const stored = {
      workspace: {
        version: 1,
        collections: ['/work/users-service'],
        tabs: [],
        environments: {},
        environmentDrafts: {
          '/work/users-service': {
            ci,
            // What the file holds now: nothing to keep.
            local: environmentDraft(initial.collection.environments.local!),
            staging: { rows: [{ key: 0, name: 'host', value: 7 }], secrets: [], nextKey: 1 },
            production: { rows: [{ key: 1, name: 'host', value: 'x' }], secrets: [], nextKey: 1 },
          },
        },
        composer: { patternText: 'orders.created', payloadText: '{}', messageOptions: { headers: [{ name: 'x-trace', value: 'abc' }, { name: 2 }], key: 5, partition: '1' } },
      },
    };
    const { store, link } = engine({ drafts: stored });
    await store.getState().syncCollections();
    expect(store.getState().environmentDrafts).toEqual({ c1: { ci } });
    expect(store.getState().patternText).toBe('orders.created');
    expect(store.getState().messageOptions).toEqual({ headers: [{ name: 'x-trace', value: 'abc' }], key: '', partition: '1', propertiesText: '' });
    link.stop();
  });
});
