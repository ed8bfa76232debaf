// The engine: everything that touches the network, the disk or time. It runs inside the
// Electron main process, the headless host and the CLI, and never imports `electron`.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ConnectionOptions, ConnectionTarget } from '../../shared/connection';
import type { EventName, EventPayload } from '../../shared/contract';
import type { ReconnectPolicy } from './connections/lifecycle';
import type { ConnectionRegistry } from './connections/registry';
import { createConnectionRegistry } from './connections/registry';
import type { ListenerRegistry } from './listen/listener-registry';
import { createListenerRegistry } from './listen/listener-registry';
import type { Calls } from './messaging/calls';
import { createCalls } from './messaging/calls';
import type { Clock, Messenger } from './messaging/messenger';
import type { MockRegistry } from './mocks/mock-registry';
import { createMockRegistry } from './mocks/mock-registry';
import { createMockTrafficRecorder } from './mocks/mock-traffic';
import { startMockServer } from './mocks/create-mock-server';
import { createMessenger, createTrafficRecorder } from './messaging/messenger';
import { recordTransportNotice } from './messaging/transport-notices';
import type { TrafficLog } from './traffic/traffic-log';
import { createTrafficLog } from './traffic/traffic-log';
import type { TrafficSources } from './traffic/traffic-sources';
import { createTrafficSources } from './traffic/traffic-sources';
import { createTransportClient } from './transports/create-transport-client';
import { newPacketId } from './wire/packet-id';
import type { LoadRuns } from './runner/load-runs';
import { createLoadRuns } from './runner/load-runs';
import { timerScheduler } from './runner/load-run';
import type { HistoryStore } from './history/history-store';
import { createHistoryStore } from './history/history-store';
import { HISTORY_FILE } from './history/history-file';
import type { DraftStore } from './drafts/draft-store';
import { createDraftStore, DRAFTS_FILE } from './drafts/draft-store';
import type { OpenCollections } from './collections/open-collections';
import { createOpenCollections } from './collections/open-collections';
import type { RecentCollections } from './collections/recent-collections';
import { createRecentCollections, RECENT_COLLECTIONS_FILE, recordingRecentOpens } from './collections/recent-collections';
import type { SecretStore } from './collections/secret-store';
import type { BreakerRegistry } from './breakers/breaker-registry';
import { createBreakerRegistry } from './breakers/breaker-registry';
import { createLocalSecretStore } from './collections/local-secrets';
import type { SagaRuns } from './sagas/saga-runs';
import type { SecretsInUse } from './traffic/secrets-in-use';
import { createSecretsInUse } from './traffic/secrets-in-use';
import { redactConnectionInfo } from '../../shared/redaction';
import { createSagaRuns } from './sagas/saga-runs';

export type EngineEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

export type EngineOptions = {
  clock?: Clock;
  newId?: () => string;
  trafficCapacity?: number;
  /** Whole bodies (beyond the preview) kept in the live log, at most. */
  trafficBodyBudgetBytes?: number;
  /** The CLI gives up after one attempt; the app keeps retrying. */
  reconnect?: ReconnectPolicy;
  createClient?: (target: ConnectionTarget, options: ConnectionOptions) => ReturnType<typeof createTransportClient>;
  /** Where collections' secret values live: the desktop app's is encrypted; by default each collection's git-ignored .patchbay/secrets.yaml. */
  secretStore?: SecretStore;
  /** The app's data folder (history, drafts); without it they live in memory only (CLI, tests). */
  dataDir?: string;
  /** Problems with the data folder's files that do not stop the engine; stderr by default. */
  onWarning?: (message: string) => void;
};

