// What each gRPC connection offers (`connection.describe`), loaded when it becomes ready: the
// composer's method picker lists it, and picking a method fills the payload with its template.
import type { ConnectionInfo } from '../../shared/connection';
import type { ConnectionDescription, DescribedMethod } from '../../shared/description';
import type { RpcClient } from '../../shared/rpc';
import type { SliceCreator } from './app-store';

export type CatalogueState = { status: 'loading' } | { status: 'loaded'; description: ConnectionDescription } | { status: 'failed'; message: string };

export interface CatalogueSlice {
  /** By connection id; only connections that can be described (gRPC) appear. */
  catalogues: Record<string, CatalogueState>;
  loadCatalogue(connectionId: string): Promise<void>;
  /** Loads the catalogue of a gRPC connection that just became ready (again: the schema may have changed). */
  noteConnectionState(previous: ConnectionInfo | undefined, next: ConnectionInfo): void;
  forgetCatalogue(connectionId: string): void;
}

export const describable = (info: ConnectionInfo) => info.target.kind === 'grpc';

/** Every method of a loaded catalogue, in service then declaration order. */
export function methodsOf(state: CatalogueState | undefined): DescribedMethod[] {
  return state?.status === 'loaded' ? state.description.services.flatMap((service) => service.methods) : [];
}

/**
 * The payload to start from for a method: its request template, pretty-printed. Client-streaming
 * and bidi calls take an array of messages (`message.send` writes one per element).
 */
export function templateText(method: DescribedMethod): string {
  return JSON.stringify(method.clientStreaming ? [method.requestTemplate] : method.requestTemplate, null, 2);
}

export const createCatalogueSlice =
  (rpc: RpcClient): SliceCreator<CatalogueSlice> =>
  (set, get) => ({
    catalogues: {},

    async loadCatalogue(connectionId) {
      set((state) => ({ catalogues: { ...state.catalogues, [connectionId]: { status: 'loading' } } }));
      const result = await rpc.call('connection.describe', { connectionId });
      // The connection may have gone while we asked.
      if (!get().connections.some((c) => c.id === connectionId)) return;
      const next: CatalogueState = result.ok ? { status: 'loaded', description: result.value } : { status: 'failed', message: result.error.message };
      set((state) => ({ catalogues: { ...state.catalogues, [connectionId]: next } }));
    },

    noteConnectionState(previous, next) {
      if (!describable(next) || next.state !== 'ready') return;
      if (previous?.state === 'ready' && get().catalogues[next.id]) return;
      void get().loadCatalogue(next.id);
    },

    forgetCatalogue(connectionId) {
      set((state) => {
        if (!(connectionId in state.catalogues)) return {};
        const catalogues = { ...state.catalogues };
        delete catalogues[connectionId];
        return { catalogues };
      });
    },
  });
