// The History view's state: what the app sent, newest first, as the engine keeps it (`history.*`),
// searched by a query; and "Send again", which puts an entry back into the composer over a
// connection to the same target (an open one, or one opened from the entry's URL) and sends it.
import type { ConnectionInfo } from '../../shared/connection';
import type { HistoryEntry } from '../../shared/history';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import { targetToUrl } from '../../shared/target-url';
import type { AppState, SliceCreator } from './app-store';
import { emptyMessageOptions } from './message-options';

/** Entries asked for at a time; the engine keeps more. */
export const HISTORY_PAGE = 200;

export interface HistorySlice {
  historyEntries: HistoryEntry[];
  /** How many match the query in the engine (may be more than shown). */
  historyTotal: number;
  historyQuery: string;
  historyLoaded: boolean;
  historyError?: string;
  selectedHistoryId?: string;
  /** Sets the query; the caller loads (the view waits for typing to pause). */
  setHistoryQuery(query: string): void;
  loadHistory(): Promise<void>;
  selectHistoryEntry(id: string | undefined): void;
  applyHistoryAppended(entry: HistoryEntry): void;
  applyHistoryCleared(): void;
  deleteHistoryEntry(id: string): Promise<Result<null>>;
  clearHistory(): Promise<Result<null>>;
  /** Puts the entry into the composer over a connection to its target, and sends (or emits) it. */
  sendHistoryAgain(id: string): Promise<Result<null>>;
  /** Writes the entry as a new request file of an open collection and opens it in a tab. */
  saveHistoryToCollection(id: string, target: SaveTarget): Promise<Result<{ path: string }>>;
}

/** Where "Save to collection" puts an entry: a folder of an open collection, a file name, and one of its connections. */
export type SaveTarget = { collectionId: string; folder: string; name: string; connection: string };

