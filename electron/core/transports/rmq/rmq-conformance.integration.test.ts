// The conformance table over RabbitMQ, against a Nest service of each major that this test starts
// on the rig's broker, each on its own queue with the same queue options on both sides (§9.8).
import { fixtureServices } from '../../../test-support/fixture-services';
import { defineConformanceSuite } from '../../../test-support/conformance';
import { createEngine } from '../../engine';
import { startNestService } from '../../../../fixtures/nest/start.mjs';

const rabbitmq = fixtureServices().brokers?.rabbitmq;
if (!rabbitmq) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

const queueOptions = { durable: false };

defineConformanceSuite({
  transport: 'RabbitMQ',
  majors: ['10', '11', '12'],
  nestClient: { transport: 'RMQ', options: (major) => ({ urls: [rabbitmq.url], queue: `patchbay_conformance_v${major}`, queueOptions }) },
  async connect(major) {
    const queue = `patchbay_conformance_v${major}`;
    const nest = await startNestService({ major: Number(major) as 10 | 11 | 12, rabbitmq: { url: rabbitmq.url, queue, queueOptions } });
    const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
    const connection = engine.connections.open(
      `rmq-nest${major}`,
      { kind: 'rmq', host: '127.0.0.1', port: rabbitmq.port, vhost: '/', username: 'guest', password: 'guest', queue, queueOptions, noAssert: false, persistent: false, wildcards: false },
      { connectTimeoutMs: 2000, requestTimeoutMs: 10_000 },
    );
    const first = await connection.client.firstAttempt();
    if (!first.ok) {
      await Promise.all([engine.close(), nest.stop()]);
      throw new Error(first.error.message);
    }
    return { engine, connection, version: nest.version, stop: async () => void (await Promise.all([engine.close(), nest.stop()])) };
  },
});
