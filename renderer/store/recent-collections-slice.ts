// The collection folders opened before (kept by the engine, newest first), offered again in the
// empty Collections panel; the desktop menu's Open Recent reads the same list.
import type { RecentCollection } from '../../shared/contract';
import type { RpcClient } from '../../shared/rpc';
import type { SliceCreator } from './app-store';

export interface RecentCollectionsSlice {
  recentCollections: RecentCollection[];
  loadRecentCollections(): Promise<void>;
  applyRecentCollections(collections: RecentCollection[]): void;
  /** Opens a folder as the Open collection dialog would (recent list, desktop menu, command line); why it could not is said in a notice. */
  openCollectionFolder(root: string): Promise<void>;
}

export const createRecentCollectionsSlice =
  (rpc: RpcClient): SliceCreator<RecentCollectionsSlice> =>
  (set, get) => ({
    recentCollections: [],
    async loadRecentCollections() {
      const result = await rpc.call('recentCollections.list', {});
      // Only a convenience: without it the panel shows its buttons, and the engine warned already.
      if (result.ok) set({ recentCollections: result.value });
    },
    applyRecentCollections: (collections) => set({ recentCollections: collections }),
    async openCollectionFolder(root) {
      const opened = await get().openCollection(root);
      if (!opened.ok) get().noteCollectionProblem(`Could not open the collection at ${root}: ${opened.error.message}`);
    },
  });
