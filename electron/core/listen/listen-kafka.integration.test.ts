// Kafka listeners next to a real Nest 12 service consuming the same topics: Patchbay reads with
// a group of its own, so the service still gets every message; a tap joins request and reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaTargetSchema } from '../../../shared/connection';
import { listenSpecSchema } from '../../../shared/listen';
import type { ListenSpecInput } from '../../../shared/listen';
import type { TrafficEntry } from '../../../shared/traffic';
import type { NestService } from '../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../fixtures/nest/start.mjs';
import { kafkaBrokers, startHoldingBroker } from '../transports/kafka/test-support/kafka-fixture';
import type { Connection } from '../connections/registry';
import type { Engine } from '../engine';
import { createEngine } from '../engine';

let nest: NestService;
let engine: Engine;
let connection: Connection;
beforeAll(async () => {
  nest = await startHoldingBroker((brokers) => startNestService({ major: 12, tcp: { port: 0 }, kafka: { brokers } }));
  engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  connection = engine.connections.open('kafka', kafkaTargetSchema.parse({ kind: 'kafka', brokers: kafkaBrokers(), clientId: 'patchbay-listen-test' }), { connectTimeoutMs: 5000, requestTimeoutMs: 20_000 });
  const first = await connection.client.firstAttempt();
  if (!first.ok) throw new Error(first.error.message);
}, 300_000);
afterAll(async () => {
  await engine?.close();
  await nest?.stop();
});

const start = async (spec: ListenSpecInput) => {
  const started = await engine.listeners.start(connection.info().id, listenSpecSchema.parse(spec));
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
};
const observedBy = (listenerId: string): TrafficEntry[] => engine.traffic.readPage(undefined, 10_000).entries.filter((entry) => entry.listenerId === listenerId);
const recordedEvents = async () => (await engine.messenger.send({ connection, pattern: 'events', data: {} })).values[0] as { pattern: unknown; data: unknown }[];

describe('Kafka listener', () => {
  it('reads from latest and from earliest while the service still gets every message, and a tap joins request and reply', async () => {
    const run = `${process.pid}-${Date.now()}`;
    await engine.messenger.send({ connection, pattern: 'events_reset', data: {} });
    const latest = await start({ kind: 'kafka', topics: ['order_placed', 'sum'], from: 'latest', tap: true });
    expect(latest).toMatchObject({ state: 'listening', label: 'kafka topics order_placed, sum from latest (tap)' });

    for (const n of [1, 2]) expect((await engine.messenger.emit({ connection, pattern: 'order_placed', data: { run, n } })).ok).toBe(true);
    expect((await engine.messenger.send({ connection, pattern: 'sum', data: [1, 2, 3] })).values).toEqual(['6']);

    // Latest: only what came after it started; the tap adds sum.reply.
    await expect.poll(() => observedBy(latest.id).length, { timeout: 20_000 }).toBe(4);
    const seen = observedBy(latest.id);
    expect(seen.filter((entry) => entry.pattern === 'order_placed').map(({ kind, bodyPreview, meta }) => ({ kind, bodyPreview, topic: meta?.topic }))).toEqual(
      [1, 2].map((n) => ({ kind: 'event', bodyPreview: JSON.stringify({ run, n }), topic: 'order_placed' })),
    );
    const request = seen.find((entry) => entry.kind === 'request');
    const reply = seen.find((entry) => entry.kind === 'reply');
    expect(request).toMatchObject({ pattern: 'sum', bodyPreview: '[1,2,3]', headers: { kafka_replyTopic: 'sum.reply' }, meta: { topic: 'sum' } });
    expect(reply).toMatchObject({ pattern: 'sum', bodyPreview: '"6"', correlationId: request!.correlationId, meta: { topic: 'sum.reply' } });
    expect(reply!.elapsedMs).toBeGreaterThan(0);
    expect(reply!.totalMs).toBe(reply!.elapsedMs);

    // Nothing stolen: the service's own group got both events.
    await expect
      .poll(async () => (await recordedEvents()).filter(({ data }) => (data as { run?: string }).run === run).map(({ data }) => data), { timeout: 20_000 })
      .toEqual([1, 2].map((n) => ({ run, n })));

    // Earliest: a listener started afterwards still reads them from the log.
    const earliest = await start({ kind: 'kafka', topics: ['/^order_pla.ed$/'], from: 'earliest' });
    await expect
      .poll(() => observedBy(earliest.id).filter((entry) => entry.bodyPreview.includes(run)).map(({ bodyPreview }) => bodyPreview), { timeout: 20_000 })
      .toEqual([1, 2].map((n) => JSON.stringify({ run, n })));
    await engine.listeners.stop(latest.id);
    await engine.listeners.stop(earliest.id);
  }, 120_000);

  it('starts from a given offset or a given time', async () => {
    const topic = `patchbay-listen-from-${process.pid}-${Date.now()}`;
    const emit = async (n: number) => expect((await engine.messenger.emit({ connection, pattern: topic, data: { n } })).ok).toBe(true);
    const all = await start({ kind: 'kafka', topics: [topic], from: 'earliest' });
    await emit(0);
    await expect.poll(() => observedBy(all.id).length, { timeout: 20_000 }).toBe(1);
    // Distinct timestamps: the next message is produced in a later millisecond than the first.
    const firstTimestamp = Number(observedBy(all.id)[0]!.meta?.timestamp);
    await expect.poll(() => Date.now(), { timeout: 1000 }).toBeGreaterThan(firstTimestamp);
    await emit(1);
    await emit(2);
    await expect.poll(() => observedBy(all.id).length, { timeout: 20_000 }).toBe(3);
    const [, second] = observedBy(all.id);
    expect(observedBy(all.id).map((entry) => entry.meta?.offset)).toEqual(['0', '1', '2']);

    const fromOffset = await start({ kind: 'kafka', topics: [topic], from: { offset: '1' } });
    const fromTime = await start({ kind: 'kafka', topics: [topic], from: { timestamp: Number(second!.meta?.timestamp) } });
    expect(fromTime.label).toBe(`kafka topics ${topic} from time ${new Date(Number(second!.meta?.timestamp)).toISOString()}`);
    const bodies = (listenerId: string) => observedBy(listenerId).map((entry) => entry.bodyPreview);
    await expect.poll(() => bodies(fromOffset.id), { timeout: 20_000 }).toEqual(['{"n":1}', '{"n":2}']);
    await expect.poll(() => bodies(fromTime.id), { timeout: 20_000 }).toEqual(['{"n":1}', '{"n":2}']);
    for (const listener of [all, fromOffset, fromTime]) await engine.listeners.stop(listener.id);
  }, 120_000);
});
