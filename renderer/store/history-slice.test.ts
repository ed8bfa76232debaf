import { describe, expect, it, vi } from 'vitest';
import type { CollectionInfo } from '../../shared/collection';
import type { ConnectionInfo } from '../../shared/connection';
import type { HistoryEntry } from '../../shared/history';
import { ok } from '../../shared/result';
import { connectStoreToEngine, createAppStore } from './app-store';
import { createFakeRpc } from './fake-rpc';
import { fileNameFor, suggestedRequestName } from './history-slice';

const entry = (id: string, patch: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id,
  at: 1_700_000_000_000,
  kind: 'send',
  connection: { name: 'nest12', url: 'tcp://127.0.0.1:3001' },
  pattern: { cmd: 'sum' },
  data: [1, 2, 3],
  outcome: { status: 'ok', durationMs: 2, summary: '6' },
  ...patch,
});

const nest12: ConnectionInfo = { id: 'k1', name: 'nest12', target: { kind: 'tcp', host: '127.0.0.1', port: 3001 }, options: { connectTimeoutMs: 5_000, requestTimeoutMs: 10_000 }, state: 'ready' };

const info: CollectionInfo = {
  collectionId: 'c1',
  root: '/work/users-service',
  collection: {
    root: '/work/users-service',
    manifest: { patchbay: 1, name: 'users-service', connections: { tcp: { target: 'tcp://{{host}}:3001' } } },
    requests: [{ path: 'tcp/sum.yaml', folder: ['tcp'], name: 'sum', request: { connection: 'tcp', kind: 'send', pattern: { cmd: 'sum' }, data: [1], capture: [], assert: [] } }],
    environments: {},
    problems: [],
  },
  folders: ['tcp'],
  secrets: {},
};

function setup(entries: HistoryEntry[], handle: (command: string, input: unknown) => unknown = () => undefined) {
  const fake = createFakeRpc((command, input) => {
    const answer = handle(command, input);
    if (answer) return answer as ReturnType<typeof ok>;
    if (command === 'history.list') {
      const query = (input as { query?: string }).query;
      const matching = query ? entries.filter((candidate) => JSON.stringify(candidate).toLowerCase().includes(query.toLowerCase())) : entries;
      return ok({ entries: matching, total: matching.length });
    }
    if (command === 'message.send') return ok({ correlationId: 'x', status: 'ok', values: [6], totalMs: 1, replyBytes: 1, requestBytes: 1 });
    return ok(null);
  });
  const store = createAppStore(fake.rpc);
  const link = connectStoreToEngine(store, fake.rpc);
  const sent = () => fake.calls.filter((call) => call.command === 'message.send').map((call) => call.input);
  return { store, fake, sent, stop: link.stop };
}

