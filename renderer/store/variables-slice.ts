// The variables each open collection's requests would see, per environment, as the engine resolves
// them (`collection.variables`): for hovers and marks in editors. Reloaded when the collection's
// files change and after sends or runs that captured values.
import type { Environment, ResolvedVariable } from '../../shared/collection';
import type { Result } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
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
  forgetVariables(collectionId: string): void;
  /** Writes environments/<name>.yaml (new or existing). */
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
        const gone = new Set(keysOf(collectionId));
        if (gone.size === 0) return;
        for (const key of gone) latest.delete(key);
        set((state) => ({ variables: Object.fromEntries(Object.entries(state.variables).filter(([key]) => !gone.has(key))) }));
      },
      saveEnvironment: (collectionId, name, environment) => rpc.call('collection.saveEnvironment', { collectionId, name, environment }),
      async setSecret(collectionId, environment, name, value) {
        const result = await rpc.call('collection.setSecret', { collectionId, environment, name, value });
        // No file changes, so no watcher event: ask for the secrets' new status and values.
        if (result.ok) await Promise.all([get().loadCollections(), get().reloadVariables(collectionId)]);
        return result;
      },
    };
  };