export interface Engine {
  readonly connections: ConnectionRegistry;
  readonly messenger: Messenger;
  /** Streaming calls written message by message (gRPC client-streaming and bidi). */
  readonly calls: Calls;
  readonly traffic: TrafficLog;
  /** The logs the traffic commands read: `live` (the log above) and imported files. */
  readonly trafficSources: TrafficSources;
  /** Listeners and taps on brokers (and held-open gRPC streams); observed messages go into the traffic log. */
  readonly listeners: ListenerRegistry;
  /** Mock services answering by rules; what they receive and answer goes into the traffic log (origin 'mock'). */
  readonly mocks: MockRegistry;
  /** Load runs: one request sent many times over a connection, measured, not logged one by one. */
  readonly loads: LoadRuns;
  /** Every request the app sends, bounded and persisted (shared/history.ts). */
  readonly history: HistoryStore;
  /** Open collections: watched folders of requests, their sends (captures kept) and runs. */
  readonly collections: OpenCollections;
  /** The collection folders opened before, newest first; every successful open is recorded. */
  readonly recentCollections: RecentCollections;
  /** What the user typed and has not saved, kept so a crash loses nothing (shared/drafts.ts). */
  readonly drafts: DraftStore;
  /** Circuit breakers around a connection's sends, or one pattern's; every messenger send goes through its breaker. */
  readonly breakers: BreakerRegistry;
  /** Saga runs of open collections, live, and the newest runs kept (shared/saga-runs.ts). */
  readonly sagas: SagaRuns;
  /** Collection secret values sent so far: hidden in the traffic log and in run and saga reports. */
  readonly secrets: SecretsInUse;
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** The desktop shell (menu, command line) asks the UI to open a folder the way the user would; see `app.openCollectionRequested`. */
  requestOpenCollection(root: string): void;
  close(): Promise<void>;
}

export const systemClock: Clock = { now: Date.now, monotonicMs: () => performance.now() };

