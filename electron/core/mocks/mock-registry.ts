// Running mocks: start, update, stop, list. Each mock is a transport's mock server answering by a
// rule book; every message it receives and every part it writes goes into the traffic log.
// States: starting → serving → failed | stopped (stopped mocks are forgotten).
//
// A broker mock (Redis, RabbitMQ, Kafka) whose broker link dies is not failed: it goes back to
// `starting` (lastError says why) and joins the broker again with the connections' backoff
// (lifecycle.ts), as often as it takes, until it serves again or is stopped. TCP and gRPC mocks
// are servers of their own: a fatal problem there is not a broker restart and leaves them failed.
import { randomUUID } from 'node:crypto';
import type { ConnectionTarget } from '../../../shared/connection';
import { describeTarget } from '../../../shared/connection';
import type { MockInfo, MockRules } from '../../../shared/mock';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { TrafficEntry } from '../../../shared/traffic';
import type { CoalescedReport } from '../messaging/coalesced-report';
import { coalescedReport } from '../messaging/coalesced-report';
import { backoffDelayMs, DEFAULT_RECONNECT_POLICY } from '../connections/lifecycle';
import type { Clock } from '../messaging/messenger';
import type { IncomingMessage, MockAnswerPart, MockHandler, MockNote, MockServer, StartMockServer } from './mock-transport';
import { NO_MESSAGE_HANDLER } from '../wire/reply-packet';
import type { RecordMockTraffic } from './mock-traffic';
import type { AnswerPlan, RuleBook } from './rule-book';
import { createRuleBook } from './rule-book';

/** One message a mock received, with what the rules made of it (for the CLI's NDJSON lines). */
export type MockExchange = { mock: MockInfo; message: IncomingMessage; plan: AnswerPlan; at: number };

export interface MockRegistry {
  /** Starts serving; a failure (port in use, bad proto) leaves the mock listed as `failed`. */
  start(name: string, target: ConnectionTarget, rules: MockRules): Promise<Result<MockInfo>>;
  /** New rules for new messages; calls in flight finish by the old ones; sequences and stats start over. */
  update(mockId: string, rules: MockRules): Promise<Result<MockInfo>>;
  stop(mockId: string): Promise<Result<null>>;
  list(): MockInfo[];
  get(mockId: string): MockInfo | undefined;
  /** Every message any mock receives, as it arrives. */
  onExchange(listener: (exchange: MockExchange) => void): () => void;
  /** Every note about a client (one dropped for breaking the wire format), as it is logged. */
  onNote(listener: (mock: MockInfo, note: MockNote) => void): () => void;
  closeAll(): Promise<void>;
}

export type MockRegistryDeps = {
  clock: Clock;
  newId: () => string;
  record: RecordMockTraffic;
  startServer: StartMockServer;
  random?: () => number;
  uuid?: () => string;
  onStateChanged: (info: MockInfo) => void;
  onRemoved: (mockId: string) => void;
  /** Waits between tries to rejoin a broker after it dropped the mock; the connections' default backoff otherwise. */
  rejoinBackoff?: { initialDelayMs: number; maxDelayMs: number };
};

const CLOSE_LIMIT_MS = 5_000;
const BROKER_KINDS = new Set<ConnectionTarget['kind']>(['redis', 'rmq', 'kafka']);

type Mock = {
  info: MockInfo;
  book: RuleBook;
  server?: MockServer;
  /** Aborted on stop: pending delays end and nothing more is written. */
  stopped: AbortController;
  /** Reports the stats while messages come, at most every REPORT_INTERVAL_MS. */
  statsReport: CoalescedReport;
  /** Its handler, kept for rejoining a broker with a new server. */
  handler: MockHandler;
};

