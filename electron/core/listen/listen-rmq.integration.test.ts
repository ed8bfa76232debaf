// RabbitMQ next to a real Nest 12 service whose queue is bound to a topic exchange: an exchange
// tap sees every message and the service still handles all of them; queue tools look into
// queues and move dead letters without losing one.
import type { Channel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmqTargetSchema } from '../../../shared/connection';
import { listenSpecSchema } from '../../../shared/listen';
import type { TrafficEntry } from '../../../shared/traffic';
import type { NestService, NestServiceOptions } from '../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../fixtures/nest/start.mjs';
import type { AmqpAdmin } from '../../test-support/amqp-admin';
import { openAmqpAdmin } from '../../test-support/amqp-admin';
import { fixtureServices } from '../../test-support/fixture-services';
import type { Connection } from '../connections/registry';
import type { Engine } from '../engine';
import { createEngine } from '../engine';

const rabbitmq = fixtureServices().brokers?.rabbitmq;
if (!rabbitmq) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

const suffix = `${process.pid}_${Date.now()}`;
const queue = `patchbay_listen_${suffix}`;
const exchange = `patchbay_listen_x_${suffix}`;
const queueOptions = { durable: false, autoDelete: true };

let nest: NestService;
let engine: Engine;
let connection: Connection;
let amqp: AmqpAdmin;
let admin: Channel;
beforeAll(async () => {
  // Exchange options pass through to Nest's RmqOptions (fixtures/nest/app/src/config.ts).
  const rabbitmqOptions = { url: rabbitmq.url, queue, queueOptions, exchange, exchangeType: 'topic', routingKey: 'shop.#' } as NestServiceOptions['rabbitmq'];
  nest = await startNestService({ major: 12, rabbitmq: rabbitmqOptions });
  engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  const target = rmqTargetSchema.parse({ kind: 'rmq', host: '127.0.0.1', port: rabbitmq.port, queue, queueOptions });
  connection = engine.connections.open('rmq', target, { connectTimeoutMs: 5000, requestTimeoutMs: 10_000 });
  const first = await connection.client.firstAttempt();
  if (!first.ok) throw new Error(first.error.message);
  amqp = await openAmqpAdmin(rabbitmq.url);
  admin = amqp.channel;
}, 120_000);
afterAll(async () => {
  await engine?.close();
  await nest?.stop();
  await amqp?.close([exchange]);
});

const observedBy = (listenerId: string): TrafficEntry[] => engine.traffic.readPage(undefined, 10_000).entries.filter((entry) => entry.listenerId === listenerId);
const recordedEvents = async () => (await engine.messenger.send({ connection, pattern: { cmd: 'events' }, data: {} })).values[0] as { pattern: unknown; data: unknown }[];