export function createEngine(options: EngineOptions = {}): Engine {
  const clock = options.clock ?? systemClock;
  const listeners = new Set<(event: EngineEvent) => void>();
  const publish = (event: EngineEvent) => {
    for (const listener of listeners) listener(event);
  };

  const secrets = createSecretsInUse();
  const traffic = createTrafficLog({
    secrets,
    capacity: options.trafficCapacity,
    bodyBudgetBytes: options.trafficBodyBudgetBytes,
    clock,
    onBatch: (entries) => publish({ event: 'traffic.appended', payload: { entries } }),
    onCleared: () => publish({ event: 'traffic.cleared', payload: {} }),
  });
  const newId = options.newId ?? randomUUID;
  const trafficSources = createTrafficSources({ live: traffic, newId });
  const calls = createCalls({
    record: createTrafficRecorder(traffic, clock),
    clock,
    newId,
    newPacketId,
    events: {
      onPart: (payload) => publish({ event: 'call.part', payload }),
      onFinished: (payload) => publish({ event: 'call.finished', payload }),
    },
  });
  const recordConnectionTraffic = createTrafficRecorder(traffic, clock);
  const connections = createConnectionRegistry({
    createClient: options.createClient ?? ((target, connectionOptions) => createTransportClient(target, connectionOptions, options.reconnect)),
    newId,
    // What leaves the engine carries no password: not in the target, not in a driver's error.
    onStateChanged: (info) => publish({ event: 'connection.stateChanged', payload: redactConnectionInfo(info) }),
    onNotice: (connection, notice) => recordTransportNotice(recordConnectionTraffic, connection, notice),
    onRemoved: (connectionId) => {
      calls.closeConnection(connectionId);
      breakers.closeConnection(connectionId);
      void listenerRegistry.closeConnection(connectionId);
      publish({ event: 'connection.removed', payload: { connectionId } });
    },
  });
  const breakers: BreakerRegistry = createBreakerRegistry({
    connections,
    now: clock.now,
    newId,
    record: createTrafficRecorder(traffic, clock),
    // The load runner comes later (it needs nothing of this); a hammer starts only once the engine is built.
    startLoad: (start) => loads.start(start),
    stopLoad: (runId) => void loads.stop(runId),
    onStateChanged: (info) => publish({ event: 'breaker.stateChanged', payload: info }),
    onRemoved: (breakerId) => publish({ event: 'breaker.removed', payload: { breakerId } }),
  });
  const messenger = createMessenger({ traffic, clock, newPacketId, guard: breakers.guardSend });
  const listenerRegistry: ListenerRegistry = createListenerRegistry({
    connections,
    record: createTrafficRecorder(traffic, clock),
    clock,
    newId,
    onStateChanged: (info) => publish({ event: 'listen.stateChanged', payload: info }),
    onRemoved: (listenerId) => publish({ event: 'listen.removed', payload: { listenerId } }),
    // Listeners resume after a broker restart with the connections' backoff (unless it does not wait: the CLI's).
    resumeBackoff: options.reconnect?.initialDelayMs ? options.reconnect : undefined,
  });

  const mocks = createMockRegistry({
    clock,
    newId,
    record: createMockTrafficRecorder(traffic, clock),
    startServer: startMockServer,
    onStateChanged: (info) => publish({ event: 'mock.stateChanged', payload: redactConnectionInfo(info) }),
    onRemoved: (mockId) => publish({ event: 'mock.removed', payload: { mockId } }),
    // Broker mocks rejoin after a broker restart with the connections' backoff (unless it does not wait: the CLI's).
    rejoinBackoff: options.reconnect?.initialDelayMs ? options.reconnect : undefined,
  });

  const onWarning = options.onWarning ?? ((message: string) => process.stderr.write(`patchbay: ${message}\n`));
  const history = createHistoryStore({
    file: options.dataDir === undefined ? undefined : join(options.dataDir, HISTORY_FILE),
    now: clock.now,
    newId,
    onAppended: (entry) => publish({ event: 'history.appended', payload: entry }),
    onCleared: () => publish({ event: 'history.cleared', payload: {} }),
    onWarning,
  });
  const drafts = createDraftStore({ file: options.dataDir === undefined ? undefined : join(options.dataDir, DRAFTS_FILE), now: clock.now, onWarning });

  const recentCollections = createRecentCollections({
    file: options.dataDir === undefined ? undefined : join(options.dataDir, RECENT_COLLECTIONS_FILE),
    now: clock.now,
    onChanged: (list) => publish({ event: 'recentCollections.changed', payload: { collections: list } }),
    onWarning,
  });
  const collections = recordingRecentOpens(createOpenCollections({
    connections,
    messenger,
    history,
    secrets,
    secretStore: options.secretStore ?? createLocalSecretStore(),
    processEnvironment: process.env,
    clock,
    newId,
    uuid: randomUUID,
    random: Math.random,
    onChanged: (info) => publish({ event: 'collection.changed', payload: info }),
    onRemoved: (collectionId) => publish({ event: 'collection.removed', payload: { collectionId } }),
    onResult: (payload) => publish({ event: 'collection.runResult', payload }),
    onFinished: (payload) => publish({ event: 'collection.runFinished', payload }),
  }), recentCollections);

  const sagas = createSagaRuns({
    collections,
    engine: { connections, messenger, listeners: listenerRegistry, secrets },
    clock,
    newId,
    uuid: randomUUID,
    random: Math.random,
    dataDir: options.dataDir,
    onWarning,
    onEvent: (payload) => publish({ event: 'saga.event', payload }),
    onFinished: (payload) => publish({ event: 'saga.finished', payload }),
  });

  const loads = createLoadRuns({
    connections,
    newId,
    newPacketId,
    monotonicMs: clock.monotonicMs,
    scheduler: timerScheduler,
    onProgress: (payload) => publish({ event: 'load.progress', payload }),
    onFinished: (payload) => publish({ event: 'load.finished', payload }),
  });

  return {
    connections,
    messenger,
    calls,
    traffic,
    trafficSources,
    listeners: listenerRegistry,
    mocks,
    loads,
    history,
    drafts,
    collections,
    recentCollections,
    sagas,
    breakers,
    secrets,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    requestOpenCollection(root) {
      publish({ event: 'app.openCollectionRequested', payload: { root } });
    },
    async close() {
      // First: a run's report is published before the listeners go, and it would fail on closing connections.
      loads.stopAll();
      // Saga runs stop and compensate over the collections' connections, so before those close; their reports are kept.
      await sagas.close();
      // Watchers stop and runs are told to stop before their connections close under them.
      await collections.closeAll();
      calls.closeAll();
      // Before the connections: a listener's consumer or channel rides on its connection.
      await listenerRegistry.closeAll();
      await connections.closeAll();
      // Closing the connections removed their breakers; this stops what is left (opossum's timers).
      breakers.closeAll();
      await mocks.closeAll();
      traffic.flush();
      traffic.close();
      // Last: what was recorded goes to disk before the process may exit.
      await history.close();
      await drafts.close();
      await recentCollections.close();
      listeners.clear();
    },
  };
}
