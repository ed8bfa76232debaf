// Open connections by id: creates transport clients, reports their state as ConnectionInfo.
import type { ConnectionInfo, ConnectionOptions, ConnectionTarget } from '../../../shared/connection';
import type { TransportClient, TransportNotice } from '../transports/transport';

export type Connection = { info: () => ConnectionInfo; client: TransportClient };

export type RegistryOptions = {
  createClient: (target: ConnectionTarget, options: ConnectionOptions) => TransportClient;
  newId: () => string;
  onStateChanged: (info: ConnectionInfo) => void;
  onRemoved: (connectionId: string) => void;
  /** A transport's notice (TCP: replies no request waited for), for the traffic log. */
  onNotice?: (connection: Connection, notice: TransportNotice) => void;
};

export interface ConnectionRegistry {
  open(name: string, target: ConnectionTarget, options: ConnectionOptions): Connection;
  get(connectionId: string): Connection | undefined;
  list(): ConnectionInfo[];
  close(connectionId: string): Promise<boolean>;
  closeAll(): Promise<void>;
}

export function createConnectionRegistry({ createClient, newId, onStateChanged, onRemoved, onNotice }: RegistryOptions): ConnectionRegistry {
  const connections = new Map<string, Connection & { unsubscribe: () => void }>();

  const close = async (connectionId: string) => {
    const connection = connections.get(connectionId);
    if (!connection) return false;
    connections.delete(connectionId);
    connection.unsubscribe();
    await connection.client.close();
    onRemoved(connectionId);
    return true;
  };

  return {
    open(name, target, options) {
      const id = newId();
      const client = createClient(target, options);
      const info = (): ConnectionInfo => ({ id, name, target, options, ...client.status });
      const stopStatus = client.onStatus(() => onStateChanged(info()));
      const stopNotices = onNotice ? client.onNotice?.((notice) => onNotice({ info, client }, notice)) : undefined;
      const unsubscribe = () => {
        stopStatus();
        stopNotices?.();
      };
      connections.set(id, { info, client, unsubscribe });
      onStateChanged(info());
      return { info, client };
    },
    get: (connectionId) => connections.get(connectionId),
    list: () => [...connections.values()].map((connection) => connection.info()),
    close,
    async closeAll() {
      await Promise.all([...connections.keys()].map(close));
    },
  };
}
