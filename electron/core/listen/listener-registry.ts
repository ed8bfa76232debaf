// Listeners by id: each watches a connection's broker (or holds a gRPC stream open) without
// taking anything from the services, and puts every observed message into the traffic log
// (origin `listen`, direction `observed`).
//
// The tap join: a reply whose correlation id matches a request this listener saw gets
// `elapsedMs` = the service's latency, measured on the monotonic clock from when the request was
// observed (not from timestamps written by other machines), and its final part `totalMs`.
// Pending requests are bounded (5 minutes, 10k): a tap sees many requests whose replies never
// pass by (events sent as requests, replies on channels it does not watch).
//
// Broker listeners (Redis, RabbitMQ, Kafka) survive a broker restart: when their connection
// leaves `ready`, or their subscription dies on its own, they go back to `starting` (lastError
// says why) and subscribe again once the connection is ready, with the connections' backoff
// (lifecycle.ts). They give up (`failed`) when the connection fails or is closed, or after
// RESUME_ATTEMPTS tries while the connection is ready. A Kafka listener resumes at the topics'
// end: replaying from its original start would show old messages twice. gRPC streams do not
// resume: a stream the service ended or failed is its answer, not a lost link.
import { describeTarget } from '../../../shared/connection';
import type { ListenerInfo, ListenSpec } from '../../../shared/listen';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { TrafficEntry } from '../../../shared/traffic';
import type { StateSnapshot } from '../transports/transport';
import { backoffDelayMs, DEFAULT_RECONNECT_POLICY } from '../connections/lifecycle';
import type { Connection, ConnectionRegistry } from '../connections/registry';
import type { CoalescedReport } from '../messaging/coalesced-report';
import { coalescedReport } from '../messaging/coalesced-report';
import type { Clock, RecordTraffic } from '../messaging/messenger';
import type { ListenEnd, Observed, Unsubscribe } from '../transports/transport';
import { normalizePattern } from '../../../shared/pattern-route';

export const PENDING_REQUEST_TTL_MS = 5 * 60_000;
export const PENDING_REQUEST_LIMIT = 10_000;
const STOP_LIMIT_MS = 5_000;
/** Tries to subscribe again while the connection is ready, before a resuming listener fails. */
export const RESUME_ATTEMPTS = 8;
const RESUMABLE = new Set<ListenSpec['kind']>(['redis', 'kafka', 'rmq-exchange', 'rmq-queue']);

/** One observed message as the engine saw it, joined to its request when it is a reply. */
export type ObservedMessage = {
  listenerId: string;
  message: Observed;
  /** Epoch ms when it arrived. */
  receivedAt: number;
  /** Replies to a request this listener saw: ms since that request, and on the final part the total. */
  elapsedMs?: number;
  totalMs?: number;
  /** The pattern of the request a reply answers, when joined. */
  requestPattern?: string;
};

export type ListenerRegistryDeps = {
  connections: Pick<ConnectionRegistry, 'get'>;
  record: RecordTraffic;
  clock: Clock;
  newId: () => string;
  onStateChanged: (info: ListenerInfo) => void;
  onRemoved: (listenerId: string) => void;
  pendingTtlMs?: number;
  pendingLimit?: number;
  /** Waits between tries to resume after a broker restart; the connections' default backoff otherwise. */
  resumeBackoff?: { initialDelayMs: number; maxDelayMs: number };
};

export interface ListenerRegistry {
  start(connectionId: string, spec: ListenSpec): Promise<Result<ListenerInfo>>;
  /** Stops the listener and forgets it. */
  stop(listenerId: string): Promise<Result<null>>;
  list(): ListenerInfo[];
  /** Every observed message, as it comes (the CLI prints them). */
  onObserved(listener: (observed: ObservedMessage) => void): () => void;
  /** Stops the listeners of a connection that is closing. */
  closeConnection(connectionId: string): Promise<void>;
  closeAll(): Promise<void>;
}

