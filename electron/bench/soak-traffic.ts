// The soak's mixed traffic, driven through the contract as the UI drives it: requests and events
// on every transport to the Nest fixture service, a listener or tap on each broker, a Patchbay
// mock answering requests, gRPC unary, server-streaming and bidi calls, and collection runs. A
// steady rate, spread over the kinds by weight (smooth weighted round-robin, so every second
// carries the same mix), with a bound on the requests in flight.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandInput } from '../../shared/contract';
import type { RpcClient } from '../../shared/rpc';
import { call, openReadyConnection, startListening } from './engine-rpc';
import { FIXTURE_PROTO, repoPath } from './repo-paths';
import { BENCH_QUEUE, type Brokers } from './services';

/** One kind of message: resolves true when it went as expected (a reply, or a remote error the mock was told to give), false on a local failure. */
export type SoakOp = { name: string; weight: number; run: () => Promise<boolean> };

export type OpCounts = { ok: number; failed: number; skipped: number; lastFailure?: string };

export type TrafficDriver = {
  stop(): Promise<void>;
  counts(): Record<string, OpCounts>;
  /** Messages started so far (not skipped). */
  sent(): number;
};

type Scheduler = { now(): number; every(intervalMs: number, tick: () => void): () => void };

const realScheduler: Scheduler = {
  now: () => performance.now(),
  every(intervalMs, tick) {
    const timer = setInterval(tick, intervalMs);
    return () => clearInterval(timer);
  },
};

/** Smooth weighted round-robin (as nginx balances upstreams): each pick goes to the op furthest behind its share. */
export function createWeightedPicker<T extends { weight: number }>(items: readonly T[]): () => T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  if (!(total > 0)) throw new Error('createWeightedPicker needs at least one item with a positive weight');
  const current = items.map(() => 0);
  return () => {
    let best = 0;
    for (let index = 0; index < items.length; index++) {
      current[index]! += items[index]!.weight;
      if (current[index]! > current[best]!) best = index;
    }
    current[best]! -= total;
    return items[best]!;
  };
}

/** Starts `ratePerSecond` ops a second, by weight, never more than `maxInFlight` at once (a slot that finds the bound reached is skipped and counted). */
export function startTrafficDriver({ ops, ratePerSecond, maxInFlight, scheduler = realScheduler, tickMs = 20 }: { ops: SoakOp[]; ratePerSecond: number; maxInFlight: number; scheduler?: Scheduler; tickMs?: number }): TrafficDriver {
  const pick = createWeightedPicker(ops);
  const counts: Record<string, OpCounts> = Object.fromEntries(ops.map((op) => [op.name, { ok: 0, failed: 0, skipped: 0 }]));
  const inFlight = new Set<Promise<void>>();
  const begin = scheduler.now();
  let slots = 0;
  let started = 0;
  const launch = (op: SoakOp) => {
    const count = counts[op.name]!;
    if (inFlight.size >= maxInFlight) {
      count.skipped++;
      return;
    }
    started++;
    const running = op
      .run()
      .then(
        (ok) => void (ok ? count.ok++ : count.failed++),
        (error: unknown) => {
          count.failed++;
          count.lastFailure = (error as Error).message;
        },
      )
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };
  const stopTicks = scheduler.every(tickMs, () => {
    // Each tick catches up to where the clock says we should be, so a late tick keeps the rate.
    const due = Math.floor(((scheduler.now() - begin) / 1_000) * ratePerSecond);
    for (; slots < due; slots++) launch(pick());
  });
  return {
    async stop() {
      stopTicks();
      await Promise.all(inFlight);
    },
    counts: () => counts,
    sent: () => started,
  };
}

const outcomeOk = (status: string) => status !== 'failure';

export type MixedTraffic = { ops: SoakOp[]; listenerIds: string[]; describe: string[]; close(): Promise<void> };

type Service = { tcp: { port: number }; grpc?: { port: number } };

