// The rule table of mock-conformance.ts on a RabbitMQ mock, against real Nest 10, 11 and 12 RMQ
// ClientProxies on the rig's RabbitMQ. The queue brings every message, so no adaptations.
import { rmqTargetSchema } from '../../../shared/connection';
import { defineMockConformanceSuite } from '../../test-support/mock-conformance';
import { fixtureServices, NEST_MAJORS } from '../../test-support/fixture-services';

const rabbitmq = fixtureServices().brokers?.rabbitmq;
if (!rabbitmq) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

// autoDelete: the queue (named by the run) goes with the mock's consumer, so runs leave nothing behind.
const queueOptions = { durable: false, autoDelete: true };

defineMockConformanceSuite({
  transport: 'RabbitMQ',
  majors: NEST_MAJORS,
  mockTarget: (_major, { run }) => rmqTargetSchema.parse({ kind: 'rmq', host: '127.0.0.1', port: rabbitmq.port, queue: run, queueOptions }),
  nestClient: (_major, _mock, { run }) => ({ transport: 'RMQ', options: { urls: [rabbitmq.url], queue: run, queueOptions } }),
  adaptations: {},
});
