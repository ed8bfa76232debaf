// A saga on a real Kafka broker, next to a real Nest 12 Kafka service: a request step answered by
// the service over its reply topic, an emit step, and an expect step that sees the event the
// emit produced (its listener joined before the first step); a wrong match times out saying what
// came instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sagaFileSchema } from '../../../shared/saga';
import type { NestService } from '../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../fixtures/nest/start.mjs';
import { missedConfirmation, runSagaOn, shopCollection } from '../../test-support/saga-run-harness';
import type { Engine } from '../engine';
import { createEngine } from '../engine';
import { kafkaBrokers, startHoldingBroker } from '../transports/kafka/test-support/kafka-fixture';

let nest: NestService;
let engine: Engine;
beforeAll(async () => {
  nest = await startHoldingBroker((brokers) => startNestService({ major: 12, tcp: { port: 0 }, kafka: { brokers } }));
  engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
}, 300_000);
afterAll(async () => {
  await engine?.close();
  await nest?.stop();
});

const collection = () => shopCollection({ kafka: { target: `kafka://${kafkaBrokers().join(',')}?clientId=patchbay-saga-test`, requestTimeoutMs: 30_000 } });

/** Sums on the service, publishes the total on `topic` as an order id, then waits for the event of `expected`. */
const saga = (topic: string, expected: string, withinMs: number) =>
  sagaFileSchema.parse({
    name: 'Confirm on Kafka',
    steps: [
      { id: 'total', request: { connection: 'kafka', pattern: 'sum', data: [20, 22] } },
      { id: 'publish', request: { connection: 'kafka', kind: 'emit', pattern: topic, data: { orderId: '{{steps.total.response}}', run: topic } } },
      { id: 'confirmed', expect: { connection: 'kafka', event: topic, withinMs, match: [{ path: 'data.orderId', equals: expected }] } },
    ],
  });

describe('a saga on Kafka', () => {
  it('gets the service reply and sees the event an earlier step emitted, matched by a value the reply gave', async () => {
    const topic = `patchbay-saga-${process.pid}-${Date.now()}`;
    const report = await runSagaOn(engine, collection(), { path: 'confirm.saga.yaml', saga: saga(topic, '{{steps.total.response}}', 20_000) });
    expect(report.error).toBeUndefined();
    expect(report.status).toBe('completed');
    // Nest's Kafka replies carry a number as its text.
    expect(report.steps.map(({ id, status, response }) => ({ id, status, response }))).toEqual([
      { id: 'total', status: 'completed', response: '42' },
      { id: 'publish', status: 'completed', response: undefined },
      { id: 'confirmed', status: 'completed', response: { pattern: topic, data: { orderId: '42', run: topic }, headers: {} } },
    ]);
    expect(engine.listeners.list()).toEqual([]);
    expect(engine.connections.list()).toEqual([]);
  }, 120_000);

  it('times out on an event that never matches, saying what came instead', async () => {
    const topic = `patchbay-saga-miss-${process.pid}-${Date.now()}`;
    const report = await runSagaOn(engine, collection(), { path: 'confirm.saga.yaml', saga: saga(topic, '41', 3_000) });
    expect(report).toMatchObject(missedConfirmation(`No "${topic}" event with data.orderId == "41" came on connection "kafka" within 3000 ms; 1 "${topic}" event came, the last with data.orderId = "42".`));
  }, 120_000);
});