/** Opens the connections, listeners, mock and collection the ops use. */
export async function setUpMixedTraffic(rpc: RpcClient, { service, brokers, log }: { service: Service; brokers: Brokers | undefined; log: (line: string) => void }): Promise<MixedTraffic> {
  const closers: (() => Promise<unknown>)[] = [];
  const listenerIds: string[] = [];
  const describe: string[] = [];
  const send = (connectionId: string, pattern: CommandInput<'message.send'>['pattern'], data: unknown, timeoutMs = 10_000) => async () => {
    const outcome = await call(rpc, 'message.send', { connectionId, pattern, data: data as never, timeoutMs });
    if (outcome.status === 'failure') throw new Error(outcome.failure?.message ?? 'send failed');
    return outcomeOk(outcome.status);
  };
  const emit = (connectionId: string, pattern: CommandInput<'message.emit'>['pattern'], data: (index: number) => unknown) => {
    let index = 0;
    return async () => {
      await call(rpc, 'message.emit', { connectionId, pattern, data: data(index++) as never });
      return true;
    };
  };
  const open = async (name: string, target: CommandInput<'connection.open'>['target']) => {
    const id = await openReadyConnection(rpc, name, target, 60_000);
    closers.push(() => call(rpc, 'connection.close', { connectionId: id }));
    return id;
  };

  const tcp = await open('soak tcp', { kind: 'tcp', host: '127.0.0.1', port: service.tcp.port });
  const big = 'x'.repeat(4_096);
  const ops: SoakOp[] = [
    { name: 'TCP send {cmd:sum}', weight: 16, run: send(tcp, { cmd: 'sum' }, [1, 2, 3]) },
    { name: 'TCP send {cmd:echo} 4 KB', weight: 3, run: send(tcp, { cmd: 'echo' }, { big }) },
    { name: 'TCP send {cmd:stream}', weight: 3, run: send(tcp, { cmd: 'stream' }, {}) },
    { name: 'TCP emit {event:order_placed}', weight: 5, run: emit(tcp, { event: 'order_placed' }, (index) => ({ order: index })) },
  ];
  if (brokers) ops.push(...(await setUpBrokers(brokers)));
  else log('no broker rig: Redis, RabbitMQ and Kafka are left out');

  /** Redis, RabbitMQ and Kafka: a connection each (two on RabbitMQ, one of them for events), and a listener on each. */
  async function setUpBrokers(brokers: Brokers): Promise<SoakOp[]> {
    const redis = await open('soak redis', { kind: 'redis', host: '127.0.0.1', port: brokers.redis.port });
    const rmq = await open('soak rmq', { kind: 'rmq', host: '127.0.0.1', port: brokers.rabbitmq.port, queue: BENCH_QUEUE, queueOptions: { durable: false } });
    const rmqEvents = await open('soak rmq events', { kind: 'rmq', host: '127.0.0.1', port: brokers.rabbitmq.port, queue: SOAK_EVENTS_QUEUE, queueOptions: { durable: false, autoDelete: true } });
    const kafka = await open('soak kafka', { kind: 'kafka', brokers: brokers.kafka.brokers, clientId: 'patchbay-soak' });
    log('connections ready: TCP, Redis, RabbitMQ (×2), Kafka');

    // Listeners: a plain one and a tap on Redis, a queue consumer on RabbitMQ, one on Kafka.
    listenerIds.push((await startListening(rpc, redis, { kind: 'redis', channels: [SOAK_EVENTS], tap: false })).id);
    listenerIds.push((await startListening(rpc, redis, { kind: 'redis', channels: ['{"cmd":"sum"}'], tap: true })).id);
    listenerIds.push((await startListening(rpc, rmqEvents, { kind: 'rmq-queue', queue: SOAK_EVENTS_QUEUE, competing: true })).id);
    // The topic must exist before a consumer joins it: the first emit creates it.
    await call(rpc, 'message.emit', { connectionId: kafka, pattern: SOAK_EVENTS, data: { warmup: true } });
    listenerIds.push((await startKafkaListener(rpc, kafka)).id);
    describe.push('listeners: Redis channel soak.events, a Redis tap on {"cmd":"sum"} (requests joined to replies), the RabbitMQ queue patchbay_soak_events (consumed), Kafka topic soak.events');
    return [
      { name: 'Redis send {cmd:sum}', weight: 10, run: send(redis, { cmd: 'sum' }, [1, 2, 3]) },
      { name: 'Redis emit soak.events', weight: 8, run: emit(redis, SOAK_EVENTS, (index) => ({ i: index, tag: `k${index % 10}` })) },
      { name: 'RabbitMQ send {cmd:sum}', weight: 8, run: send(rmq, { cmd: 'sum' }, [1, 2, 3]) },
      { name: 'RabbitMQ emit soak.events', weight: 5, run: emit(rmqEvents, SOAK_EVENTS, (index) => ({ i: index })) },
      { name: 'Kafka send sum', weight: 6, run: send(kafka, 'sum', [1, 2, 3]) },
      { name: 'Kafka emit soak.events', weight: 5, run: emit(kafka, SOAK_EVENTS, (index) => ({ i: index })) },
    ];
  }

  // A Patchbay mock on TCP, with a connection to it.
  const mock = await call(rpc, 'mock.start', {
    name: 'soak mock',
    target: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    rules: {
      rules: [
        { pattern: { cmd: 'quote' }, reply: { template: { sku: '{{data.sku}}', price: 42 } } },
        { pattern: { cmd: 'flaky' }, reply: { value: { ok: true } }, failureRate: 0.2 },
      ],
    },
  });
  closers.push(() => call(rpc, 'mock.stop', { mockId: mock.id }));
  const mockPort = Number(/:(\d+)$/.exec(mock.address ?? '')?.[1]);
  if (!mockPort) throw new Error(`the soak mock serves at "${mock.address}", which has no port`);
  const mockConnection = await open('soak mock client', { kind: 'tcp', host: '127.0.0.1', port: mockPort });
  describe.push(`a Patchbay TCP mock (${mock.address}) answering {cmd:'quote'} by template and {cmd:'flaky'} with a 20% injected failure rate`);

  ops.push(
    { name: 'mock send {cmd:quote}', weight: 10, run: send(mockConnection, { cmd: 'quote' }, { sku: 'A-1' }) },
    { name: 'mock send {cmd:flaky}', weight: 3, run: send(mockConnection, { cmd: 'flaky' }, {}) },
  );

  if (service.grpc) {
    const grpc = await open('soak grpc', { kind: 'grpc', host: '127.0.0.1', port: service.grpc.port, protoFiles: [FIXTURE_PROTO] });
    const chat = bidiChat(rpc, grpc);
    closers.push(async () => chat.close());
    ops.push(
      { name: 'gRPC GetUser (unary)', weight: 10, run: send(grpc, 'users.UsersService/GetUser', { id: 1 }) },
      { name: 'gRPC ListUsers (server stream)', weight: 5, run: send(grpc, 'users.UsersService/ListUsers', { limit: 3 }) },
      { name: 'gRPC Chat (bidi, 2 messages)', weight: 3, run: chat.run },
    );
    log('gRPC connection ready');
  }

  const collection = await openSoakCollection(rpc, service);
  closers.push(collection.close);
  // Runs are slow next to a single send (five requests in turn), so they come rarely.
  ops.push({ name: 'collection run (users-service, 5 requests)', weight: 0.2, run: collection.run });
  // The fixture keeps every order_placed event it gets; this keeps its memory (not ours) flat.
  ops.push({ name: 'TCP send {cmd:events_reset}', weight: 0.1, run: send(tcp, { cmd: 'events_reset' }, {}) });
  describe.push('collection runs of fixtures/collections/users-service (TCP and gRPC requests with assertions), from a copy with the ports filled in');

  return {
    ops,
    listenerIds,
    describe,
    async close() {
      for (const id of listenerIds) await call(rpc, 'listen.stop', { listenerId: id }).catch(() => {});
      for (const close of closers.reverse()) await close().catch(() => {});
    },
  };
}