export function createMockRegistry(deps: MockRegistryDeps): MockRegistry {
  const mocks = new Map<string, Mock>();
  const exchangeListeners = new Set<(exchange: MockExchange) => void>();
  const noteListeners = new Set<(mock: MockInfo, note: MockNote) => void>();
  const ruleBookDeps = { random: deps.random ?? Math.random, now: deps.clock.now, uuid: deps.uuid ?? randomUUID };

  const snapshot = (mock: Mock): MockInfo => structuredClone(mock.info);
  const publish = (mock: Mock) => {
    // This event carries the stats too: a report still due would only repeat it.
    mock.statsReport.cancel();
    deps.onStateChanged(snapshot(mock));
  };
  const emptyStats = (rules: MockRules): MockInfo['stats'] => ({ requests: 0, events: 0, unmatched: 0, perRule: rules.rules.map(() => 0) });
  const unknownMock = (mockId: string) => fail('unknown-mock', `No mock has id ${mockId}. It may have been stopped; start it again.`);

  function handlerFor(mock: Mock): MockHandler {
    const source = () => ({ id: mock.info.id, name: mock.info.name, transport: mock.info.target.kind });
    const arrivals = new WeakMap<IncomingMessage, { atMs: number; firstReplyMs?: number }>();

    return {
      async *handle(message) {
        const book = mock.book;
        const plan = book.plan(message);
        const stats = mock.info.stats;
        if (message.kind === 'request') stats.requests += 1;
        else stats.events += 1;
        if (plan.rule) stats.perRule[plan.rule.index] = (stats.perRule[plan.rule.index] ?? 0) + 1;
        else stats.unmatched += 1;
        arrivals.set(message, { atMs: deps.clock.monotonicMs() });
        deps.record(
          source(),
          message.route,
          {
            kind: message.kind,
            direction: 'in',
            sizeBytes: message.sizeBytes,
            ...(message.correlationId !== undefined ? { correlationId: message.correlationId } : {}),
            ...(message.headers && Object.keys(message.headers).length ? { headers: message.headers } : {}),
            ...(message.meta ? { meta: message.meta as TrafficEntry['meta'] } : {}),
            ...(plan.rule ? { rule: plan.rule.name } : { unmatched: true }),
          },
          message.data,
        );
        mock.statsReport.schedule();
        if (exchangeListeners.size) {
          const exchange = { mock: snapshot(mock), message, plan, at: deps.clock.now() };
          for (const listener of exchangeListeners) listener(exchange);
        }
        for (const step of plan.steps) {
          if (step.waitMs > 0 && !(await sleep(step.waitMs, mock.stopped.signal))) return;
          if (mock.stopped.signal.aborted) return;
          yield step.part;
        }
      },
      note(note) {
        deps.record(source(), '*', { kind: 'failure', direction: 'local', sizeBytes: 0, failureCode: note.code }, note.message);
        for (const listener of noteListeners) listener(snapshot(mock), note);
      },
      written(message, part, sizeBytes) {
        const arrival = arrivals.get(message);
        const elapsedMs = arrival ? deps.clock.monotonicMs() - arrival.atMs : 0;
        if (arrival) arrival.firstReplyMs ??= elapsedMs;
        const final = part.kind !== 'value' || part.last;
        const timing = final ? { elapsedMs, firstReplyMs: arrival?.firstReplyMs ?? elapsedMs, totalMs: elapsedMs } : { elapsedMs };
        deps.record(
          source(),
          message.route,
          { ...trafficFieldsOf(part), direction: 'out', sizeBytes, ...(message.correlationId !== undefined ? { correlationId: message.correlationId } : {}), ...timing },
          bodyOf(part),
        );
      },
    };
  }

  function setState(mock: Mock, state: MockInfo['state'], lastError?: string) {
    mock.info.state = state;
    if (lastError === undefined) delete mock.info.lastError;
    else mock.info.lastError = lastError;
    publish(mock);
  }

  function serve(mock: Mock, server: MockServer): void {
    mock.server = server;
    mock.info.address = server.address;
    server.onTrouble(({ message, fatal }) => {
      if (!mocks.has(mock.info.id) || mock.server !== server) return;
      if (fatal && BROKER_KINDS.has(mock.info.target.kind)) void rejoin(mock, server, message);
      else setState(mock, fatal ? 'failed' : mock.info.state, message);
    });
    setState(mock, 'serving');
  }

  /** The broker dropped the mock: close what is left of the old server, then join again until it works. */
  async function rejoin(mock: Mock, dead: MockServer, reason: string): Promise<void> {
    mock.server = undefined;
    const broker = describeTarget(mock.info.target);
    const waiting = `${reason.replace(/\.?$/, '.')} The mock joins ${broker} again once it is back.`;
    setState(mock, 'starting', waiting);
    // Bounded: closing a server whose broker is gone can wait on a goodbye that never comes.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([dead.close().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_LIMIT_MS)))]);
    clearTimeout(timer);
    for (let attempt = 1; ; attempt++) {
      if (!(await sleep(backoffDelayMs(deps.rejoinBackoff ?? DEFAULT_RECONNECT_POLICY, attempt), mock.stopped.signal))) return;
      let started: Result<MockServer>;
      try {
        // The current rules' routes: an update while it was down applies now.
        started = await deps.startServer(mock.info.target, mock.handler, mock.book.routes);
      } catch (error) {
        started = fail('mock-failed', (error as Error).message);
      }
      if (mock.stopped.signal.aborted) {
        if (started.ok) await started.value.close();
        return;
      }
      if (started.ok) {
        delete mock.info.lastError;
        serve(mock, started.value);
        return;
      }
      const retrying = `${waiting} Last try: ${started.error.message}`;
      if (mock.info.lastError !== retrying) setState(mock, 'starting', retrying);
    }
  }

  async function stopMock(mock: Mock) {
    mock.stopped.abort();
    mock.statsReport.cancel();
    mocks.delete(mock.info.id);
    await mock.server?.close();
    mock.info.state = 'stopped';
    deps.onRemoved(mock.info.id);
  }

  return {
    async start(name, target, rules) {
      const id = deps.newId();
      const mock: Mock = {
        info: { id, name, target, rules, state: 'starting', stats: emptyStats(rules) },
        book: createRuleBook(rules, target.kind, ruleBookDeps),
        stopped: new AbortController(),
        statsReport: coalescedReport(() => mocks.has(id) && publish(mock)),
        handler: undefined as unknown as MockHandler,
      };
      mock.handler = handlerFor(mock);
      mocks.set(id, mock);
      publish(mock);
      let started: Result<MockServer>;
      try {
        started = await deps.startServer(target, mock.handler, mock.book.routes);
      } catch (error) {
        started = fail('mock-failed', `The mock for ${describeTarget(target)} could not start: ${(error as Error).message}`);
      }
      if (mock.stopped.signal.aborted) {
        // Stopped while starting.
        if (started.ok) await started.value.close();
        return fail('unknown-mock', `The mock ${name} was stopped while it started.`);
      }
      if (!started.ok) {
        setState(mock, 'failed', started.error.message);
        return started;
      }
      serve(mock, started.value);
      return ok(snapshot(mock));
    },
    async update(mockId, rules) {
      const mock = mocks.get(mockId);
      if (!mock) return unknownMock(mockId);
      const book = createRuleBook(rules, mock.info.target.kind, ruleBookDeps);
      if (mock.server) {
        const routed = await mock.server.setRoutes(book.routes);
        if (!routed.ok) return routed;
        // Redis and Kafka name their channels or topics in the address: they just changed.
        mock.info.address = mock.server.address;
      }
      mock.book = book;
      mock.info.rules = rules;
      mock.info.stats = emptyStats(rules);
      publish(mock);
      return ok(snapshot(mock));
    },
    async stop(mockId) {
      const mock = mocks.get(mockId);
      if (!mock) return unknownMock(mockId);
      await stopMock(mock);
      return ok(null);
    },
    list: () => [...mocks.values()].map(snapshot),
    get: (mockId) => {
      const mock = mocks.get(mockId);
      return mock ? snapshot(mock) : undefined;
    },
    onExchange(listener) {
      exchangeListeners.add(listener);
      return () => exchangeListeners.delete(listener);
    },
    onNote(listener) {
      noteListeners.add(listener);
      return () => noteListeners.delete(listener);
    },
    async closeAll() {
      await Promise.all([...mocks.values()].map(stopMock));
      exchangeListeners.clear();
      noteListeners.clear();
    },
  };
}

/** Resolves true after `ms`, or false at once when the mock stops. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function trafficFieldsOf(part: MockAnswerPart): Pick<TrafficEntry, 'kind'> {
  switch (part.kind) {
    case 'value':
      return { kind: 'reply' };
    case 'end':
      return { kind: 'end' };
    case 'error':
    case 'grpc-status':
    case 'no-handler':
      return { kind: 'remote-error' };
  }
}

function bodyOf(part: MockAnswerPart): unknown {
  switch (part.kind) {
    case 'value':
      return part.value;
    case 'end':
      return undefined;
    case 'error':
      return part.error;
    case 'grpc-status':
      return { code: part.code, details: part.details, metadata: part.metadata };
    case 'no-handler':
      return NO_MESSAGE_HANDLER;
  }
}
