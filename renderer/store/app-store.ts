// The renderer's state: one zustand store built from slices by a factory, so every window (and
// every test) gets its own. The only instance lives in main.tsx and reaches views through context.
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import type { RpcClient } from '../../shared/rpc';
import { createBreakersSlice, type BreakersSlice } from './breakers-slice';
import { createCatalogueSlice, type CatalogueSlice } from './catalogue-slice';
import { createCollectionsSlice, type CollectionsSlice } from './collections-slice';
import { createComposerSlice, type ComposerSlice } from './composer-slice';
import { createConnectionsSlice, type ConnectionsSlice } from './connections-slice';
import { createEngineLinkSlice, type EngineLinkSlice } from './engine-link-slice';
import { createListenersSlice, type ListenersSlice } from './listeners-slice';
import { createLoadSlice, type LoadSlice } from './load-slice';
import { createMocksSlice, type MocksSlice } from './mocks-slice';
import { createQueuesSlice, type QueuesSlice } from './queues-slice';
import { createStreamSlice, type StreamSlice } from './stream-slice';
import { createTrafficSlice, type TrafficSlice } from './traffic-slice';
import { createTrafficViewSlice, type TrafficViewSlice } from './traffic-view-slice';
import { createViewSlice, type ViewSlice } from './view-slice';
import { startWorkspaceAutosave } from './collections/workspace-autosave';
import { createHistorySlice, type HistorySlice } from './history-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';
import { createSagasSlice, type SagasSlice } from './sagas-slice';
import { createVariablesSlice, type VariablesSlice } from './variables-slice';
import { createRecentCollectionsSlice, type RecentCollectionsSlice } from './recent-collections-slice';

export type AppState = ConnectionsSlice & CatalogueSlice & ComposerSlice & StreamSlice & TrafficSlice & TrafficViewSlice & EngineLinkSlice & ListenersSlice & MocksSlice & QueuesSlice & ViewSlice & LoadSlice & CollectionsSlice & VariablesSlice & RunsSlice & SagasSlice & HistorySlice & BreakersSlice & RecentCollectionsSlice;
export type AppStore = StoreApi<AppState>;

/** A slice sees the whole state (to read across slices) and adds its own part. */
export type SliceCreator<Slice> = StateCreator<AppState, [], [], Slice>;

export function createAppStore(rpc: RpcClient): AppStore {
  const store = createStore<AppState>()((...args) => ({
    ...createConnectionsSlice(rpc)(...args),
    ...createCatalogueSlice(rpc)(...args),
    ...createComposerSlice(rpc)(...args),
    ...createStreamSlice(rpc)(...args),
    ...createTrafficSlice(rpc)(...args),
    ...createTrafficViewSlice(rpc)(...args),
    ...createEngineLinkSlice(...args),
    ...createListenersSlice(rpc)(...args),
    ...createMocksSlice(rpc)(...args),
    ...createQueuesSlice(rpc)(...args),
    ...createViewSlice()(...args),
    ...createLoadSlice(rpc)(...args),
    ...createCollectionsSlice(rpc)(...args),
    ...createVariablesSlice(rpc)(...args),
    ...createRunsSlice(rpc)(...args),
    ...createSagasSlice(rpc)(...args),
    ...createHistorySlice(rpc)(...args),
    ...createBreakersSlice(rpc)(...args),
    ...createRecentCollectionsSlice(rpc)(...args),
  }));
  // Selecting a connection (from the sidebar, or by opening one) brings the composer back.
  const { selectConnection } = store.getState();
  store.setState({
    selectConnection: (connectionId) => {
      selectConnection(connectionId);
      store.getState().showView({ kind: 'composer' });
    },
  });
  return store;
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
    rpc.on('traffic.appended', ({ entries }) => {
      getState().appendTraffic(entries);
      getState().noteTrafficAppended();
    }),
    rpc.on('traffic.cleared', () => {
      getState().forgetTraffic();
      void getState().refreshTrafficView();
    }),
    rpc.on('call.part', (part) => getState().applyCallPart(part)),
    rpc.on('call.finished', (finished) => getState().applyCallFinished(finished)),
    rpc.on('listen.stateChanged', (info) => getState().applyListenerInfo(info)),
    rpc.on('listen.removed', ({ listenerId }) => getState().forgetListener(listenerId)),
    rpc.on('mock.stateChanged', (info) => getState().applyMockInfo(info)),
    rpc.on('mock.removed', ({ mockId }) => getState().forgetMock(mockId)),
    rpc.on('load.progress', (progress) => getState().applyLoadProgress(progress)),
    rpc.on('load.finished', (report) => getState().applyLoadFinished(report)),
    // Breakers: each change brings the breaker's whole state; hammer runs are load runs by id.
    rpc.on('breaker.stateChanged', (info) => getState().applyBreakerInfo(info)),
    rpc.on('breaker.removed', ({ breakerId }) => getState().forgetBreaker(breakerId)),
    rpc.on('load.progress', (progress) => getState().applyHammerProgress(progress)),
    rpc.on('load.finished', (report) => getState().applyHammerFinished(report)),
    // Collections: each change brings the collection's whole new state; its tabs follow their files.
    rpc.on('collection.changed', (info) => getState().applyCollectionInfo(info)),
    rpc.on('collection.removed', ({ collectionId }) => getState().forgetCollection(collectionId)),
    // Variables follow the files, and the values sends and runs capture.
    rpc.on('collection.changed', ({ collectionId }) => void getState().reloadVariables(collectionId)),
    rpc.on('collection.removed', ({ collectionId }) => getState().forgetVariables(collectionId)),
    rpc.on('collection.runResult', (event) => {
      getState().applyRunResult(event);
      if (Object.keys(event.result.captured).length > 0) void getState().reloadVariables(event.collectionId);
    }),
    rpc.on('collection.runFinished', (event) => getState().applyRunFinished(event)),
    rpc.on('saga.event', (payload) => getState().applySagaEvent(payload)),
    rpc.on('saga.finished', (payload) => getState().applySagaFinished(payload)),
    rpc.on('history.appended', (entry) => getState().applyHistoryAppended(entry)),
    rpc.on('history.cleared', () => getState().applyHistoryCleared()),
    // The desktop shell's File › Open…, Open Recent and command line: the same open as the dialog's, its failure a notice.
    rpc.on('app.openCollectionRequested', ({ root }) => void getState().openCollectionFolder(root)),
    rpc.on('recentCollections.changed', ({ collections }) => getState().applyRecentCollections(collections)),
  ];
  // Unsaved edits and open tabs are kept as a draft; a page being hidden or closed saves at once.
  const autosave = startWorkspaceAutosave(store, rpc);
  unsubscribes.push(autosave.stop);
  if (typeof window !== 'undefined') {
    const flushWhenHidden = () => document.visibilityState === 'hidden' && autosave.flush();
    document.addEventListener('visibilitychange', flushWhenHidden);
    window.addEventListener('pagehide', autosave.flush);
    unsubscribes.push(() => document.removeEventListener('visibilitychange', flushWhenHidden), () => window.removeEventListener('pagehide', autosave.flush));
  }
  return {
    sync: async () => {
      await Promise.all([getState().loadConnections(), getState().loadTraffic(), getState().loadListeners(), getState().loadMocks(), getState().syncCollections(), getState().loadHistory(), getState().loadSagaRuns(), getState().loadBreakers(), getState().loadRecentCollections()]);
    },
    stop: () => unsubscribes.forEach((unsubscribe) => unsubscribe()),
  };
}
