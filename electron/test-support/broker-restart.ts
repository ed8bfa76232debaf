// The broker-restart scenario the Redis, RabbitMQ and Kafka tests share (issue 8, resilience):
// one engine, driven through the contract handlers, with a connection, a tap and a mock on a
// private broker that the test stops and starts again. Each cycle records what a user would see
// (connection states and reasons, the fate of a pending request and of a send while the broker is
// down) and whether taps and mocks came back; the tests assert those per broker.
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { expect } from 'vitest';
import type { BrokerKind, PrivateBroker } from '../../fixtures/rig/private-broker.mjs';
import type { ConnectionInfo } from '../../shared/connection';
import type { CommandName, CommandOutput } from '../../shared/contract';
import { commands } from '../../shared/contract';
import type { ListenerInfo } from '../../shared/listen';
import type { MockInfo } from '../../shared/mock';
import type { Result } from '../../shared/result';
import type { Handlers } from '../core/contract-handlers';
import { createContractHandlers } from '../core/contract-handlers';
import type { Engine } from '../core/engine';
import { createEngine } from '../core/engine';

/** A quick reconnect so a test does not wait long; the app's default backs off up to 10 s. */
export const TEST_RECONNECT = { maxAttempts: Infinity, initialDelayMs: 200, maxDelayMs: 1_000 };
/** The timeout of the request left pending when the broker stops: its failure must come long before. */
export const PENDING_TIMEOUT_MS = 30_000;
/** How long a broker may take to come back (RabbitMQ and Kafka start JVMs and Erlang nodes). */
const RECOVERY_LIMIT_MS = 90_000;

export const RULES = {
  rules: [
    { name: 'ping', pattern: 'restart.ping', reply: { value: 'pong' } },
    // A request nobody answers: pending until the broker goes away.
    { name: 'hang', pattern: 'restart.hang', reply: { noReply: true } },
  ],
};
export const EVENT_PATTERN = 'restart.event';

export type Scenario = {
  kind: BrokerKind;
  /** The connection target (contract input) on the private broker. */
  target: (broker: PrivateBroker) => unknown;
  /** The mock's target on the same broker. */
  mockTarget: (broker: PrivateBroker) => unknown;
  /** The tap: it must see events emitted to EVENT_PATTERN. */
  listenSpec: (broker: PrivateBroker) => unknown;
};

export type CycleReport = {
  /** Connection states from the stop to ready again, consecutive repeats merged. */
  states: string[];
  /** lastError of the first `reconnecting` state. */
  reconnectingReason: string | undefined;
  /** The request pending when the broker stopped. */
  pending: { status: string; code?: string; message?: string; settledAfterStopMs: number };
  /** A send while the broker is down. */
  whileDown: { status: string; code?: string; message?: string; tookMs: number };
  listenerStates: string[];
  listenerReason: string | undefined;
  mockStates: string[];
  mockReason: string | undefined;
  /** What the tap saw of an event emitted after the recovery, and the mock's answer. */
  tapSaw: string | undefined;
  reply: unknown;
  resources: Record<string, number>;
  heapBytes: number;
  /** ms from the stop to each step: for finding where a slow cycle spends its time. */
  timings: Record<string, number>;
  /** Sends to the mock after the recovery that did not get its answer yet. */
  tries: string[];
};

type Call = <C extends CommandName>(name: C, input: unknown) => Promise<Result<CommandOutput<C>>>;

/** Node only exposes gc() with --expose-gc; a worker can still turn it on and fetch it. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Active handles by type (sockets, timers, …), as Node reports them. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Waits until `value()` is `wanted`, checking every 50 ms; says what it last saw when it gives up. */
async function until<T>(what: string, value: () => T, wanted: T, timeoutMs: number, detail: () => unknown = () => undefined): Promise<void> {
  let last: T = value();
  for (const deadline = performance.now() + timeoutMs; last !== wanted; last = value()) {
    if (performance.now() > deadline) throw new Error(`${what}: still ${String(last)} after ${timeoutMs} ms, expected ${String(wanted)} (${JSON.stringify(detail())})`);
    await sleep(50);
  }
}

/** The states after `before`, consecutive repeats merged (count reports repeat a state). */
const transitions = (before: string | undefined, states: string[]) => [before, ...states].filter((state, index, all) => index > 0 && state !== all[index - 1]) as string[];