/** `users.create` → `users-create`; what a request's name becomes as a file name. */
export function fileNameFor(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'request'}.yaml`;
}

/** The path of the request file a save target makes, relative to the collection root. */
export const savedRequestPath = (target: Pick<SaveTarget, 'folder' | 'name'>) => [target.folder, fileNameFor(target.name)].filter((part) => part !== '').join('/');

/** A name for an entry's request: a string pattern as it is, an object pattern by its `cmd` (Nest's habit) or as JSON. */
export function suggestedRequestName(pattern: HistoryEntry['pattern']): string {
  if (typeof pattern === 'string') return pattern;
  const command = (pattern as Record<string, unknown>).cmd;
  return typeof command === 'string' ? command : JSON.stringify(pattern);
}

/** The composer's pattern text for a pattern: a string as it is, an object as JSON. */
export const patternText = (pattern: HistoryEntry['pattern']) => (typeof pattern === 'string' ? pattern : JSON.stringify(pattern));

/** The open connection an entry went over, or one to the same target: the same name first. */
export function findConnectionFor(entry: Pick<HistoryEntry, 'connection'>, connections: readonly ConnectionInfo[]): ConnectionInfo | undefined {
  const sameTarget = connections.filter((connection) => targetToUrl(connection.target, { hidePasswords: true }) === entry.connection.url);
  return sameTarget.find((connection) => connection.name === entry.connection.name) ?? sameTarget[0];
}

export const createHistorySlice =
  (rpc: RpcClient): SliceCreator<HistorySlice> =>
  (set, get, store) => {
    let asked = 0;
    let reloading: Promise<void> | undefined;
    let reloadAgain = false;

    /** Resolves once the connection is ready, or fails with why it will not be. */
    const whenReady = (connectionId: string) =>
      new Promise<Result<ConnectionInfo>>((resolve) => {
        const check = (state: AppState) => {
          const connection = state.connections.find((c) => c.id === connectionId);
          if (!connection) return fail('not-connected', 'The connection was closed before it was ready.');
          if (connection.state === 'ready') return ok(connection);
          if (connection.state === 'failed' || connection.state === 'closed') {
            return fail('not-connected', `Could not connect ${connection.name}: ${connection.lastError ?? connection.state}. Check the service is running, then try again.`);
          }
          return undefined;
        };
        const now = check(get());
        if (now) return resolve(now);
        const unsubscribe = store.subscribe((state) => {
          const settled = check(state);
          if (!settled) return;
          unsubscribe();
          resolve(settled);
        });
      });

    /** New entries while a query is set: the engine decides what matches, once per burst. */
    const reloadForQuery = () => {
      if (reloading) {
        reloadAgain = true;
        return;
      }
      reloading = get()
        .loadHistory()
        .finally(() => {
          reloading = undefined;
          if (reloadAgain) {
            reloadAgain = false;
            reloadForQuery();
          }
        });
    };

    return {
      historyEntries: [],
      historyTotal: 0,
      historyQuery: '',
      historyLoaded: false,
      setHistoryQuery: (historyQuery) => set({ historyQuery }),
      async loadHistory() {
        const ask = ++asked;
        const query = get().historyQuery.trim();
        const result = await rpc.call('history.list', { limit: HISTORY_PAGE, ...(query === '' ? {} : { query }) });
        if (ask !== asked) return;
        if (!result.ok) {
          set({ historyError: result.error.message, historyLoaded: true });
          return;
        }
        const { entries, total } = result.value;
        const selected = get().selectedHistoryId;
        set({
          historyEntries: entries,
          historyTotal: total,
          historyLoaded: true,
          historyError: undefined,
          selectedHistoryId: entries.some((entry) => entry.id === selected) ? selected : undefined,
        });
      },
      selectHistoryEntry: (selectedHistoryId) => set({ selectedHistoryId }),
      applyHistoryAppended(entry) {
        if (!get().historyLoaded) return;
        if (get().historyQuery.trim() !== '') return reloadForQuery();
        set((state) => ({ historyEntries: [entry, ...state.historyEntries].slice(0, HISTORY_PAGE), historyTotal: state.historyTotal + 1 }));
      },
      applyHistoryCleared: () => set({ historyEntries: [], historyTotal: 0, selectedHistoryId: undefined }),
      async deleteHistoryEntry(id) {
        const result = await rpc.call('history.delete', { id });
        if (result.ok) {
          set((state) => ({
            historyEntries: state.historyEntries.filter((entry) => entry.id !== id),
            historyTotal: Math.max(0, state.historyTotal - (state.historyEntries.some((entry) => entry.id === id) ? 1 : 0)),
            selectedHistoryId: state.selectedHistoryId === id ? undefined : state.selectedHistoryId,
          }));
        }
        return result;
      },
      async clearHistory() {
        const result = await rpc.call('history.clear', {});
        if (result.ok) get().applyHistoryCleared();
        return result;
      },
      async sendHistoryAgain(id) {
        const entry = get().historyEntries.find((candidate) => candidate.id === id);
        if (!entry) return fail('unknown-history-entry', 'That history entry is gone (deleted or cleared). Pick another one.');
        let connection = findConnectionFor(entry, get().connections);
        if (!connection) {
          const target = await rpc.call('target.parseUrl', { url: entry.connection.url });
          if (!target.ok) return fail(target.error.code, `Could not open a connection to ${entry.connection.url}: ${target.error.message}`);
          const opened = await get().openConnection({ name: entry.connection.name, target: target.value });
          if (!opened.ok) return opened;
          connection = opened.value;
        }
        const ready = await whenReady(connection.id);
        if (!ready.ok) return ready;
        const state = get();
        state.selectConnection(connection.id);
        state.setPatternText(patternText(entry.pattern));
        state.setPayloadText(JSON.stringify(entry.data, null, 2));
        state.setMessageOptions({ ...emptyMessageOptions, headers: Object.entries(entry.headers ?? {}).map(([name, value]) => ({ name, value })) });
        if (entry.kind === 'emit') await get().emit();
        else await get().send();
        return ok(null);
      },
      async saveHistoryToCollection(id, target) {
        const entry = get().historyEntries.find((candidate) => candidate.id === id);
        if (!entry) return fail('unknown-history-entry', 'That history entry is gone (deleted or cleared). Pick another one.');
        const info = get().collections.find((collection) => collection.collectionId === target.collectionId);
        if (!info) return fail('unknown-collection', 'That collection was closed. Open it again, or pick another one.');
        const path = savedRequestPath(target);
        // saveRequest replaces an existing file: a new request must not.
        if (info.collection.requests.some((request) => request.path === path) || info.collection.problems.some((problem) => problem.path === path)) {
          return fail('exists', `${path} already exists in ${info.collection.manifest.name}: choose another name.`);
        }
        const saved = await rpc.call('collection.saveRequest', {
          collectionId: target.collectionId,
          path,
          request: {
            name: target.name.trim(),
            connection: target.connection,
            ...(entry.kind === 'emit' ? { kind: 'emit' as const } : {}),
            pattern: entry.pattern,
            data: entry.data,
            ...(entry.headers && Object.keys(entry.headers).length > 0 ? { headers: entry.headers } : {}),
          },
        });
        if (!saved.ok) return saved;
        // The tab opens from the collection as the store knows it: make sure it knows the new file.
        if (!get().collections.find((collection) => collection.collectionId === target.collectionId)?.collection.requests.some((request) => request.path === saved.value.path)) {
          await get().loadCollections();
        }
        get().openRequest(target.collectionId, saved.value.path);
        return ok({ path: saved.value.path });
      },
    };
  };
