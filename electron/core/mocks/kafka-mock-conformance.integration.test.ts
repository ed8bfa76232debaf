// The rule table of mock-conformance.ts on a Kafka mock, against real Nest 10, 11 and 12
// ClientKafka instances on the rig's Kafka. One client per major, reused by every case: Kafka is
// slow to join groups.
import { Kafka, logLevel } from 'kafkajs';
import { defineMockConformanceSuite } from '../../test-support/mock-conformance';
import { fixtureServices, NEST_MAJORS } from '../../test-support/fixture-services';

const kafka = fixtureServices().brokers?.kafka;
if (!kafka) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

defineMockConformanceSuite({
  transport: 'Kafka',
  majors: NEST_MAJORS,
  async mockTarget(_major, { routes }) {
    // Created up front, request and reply topics: a Nest client crashes on a reply topic the
    // broker is still creating, and the mock starts reading a topic at its end.
    const admin = new Kafka({ clientId: 'patchbay-mock-conformance-admin', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: routes.flatMap((topic) => [{ topic }, { topic: `${topic}.reply` }]), waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
    return { kind: 'kafka', brokers: kafka.brokers, clientId: 'patchbay-mock-conformance', allowAutoTopicCreation: true };
  },
  nestClient: (_major, _mock, { run, requestPatterns }) => ({
    transport: 'KAFKA',
    options: { client: { brokers: kafka.brokers, clientId: `${run}-client` }, consumer: { groupId: `${run}-group` } },
    // ClientKafka must subscribe to every reply topic before it connects (nest-wire §5).
    replyPatterns: requestPatterns,
  }),
  adaptations: {
    stringPatterns: 'Kafka patterns are topic names, so object patterns become strings and key order cannot differ',
    numbersAsStrings: 'Kafka values are text and a number is not parsed back (KafkaParser), so 6 arrives as "6"',
    emptyAnswerAsNull: "Nest's Kafka serializer turns a handler's undefined into a null message value, so the client gets null",
    unmatchedPatternUnheard: 'a Kafka mock consumes only its rules’ topics, so nobody reads an unmatched one (a failed `when` still answers no-handler)',
  },
});
