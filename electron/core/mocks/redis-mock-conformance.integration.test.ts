// The rule table of mock-conformance.ts on a Redis mock, against real Nest 10, 11 and 12 Redis
// ClientProxies on the rig's Redis.
import { defineMockConformanceSuite } from '../../test-support/mock-conformance';
import { fixtureServices, NEST_MAJORS } from '../../test-support/fixture-services';

const redis = fixtureServices().brokers?.redis;
if (!redis) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

defineMockConformanceSuite({
  transport: 'Redis',
  majors: NEST_MAJORS,
  mockTarget: () => ({ kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: redis.port, db: 0 }),
  nestClient: () => ({ transport: 'REDIS', options: { host: '127.0.0.1', port: redis.port } }),
  adaptations: {
    unmatchedPatternUnheard: 'a Redis mock subscribes only to its rules’ channels, so nobody hears an unmatched one (a failed `when` still answers no-handler)',
  },
});
