// The collections the app has open: each loaded from its folder, watched, and republished as
// `collection.changed` whenever its state differs (a file edited anywhere, a write through the
// engine, a secret set). Opening the same folder twice gives the same collection.
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CollectionInfo, FileProblem, LoadedCollection } from '../../../shared/collection';
import { COLLECTION_MANIFEST_FILE } from '../../../shared/collection';
import type { Failure, Result } from '../../../shared/result';
import { ok } from '../../../shared/result';
import { loadCollection } from './collection-files';
import { listFolders } from './collection-folders';
import type { CollectionRuns, CollectionRunsDeps } from './collection-runs';
import { createCollectionRuns } from './collection-runs';
import type { ProcessEnvironment } from './collection-secrets';
import { secretSources } from './collection-secrets';
import type { CollectionSession, CollectionSessionDeps } from './collection-session';
import { createCollectionSession } from './collection-session';
import { SECRETS_FILE } from './local-secrets';
import type { SecretStore } from './secret-store';
import { watchCollection } from './watch-collection';

export type OpenCollectionsDeps = CollectionSessionDeps &
  Omit<CollectionRunsDeps, keyof CollectionSessionDeps> & {
    onChanged: (info: CollectionInfo) => void;
    onRemoved: (collectionId: string) => void;
    /** Replaced in tests. */
    watch?: typeof watchCollection;
  };

export interface OpenCollection {
  readonly id: string;
  /** Absolute, symbolic links resolved. */
  readonly root: string;
  /** The state last read. */
  info(): CollectionInfo;
  /** Reads the collection again now, publishing `collection.changed` if it differs; resolves once read. */
  refresh(): Promise<CollectionInfo>;
  readonly session: CollectionSession;
}

export interface OpenCollections {
  readonly secretStore: SecretStore;
  readonly runs: CollectionRuns;
  open(root: string): Promise<Result<CollectionInfo>>;
  get(collectionId: string): OpenCollection | undefined;
  list(): CollectionInfo[];
  /** Stops watching, stops its runs and closes its connections; false when no such collection is open. */
  close(collectionId: string): Promise<boolean>;
  closeAll(): Promise<void>;
}

type Entry = OpenCollection & { stop(): Promise<void> };

export function createOpenCollections(deps: OpenCollectionsDeps): OpenCollections {
  const byId = new Map<string, Entry>();
  /** By root, while opening too: two opens of one folder at once give one collection. */
  const byRoot = new Map<string, Promise<Result<Entry>>>();
  const runs = createCollectionRuns(deps);
  const watch = deps.watch ?? watchCollection;
  const processEnvironment: ProcessEnvironment = deps.processEnvironment;

  async function readInfo(id: string, root: string, collection: LoadedCollection): Promise<CollectionInfo> {
    const [folders, stored] = await Promise.all([listFolders(root), deps.secretStore.read(root)]);
    // A secrets file that cannot be read counts as no values here; setting one or sending says what to fix.
    const secrets = secretSources(collection, stored.ok ? stored.value : {}, processEnvironment);
    return { collectionId: id, root, collection, folders, secrets };
  }

  async function openEntry(root: string): Promise<Result<Entry>> {
    const loaded = await loadCollection(root);
    if (!loaded.ok) return loaded;
    const id = deps.newId();
    let info = await readInfo(id, root, loaded.value);
    let published = '';
    let closed = false;
    const publishIfChanged = () => {
      const text = JSON.stringify(info);
      if (closed || text === published) return;
      published = text;
      deps.onChanged(info);
    };
    const reload = async () => {
      const reloaded = await loadCollection(root);
      // A manifest that stops parsing keeps the last good state on screen, with its problems.
      const collection = reloaded.ok ? reloaded.value : { ...info.collection, problems: problemsOf(reloaded.error) };
      info = await readInfo(id, root, collection);
      publishIfChanged();
    };
    const refresh = coalesced(reload);
    const session = createCollectionSession(() => info.collection, deps);
    // A reload that throws is a bug; it must not take the engine down from a file watcher's callback.
    const stopWatching = watch(root, () => void refresh().catch(() => undefined), [SECRETS_FILE]);
    const entry: Entry = {
      id,
      root,
      info: () => info,
      refresh: async () => (await refresh(), info),
      session,
      async stop() {
        closed = true;
        stopWatching();
        runs.stopAll(id);
        await session.close();
      },
    };
    byId.set(id, entry);
    publishIfChanged();
    return ok(entry);
  }

  return {
    secretStore: deps.secretStore,
    runs,
    async open(folder) {
      const absolute = resolve(folder);
      const root = await realpath(absolute).catch(() => absolute);
      const existing = byRoot.get(root);
      if (existing) {
        const entry = await existing;
        if (entry.ok && byId.has(entry.value.id)) return ok(await entry.value.refresh());
      }
      const opening = openEntry(root);
      byRoot.set(root, opening);
      const entry = await opening;
      if (!entry.ok) {
        if (byRoot.get(root) === opening) byRoot.delete(root);
        return entry;
      }
      return ok(entry.value.info());
    },
    get: (collectionId) => byId.get(collectionId),
    list: () => [...byId.values()].map((entry) => entry.info()),
    async close(collectionId) {
      const entry = byId.get(collectionId);
      if (!entry) return false;
      byId.delete(collectionId);
      byRoot.delete(entry.root);
      await entry.stop();
      deps.onRemoved(collectionId);
      return true;
    },
    async closeAll() {
      runs.stopAll();
      const entries = [...byId.values()];
      byId.clear();
      byRoot.clear();
      await Promise.all(entries.map((entry) => entry.stop()));
    },
  };
}

/** What a failed load says, as problems of the files it names (the manifest when it names none). */
function problemsOf(error: Failure): FileProblem[] {
  const problems = (error.detail as { problems?: FileProblem[] } | undefined)?.problems;
  return problems ?? [{ path: COLLECTION_MANIFEST_FILE, message: error.message }];
}

/**
 * Runs `task` one at a time: a call while it runs gets one more run after it (shared by every
 * call meanwhile), so a burst of changes costs at most two reloads and every caller sees a state
 * read after it asked.
 */
export function coalesced(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  const run = (): Promise<void> => {
    if (!running) {
      running = task().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running.then(
      () => {
        queued = undefined;
        return run();
      },
      () => {
        queued = undefined;
        return run();
      },
    );
    return queued;
  };
  return run;
}
