// The variables each open collection's requests would see, per environment, as the engine resolves
// them (`collection.variables`): for hovers and marks in editors. Reloaded when the collection's
// files change and after sends or runs that captured values. And the environments being edited:
// their unsaved drafts live here, not in the view, so the workspace draft keeps them over a reload.
import type { Environment, ResolvedVariable } from '../../shared/collection';
import type { Result } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import { checkEnvironmentDraft, environmentDraft, isUntouchedDraft, sameEnvironment, type EnvironmentDraft } from './collections/environment-draft';
import type { SliceCreator } from './app-store';

export type LoadedVariables = { values?: Record<string, ResolvedVariable>; error?: string };

/** The `variables` key of one collection in one environment (none: `undefined`). */
export const variablesKey = (collectionId: string, environment: string | undefined) => `${collectionId}\n${environment ?? ''}`;

export interface VariablesSlice {
  /** By `variablesKey`. */
  variables: Record<string, LoadedVariables>;
  loadVariables(collectionId: string, environment: string | undefined): Promise<void>;
  /** Loads again every environment of the collection that was loaded before. */
  reloadVariables(collectionId: string): Promise<void>;
  /** Forgets the collection's variables and environment drafts (it was closed). */
  forgetVariables(collectionId: string): void;
  /**
   * Unsaved edits of environments, by collection id and environment name: only drafts that differ
   * from what opening the environment shows. Secret names only; their values go straight to the
   * engine's secret store (`setSecret`) and are never part of a draft.
   */
  environmentDrafts: Record<string, Record<string, EnvironmentDraft>>;
  /** What the environment view shows: the draft, or the saved environment as a draft (undefined: no such environment). */
  environmentDraftOf(collectionId: string, name: string): EnvironmentDraft | undefined;
  /** Edits the environment's draft; a draft back to exactly the saved environment is dropped. */
  editEnvironment(collectionId: string, name: string, update: (current: EnvironmentDraft) => EnvironmentDraft): void;
  /** Drops the environment's draft (Revert). */
  revertEnvironment(collectionId: string, name: string): void;
  /** Writes environments/<name>.yaml (new or existing); a draft that holds what was written is dropped. */
  saveEnvironment(collectionId: string, name: string, environment: Environment): Promise<Result<{ path: string; changed: boolean }>>;
  /** Stores a secret's value on this machine (never in the collection's files), or forgets it with `null`. */
  setSecret(collectionId: string, environment: string, name: string, value: string | null): Promise<Result<null>>;
}

export const createVariablesSlice =
  (rpc: RpcClient): SliceCreator<VariablesSlice> =>
  (set, get) => {
    // Answers can cross: only the newest asked for a key is kept.
    const latest = new Map<string, number>();
    let asked = 0;
    const keysOf = (collectionId: string) => Object.keys(get().variables).filter((key) => key.startsWith(`${collectionId}\n`));
    const savedEnvironment = (collectionId: string, name: string): Environment | undefined =>
      get().collections.find((info) => info.collectionId === collectionId)?.collection.environments[name];
    const setDraft = (collectionId: string, name: string, draft: EnvironmentDraft | undefined) => {
      const drafts = { ...get().environmentDrafts[collectionId] };
      if (draft) drafts[name] = draft;
      else if (name in drafts) delete drafts[name];
      else return;
      const environmentDrafts = { ...get().environmentDrafts, [collectionId]: drafts };
      if (Object.keys(drafts).length === 0) delete environmentDrafts[collectionId];
      set({ environmentDrafts });
    };

    return {
      variables: {},
      async loadVariables(collectionId, environment) {
        const key = variablesKey(collectionId, environment);
        const ask = ++asked;
        latest.set(key, ask);
        const result = await rpc.call('collection.variables', { collectionId, ...(environment === undefined ? {} : { environment }) });
        if (latest.get(key) !== ask) return;
        const loaded: LoadedVariables = result.ok ? { values: result.value } : { values: get().variables[key]?.values, error: result.error.message };
        set((state) => ({ variables: { ...state.variables, [key]: loaded } }));
      },
      async reloadVariables(collectionId) {
        await Promise.all(keysOf(collectionId).map((key) => get().loadVariables(collectionId, key.slice(collectionId.length + 1) || undefined)));
      },
      forgetVariables(collectionId) {
        if (collectionId in get().environmentDrafts) {
          set((state) => ({ environmentDrafts: Object.fromEntries(Object.entries(state.environmentDrafts).filter(([id]) => id !== collectionId)) }));
        }
        const gone = new Set(keysOf(collectionId));
        if (gone.size === 0) return;
        for (const key of gone) latest.delete(key);
        set((state) => ({ variables: Object.fromEntries(Object.entries(state.variables).filter(([key]) => !gone.has(key))) }));
      },
      environmentDrafts: {},
      environmentDraftOf(collectionId, name) {
        const draft = get().environmentDrafts[collectionId]?.[name];
        if (draft) return draft;
        const saved = savedEnvironment(collectionId, name);
        return saved && environmentDraft(saved);
      },
      editEnvironment(collectionId, name, update) {
        const saved = savedEnvironment(collectionId, name);
        const current = get().environmentDraftOf(collectionId, name);
        if (!saved || !current) return;
        const next = update(current);
        setDraft(collectionId, name, isUntouchedDraft(next, saved) ? undefined : next);
      },
      revertEnvironment: (collectionId, name) => setDraft(collectionId, name, undefined),
      async saveEnvironment(collectionId, name, environment) {
        const result = await rpc.call('collection.saveEnvironment', { collectionId, name, environment });
        // Only the draft that was saved: edits typed while the save was on its way stay.
        const draft = get().environmentDrafts[collectionId]?.[name];
        const check = draft && checkEnvironmentDraft(draft);
        if (result.ok && check?.ok && sameEnvironment(check.environment, environment)) setDraft(collectionId, name, undefined);
        return result;
      },
      async setSecret(collectionId, environment, name, value) {
        const result = await rpc.call('collection.setSecret', { collectionId, environment, name, value });
        // No file changes, so no watcher event: ask for the secrets' new status and values.
        if (result.ok) await Promise.all([get().loadCollections(), get().reloadVariables(collectionId)]);
        return result;
      },
    };
  };