const TRANSPORT_NAMES: Record<string, string> = { tcp: 'TCP', redis: 'Redis', rmq: 'RabbitMQ', kafka: 'Kafka', grpc: 'gRPC' };
const TRANSPORT_OF_SPEC: Record<ListenSpec['kind'], string> = { redis: 'redis', kafka: 'kafka', 'rmq-exchange': 'rmq', 'rmq-queue': 'rmq', grpc: 'grpc' };

/** What a listener listens to, in words. */
export function describeSpec(spec: ListenSpec): string {
  const tap = (on: boolean) => (on ? ' (tap)' : '');
  switch (spec.kind) {
    case 'redis':
      return `redis channels ${spec.channels.join(', ')}${tap(spec.tap)}`;
    case 'kafka': {
      const from = typeof spec.from === 'string' ? spec.from : 'offset' in spec.from ? `offset ${spec.from.offset}` : `time ${new Date(spec.from.timestamp).toISOString()}`;
      return `kafka topics ${spec.topics.join(', ')} from ${from}${tap(spec.tap)}`;
    }
    case 'rmq-exchange':
      return `rabbitmq exchange ${spec.exchange} routing key ${spec.routingKey}`;
    case 'rmq-queue':
      return `rabbitmq queue ${spec.queue} (competing with its consumers)`;
    case 'grpc':
      return `grpc stream ${spec.method}`;
  }
}

/** Refuses a spec that does not fit the connection's transport, saying which fits. */
export function checkSpecFits(spec: ListenSpec, transport: string): Result<null> {
  const needed = TRANSPORT_OF_SPEC[spec.kind];
  if (needed === transport) return ok(null);
  const neededName = TRANSPORT_NAMES[needed] ?? needed;
  const actual = TRANSPORT_NAMES[transport] ?? transport;
  const why = transport === 'tcp' ? ' (TCP is point to point: there is no broker to listen on)' : '';
  return fail('wrong-transport', `A ${neededName} listener needs a ${neededName} connection; this one is ${actual}${why}.`);
}

type Pending = { atMs: number; pattern: string; firstReplyMs?: number };

type Listener = {
  id: string;
  connectionId: string;
  connection: Connection;
  spec: ListenSpec;
  label: string;
  state: ListenerInfo['state'];
  lastError?: string;
  count: number;
  unsubscribe?: Unsubscribe;
  /** Requests seen, by correlation id, oldest first (Map keeps insertion order). */
  pending: Map<string, Pending>;
  /** Reports the count while messages come, at most every REPORT_INTERVAL_MS. */
  countReport: CoalescedReport;
  /** Stops watching the connection's state. */
  unwatch?: () => void;
  /** Set while the listener waits to subscribe again after its link was lost. */
  resume?: { attempts: number; timer?: NodeJS.Timeout; subscribing: boolean };
};

