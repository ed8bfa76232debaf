// A saga on a real RabbitMQ, next to a real Nest 12 service on its queue: a request step answered
// by the service, an emit step published to a topic exchange, and an expect step whose exchange
// tap (bound before the first step) sees it; a wrong match times out saying what came instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sagaFileSchema } from '../../../shared/saga';
import type { NestService } from '../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../fixtures/nest/start.mjs';
import type { AmqpAdmin } from '../../test-support/amqp-admin';
import { openAmqpAdmin } from '../../test-support/amqp-admin';
import { fixtureServices } from '../../test-support/fixture-services';
import { missedConfirmation, runSagaOn, shopCollection } from '../../test-support/saga-run-harness';
import type { Engine } from '../engine';
import { createEngine } from '../engine';

const rabbitmq = fixtureServices().brokers?.rabbitmq;
if (!rabbitmq) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

const suffix = `${process.pid}_${Date.now()}`;
const queue = `patchbay_saga_${suffix}`;
const exchange = `patchbay_saga_events_${suffix}`;

let nest: NestService;
let engine: Engine;
let amqp: AmqpAdmin;
beforeAll(async () => {
  nest = await startNestService({ major: 12, rabbitmq: { url: rabbitmq.url, queue, queueOptions: { durable: false, autoDelete: true } } });
  engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  amqp = await openAmqpAdmin(rabbitmq.url);
  // The event bus: a topic exchange as Patchbay's wildcard publisher declares it.
  await amqp.channel.assertExchange(exchange, 'topic', { durable: true });
}, 120_000);
afterAll(async () => {
  await engine?.close();
  await nest?.stop();
  await amqp?.close([exchange]);
});

const collection = shopCollection({
  orders: { target: `amqp://127.0.0.1:${rabbitmq.port}?queue=${queue}&durable=0&autoDelete=1` },
  // Publishes by pattern through the exchange (as Nest does with wildcards); expect steps tap it.
  bus: { target: `amqp://127.0.0.1:${rabbitmq.port}?exchange=${exchange}&exchangeType=topic&wildcards=1` },
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

describe('a saga on RabbitMQ', () => {
  it('gets the service reply and sees the event an earlier step published, matched by a value the reply gave', async () => {
    const report = await runSagaOn(engine, collection, { path: 'confirm.saga.yaml', saga: saga('{{steps.total.response}}', 5_000) });
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
    const report = await runSagaOn(engine, collection, { path: 'confirm.saga.yaml', saga: saga('41', 500) });
    expect(report).toMatchObject(missedConfirmation('No "order.confirmed" event with data.orderId == "41" came on connection "bus" within 500 ms; 1 "order.confirmed" event came, the last with data.orderId = 42.'));
  });
});