describe('RabbitMQ exchange tap', () => {
  it('sees every message published to the exchange, and the service still handles all of them', async () => {
    await engine.messenger.send({ connection, pattern: { cmd: 'events_reset' }, data: {} });
    const started = await engine.listeners.start(connection.info().id, listenSpecSchema.parse({ kind: 'rmq-exchange', exchange }));
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value).toMatchObject({ state: 'listening', label: `rabbitmq exchange ${exchange} routing key #` });
    for (const n of [1, 2, 3]) {
      admin.publish(exchange, 'shop.user', Buffer.from(JSON.stringify({ pattern: 'user.created', data: { n } })), { headers: { 'x-run': suffix } });
    }
    await expect.poll(() => observedBy(started.value.id).length, { timeout: 5000 }).toBe(3);
    expect(observedBy(started.value.id).map(({ kind, pattern, bodyPreview, headers, meta }) => ({ kind, pattern, bodyPreview, headers, exchange: meta?.exchange, routingKey: meta?.routingKey }))).toEqual(
      [1, 2, 3].map((n) => ({ kind: 'event', pattern: 'user.created', bodyPreview: `{"n":${n}}`, headers: { 'x-run': suffix }, exchange, routingKey: 'shop.user' })),
    );
    await expect
      .poll(async () => (await recordedEvents()).map(({ pattern, data }) => ({ pattern, data })), { timeout: 5000 })
      .toEqual([1, 2, 3].map((n) => ({ pattern: 'user.created', data: { n } })));
    await engine.listeners.stop(started.value.id);
  });

  it('refuses to consume a service queue unless told it competes, with the warning', () => {
    const parsed = listenSpecSchema.safeParse({ kind: 'rmq-queue', queue });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(
      'Consuming a service queue takes messages away from the service: each one goes to a single consumer, so the service misses every message Patchbay gets (Nest callers then see "no matching message handler" on every second request). Tap an exchange instead, or set competing: true to do it anyway.',
    );
  });

  it('consumes a queue directly when told it competes: it takes (and acks) what it reads', async () => {
    const competeQueue = `patchbay_compete_${suffix}`;
    await admin.assertQueue(competeQueue, { durable: false, autoDelete: false });
    try {
      admin.sendToQueue(competeQueue, Buffer.from(JSON.stringify({ pattern: 'order.shipped', data: { id: 9 } })));
      admin.sendToQueue(competeQueue, Buffer.from('plain words'));
      const started = await engine.listeners.start(connection.info().id, listenSpecSchema.parse({ kind: 'rmq-queue', queue: competeQueue, competing: true }));
      if (!started.ok) throw new Error(started.error.message);
      expect(started.value.label).toBe(`rabbitmq queue ${competeQueue} (competing with its consumers)`);
      await expect.poll(() => observedBy(started.value.id).map(({ kind, pattern, bodyPreview, encoding }) => ({ kind, pattern, bodyPreview, encoding })), { timeout: 10_000 }).toEqual([
        { kind: 'event', pattern: 'order.shipped', bodyPreview: '{"id":9}', encoding: undefined },
        { kind: 'message', pattern: competeQueue, bodyPreview: 'plain words', encoding: 'text' },
      ]);
      // Taken from the queue, unlike a tap: nothing is left for the service.
      await expect.poll(async () => connection.client.queues!.stats(competeQueue), { timeout: 5000 }).toEqual({ ok: true, value: { queue: competeQueue, messageCount: 0, consumerCount: 1 } });
      await engine.listeners.stop(started.value.id);
      expect(await connection.client.queues!.stats(competeQueue)).toEqual({ ok: true, value: { queue: competeQueue, messageCount: 0, consumerCount: 0 } });
    } finally {
      await admin.deleteQueue(competeQueue);
    }
  });

  it('says a missing exchange does not exist, and the connection keeps working', async () => {
    const started = await engine.listeners.start(connection.info().id, listenSpecSchema.parse({ kind: 'rmq-exchange', exchange: `no_such_${suffix}` }));
    expect(started.ok).toBe(false);
    expect(!started.ok && started.error.code).toBe('not-found');
    expect((await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1, 2] })).values).toEqual([3]);
  });
});