export function createListenerRegistry(deps: ListenerRegistryDeps): ListenerRegistry {
  const { clock, record } = deps;
  const ttlMs = deps.pendingTtlMs ?? PENDING_REQUEST_TTL_MS;
  const limit = deps.pendingLimit ?? PENDING_REQUEST_LIMIT;
  const listeners = new Map<string, Listener>();
  const observers = new Set<(observed: ObservedMessage) => void>();

  const info = (listener: Listener): ListenerInfo => ({
    id: listener.id,
    connectionId: listener.connectionId,
    label: listener.label,
    spec: listener.spec,
    state: listener.state,
    ...(listener.lastError !== undefined ? { lastError: listener.lastError } : {}),
    count: listener.count,
  });
  const setState = (listener: Listener, state: ListenerInfo['state'], lastError?: string) => {
    // This event carries the count too: a report still due would only repeat it.
    listener.countReport.cancel();
    listener.state = state;
    if (lastError !== undefined) listener.lastError = lastError;
    deps.onStateChanged(info(listener));
  };

  function rememberRequest(listener: Listener, correlationId: string, pending: Pending): void {
    const { pending: map } = listener;
    map.delete(correlationId);
    map.set(correlationId, pending);
    for (const [id, entry] of map) {
      if (map.size <= limit && pending.atMs - entry.atMs <= ttlMs) break;
      map.delete(id);
    }
  }

  function observe(listener: Listener, message: Observed): void {
    if (listener.state === 'stopped') return;
    listener.count += 1;
    listener.countReport.schedule();
    const nowMs = clock.monotonicMs();
    const receivedAt = clock.now();
    const routed = message.pattern !== undefined ? normalizePattern(message.pattern) : undefined;
    let pattern = routed ?? (message.kind === 'reply' ? message.route.replace(/\.reply$/, '') : message.route);
    let timing: Pick<TrafficEntry, 'elapsedMs' | 'firstReplyMs' | 'totalMs'> = {};
    let requestPattern: string | undefined;

    if (message.kind === 'request' && message.correlationId !== undefined) {
      rememberRequest(listener, message.correlationId, { atMs: nowMs, pattern });
    } else if (message.kind === 'reply' && message.correlationId !== undefined) {
      const request = listener.pending.get(message.correlationId);
      if (request && nowMs - request.atMs <= ttlMs) {
        const elapsedMs = nowMs - request.atMs;
        request.firstReplyMs ??= elapsedMs;
        pattern = request.pattern;
        requestPattern = request.pattern;
        timing = message.final ? { elapsedMs, firstReplyMs: request.firstReplyMs, totalMs: elapsedMs } : { elapsedMs };
        if (message.final) listener.pending.delete(message.correlationId);
      }
    }

    const kind: TrafficEntry['kind'] =
      message.kind === 'reply' ? (message.error !== undefined ? 'remote-error' : message.final && message.body === undefined ? 'end' : 'reply') : message.kind;
    const body = message.kind === 'reply' && message.error !== undefined ? message.error : message.body;
    const raw = message.encoding && typeof body === 'string' ? { encoding: message.encoding } : {};
    record(
      listener.connection,
      pattern,
      {
        kind,
        direction: 'observed',
        origin: 'listen',
        listenerId: listener.id,
        sizeBytes: message.sizeBytes,
        ...(message.correlationId !== undefined ? { correlationId: message.correlationId } : {}),
        ...(message.headers ? { headers: message.headers } : {}),
        ...(message.meta ? { meta: message.meta } : {}),
        ...timing,
        ...raw,
      },
      body,
    );
    const observed: ObservedMessage = { listenerId: listener.id, message, receivedAt, ...(requestPattern ? { requestPattern } : {}) };
    if (timing.elapsedMs !== undefined) observed.elapsedMs = timing.elapsedMs;
    if (timing.totalMs !== undefined) observed.totalMs = timing.totalMs;
    for (const observer of observers) observer(observed);
  }

  /** The subscription ended on its own: its broker link died, or a gRPC service completed the stream. */
  const ended = (listener: Listener, unsubscribe: () => Unsubscribe | undefined) => (end: ListenEnd) => {
    if (listener.state !== 'listening' && listener.state !== 'starting') return;
    // A late end of a subscription already replaced (a resume raced with it) changes nothing.
    if (listener.resume || (listener.unsubscribe !== undefined && listener.unsubscribe !== unsubscribe())) return;
    if (end.failed && RESUMABLE.has(listener.spec.kind)) {
      suspend(listener, end.reason);
      return;
    }
    listener.unsubscribe = undefined;
    listener.pending.clear();
    listener.unwatch?.();
    if (end.failed) setState(listener, 'failed', end.reason);
    else setState(listener, 'stopped');
  };

  const address = (listener: Listener) => describeTarget(listener.connection.info().target);
  const retryDelayMs = (attempt: number) => backoffDelayMs(deps.resumeBackoff ?? DEFAULT_RECONNECT_POLICY, attempt);

  /** Drops a subscription whose link is gone, without waiting on a broker that may not answer. */
  function dropSubscription(listener: Listener): void {
    const unsubscribe = listener.unsubscribe;
    listener.unsubscribe = undefined;
    if (!unsubscribe) return;
    let timer: NodeJS.Timeout | undefined;
    void Promise.race([unsubscribe().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_LIMIT_MS)))]).finally(() => clearTimeout(timer));
  }

  /** The link under a broker listener is gone: wait for the connection, then subscribe again. */
  function suspend(listener: Listener, reason: string): void {
    dropSubscription(listener);
    listener.pending.clear();
    listener.resume = { attempts: 0, subscribing: false };
    setState(listener, 'starting', `${reason.replace(/\.?$/, '.')} Listening resumes once ${address(listener)} is back.`);
    // A subscription can die a moment before its connection notices: give the state time to move.
    scheduleResume(listener, retryDelayMs(1));
  }

  function scheduleResume(listener: Listener, delayMs: number): void {
    const resume = listener.resume;
    if (!resume) return;
    clearTimeout(resume.timer);
    resume.timer = setTimeout(() => void tryResume(listener), delayMs);
  }

  function giveUp(listener: Listener, reason: string): void {
    if (listener.resume) clearTimeout(listener.resume.timer);
    listener.resume = undefined;
    listener.unwatch?.();
    setState(listener, 'failed', reason);
  }

  async function tryResume(listener: Listener): Promise<void> {
    const resume = listener.resume;
    if (!resume || resume.subscribing || !listeners.has(listener.id)) return;
    // Not ready: the connection's next `ready` calls this again.
    if (listener.connection.client.status.state !== 'ready') return;
    resume.subscribing = true;
    resume.attempts += 1;
    const subscribed = await subscribe(listener);
    resume.subscribing = false;
    if (!listeners.has(listener.id) || listener.resume !== resume) {
      if (subscribed.ok) await subscribed.value().catch(() => undefined);
      return;
    }
    if (subscribed.ok) {
      listener.resume = undefined;
      listener.unsubscribe = subscribed.value;
      delete listener.lastError;
      setState(listener, 'listening');
      // The connection may have dropped again while we subscribed.
      if (listener.connection.client.status.state !== 'ready') suspend(listener, `The connection to ${address(listener)} was lost again.`);
      return;
    }
    if (resume.attempts >= RESUME_ATTEMPTS) {
      giveUp(listener, `Could not listen again after ${address(listener)} came back (${resume.attempts} tries): ${subscribed.error.message}`);
      return;
    }
    setState(listener, 'starting', `Listening resumes once ${address(listener)} is back; the last try failed: ${subscribed.error.message}`);
    scheduleResume(listener, retryDelayMs(resume.attempts + 1));
  }

  /** Follows the connection: its drop suspends a broker listener, its return resumes it. */
  function watchConnection(listener: Listener): void {
    if (!RESUMABLE.has(listener.spec.kind)) return;
    listener.unwatch = listener.connection.client.onStatus((status: StateSnapshot) => {
      if (!listeners.has(listener.id) || listener.state === 'stopped' || listener.state === 'failed') return;
      switch (status.state) {
        case 'ready':
          if (listener.resume) {
            // A new link: the tries start over.
            listener.resume.attempts = 0;
            scheduleResume(listener, 0);
          }
          return;
        case 'connecting':
        case 'reconnecting':
          if (listener.resume) clearTimeout(listener.resume.timer);
          else if (listener.state === 'listening') suspend(listener, `The connection to ${address(listener)} was lost${status.lastError ? ` (${status.lastError.replace(/\.$/, '')})` : ''}.`);
          return;
        case 'failed':
          giveUp(listener, `The connection to ${address(listener)} failed${status.lastError ? `: ${status.lastError.replace(/\.$/, '')}` : ''}. Listening stopped; start it again once the connection is open.`);
          return;
        case 'closed':
          return; // closing a connection stops its listeners (closeConnection)
      }
    });
  }

  async function subscribe(listener: Listener): Promise<Result<Unsubscribe>> {
    const { client } = listener.connection;
    if (!client.subscribe) return fail('unsupported', `This connection's transport has nothing to listen to.`);
    // A Kafka listener resumes at the end of its topics (see the top of this file).
    const spec: ListenSpec = listener.resume && listener.spec.kind === 'kafka' ? { ...listener.spec, from: 'latest' } : listener.spec;
    // The end handler tells its own subscription from a newer one by the unsubscribe it returned.
    const result: Result<Unsubscribe> = await client.subscribe(spec, (message) => observe(listener, message), ended(listener, () => (result?.ok ? result.value : undefined)));
    return result;
  }

  async function stopListener(listener: Listener): Promise<void> {
    if (!listeners.delete(listener.id)) return;
    const unsubscribe = listener.unsubscribe;
    listener.unsubscribe = undefined;
    const wasActive = listener.state === 'listening' || listener.state === 'starting';
    listener.state = 'stopped';
    listener.unwatch?.();
    if (listener.resume) clearTimeout(listener.resume.timer);
    listener.resume = undefined;
    if (unsubscribe) {
      let timer: NodeJS.Timeout | undefined;
      // A broker that went away can leave an unsubscribe hanging; never hold a close on it.
      await Promise.race([unsubscribe().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_LIMIT_MS)))]);
      clearTimeout(timer);
    }
    listener.pending.clear();
    listener.countReport.cancel();
    if (wasActive) deps.onStateChanged(info(listener));
    deps.onRemoved(listener.id);
  }

  return {
    async start(connectionId, spec) {
      const connection = deps.connections.get(connectionId);
      if (!connection) return fail('unknown-connection', `No open connection has id ${connectionId}. It may have been closed; open it again.`);
      const fits = checkSpecFits(spec, connection.info().target.kind);
      if (!fits.ok) return fits;
      if (spec.kind === 'rmq-queue' && spec.competing !== true) {
        return fail('competing-consumer', 'Consuming a service queue takes messages away from the service; tap an exchange instead, or set competing: true.');
      }
      const listener: Listener = {
        id: deps.newId(),
        connectionId,
        connection,
        spec,
        label: describeSpec(spec),
        state: 'starting',
        count: 0,
        pending: new Map(),
        countReport: coalescedReport(() => {
          if (listeners.has(listener.id) && listener.state === 'listening') deps.onStateChanged(info(listener));
        }),
      };
      listeners.set(listener.id, listener);
      deps.onStateChanged(info(listener));
      const subscribed = await subscribe(listener);
      if (!listeners.has(listener.id)) {
        // Stopped (or its connection closed) while starting.
        if (subscribed.ok) await subscribed.value().catch(() => undefined);
        return fail('stopped', 'The listener was stopped before it started.');
      }
      if (!subscribed.ok) {
        setState(listener, 'failed', subscribed.error.message);
        listeners.delete(listener.id);
        deps.onRemoved(listener.id);
        return subscribed;
      }
      // A gRPC stream can have ended already (a short one): keep the state it reached.
      if (listener.state === 'starting') {
        // Its link died while it started: it resumes like a running one (that subscription is dead).
        if (listener.resume) void subscribed.value().catch(() => undefined);
        else {
          listener.unsubscribe = subscribed.value;
          setState(listener, 'listening');
        }
        watchConnection(listener);
      }
      return ok(info(listener));
    },

    async stop(listenerId) {
      const listener = listeners.get(listenerId);
      if (!listener) return fail('unknown-listener', `No listener has id ${listenerId}. It may have been stopped already.`);
      await stopListener(listener);
      return ok(null);
    },

    list: () => [...listeners.values()].map(info),

    onObserved(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },

    async closeConnection(connectionId) {
      await Promise.all([...listeners.values()].filter((listener) => listener.connectionId === connectionId).map(stopListener));
    },

    async closeAll() {
      await Promise.all([...listeners.values()].map(stopListener));
      observers.clear();
    },
  };
}