export type RestartSession = {
  engine: Engine;
  call: Call;
  connection: ConnectionInfo;
  listener: ListenerInfo;
  mock: MockInfo;
  /** Unhandled rejections and uncaught exceptions seen since the session began. */
  crashes: unknown[];
  /** Stops the broker with a request pending, checks what happens while it is down, starts it again. */
  cycle(): Promise<CycleReport>;
  close(): Promise<void>;
};

export async function startRestartSession(broker: PrivateBroker, scenario: Scenario): Promise<RestartSession> {
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);

  const engine = createEngine({ reconnect: TEST_RECONNECT });
  const handlers: Handlers = createContractHandlers(engine);
  const call: Call = async (name, input) => {
    // As a carrier does: the input is validated at the edge, then handed to the handler.
    const parsed = commands[name].input.parse(input);
    return (handlers[name] as (input: unknown) => Promise<Result<CommandOutput<typeof name>>>)(parsed);
  };
  const connectionStates: ConnectionInfo[] = [];
  const listenerStates: ListenerInfo[] = [];
  const mockStates: MockInfo[] = [];
  engine.onEvent((event) => {
    if (event.event === 'connection.stateChanged') connectionStates.push(event.payload);
    else if (event.event === 'listen.stateChanged') listenerStates.push(event.payload);
    else if (event.event === 'mock.stateChanged') mockStates.push(event.payload);
  });
  const unwrap = <T>(result: Result<T>): T => {
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };

  const connection = unwrap(await call('connection.open', { name: `${scenario.kind} restart`, target: scenario.target(broker), options: { connectTimeoutMs: 3_000 } }));
  const connectionState = () => engine.connections.get(connection.id)?.info().state;
  await until('the connection', connectionState, 'ready', 30_000);
  const mock = unwrap(await call('mock.start', { name: `${scenario.kind} restart mock`, target: scenario.mockTarget(broker), rules: RULES }));
  const listener = unwrap(await call('listen.start', { connectionId: connection.id, spec: scenario.listenSpec(broker) }));

  const listenerNow = () => engine.listeners.list().find((info) => info.id === listener.id);
  const mockNow = () => engine.mocks.get(mock.id);
  const send = (pattern: string, timeoutMs: number) => call('message.send', { connectionId: connection.id, pattern, data: { at: Date.now() }, timeoutMs });
  let emitted = 0;

  /** Emits an event until the tap sees it (a fresh Kafka consumer may start a moment after the emit), and returns its body. */
  async function tapSees(): Promise<string | undefined> {
    const marker = `after-restart-${++emitted}`;
    const seen = () =>
      engine.traffic
        .readPage(undefined, 10_000)
        .entries.find((entry) => entry.listenerId === listener.id && entry.bodyPreview?.includes(marker))?.bodyPreview;
    for (const until = Date.now() + 30_000; Date.now() < until; ) {
      await call('message.emit', { connectionId: connection.id, pattern: EVENT_PATTERN, data: { marker } });
      for (const wait = Date.now() + 2_000; Date.now() < wait; ) {
        const body = seen();
        if (body) return body;
        await sleep(50);
      }
    }
    return undefined;
  }

  /** The mock's answer, once it serves again (its group or queue may take a moment to be read). */
  const tries: string[] = [];
  async function mockAnswers(): Promise<unknown> {
    let last: unknown;
    for (const until = Date.now() + 30_000; Date.now() < until; ) {
      const startedMs = performance.now();
      const outcome = unwrap(await send('restart.ping', 5_000));
      if (outcome.status === 'ok') return outcome.values[0];
      last = outcome.failure ?? outcome.remoteError;
      tries.push(`${Math.round(performance.now() - startedMs)} ms: ${JSON.stringify(last)}`);
      await sleep(200);
    }
    return last;
  }

  // Before the first cycle, the tap and the mock work (and whatever is created lazily exists).
  if ((await mockAnswers()) !== 'pong') throw new Error('The mock did not answer before the first restart');
  if ((await tapSees()) === undefined) throw new Error('The tap saw nothing before the first restart');

  return {
    engine,
    call,
    connection,
    listener,
    mock,
    crashes,
    async cycle() {
      connectionStates.length = 0;
      listenerStates.length = 0;
      mockStates.length = 0;
      const pending = send('restart.hang', PENDING_TIMEOUT_MS);
      // The request is on the wire (the mock received it) before the broker goes.
      const requestsBefore = mockNow()?.stats.requests ?? 0;
      await until('the mock receiving the request', () => (mockNow()?.stats.requests ?? 0) > requestsBefore, true, 10_000);

      const before = { connection: connectionState(), listener: listenerNow()?.state, mock: mockNow()?.state };
      connectionStates.length = 0;
      listenerStates.length = 0;
      mockStates.length = 0;
      const stopAt = performance.now();
      let settledAt = 0;
      void pending.then(() => (settledAt = performance.now()));
      await broker.stopBroker(scenario.kind);
      const pendingOutcome = unwrap(await pending);
      await until('the connection', connectionState, 'reconnecting', 30_000);

      const timings: Record<string, number> = {};
      const mark = (step: string) => (timings[step] = Math.round(performance.now() - stopAt));
      mark('reconnecting');
      const downStart = performance.now();
      const down = unwrap(await send('restart.ping', PENDING_TIMEOUT_MS));
      const whileDown = { status: down.status, code: down.failure?.code, message: down.failure?.message, tookMs: performance.now() - downStart };

      await broker.startBroker(scenario.kind);
      mark('brokerStarted');
      await until('the connection', connectionState, 'ready', RECOVERY_LIMIT_MS, () => engine.connections.get(connection.id)?.info().lastError);
      mark('ready');
      await until('the listener', () => listenerNow()?.state, 'listening', RECOVERY_LIMIT_MS, () => listenerNow()?.lastError);
      mark('listening');
      await until('the mock', () => mockNow()?.state, 'serving', RECOVERY_LIMIT_MS, () => mockNow()?.lastError);
      mark('serving');
      const reply = await mockAnswers();
      mark('replied');
      const tapSaw = await tapSees();
      mark('tapped');

      collectGarbage();
      const reconnecting = connectionStates.find((info) => info.state === 'reconnecting');
      const suspended = listenerStates.find((info) => info.state === 'starting');
      const rejoining = mockStates.find((info) => info.state === 'starting');
      return {
        states: transitions(before.connection, connectionStates.map((info) => info.state)),
        reconnectingReason: reconnecting?.lastError,
        pending: { status: pendingOutcome.status, code: pendingOutcome.failure?.code, message: pendingOutcome.failure?.message, settledAfterStopMs: settledAt - stopAt },
        whileDown,
        listenerStates: transitions(before.listener, listenerStates.map((info) => info.state)),
        listenerReason: suspended?.lastError,
        mockStates: transitions(before.mock, mockStates.map((info) => info.state)),
        mockReason: rejoining?.lastError,
        tapSaw,
        reply,
        resources: activeResources(),
        heapBytes: v8.getHeapStatistics().used_heap_size,
        timings,
        tries: tries.splice(0),
      };
    },
    async close() {
      await engine.close();
      process.off('unhandledRejection', onCrash);
      process.off('uncaughtException', onCrash);
    },
  };
}

