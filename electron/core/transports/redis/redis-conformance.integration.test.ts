// The conformance table over Redis, against a Nest service of each major that this test starts on
// the rig's Redis. One major at a time: pub/sub fans out to every subscribed service.
import { fixtureServices } from '../../../test-support/fixture-services';
import { defineConformanceSuite, requestScenarios } from '../../../test-support/conformance';
import { createEngine } from '../../engine';
import { startNestService } from '../../../../fixtures/nest/start.mjs';
import { holdExclusiveLock } from '../../../test-support/exclusive-lock';

const redis = fixtureServices().brokers?.redis;
if (!redis) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

defineConformanceSuite({
  transport: 'Redis',
  majors: ['10', '11', '12'],
  nestClient: { transport: 'REDIS', options: () => ({ host: '127.0.0.1', port: redis.port }) },
  // A Nest Redis server subscribes only to its handlers' channels, so a request on an unknown
  // pattern reaches nobody and no "no matching handler" reply can come back (nest-wire §3).
  // redis-client.integration.test.ts checks what Patchbay says instead.
  scenarios: requestScenarios.filter((scenario) => scenario.name !== 'unknown pattern'),
  async connect(major) {
    const release = await holdExclusiveLock(`redis-services-${redis.port}`);
    const nest = await startNestService({ major: Number(major) as 10 | 11 | 12, redis: { port: redis.port } }).catch((error: unknown) => {
      release();
      throw error;
    });
    const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
    const stop = async () => {
      await Promise.all([engine.close(), nest.stop()]);
      release();
    };
    const connection = engine.connections.open(`redis-nest${major}`, { kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: redis.port, db: 0 }, { connectTimeoutMs: 2000, requestTimeoutMs: 10_000 });
    const first = await connection.client.firstAttempt();
    if (!first.ok) {
      await stop();
      throw new Error(first.error.message);
    }
    return { engine, connection, version: nest.version, stop };
  },
});
