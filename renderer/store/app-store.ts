// The renderer's state: one zustand store built from slices by a factory, so every window (and
// every test) gets its own. The only instance lives in main.tsx and reaches views through context.
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import type { RpcClient } from '../../shared/rpc';
import { createCatalogueSlice, type CatalogueSlice } from './catalogue-slice';
import { createComposerSlice, type ComposerSlice } from './composer-slice';
import { createConnectionsSlice, type ConnectionsSlice } from './connections-slice';
import { createEngineLinkSlice, type EngineLinkSlice } from './engine-link-slice';
import { createTrafficSlice, type TrafficSlice } from './traffic-slice';

export type AppState = ConnectionsSlice & CatalogueSlice & ComposerSlice & TrafficSlice & EngineLinkSlice;
export type AppStore = StoreApi<AppState>;

/** A slice sees the whole state (to read across slices) and adds its own part. */
export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;

export function createAppStore(rpc: RpcClient): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createConnectionsSlice(rpc)(...args),
    ...createCatalogueSlice(rpc)(...args),
    ...createComposerSlice(rpc)(...args),
    ...createTrafficSlice(rpc)(...args),
    ...createEngineLinkSlice(...args),
  }));
}

/**
 * Keeps the store in step with the engine: subscribes to its events and loads the current
 * connections and traffic. Call `sync` again after the carrier comes back. Returns the
 * unsubscribe for the events.
 */
export function connectStoreToEngine(store: AppStore, rpc: RpcClient): { sync: () => Promise<void>; stop: () => void } {
  const { getState } = store;
  const unsubscribes = [
    rpc.on('connection.stateChanged', (info) => getState().applyConnectionInfo(info)),
    rpc.on('connection.removed', ({ connectionId }) => getState().forgetConnection(connectionId)),
    rpc.on('traffic.appended', ({ entries }) => getState().appendTraffic(entries)),
    rpc.on('traffic.cleared', () => getState().forgetTraffic()),
  ];
  return {
    sync: async () => {
      await Promise.all([getState().loadConnections(), getState().loadTraffic()]);
    },
    stop: () => unsubscribes.forEach((unsubscribe) => unsubscribe()),
  };
}
