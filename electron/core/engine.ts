// The engine: everything that touches the network, the disk or time. It runs inside the
// Electron main process, the headless host and the CLI, and never imports `electron`.
import { randomUUID } from 'node:crypto';
import type { ConnectionOptions, ConnectionTarget } from '../../shared/connection';
import type { EventName, EventPayload } from '../../shared/contract';
import type { ReconnectPolicy } from './connections/lifecycle';
import type { ConnectionRegistry } from './connections/registry';
import { createConnectionRegistry } from './connections/registry';
import type { Clock, Messenger } from './messaging/messenger';
import { createMessenger } from './messaging/messenger';
import type { TrafficLog } from './traffic/traffic-log';
import { createTrafficLog } from './traffic/traffic-log';
import { createTransportClient } from './transports/create-transport-client';
import { newPacketId } from './wire/packet-id';

export type EngineEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

export type EngineOptions = {
  clock?: Clock;
  newId?: () => string;
  trafficCapacity?: number;
  /** The CLI gives up after one attempt; the app keeps retrying. */
  reconnect?: ReconnectPolicy;
  createClient?: (target: ConnectionTarget, options: ConnectionOptions) => ReturnType<typeof createTransportClient>;
};

export interface Engine {
  readonly connections: ConnectionRegistry;
  readonly messenger: Messenger;
  readonly traffic: TrafficLog;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  close(): Promise<void>;
}

export const systemClock: Clock = { now: Date.now, monotonicMs: () => performance.now() };

export function createEngine(options: EngineOptions = {}): Engine {
  const clock = options.clock ?? systemClock;
  const listeners = new Set<(event: EngineEvent) => void>();
  const publish = (event: EngineEvent) => {
    for (const listener of listeners) listener(event);
  };

  const traffic = createTrafficLog({
    capacity: options.trafficCapacity,
    onBatch: (entries) => publish({ event: 'traffic.appended', payload: { entries } }),
  });
  const connections = createConnectionRegistry({
    createClient: options.createClient ?? ((target, connectionOptions) => createTransportClient(target, connectionOptions, options.reconnect)),
    newId: options.newId ?? randomUUID,
    onStateChanged: (info) => publish({ event: 'connection.stateChanged', payload: info }),
    onRemoved: (connectionId) => publish({ event: 'connection.removed', payload: { connectionId } }),
  });
  const messenger = createMessenger({ traffic, clock, newPacketId });

  return {
    connections,
    messenger,
    traffic,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await connections.closeAll();
      traffic.flush();
      traffic.close();
      listeners.clear();
    },
  };
}