describe('history', () => {
  it('lists newest first with the query, and follows appends and clears', async () => {
    const { store, fake, stop } = setup([entry('h2', { pattern: 'users.create' }), entry('h1')]);
    await store.getState().loadHistory();
    expect(fake.calls.find((call) => call.command === 'history.list')?.input).toEqual({ limit: 200 });
    expect(store.getState().historyEntries.map((e) => e.id)).toEqual(['h2', 'h1']);
    fake.emit('history.appended', entry('h3'));
    expect(store.getState().historyEntries.map((e) => e.id)).toEqual(['h3', 'h2', 'h1']);
    expect(store.getState().historyTotal).toBe(3);
    fake.emit('history.cleared', {});
    expect(store.getState()).toMatchObject({ historyEntries: [], historyTotal: 0 });
    stop();
  });

  it('asks the engine again when an entry comes in while searching', async () => {
    const { store, fake, stop } = setup([entry('h2', { pattern: 'users.create' }), entry('h1')]);
    store.getState().setHistoryQuery(' users ');
    await store.getState().loadHistory();
    expect(fake.calls.at(-1)?.input).toEqual({ limit: 200, query: 'users' });
    expect(store.getState().historyEntries.map((e) => e.id)).toEqual(['h2']);
    fake.emit('history.appended', entry('h3'));
    expect(fake.calls.filter((call) => call.command === 'history.list')).toHaveLength(2);
    stop();
  });

  it('deletes one entry and forgets its selection', async () => {
    const { store, fake, stop } = setup([entry('h2'), entry('h1')]);
    await store.getState().loadHistory();
    store.getState().selectHistoryEntry('h2');
    await store.getState().deleteHistoryEntry('h2');
    expect(fake.calls.at(-1)).toEqual({ command: 'history.delete', input: { id: 'h2' } });
    expect(store.getState()).toMatchObject({ historyTotal: 1, selectedHistoryId: undefined });
    expect(store.getState().historyEntries.map((e) => e.id)).toEqual(['h1']);
    stop();
  });

  it('sends again over the open connection to the same target, through the composer', async () => {
    const headers = { 'x-tenant': 'acme' };
    const { store, sent, stop } = setup([entry('h1', { headers })]);
    store.getState().applyConnectionInfo({ ...nest12, id: 'other', name: 'elsewhere', target: { kind: 'tcp', host: '127.0.0.1', port: 4000 } });
    store.getState().applyConnectionInfo(nest12);
    await store.getState().loadHistory();
    expect(await store.getState().sendHistoryAgain('h1')).toEqual(ok(null));
    expect(sent()).toEqual([{ connectionId: 'k1', pattern: { cmd: 'sum' }, data: [1, 2, 3] }]);
    expect(store.getState()).toMatchObject({ mainView: { kind: 'composer' }, selectedConnectionId: 'k1', patternText: '{"cmd":"sum"}', payloadText: '[\n  1,\n  2,\n  3\n]' });
    expect(store.getState().messageOptions.headers).toEqual([{ name: 'x-tenant', value: 'acme' }]);
    expect(store.getState().lastOutcome).toMatchObject({ kind: 'sent', outcome: { values: [6] } });
    stop();
  });

  it('opens a connection from the URL when none is open, and sends once it is ready', async () => {
    const { store, fake, sent, stop } = setup([entry('h1')], (command) => {
      if (command === 'target.parseUrl') return ok(nest12.target);
      if (command === 'connection.open') return ok({ ...nest12, state: 'connecting' });
      return undefined;
    });
    await store.getState().loadHistory();
    const sending = store.getState().sendHistoryAgain('h1');
    await vi.waitFor(() => expect(fake.calls.some((call) => call.command === 'connection.open')).toBe(true));
    expect(fake.calls.find((call) => call.command === 'target.parseUrl')?.input).toEqual({ url: 'tcp://127.0.0.1:3001' });
    expect(fake.calls.find((call) => call.command === 'connection.open')?.input).toEqual({ name: 'nest12', target: nest12.target });
    expect(sent()).toEqual([]);
    fake.emit('connection.stateChanged', nest12);
    expect(await sending).toEqual(ok(null));
    expect(sent()).toEqual([{ connectionId: 'k1', pattern: { cmd: 'sum' }, data: [1, 2, 3] }]);
    stop();
  });

  it('says why it could not send again when the connection fails', async () => {
    const { store, fake, sent, stop } = setup([entry('h1')], (command) => {
      if (command === 'target.parseUrl') return ok(nest12.target);
      if (command === 'connection.open') return ok({ ...nest12, state: 'connecting' });
      return undefined;
    });
    await store.getState().loadHistory();
    const sending = store.getState().sendHistoryAgain('h1');
    await vi.waitFor(() => expect(fake.calls.some((call) => call.command === 'connection.open')).toBe(true));
    fake.emit('connection.stateChanged', { ...nest12, state: 'failed', lastError: 'Connection refused at 127.0.0.1:3001' });
    expect(await sending).toEqual({
      ok: false,
      error: { code: 'not-connected', message: 'Could not connect nest12: Connection refused at 127.0.0.1:3001. Check the service is running, then try again.' },
    });
    expect(sent()).toEqual([]);
    stop();
  });

  it('saves an entry as a new request file of a collection and opens it', async () => {
    const { store, fake, stop } = setup([entry('h1', { kind: 'emit', pattern: 'user.created', data: { id: 1 }, headers: { trace: 'on' } })], (command, input) =>
      command === 'collection.saveRequest' ? ok({ path: (input as { path: string }).path, changed: true }) : command === 'collection.list' ? ok([info]) : undefined,
    );
    store.getState().applyCollectionInfo(info);
    await store.getState().loadHistory();
    expect(await store.getState().saveHistoryToCollection('h1', { collectionId: 'c1', folder: 'tcp', name: 'User created', connection: 'tcp' })).toEqual(ok({ path: 'tcp/user-created.yaml' }));
    expect(fake.calls.find((call) => call.command === 'collection.saveRequest')?.input).toEqual({
      collectionId: 'c1',
      path: 'tcp/user-created.yaml',
      request: { name: 'User created', connection: 'tcp', kind: 'emit', pattern: 'user.created', data: { id: 1 }, headers: { trace: 'on' } },
    });
    expect(store.getState().mainView).toEqual({ kind: 'request' });
    expect(store.getState().tabs.map((tab) => [tab.collectionId, tab.path])).toEqual([['c1', 'tcp/user-created.yaml']]);
    stop();
  });

  it('refuses to save over a request that is there', async () => {
    const { store, fake, stop } = setup([entry('h1')]);
    store.getState().applyCollectionInfo(info);
    await store.getState().loadHistory();
    expect(await store.getState().saveHistoryToCollection('h1', { collectionId: 'c1', folder: 'tcp', name: 'sum', connection: 'tcp' })).toEqual({
      ok: false,
      error: { code: 'exists', message: 'tcp/sum.yaml already exists in users-service: choose another name.' },
    });
    expect(fake.calls.some((call) => call.command === 'collection.saveRequest')).toBe(false);
    stop();
  });

  it('names a saved request after its pattern', () => {
    expect(suggestedRequestName({ cmd: 'get_user' })).toBe('get_user');
    expect(suggestedRequestName({ role: 'user', action: 'find' })).toBe('{"role":"user","action":"find"}');
    expect(fileNameFor('users.UsersService/GetUser')).toBe('users-usersservice-getuser.yaml');
    expect(fileNameFor('***')).toBe('request.yaml');
  });
});
