// A load run over Redis against a real Nest 12 service on the rig: exact ok and error counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestService } from '../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../fixtures/nest/start.mjs';
import { holdExclusiveLock } from '../../test-support/exclusive-lock';
import { fixtureServices } from '../../test-support/fixture-services';
import type { Engine } from '../engine';
import { createEngine } from '../engine';

const redis = fixtureServices().brokers?.redis;
if (!redis) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

describe('load runs over Redis', () => {
  let release: () => void;
  let nest: NestService;
  let engine: Engine;
  let connectionId: string;
  beforeAll(async () => {
    release = await holdExclusiveLock(`redis-services-${redis.port}`);
    nest = await startNestService({ major: 12, redis: { port: redis.port } });
    engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
    const connection = engine.connections.open('redis', { kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: redis.port, db: 0 }, { connectTimeoutMs: 2_000, requestTimeoutMs: 10_000 });
    const first = await connection.client.firstAttempt();
    if (!first.ok) throw new Error(first.error.message);
    connectionId = connection.info().id;
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    await nest?.stop();
    release?.();
  });

  const run = async (pattern: unknown, requests: number) => {
    const started = engine.loads.start({ connectionId, pattern, data: [1, 2, 3], plan: { concurrency: 50, requests, timeoutMs: 10_000 } });
    if (!started.ok) throw new Error(started.error.message);
    return started.value.finished;
  };

  it('completes every request of {"cmd":"sum"}, all ok', async () => {
    expect(await run({ cmd: 'sum' }, 1_000)).toMatchObject({ status: 'completed', completed: 1_000, ok: 1_000, errorsByKind: {} });
  });

  it('counts every RpcException as a remote error', async () => {
    expect(await run({ cmd: 'fail_object' }, 200)).toMatchObject({ status: 'completed', completed: 200, ok: 0, errorsByKind: { 'remote-error': 200 } });
  });
});
