// A saga's expect step on a real Redis: its listener starts before the step that emits the event,
// so the event counts though it came before the step was reached; a wrong match fails the step
// saying what came instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sagaFileSchema } from '../../../shared/saga';
import { holdExclusiveLock } from '../../test-support/exclusive-lock';
import { fixtureServices } from '../../test-support/fixture-services';
import { missedConfirmation, runSagaOn, shopCollection } from '../../test-support/saga-run-harness';
import type { Engine } from '../engine';
import { createEngine } from '../engine';

const redis = fixtureServices().brokers?.redis;
if (!redis) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

let engine: Engine;
let release: () => void;
beforeAll(async () => {
  release = await holdExclusiveLock(`redis-services-${redis.port}`);
  engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
}, 60_000);
afterAll(async () => {
  await engine?.close();
  release?.();
});

const collection = shopCollection({ bus: { target: `redis://127.0.0.1:${redis.port}` } });

/** Emits order_confirmed for `emitted`, then waits for the one of `expected`. */
const saga = (emitted: number, expected: number, withinMs: number) =>
  sagaFileSchema.parse({
    name: 'Confirm',
    steps: [
      { id: 'publish', request: { connection: 'bus', kind: 'emit', pattern: 'order_confirmed', data: { orderId: emitted } } },
      { id: 'confirmed', expect: { connection: 'bus', event: 'order_confirmed', withinMs, match: [{ path: 'data.orderId', equals: expected }] } },
    ],
  });

describe('a saga waiting for an event on Redis', () => {
  it('sees the event an earlier step emitted', async () => {
    const report = await runSagaOn(engine, collection, { path: 'confirm.saga.yaml', saga: saga(7, 7, 5000) });
    expect(report.status).toBe('completed');
    expect(report.steps[1]).toMatchObject({ id: 'confirmed', status: 'completed', response: { pattern: 'order_confirmed', data: { orderId: 7 } } });
    // Its listener is gone with the run, and so is the connection the run opened.
    expect(engine.listeners.list()).toEqual([]);
    expect(engine.connections.list()).toEqual([]);
  });

  it('fails when only other events come, saying what came', async () => {
    const report = await runSagaOn(engine, collection, { path: 'confirm.saga.yaml', saga: saga(8, 9, 300) });
    expect(report).toMatchObject(missedConfirmation('No "order_confirmed" event with data.orderId == 9 came on connection "bus" within 300 ms; 1 "order_confirmed" event came, the last with data.orderId = 8.'));
  });
});
