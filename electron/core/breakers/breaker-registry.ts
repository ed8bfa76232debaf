// The engine's circuit breakers: at most one per connection and pattern, plus one per connection
// for all its sends; a pattern's breaker takes precedence. Every send the messenger makes passes
// `guardSend`; a hammer's requests pass `guardedLoadClient`. Transitions go into the traffic log
// and out as `breaker.stateChanged` at once; counts go out coalesced while calls keep coming.
import type { BreakerInfo, BreakerOptions, BreakerTransition, BreakerVerdict } from '../../../shared/breaker';
import { BREAKER_STATS_INTERVAL_MS } from '../../../shared/breaker';
import type { MessageOptions } from '../../../shared/contract';
import type { LoadPlan } from '../../../shared/load';
import { normalizePattern } from '../../../shared/pattern-route';
import type { Failure, Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { Connection, ConnectionRegistry } from '../connections/registry';
import type { CoalescedReport } from '../messaging/coalesced-report';
import { coalescedReport } from '../messaging/coalesced-report';
import type { RecordTraffic, SendGuard } from '../messaging/messenger';
import type { LoadClient, LoadRun } from '../runner/load-run';
import type { LoadStart } from '../runner/load-runs';
import type { ReplyPart } from '../transports/transport';
import type { Breaker } from './breaker';
import { createBreaker } from './breaker';

export type BreakerCreate = { connectionId: string; name: string; pattern?: unknown; options: BreakerOptions };
export type BreakerHammer = { breakerId: string; pattern?: unknown; data: unknown; options?: MessageOptions; plan: LoadPlan };

export interface BreakerRegistry {
  create(request: BreakerCreate): Result<BreakerInfo>;
  update(breakerId: string, options: BreakerOptions): Result<BreakerInfo>;
  delete(breakerId: string): Result<null>;
  list(): BreakerInfo[];
  trip(breakerId: string): Result<BreakerInfo>;
  reset(breakerId: string): Result<BreakerInfo>;
  /** A load run whose every request goes through the breaker (not logged one by one, rejects included). */
  hammer(request: BreakerHammer): Result<{ runId: string }>;
  /** The breaker a send goes through: its pattern's on its connection, else its connection's, else none. */
  find(connectionId: string, routedPattern: string): Breaker | undefined;
  /** The messenger's guard: every send goes through its breaker, if it has one. */
  guardSend: SendGuard;
  /** The connection was closed or deleted: its breakers go (`breaker.removed`). */
  closeConnection(connectionId: string): void;
  /** Stops every breaker's timers (the engine is closing). */
  closeAll(): void;
}

export type BreakerRegistryDeps = {
  connections: Pick<ConnectionRegistry, 'get'>;
  /** Epoch ms, for transitions and "lets a trial call through in 1.2 s". */
  now: () => number;
  newId: () => string;
  record: RecordTraffic;
  /** The load runner, for `hammer` (a function: the runner is built after the messenger that needs this registry). */
  startLoad: (start: LoadStart) => Result<LoadRun>;
  stopLoad: (runId: string) => void;
  onStateChanged: (info: BreakerInfo) => void;
  onRemoved: (breakerId: string) => void;
};

type Entry = { breaker: Breaker; connection: Connection; scope: string; report: CoalescedReport };

const scopeKey = (connectionId: string, routedPattern?: string) => (routedPattern === undefined ? connectionId : `${connectionId}\u0000${routedPattern}`);
/** No breaker: the call runs with a signal that never aborts. */
const neverCut = new AbortController().signal;

export function createBreakerRegistry(deps: BreakerRegistryDeps): BreakerRegistry {
  const { connections, now, newId, record, onStateChanged, onRemoved } = deps;
  const byId = new Map<string, Entry>();
  const byScope = new Map<string, Entry>();

  const info = (entry: Entry) => entry.breaker.info(entry.connection.info().name);
  const publish = (entry: Entry) => {
    entry.report.cancel();
    onStateChanged(info(entry));
  };
  const unknownBreaker = (breakerId: string) => fail('unknown-breaker', `No circuit breaker has id ${breakerId}. It may have been deleted, or its connection closed; create it again.`);

  function withEntry<T>(breakerId: string, act: (entry: Entry) => Result<T>): Result<T> {
    const entry = byId.get(breakerId);
    return entry ? act(entry) : unknownBreaker(breakerId);
  }

  function remove(entry: Entry): void {
    byId.delete(entry.breaker.breakerId);
    byScope.delete(entry.scope);
    entry.report.cancel();
    if (entry.breaker.hammerRunId) deps.stopLoad(entry.breaker.hammerRunId);
    entry.breaker.shutdown();
  }

  function find(connectionId: string, routedPattern: string): Entry | undefined {
    return byScope.get(scopeKey(connectionId, routedPattern)) ?? byScope.get(scopeKey(connectionId));
  }

  const guardSend: SendGuard = async (request, sendOnce) => {
    const routedPattern = normalizePattern(request.pattern);
    const entry = find(request.connection.info().id, routedPattern);
    if (!entry) return sendOnce(neverCut);
    const { breaker } = entry;
    const guarded = await breaker.run(sendOnce, (outcome) => outcome.status === 'remote-error' || outcome.status === 'failure');
    const verdict = (result: BreakerVerdict['result']): BreakerVerdict => ({ breakerId: breaker.breakerId, name: breaker.name, state: breaker.state, result });
    if (guarded.verdict === 'passed') return { ...guarded.value, breaker: verdict('passed') };
    if (guarded.verdict === 'fallback') {
      const sent = guarded.value;
      const correlationId = sent?.correlationId ?? newId();
      // Nothing went out: the log still shows the call was short-circuited.
      if (!sent) recordRejection(request.connection, routedPattern, correlationId, rejectionOf(breaker, 'answered its fallback instead.'));
      return { correlationId, status: 'ok', values: [guarded.fallback], totalMs: sent?.totalMs ?? 0, replyBytes: 0, requestBytes: sent?.requestBytes ?? 0, breaker: verdict('fallback') };
    }
    const correlationId = newId();
    recordRejection(request.connection, routedPattern, correlationId, guarded.failure);
    return { correlationId, status: 'failure', values: [], failure: guarded.failure, totalMs: 0, replyBytes: 0, requestBytes: 0, breaker: verdict('rejected') };
  };

  function recordRejection(connection: Connection, routedPattern: string, correlationId: string, failure: Failure): void {
    record(connection, routedPattern, { kind: 'failure', direction: 'local', sizeBytes: 0, correlationId, failureCode: failure.code }, failure.message);
  }

  return {
    create({ connectionId, name, pattern, options }) {
      const connection = connections.get(connectionId);
      if (!connection) return fail('unknown-connection', `No open connection has id ${connectionId}. It may have been closed; open it again.`);
      const routed = pattern === undefined ? undefined : normalizePattern(pattern);
      const scope = scopeKey(connectionId, routed);
      const existing = byScope.get(scope);
      if (existing) {
        const connectionName = connection.info().name;
        const what = routed === undefined ? 'for all its sends' : `for pattern ${routed}`;
        return fail('duplicate-breaker', `Connection ${connectionName} already has a breaker ${what} ("${existing.breaker.name}"): update it instead.`);
      }
      const breakerId = newId();
      // The callbacks refer to `created` below: opossum reports only on calls and timers, never while it is built.
      const breaker = createBreaker(
        { breakerId, name, connectionId, ...(routed === undefined ? {} : { pattern: { raw: pattern, routed } }), options },
        {
          now,
          onTransition: (transition) => {
            recordTransition(created, transition);
            publish(created);
          },
          onCountsChanged: () => created.report.schedule(),
        },
      );
      const created: Entry = { breaker, connection, scope, report: coalescedReport(() => onStateChanged(info(created)), BREAKER_STATS_INTERVAL_MS) };
      byId.set(breakerId, created);
      byScope.set(scope, created);
      const createdInfo = info(created);
      onStateChanged(createdInfo);
      return ok(createdInfo);
    },
    update: (breakerId, options) =>
      withEntry(breakerId, (entry) => {
        entry.breaker.update(options);
        publish(entry);
        return ok(info(entry));
      }),
    delete: (breakerId) =>
      withEntry(breakerId, (entry) => {
        remove(entry);
        onRemoved(breakerId);
        return ok(null);
      }),
    list: () => [...byId.values()].map(info),
    trip: (breakerId) =>
      withEntry(breakerId, (entry) => {
        entry.breaker.trip();
        return ok(info(entry));
      }),
    reset: (breakerId) =>
      withEntry(breakerId, (entry) => {
        entry.breaker.reset();
        // Counts went back to zero even when the state did not change.
        publish(entry);
        return ok(info(entry));
      }),
    hammer: ({ breakerId, pattern, data, options, plan }) =>
      withEntry(breakerId, (entry) => {
        const { breaker } = entry;
        if (breaker.hammerRunId) return fail('hammer-running', `Circuit breaker "${breaker.name}" is being hammered already (run ${breaker.hammerRunId}). Stop that run first.`);
        const target = hammerPattern(breaker, entry.connection, pattern);
        if (!target.ok) return target;
        const started = deps.startLoad({ connectionId: breaker.connectionId, pattern: target.value, data, options, plan, wrapClient: (client) => guardedLoadClient(client, breaker) });
        if (!started.ok) return started;
        const { runId } = started.value;
        breaker.hammerRunId = runId;
        publish(entry);
        void started.value.finished.then(() => {
          if (breaker.hammerRunId !== runId) return;
          breaker.hammerRunId = undefined;
          if (byId.get(breakerId) === entry) publish(entry);
        });
        return ok({ runId });
      }),
    find: (connectionId, routedPattern) => find(connectionId, routedPattern)?.breaker,
    guardSend,
    closeConnection(connectionId) {
      for (const entry of [...byId.values()]) {
        if (entry.breaker.connectionId !== connectionId) continue;
        remove(entry);
        onRemoved(entry.breaker.breakerId);
      }
    },
    closeAll() {
      for (const entry of [...byId.values()]) remove(entry);
    },
  };

  function recordTransition(entry: Entry, transition: BreakerTransition): void {
    const { breaker } = entry;
    record(entry.connection, breaker.pattern?.routed ?? '*', { kind: 'breaker', direction: 'local', sizeBytes: 0, meta: { breakerId: breaker.breakerId, breaker: breaker.name } }, transition);
  }
}

function rejectionOf(breaker: Breaker, instead: string): Failure {
  return { code: 'breaker-open', message: `Circuit breaker "${breaker.name}" is ${breaker.state}: ${instead}` };
}

/** The pattern a hammer sends: the breaker's own, or (for a connection-wide breaker) the one given. */
function hammerPattern(breaker: Breaker, connection: Connection, pattern: unknown): Result<unknown> {
  if (breaker.pattern) {
    if (pattern !== undefined && normalizePattern(pattern) !== breaker.pattern.routed) {
      return fail('pattern-mismatch', `Circuit breaker "${breaker.name}" covers pattern ${breaker.pattern.routed} only: hammer that pattern (leave the pattern empty).`);
    }
    return ok(breaker.pattern.raw);
  }
  if (pattern === undefined) {
    return fail('pattern-required', `Circuit breaker "${breaker.name}" covers every send of connection ${connection.info().name}: give the pattern to hammer it with.`);
  }
  return ok(pattern);
}

const isSuccessfulEnd = (part: ReplyPart) => (part.kind === 'value' && part.last) || part.kind === 'end';
const isFinal = (part: ReplyPart) => isSuccessfulEnd(part) || part.kind === 'remote-error' || part.kind === 'failure';
/** A macrotask turn: see the rejection branch below. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A load client whose every request goes through the breaker. Parts are collected, not streamed:
 * opossum decides on the whole call. Rejections become `breaker-open` failures (the run counts
 * them by that kind); a fallback answer counts as a reply.
 */
export function guardedLoadClient(client: LoadClient, breaker: Breaker): LoadClient {
  return {
    get status() {
      return client.status;
    },
    onStatus: (listener) => client.onStatus(listener),
    async *send(request, signal) {
      const guarded = await breaker.run(
        async (cutoff) => {
          const parts: ReplyPart[] = [];
          for await (const part of client.send(request, AbortSignal.any([signal, cutoff]))) parts.push(part);
          return parts;
        },
        (parts) => !parts.some(isSuccessfulEnd),
      );
      if (guarded.verdict === 'passed') {
        yield* guarded.value;
        // opossum's timeout cut it short (the run's own timeout aborts `signal` and is counted by the run).
        if (!guarded.value.some(isFinal) && !signal.aborted) {
          yield { kind: 'failure', failure: { code: 'timeout', message: `Timed out after ${breaker.options.timeoutMs} ms (circuit breaker "${breaker.name}").` } };
        }
        return;
      }
      // An open breaker answers without I/O: without a macrotask turn per answer, a duration-bound run would starve its own timers.
      if (guarded.verdict === 'rejected' || guarded.value === undefined) await nextTurn();
      if (guarded.verdict === 'fallback') yield { kind: 'value', value: guarded.fallback, last: true, sizeBytes: 0 };
      else yield { kind: 'failure', failure: guarded.failure };
    },
  };
}
