// A saga on a real RabbitMQ, next to a real Nest 12 service on its queue: a request step answered
// by the service, an emit step published to a topic exchange, and an expect step whose exchange
// tap (bound before the first step) sees it; a wrong match times out saying what came instead.
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedCollection } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { sagaFileSchema } from '../../../shared/saga';
import type { NestService } from '../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../fixtures/nest/start.mjs';
import { fixtureServices } from '../../test-support/fixture-services';
import type { Engine } from '../engine';
import { createEngine, systemClock } from '../engine';
import { timerSleep } from './retry-policy';
import { runSaga } from './saga-run';

const rabbitmq = fixtureServices().brokers?.rabbitmq;
if (!rabbitmq) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

const suffix = `${process.pid}_${Date.now()}`;
const queue = `patchbay_saga_${suffix}`;
const exchange = `patchbay_saga_events_${suffix}`;

let nest: NestService;
let engine: Engine;
let amqp: ChannelModel;
let admin: Channel;
beforeAll(async () => {
  nest = await startNestService({ major: 12, rabbitmq: { url: rabbitmq.url, queue, queueOptions: { durable: false, autoDelete: true } } });
  engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  amqp = await connect(rabbitmq.url);
  admin = await amqp.createChannel();
  // The event bus: a topic exchange as Patchbay's wildcard publisher declares it.
  await admin.assertExchange(exchange, 'topic', { durable: true });
}, 120_000);
afterAll(async () => {
  await engine?.close();
  await nest?.stop();
  await admin?.deleteExchange(exchange).catch(() => undefined);
  await amqp?.close().catch(() => undefined);
});

const collection = (): LoadedCollection => ({
  root: '/shop',
  manifest: {
    patchbay: 1,
    name: 'Shop',
    connections: {
      orders: { target: `amqp://127.0.0.1:${rabbitmq.port}?queue=${queue}&durable=0&autoDelete=1` },
      // Publishes by pattern through the exchange (as Nest does with wildcards); expect steps tap it.
      bus: { target: `amqp://127.0.0.1:${rabbitmq.port}?exchange=${exchange}&exchangeType=topic&wildcards=1` },
    },
  },
  requests: [],
  environments: {},
  problems: [],
});

const saga = (expected: string, withinMs: number) =>
  sagaFileSchema.parse({
    name: 'Confirm on RabbitMQ',
    steps: [
      { id: 'total', request: { connection: 'orders', pattern: { cmd: 'sum' }, data: [20, 22] } },
      { id: 'publish', request: { connection: 'bus', kind: 'emit', pattern: 'order.confirmed', data: { orderId: '{{steps.total.response}}' } } },
      { id: 'confirmed', expect: { connection: 'bus', event: 'order.confirmed', withinMs, match: [{ path: 'data.orderId', equals: expected }] } },
    ],
  });

const deps = () => ({ engine, now: systemClock.now, monotonicMs: systemClock.monotonicMs, uuid: randomUUID, random: Math.random, readFile: () => '', sleep: timerSleep });
const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
};

describe('a saga on RabbitMQ', () => {
  it('gets the service reply and sees the event an earlier step published, matched by a value the reply gave', async () => {
    const report = value(await runSaga(collection(), { path: 'confirm.saga.yaml', saga: saga('{{steps.total.response}}', 5_000) }, { variables: {}, secrets: {} }, deps()));
    expect(report.error).toBeUndefined();
    expect(report.steps.map(({ id, status, response }) => ({ id, status, response }))).toEqual([
      { id: 'total', status: 'completed', response: 42 },
      { id: 'publish', status: 'completed', response: undefined },
      { id: 'confirmed', status: 'completed', response: { pattern: 'order.confirmed', data: { orderId: 42 }, headers: {} } },
    ]);
    expect(report.status).toBe('completed');
    expect(engine.listeners.list()).toEqual([]);
    expect(engine.connections.list()).toEqual([]);
  });

  it('times out on an event that never matches, saying what came instead', async () => {
    const report = value(await runSaga(collection(), { path: 'confirm.saga.yaml', saga: saga('41', 500) }, { variables: {}, secrets: {} }, deps()));
    expect(report).toMatchObject({
      status: 'failed',
      failedStep: 'confirmed',
      error: {
        stage: 'expect',
        code: 'event-timeout',
        message: 'No "order.confirmed" event with data.orderId == "41" came on connection "bus" within 500 ms; 1 "order.confirmed" event came, the last with data.orderId = 42.',
      },
    });
  });
});
