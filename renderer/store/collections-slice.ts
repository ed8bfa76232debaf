// Open collections as the engine reports them, the request tabs over their files, and the
// workspace draft that brings tabs and unsaved edits back after a reload or a crash. Events are
// the live truth (`collection.changed` replaces a collection); command results fill in the rest.
import type { CollectionInfo, RequestFile, ResolvedVariable } from '../../shared/collection';
import type { CommandInput, CommandOutput } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import { folderOf, isWithin, joinPath, movedPath, requestFileName, suggestedFileName } from './collections/collection-tree';
import { editedEnvironmentDrafts, followEnvironmentFiles, type EnvironmentDraft } from './collections/environment-draft';
import { draftFromRequest, patternToText, requestFromDraft, type RequestDraft } from './collections/request-draft';
import { isTabDirty, keepTabEdits, reconcileTab, reloadTabFromDisk, type RequestTab } from './collections/request-tab';
import { readWorkspace, WORKSPACE_DRAFT_KEY, workspaceOf, type WorkspaceDraft } from './collections/workspace-draft';
import type { AppState, SliceCreator } from './app-store';
import { DEFAULT_PAYLOAD_TEXT } from './composer-slice';
import { emptyMessageOptions } from './message-options';

export type { RequestTab } from './collections/request-tab';

/** Something the user should know that belongs to no dialog or tab: a failed action, a collection that could not be reopened, what an import wrote. */
export interface CollectionNotice {
  id: number;
  text: string;
  tone: 'problem' | 'done';
}

export type NewRequestInit = Partial<RequestFile> & { name?: string };

export interface CollectionsSlice {
  collections: CollectionInfo[];
  collectionsLoaded: boolean;
  /** Why the list could not be loaded, if it could not. */
  collectionsError?: string;
  loadCollections(): Promise<void>;
  applyCollectionInfo(info: CollectionInfo): void;
  forgetCollection(collectionId: string): void;

  /** The environment each collection sends with; undefined: none. */
  activeEnvironments: Record<string, string | undefined>;
  setActiveEnvironment(collectionId: string, name: string | undefined): void;

  tabs: RequestTab[];
  activeTabId?: string;
  /** Opens a request file in a tab (or shows the tab it has) and shows it. */
  openRequest(collectionId: string, path: string): void;
  /** A new unsaved tab, prefilled; saving it asks for a file name. */
  openNewRequest(collectionId: string, folder: string, init: NewRequestInit): void;
  selectTab(tabId: string): void;
  /** Closes without asking: the view asks first when the tab has edits. */
  closeTab(tabId: string): void;
  editTab(tabId: string, patch: Partial<RequestDraft>): void;
  /** Writes the tab's request; a new request first asks for its file name (`askingFileName`). */
  saveTab(tabId: string): Promise<void>;
  /** Saves a new request as `fileName` in its folder; the dialog shows a refusal. */
  saveTabAs(tabId: string, fileName: string): Promise<Result<unknown>>;
  cancelSaveAs(tabId: string): void;
  /** The file changed on disk while the tab had edits: take the file's version, or keep the edits. */
  reloadTab(tabId: string): void;
  keepTabEdits(tabId: string): void;
  /** Sends the tab's request as it is now, in the collection's active environment. */
  sendTab(tabId: string): Promise<void>;

  openCollection(root: string): Promise<Result<CollectionInfo>>;
  createCollection(root: string, name: string): Promise<Result<CollectionInfo>>;
  importNestProject(input: CommandInput<'collection.importNest'>): Promise<Result<CollectionInfo>>;
  /** Adds a request per method of a .proto to an open collection; says in a notice what it wrote. */
  importProto(input: CommandInput<'collection.importProto'>): Promise<Result<CommandOutput<'collection.importProto'>>>;
  closeCollection(collectionId: string): Promise<Result<null>>;
  createFolder(collectionId: string, path: string): Promise<Result<{ path: string }>>;
  /** Renames or moves a request or folder; its open tabs follow it. */
  moveItem(collectionId: string, from: string, to: string): Promise<Result<{ path: string }>>;
  duplicateItem(collectionId: string, path: string): Promise<Result<{ path: string }>>;
  deleteItem(collectionId: string, path: string): Promise<Result<null>>;
  /** The variables a request sees now in the collection's active environment (secret values never come). */
  collectionVariables(collectionId: string): Promise<Result<Record<string, ResolvedVariable>>>;

  collectionNotices: CollectionNotice[];
  noteCollectionProblem(text: string): void;
  noteCollectionDone(text: string): void;
  dismissCollectionNotice(id: number): void;

