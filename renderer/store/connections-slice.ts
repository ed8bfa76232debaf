// Connections as the engine reports them. Events are the live truth; command results only fill
// in what no event has told yet.
import type { CommandInput } from '../../shared/contract';
import type { ConnectionInfo, ConnectionTarget } from '../../shared/connection';
import type { Result } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import type { SliceCreator } from './app-store';

export interface ConnectionsSlice {
  connections: ConnectionInfo[];
  connectionsLoaded: boolean;
  /** Why the list could not be loaded, if it could not. */
  connectionsError?: string;
  loadConnections(): Promise<void>;
  applyConnectionInfo(info: ConnectionInfo): void;
  forgetConnection(connectionId: string): void;
  /** Opens a connection and selects it in the composer. */
  openConnection(input: CommandInput<'connection.open'>): Promise<Result<ConnectionInfo>>;
  closeConnection(connectionId: string): Promise<Result<null>>;
  /** Reads a URL such as `redis://host:6379/2` into a target, the way the CLI does. */
  parseTargetUrl(url: string): Promise<Result<ConnectionTarget>>;
}

export const createConnectionsSlice =
  (rpc: RpcClient): SliceCreator<ConnectionsSlice> =>
  (set, get) => ({
    connections: [],
    connectionsLoaded: false,

    async loadConnections() {
      const result = await rpc.call('connection.list', {});
      if (!result.ok) {
        set({ connectionsError: result.error.message });
        return;
      }
      const connections = result.value;
      const selected = get().selectedConnectionId;
      set({
        connections,
        connectionsLoaded: true,
        connectionsError: undefined,
        selectedConnectionId: connections.some((c) => c.id === selected) ? selected : connections[0]?.id,
      });
      for (const info of connections) get().noteConnectionState(undefined, info);
    },

    applyConnectionInfo(info) {
      const previous = get().connections.find((c) => c.id === info.id);
      set((state) => {
        const index = state.connections.findIndex((c) => c.id === info.id);
        if (index === -1) return { connections: [...state.connections, info] };
        const connections = state.connections.slice();
        connections[index] = info;
        return { connections };
      });
      get().noteConnectionState(previous, info);
    },

    forgetConnection(connectionId) {
      get().forgetCatalogue(connectionId);
      set((state) => {
        const index = state.connections.findIndex((c) => c.id === connectionId);
        if (index === -1) return {};
        const connections = state.connections.filter((c) => c.id !== connectionId);
        if (state.selectedConnectionId !== connectionId) return { connections };
        // Select the neighbour, the way closing a tab does.
        const neighbour = connections[Math.min(index, connections.length - 1)];
        return { connections, selectedConnectionId: neighbour?.id };
      });
    },

    async openConnection(input) {
      const result = await rpc.call('connection.open', input);
      if (result.ok) {
        const info = result.value;
        // A state event may have arrived first and be newer than this snapshot.
        if (!get().connections.some((c) => c.id === info.id)) get().applyConnectionInfo(info);
        get().selectConnection(info.id);
      }
      return result;
    },

    async closeConnection(connectionId) {
      const result = await rpc.call('connection.close', { connectionId });
      if (result.ok) get().forgetConnection(connectionId);
      return result;
    },

    parseTargetUrl: (url) => rpc.call('target.parseUrl', { url }),
  });