/** `text` as a literal inside a RegExp. */
export const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What every broker restart must look like, whatever the broker. */
export function expectRecovered(report: CycleReport): void {
  // Reconnecting (with a reason), then ready again: the same two states for every transport.
  expect(report.states).toEqual(['reconnecting', 'ready']);
  // The pending request failed at once, long before its 30 s timeout.
  expect(report.pending.status).toBe('failure');
  expect(report.pending.code).toBe('connection-lost');
  expect(report.pending.settledAfterStopMs).toBeLessThan(3_000);
  // Sends while the broker is down fail at once (nothing is queued behind the user's back).
  expect(report.whileDown.status).toBe('failure');
  expect(report.whileDown.code).toBe('not-connected');
  expect(report.whileDown.tookMs).toBeLessThan(1_000);
  // The tap and the mock went back to starting, said why, and resumed.
  expect(report.listenerStates).toEqual(['starting', 'listening']);
  expect(report.mockStates).toEqual(['starting', 'serving']);
  expect(report.reply).toBe('pong');
  expect(report.tapSaw).toMatch(/^\{"marker":"after-restart-\d+"\}$/);
}

/** Sockets, servers and timers after the last cycle, against those after the first. */
export function expectFlatResources(first: CycleReport, last: CycleReport): void {
  // A leak grows by at least one per cycle (two over the cycles between). kafkajs opens broker
  // sockets lazily and keeps timers whose number depends on timing: one of each may come or go.
  const grown = (type: string) => (last.resources[type] ?? 0) - (first.resources[type] ?? 0);
  expect({ sockets: grown('TCPSocketWrap') <= 1, servers: grown('TCPServerWrap'), timers: grown('Timeout') <= 1 }).toEqual({ sockets: true, servers: 0, timers: true });
  // The heap after a full GC may move with JIT and caches, but not by a cycle's worth of links.
  expect(last.heapBytes - first.heapBytes).toBeLessThan(16 * 1024 * 1024);
}