describe('RabbitMQ queue tools', () => {
  const tools = () => connection.client.queues!;

  it('peeks without taking: the messages stay, in their order', async () => {
    const peekQueue = `patchbay_peek_${suffix}`;
    await admin.assertQueue(peekQueue, { durable: false, autoDelete: false });
    try {
      for (const n of [1, 2, 3]) admin.sendToQueue(peekQueue, Buffer.from(JSON.stringify({ n })), { correlationId: `c${n}` });
      await expect.poll(async () => (await tools().stats(peekQueue)).ok && ((await tools().stats(peekQueue)) as { value: { messageCount: number } }).value.messageCount, { timeout: 5000 }).toBe(3);
      expect(await tools().stats(peekQueue)).toEqual({ ok: true, value: { queue: peekQueue, messageCount: 3, consumerCount: 0 } });

      const firstTwo = await tools().peek(peekQueue, 2);
      expect(firstTwo.ok && firstTwo.value.map(({ body, encoding, properties }) => ({ body, encoding, correlationId: properties.correlationId }))).toEqual([
        { body: '{"n":1}', encoding: 'json', correlationId: 'c1' },
        { body: '{"n":2}', encoding: 'json', correlationId: 'c2' },
      ]);
      expect(await tools().stats(peekQueue)).toEqual({ ok: true, value: { queue: peekQueue, messageCount: 3, consumerCount: 0 } });
      const all = await tools().peek(peekQueue, 10);
      expect(all.ok && all.value.map(({ body }) => body)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    } finally {
      await admin.deleteQueue(peekQueue);
    }
  });

  it('explains a missing queue, and the connection survives the channel error', async () => {
    const missing = `patchbay_missing_${suffix}`;
    const stats = await tools().stats(missing);
    expect(stats.ok).toBe(false);
    expect(!stats.ok && stats.error.code).toBe('not-found');
    expect(!stats.ok && stats.error.message).toContain(`Queue '${missing}': RabbitMQ has no such queue or exchange in this vhost`);
    expect(connection.client.status.state).toBe('ready');
    expect((await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [2, 2] })).values).toEqual([4]);
  });

  it('republishes a dead letter with its properties but without x-death, and only then removes it', async () => {
    const work = `patchbay_work_${suffix}`;
    const dlx = `patchbay_dlx_${suffix}`;
    const dlq = `patchbay_dlq_${suffix}`;
    const retry = `patchbay_retry_${suffix}`;
    await admin.assertExchange(dlx, 'fanout', { durable: false, autoDelete: false });
    await admin.assertQueue(dlq, { durable: false });
    await admin.bindQueue(dlq, dlx, '');
    await admin.assertQueue(work, { durable: false, arguments: { 'x-dead-letter-exchange': dlx } });
    await admin.assertQueue(retry, { durable: false });
    try {
      admin.sendToQueue(work, Buffer.from('{"pattern":"orders.create","data":{"sku":"A1"}}'), { correlationId: 'order-1', headers: { 'x-app': 'shop' } });
      let rejected: Awaited<ReturnType<Channel['get']>> = false;
      await expect.poll(async () => (rejected = await admin.get(work, { noAck: false })) !== false, { timeout: 5000 }).toBe(true);
      if (rejected) admin.nack(rejected, false, false);
      await expect.poll(async () => ((await tools().stats(dlq)) as { value?: { messageCount: number } }).value?.messageCount, { timeout: 5000 }).toBe(1);

      const peeked = await tools().peek(dlq, 1);
      expect(peeked.ok && peeked.value[0]?.deaths).toEqual([{ queue: work, reason: 'rejected', count: 1, exchange: '', routingKeys: [work] }]);

      expect(await tools().republish(dlq, 5, { queue: retry })).toEqual({ ok: true, value: { moved: 1 } });
      expect(await tools().stats(dlq)).toEqual({ ok: true, value: { queue: dlq, messageCount: 0, consumerCount: 0 } });
      const moved = await admin.get(retry, { noAck: true });
      expect(moved && moved.content.toString()).toBe('{"pattern":"orders.create","data":{"sku":"A1"}}');
      expect(moved && moved.properties.correlationId).toBe('order-1');
      expect(moved && moved.properties.headers).toEqual({ 'x-app': 'shop' });
    } finally {
      for (const name of [work, dlq, retry]) await admin.deleteQueue(name);
      await admin.deleteExchange(dlx);
    }
  });

  it('keeps the message when it cannot be routed anywhere', async () => {
    const source = `patchbay_source_${suffix}`;
    const nowhere = `patchbay_nowhere_${suffix}`;
    await admin.assertQueue(source, { durable: false });
    await admin.assertExchange(nowhere, 'direct', { durable: false, autoDelete: false });
    try {
      admin.sendToQueue(source, Buffer.from('"keep me"'));
      await expect.poll(async () => ((await tools().stats(source)) as { value?: { messageCount: number } }).value?.messageCount, { timeout: 5000 }).toBe(1);
      const result = await tools().republish(source, 1, { exchange: nowhere, routingKey: 'none' });
      expect(!result.ok && result.error.code).toBe('unroutable');
      await expect.poll(async () => ((await tools().stats(source)) as { value?: { messageCount: number } }).value?.messageCount, { timeout: 5000 }).toBe(1);
    } finally {
      await admin.deleteQueue(source);
      await admin.deleteExchange(nowhere);
    }
  });
});