  /** Set once the stored workspace has been read back; only then is it saved again. */
  workspaceRestored: boolean;
  /** Loads the open collections; the first time, brings the stored workspace back. */
  syncCollections(): Promise<void>;
}

export const createCollectionsSlice =
  (rpc: RpcClient): SliceCreator<CollectionsSlice> =>
  (set, get) => {
    let lastTabNumber = 0;
    let lastNoticeId = 0;
    const newTabId = () => `tab-${++lastTabNumber}`;
    const noteTabId = (id: string) => {
      const number = /^tab-(\d+)$/.exec(id)?.[1];
      if (number !== undefined) lastTabNumber = Math.max(lastTabNumber, Number(number));
    };

    const infoOf = (collectionId: string) => get().collections.find((info) => info.collectionId === collectionId);
    const updateTab = (tabId: string, update: (tab: RequestTab) => RequestTab) => set((state) => ({ tabs: state.tabs.map((tab) => (tab.id === tabId ? update(tab) : tab)) }));
    const withDirty = (tab: RequestTab): RequestTab => ({ ...tab, dirty: isTabDirty(tab) });

    /** Removes tabs; the active one hands over to its neighbour, and no tabs at all leaves the request view. */
    const removeTabs = (remove: (tab: RequestTab) => boolean) => {
      const state = get();
      const index = state.tabs.findIndex((tab) => tab.id === state.activeTabId);
      const tabs = state.tabs.filter((tab) => !remove(tab));
      if (tabs.length === state.tabs.length) return;
      const activeStays = tabs.some((tab) => tab.id === state.activeTabId);
      const neighbour = activeStays ? state.activeTabId : tabs[Math.min(Math.max(index, 0), tabs.length - 1)]?.id;
      set({ tabs, activeTabId: neighbour });
      if (tabs.length === 0) get().leaveView({ kind: 'request' });
    };

    const defaultEnvironment = (info: CollectionInfo) => Object.keys(info.collection.environments).sort()[0];

    const opened = (result: Result<CollectionInfo>): Result<CollectionInfo> => {
      if (result.ok) get().applyCollectionInfo(result.value);
      return result;
    };

    const writeRequest = async (tab: RequestTab, path: string, request: RequestFile) => {
      updateTab(tab.id, (current) => ({ ...current, saving: request, saveError: undefined }));
      const result = await rpc.call('collection.saveRequest', { collectionId: tab.collectionId, path, request });
      updateTab(tab.id, (current) => {
        if (!result.ok) return { ...current, saving: undefined, saveError: result.error.message };
        // The file now holds this request, whatever it held before (a change made elsewhere is overwritten, a deleted file is back).
        return withDirty({ ...current, path: result.value.path, folder: folderOf(result.value.path), saved: request, saving: undefined, saveError: undefined, askingFileName: false, disk: 'same', diskRequest: undefined });
      });
      return result;
    };

    /** Builds tabs for a collection's workspace entries against what the engine now reports. */
    const restoredTabs = (workspace: WorkspaceDraft, byRoot: Map<string, CollectionInfo>): RequestTab[] => {
      const tabs: RequestTab[] = [];
      for (const stored of workspace.tabs) {
        const info = byRoot.get(stored.root);
        if (!info) continue;
        noteTabId(stored.id);
        const tab = withDirty({
          id: stored.id,
          collectionId: info.collectionId,
          ...(stored.path !== undefined ? { path: stored.path } : {}),
          folder: stored.folder,
          ...(stored.suggestedName !== undefined ? { suggestedName: stored.suggestedName } : {}),
          ...(stored.saved ? { saved: stored.saved } : {}),
          ...(stored.draft ? { draft: stored.draft } : {}),
          dirty: false,
          disk: 'same',
        });
        const reconciled = reconcileTab(tab, info);
        // A tab without edits over a file that is gone has nothing left to show.
        if (reconciled.disk === 'deleted' && !reconciled.dirty) continue;
        tabs.push(reconciled);
      }
      return tabs;
    };

    return {
      collections: [],
      collectionsLoaded: false,
      activeEnvironments: {},
      tabs: [],
      collectionNotices: [],
      workspaceRestored: false,

      async loadCollections() {
        const result = await rpc.call('collection.list', {});
        if (!result.ok) {
          set({ collectionsError: result.error.message });
          return;
        }
        for (const info of result.value) get().applyCollectionInfo(info);
        const open = new Set(result.value.map((info) => info.collectionId));
        for (const info of get().collections) if (!open.has(info.collectionId)) get().forgetCollection(info.collectionId);
        set({ collectionsLoaded: true, collectionsError: undefined });
      },

      applyCollectionInfo(info) {
        set((state) => {
          const index = state.collections.findIndex((known) => known.collectionId === info.collectionId);
          const collections = index === -1 ? [...state.collections, info] : state.collections.map((known, i) => (i === index ? info : known));
          const tabs = state.tabs.map((tab) => (tab.collectionId === info.collectionId ? reconcileTab(tab, info) : tab));
          const activeEnvironments = info.collectionId in state.activeEnvironments ? state.activeEnvironments : { ...state.activeEnvironments, [info.collectionId]: defaultEnvironment(info) };
          // Unsaved environment edits follow their files as tabs do (environment-draft.ts).
          const drafts = state.environmentDrafts[info.collectionId];
          if (!drafts) return { collections, tabs, activeEnvironments };
          const followed = followEnvironmentFiles(drafts, index === -1 ? undefined : state.collections[index]!.collection.environments, info.collection.environments);
          if (followed === drafts) return { collections, tabs, activeEnvironments };
          const environmentDrafts = { ...state.environmentDrafts, [info.collectionId]: followed };
          if (Object.keys(followed).length === 0) delete environmentDrafts[info.collectionId];
          return { collections, tabs, activeEnvironments, environmentDrafts };
        });
      },

      forgetCollection(collectionId) {
        if (!infoOf(collectionId)) return;
        removeTabs((tab) => tab.collectionId === collectionId);
        set((state) => {
          const activeEnvironments = { ...state.activeEnvironments };
          delete activeEnvironments[collectionId];
          return { collections: state.collections.filter((info) => info.collectionId !== collectionId), activeEnvironments };
        });
      },

      setActiveEnvironment: (collectionId, name) => set((state) => ({ activeEnvironments: { ...state.activeEnvironments, [collectionId]: name } })),

      openRequest(collectionId, path) {
        const info = infoOf(collectionId);
        if (!info) return;
        const open = get().tabs.find((tab) => tab.collectionId === collectionId && tab.path === path);
        if (open) {
          set({ activeTabId: open.id });
        } else {
          const tab = reconcileTab({ id: newTabId(), collectionId, path, folder: folderOf(path), dirty: false, disk: 'same' }, info);
          set((state) => ({ tabs: [...state.tabs, tab], activeTabId: tab.id }));
        }
        get().showView({ kind: 'request' });
      },

      openNewRequest(collectionId, folder, init) {
        const info = infoOf(collectionId);
        if (!info) return;
        const connection = init.connection ?? Object.keys(info.collection.manifest.connections)[0] ?? '';
        const draft: RequestDraft = {
          ...draftFromRequest({
            ...(init.order !== undefined ? { order: init.order } : {}),
            connection,
            kind: init.kind ?? 'send',
            // Replaced below: a new request may have no pattern yet.
            pattern: '-',
            data: init.data ?? {},
            ...(init.headers ? { headers: init.headers } : {}),
            ...(init.timeoutMs !== undefined ? { timeoutMs: init.timeoutMs } : {}),
            capture: init.capture ?? [],
            assert: init.assert ?? [],
            ...(init.description !== undefined ? { description: init.description } : {}),
          }),
          name: init.name ?? '',
          patternText: init.pattern === undefined ? '' : patternToText(init.pattern),
        };
        const tab: RequestTab = { id: newTabId(), collectionId, folder, draft, dirty: true, disk: 'same', ...(init.name ? { suggestedName: suggestedFileName(init.name) } : {}) };
        set((state) => ({ tabs: [...state.tabs, tab], activeTabId: tab.id }));
        get().showView({ kind: 'request' });
      },

      selectTab(tabId) {
        if (!get().tabs.some((tab) => tab.id === tabId)) return;
        set({ activeTabId: tabId });
        get().showView({ kind: 'request' });
      },

      closeTab: (tabId) => removeTabs((tab) => tab.id === tabId),

      editTab: (tabId, patch) => updateTab(tabId, (tab) => (tab.draft ? withDirty({ ...tab, draft: { ...tab.draft, ...patch }, saveError: undefined }) : tab)),

      async saveTab(tabId) {
        const tab = get().tabs.find((candidate) => candidate.id === tabId);
        if (!tab?.draft || tab.saving) return;
        if (tab.path === undefined) {
          updateTab(tabId, (current) => ({ ...current, askingFileName: true }));
          return;
        }
        const built = requestFromDraft(tab.draft, tab.saved);
        if (!built.ok) {
          updateTab(tabId, (current) => ({ ...current, saveError: `Not saved: ${built.message}` }));
          return;
        }
        await writeRequest(tab, tab.path, built.request);
      },

      async saveTabAs(tabId, fileName) {
        const tab = get().tabs.find((candidate) => candidate.id === tabId);
        const info = tab && infoOf(tab.collectionId);
        if (!tab?.draft || !info) return fail('not-found', 'This tab is closed or its collection is no longer open.');
        const built = requestFromDraft(tab.draft, tab.saved);
        if (!built.ok) return fail('invalid-request', `Fix the request first: ${built.message}`);
        const path = joinPath(tab.folder, requestFileName(fileName));
        // The engine writes "new or existing": never let a new request replace another's file.
        const taken = info.collection.requests.some((request) => request.path === path) || info.collection.problems.some((problem) => problem.path === path);
        if (taken) return fail('already-exists', `${path} already exists. Choose another name.`);
        return writeRequest(tab, path, built.request);
      },

      cancelSaveAs: (tabId) => updateTab(tabId, (tab) => ({ ...tab, askingFileName: false })),
      reloadTab: (tabId) => updateTab(tabId, reloadTabFromDisk),
      keepTabEdits: (tabId) => updateTab(tabId, keepTabEdits),

      async sendTab(tabId) {
        const tab = get().tabs.find((candidate) => candidate.id === tabId);
        if (!tab?.draft || tab.sending) return;
        const sent = { kind: tab.draft.kind, connectionName: tab.draft.connection, patternText: tab.draft.patternText.trim() };
        const built = requestFromDraft(tab.draft, tab.saved);
        if (!built.ok) {
          updateTab(tabId, (current) => ({ ...current, lastSend: { ...sent, failure: { code: 'invalid-request', message: `Not sent: ${built.message}` } } }));
          return;
        }
        updateTab(tabId, (current) => ({ ...current, sending: true }));
        const environment = get().activeEnvironments[tab.collectionId];
        const result = await rpc.call('collection.send', {
          collectionId: tab.collectionId,
          ...(environment !== undefined ? { environment } : {}),
          ...(tab.path !== undefined ? { path: tab.path } : {}),
          request: built.request,
        });
        updateTab(tabId, (current) => ({ ...current, sending: false, lastSend: result.ok ? { ...sent, result: result.value } : { ...sent, failure: result.error } }));
        // What it captured is a variable now: hovers show it.
        if (result.ok && Object.keys(result.value.result.captured).length > 0) void get().reloadVariables(tab.collectionId);
      },

      openCollection: async (root) => opened(await rpc.call('collection.open', { root })),
      createCollection: async (root, name) => opened(await rpc.call('collection.create', { root, name })),
      importNestProject: async (input) => opened(await rpc.call('collection.importNest', input)),
      async importProto(input) {
        const result = await rpc.call('collection.importProto', input);
        if (result.ok) {
          const { written, skipped, connectionAdded } = result.value;
          const added = `Imported ${written.length} request${written.length === 1 ? '' : 's'} from ${input.proto}`;
          const kept = skipped.length > 0 ? `; ${skipped.length} already there, left as they were` : '';
          const connection = connectionAdded ? `. Added the connection "${input.connection ?? 'grpc'}": check its host and port in the manifest` : '';
          get().noteCollectionDone(`${added}${kept}${connection}.`);
        }
        return result;
      },

      async closeCollection(collectionId) {
        const result = await rpc.call('collection.close', { collectionId });
        if (result.ok) get().forgetCollection(collectionId);
        return result;
      },

      createFolder: (collectionId, path) => rpc.call('collection.createFolder', { collectionId, path }),

      async moveItem(collectionId, from, to) {
        const result = await rpc.call('collection.moveItem', { collectionId, from, to });
        if (!result.ok) return result;
        const info = infoOf(collectionId);
        set((state) => ({
          tabs: state.tabs.map((tab) => {
            if (tab.collectionId !== collectionId) return tab;
            const path = tab.path === undefined ? undefined : movedPath(tab.path, from, result.value.path);
            const folder = movedPath(tab.folder, from, result.value.path);
            if (path === undefined && folder === undefined) return tab;
            const moved: RequestTab = { ...tab, ...(path !== undefined ? { path, folder: folderOf(path) } : { folder: folder ?? tab.folder }) };
            return info ? reconcileTab(moved, info) : moved;
          }),
        }));
        return result;
      },

      duplicateItem: (collectionId, path) => rpc.call('collection.duplicateItem', { collectionId, path }),

      async deleteItem(collectionId, path) {
        const result = await rpc.call('collection.deleteItem', { collectionId, path });
        // Deleted here on purpose: tabs without edits go with it; tabs with edits stay, marked.
        if (result.ok) removeTabs((tab) => tab.collectionId === collectionId && tab.path !== undefined && isWithin(tab.path, path) && !tab.dirty);
        return result;
      },

      collectionVariables(collectionId) {
        const environment = get().activeEnvironments[collectionId];
        return rpc.call('collection.variables', { collectionId, ...(environment !== undefined ? { environment } : {}) });
      },

      noteCollectionProblem: (text) => set((state) => ({ collectionNotices: [...state.collectionNotices, { id: ++lastNoticeId, text, tone: 'problem' }] })),
      noteCollectionDone: (text) => set((state) => ({ collectionNotices: [...state.collectionNotices, { id: ++lastNoticeId, text, tone: 'done' }] })),
      dismissCollectionNotice: (id) => set((state) => ({ collectionNotices: state.collectionNotices.filter((notice) => notice.id !== id) })),

      async syncCollections() {
        const firstTime = !get().workspaceRestored;
        let workspace: WorkspaceDraft | undefined;
        if (firstTime) {
          const drafts = await rpc.call('drafts.load', {});
          if (!drafts.ok) {
            // Saving now would replace the stored workspace with an empty one: wait for the next sync.
            get().noteCollectionProblem(`Your open tabs and unsaved edits could not be read back: ${drafts.error.message}`);
            await get().loadCollections();
            return;
          }
          workspace = readWorkspace((drafts.value as Record<string, unknown> | null)?.[WORKSPACE_DRAFT_KEY]);
        } else {
          workspace = workspaceOf(get());
        }
        const list = await rpc.call('collection.list', {});
        if (!list.ok) {
          set({ collectionsError: list.error.message });
          return;
        }
        const byRoot = new Map((Array.isArray(list.value) ? list.value : []).map((info) => [info.root, info]));
        for (const root of workspace?.collections ?? []) {
          if (byRoot.has(root)) continue;
          const reopened = await rpc.call('collection.open', { root });
          if (reopened.ok) byRoot.set(root, reopened.value);
          else get().noteCollectionProblem(`Could not reopen the collection at ${root}: ${reopened.error.message}`);
        }
        const collections = [...byRoot.values()];
        const state = get();
        const activeEnvironments: Record<string, string | undefined> = {};
        for (const info of collections) {
          const stored = workspace?.environments[info.root];
          activeEnvironments[info.collectionId] = stored === undefined ? defaultEnvironment(info) : stored === '' ? undefined : stored;
        }
        const tabs = workspace ? restoredTabs(workspace, byRoot) : [];
        // Environment edits come back unless the file now holds them (or nothing was edited).
        const environmentDrafts: Record<string, Record<string, EnvironmentDraft>> = {};
        for (const info of collections) {
          const stored = editedEnvironmentDrafts(workspace?.environmentDrafts[info.root] ?? {}, info.collection.environments);
          if (Object.keys(stored).length > 0) environmentDrafts[info.collectionId] = stored;
        }
        const activeTabId = tabs.some((tab) => tab.id === workspace?.activeTabId) ? workspace?.activeTabId : tabs[0]?.id;
        // Runtime state of tabs that were open all along (their last send) stays.
        const kept = tabs.map((tab) => {
          const current = state.tabs.find((candidate) => candidate.id === tab.id);
          return current ? { ...tab, sending: current.sending, lastSend: current.lastSend } : tab;
        });
        // The composer comes back only into a composer nobody has typed in yet.
        const composerUntouched = firstTime && state.patternText === '' && state.payloadText === DEFAULT_PAYLOAD_TEXT && state.messageOptions === emptyMessageOptions;
        const composer = composerUntouched && workspace ? { patternText: workspace.composer.patternText, payloadText: workspace.composer.payloadText || DEFAULT_PAYLOAD_TEXT, messageOptions: workspace.composer.messageOptions } : {};
        // One update: the autosave takes the state as restored for what is stored.
        set({ collections, collectionsLoaded: true, collectionsError: undefined, activeEnvironments, environmentDrafts, tabs: kept, activeTabId, ...composer, workspaceRestored: true });
        if (firstTime && kept.length > 0 && activeTabId !== undefined) get().showView({ kind: 'request' });
      },
    };
  };

/** What the workspace draft is made of, for the autosave to notice changes cheaply. */
export const workspaceParts = (state: AppState) =>
  [state.collections, state.tabs, state.activeTabId, state.activeEnvironments, state.environmentDrafts, state.patternText, state.payloadText, state.messageOptions] as const;
