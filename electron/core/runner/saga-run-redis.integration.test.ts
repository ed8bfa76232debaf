// A saga's expect step on a real Redis: its listener starts before the step that emits the event,
// so the event counts though it came before the step was reached; a wrong match fails the step
// saying what came instead.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedCollection } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { sagaFileSchema } from '../../../shared/saga';
import { holdExclusiveLock } from '../../test-support/exclusive-lock';
import { fixtureServices } from '../../test-support/fixture-services';
import type { Engine } from '../engine';
import { createEngine, systemClock } from '../engine';
import { timerSleep } from './retry-policy';
import { runSaga } from './saga-run';

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

const collection = (): LoadedCollection => ({
  root: '/shop',
  manifest: { patchbay: 1, name: 'Shop', connections: { bus: { target: `redis://127.0.0.1:${redis.port}` } } },
  requests: [],
  environments: {},
  problems: [],
});

/** Emits order_confirmed for `emitted`, then waits for the one of `expected`. */
const saga = (emitted: number, expected: number, withinMs: number) =>
  sagaFileSchema.parse({
    name: 'Confirm',
    steps: [
      { id: 'publish', request: { connection: 'bus', kind: 'emit', pattern: 'order_confirmed', data: { orderId: emitted } } },
      { id: 'confirmed', expect: { connection: 'bus', event: 'order_confirmed', withinMs, match: [{ path: 'data.orderId', equals: expected }] } },
    ],
  });

const deps = () => ({ engine, now: systemClock.now, monotonicMs: systemClock.monotonicMs, uuid: randomUUID, random: Math.random, readFile: () => '', sleep: timerSleep });
const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
};

describe('a saga waiting for an event on Redis', () => {
  it('sees the event an earlier step emitted', async () => {
    const report = value(await runSaga(collection(), { path: 'confirm.saga.yaml', saga: saga(7, 7, 5000) }, { variables: {}, secrets: {} }, deps()));
    expect(report.status).toBe('completed');
    expect(report.steps[1]).toMatchObject({ id: 'confirmed', status: 'completed', response: { pattern: 'order_confirmed', data: { orderId: 7 } } });
    // Its listener is gone with the run, and so is the connection the run opened.
    expect(engine.listeners.list()).toEqual([]);
    expect(engine.connections.list()).toEqual([]);
  });

  it('fails when only other events come, saying what came', async () => {
    const report = value(await runSaga(collection(), { path: 'confirm.saga.yaml', saga: saga(8, 9, 300) }, { variables: {}, secrets: {} }, deps()));
    expect(report).toMatchObject({
      status: 'failed',
      failedStep: 'confirmed',
      error: {
        stage: 'expect',
        code: 'event-timeout',
        message: 'No "order_confirmed" event with data.orderId == 9 came on connection "bus" within 300 ms; 1 "order_confirmed" event came, the last with data.orderId = 8.',
      },
    });
  });
});