export const SOAK_EVENTS = 'soak.events';
export const SOAK_EVENTS_QUEUE = 'patchbay_soak_events';

async function startKafkaListener(rpc: RpcClient, connectionId: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startListening(rpc, connectionId, { kind: 'kafka', topics: [SOAK_EVENTS], from: 'latest', tap: false });
    } catch (error) {
      // A topic created a moment ago may have no leader yet.
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** A bidi Chat call: open, write two messages, end, and wait for the call to finish. */
function bidiChat(rpc: RpcClient, connectionId: string) {
  const finished = new Map<string, (status: string) => void>();
  const stop = rpc.on('call.finished', ({ callId, outcome }) => finished.get(callId)?.(outcome.status));
  return {
    async run() {
      const opened = await call(rpc, 'call.open', { connectionId, pattern: 'users.UsersService/Chat', timeoutMs: 10_000 });
      const done = new Promise<string>((resolve) => finished.set(opened.callId, resolve));
      try {
        await call(rpc, 'call.write', { callId: opened.callId, data: { text: 'hello' } });
        await call(rpc, 'call.write', { callId: opened.callId, data: { text: 'again' } });
        await call(rpc, 'call.end', { callId: opened.callId });
        const status = await done;
        if (status === 'failure') throw new Error('the Chat call failed');
        return outcomeOk(status);
      } finally {
        finished.delete(opened.callId);
      }
    },
    close: () => stop(),
  };
}

/** A copy of the users-service collection with an environment for this run's ports; runs wait for their report. */
async function openSoakCollection(rpc: RpcClient, service: Service) {
  const root = await mkdtemp(join(tmpdir(), 'patchbay-soak-collection-'));
  await cp(repoPath('fixtures/collections/users-service'), root, { recursive: true });
  await writeFile(join(root, 'environments', 'soak.yaml'), `variables:\n  host: 127.0.0.1\n  tcpPort: ${service.tcp.port}\n  grpcPort: ${service.grpc?.port ?? 1}\n  usersProto: ${JSON.stringify(FIXTURE_PROTO)}\n`);
  const { collectionId } = await call(rpc, 'collection.open', { root });
  const folder = service.grpc ? undefined : 'tcp';
  const finished = new Map<string, (ok: boolean) => void>();
  const stop = rpc.on('collection.runFinished', ({ runId, report }) => finished.get(runId)?.(report !== undefined && report.totals.errored === 0));
  return {
    async run() {
      const { runId } = await call(rpc, 'collection.run', { collectionId, environment: 'soak', folder });
      const done = new Promise<boolean>((resolve) => finished.set(runId, resolve));
      try {
        return await done;
      } finally {
        finished.delete(runId);
      }
    },
    async close() {
      stop();
      await call(rpc, 'collection.close', { collectionId }).catch(() => {});
      await rm(root, { recursive: true, force: true });
    },
  };
}
