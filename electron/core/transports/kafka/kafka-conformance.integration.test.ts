// The conformance table over Kafka, against a real Nest service of each major whose Kafka server
// this file starts on the rig broker, one major at a time (Kafka topics are global).
import { expect } from 'vitest';
import type { Scenario } from '../../../test-support/conformance';
import { defineConformanceSuite } from '../../../test-support/conformance';
import { NEST_MAJORS } from '../../../test-support/fixture-services';
import { createEngine } from '../../engine';
import { startNestService } from '../../../../fixtures/nest/start.mjs';
import { kafkaBrokers, startHoldingBroker } from './test-support/kafka-fixture';

const unicode = { text: 'é😀𝄞 naïve 漢字', emoji: ['🧪', '🚀'] };
// Kafka's default message.max.bytes is about 1 MB including the record's overhead, so the
// table's 1 MB payload does not fit in one message (kafka-client.integration.test.ts checks
// that Patchbay explains that refusal); half a megabyte shows large payloads round-trip intact.
const halfMegabyte = { blob: 'x'.repeat(512 * 1024), tail: '😀' };

/**
 * The table as a Nest ClientKafka sees it. Object patterns cannot be topics, so the fixture's
 * Kafka controller answers the same cases on string patterns (the key-order cases have no Kafka
 * equivalent). Values are decoded as Nest's KafkaParser decodes them (nest-wire §5): numbers
 * come back as strings, objects and arrays as JSON, and a final message without a value (a void
 * handler, the separate end of a slow stream) is emitted as null. (The slow stream's items are
 * 100 ms apart over Kafka: Nest 10's Server.send drops an item that comes while an earlier reply
 * is still being produced, which a 20 ms gap provokes on a loaded machine.) The unknown-pattern case is
 * gone: a Nest Kafka server only consumes its handlers' topics, so nobody ever answers it (a Nest
 * client times out too; kafka-client.integration.test.ts checks the timeout).
 */
const kafkaScenarios: Scenario[] = [
  { name: 'string pattern', pattern: 'users.create', data: { name: 'Ada', email: 'ada@example.com' }, expect: { status: 'ok', values: [{ id: expect.any(Number), name: 'Ada', email: 'ada@example.com' }] } },
  { name: 'sum, the number reply as a string', pattern: 'sum', data: [1, 2, 3], expect: { status: 'ok', values: ['6'] } },
  { name: 'number payload, back as a string', pattern: 'echo', data: 42.5, expect: { status: 'ok', values: ['42.5'] } },
  { name: 'string payload', pattern: 'echo', data: 'hello', expect: { status: 'ok', values: ['hello'] } },
  { name: 'array payload', pattern: 'echo', data: [1, 'two', { three: 3 }], expect: { status: 'ok', values: [[1, 'two', { three: 3 }]] } },
  { name: 'Unicode with non-BMP characters', pattern: 'echo', data: unicode, expect: { status: 'ok', values: [unicode] } },
  { name: 'half-megabyte payload', pattern: 'echo', data: halfMegabyte, expect: { status: 'ok', values: [halfMegabyte] } },
  { name: 'stream reply', pattern: 'stream', expect: { status: 'ok', values: ['1', '2', '3'] } },
  { name: 'slow stream, its separate end emitted as null', pattern: 'stream_slow', expect: { status: 'ok', values: ['1', '2', '3', null] } },
  { name: 'void handler, emitted as null', pattern: 'void', expect: { status: 'ok', values: [null] } },
  { name: 'RpcException with a string', pattern: 'fail_string', expect: { status: 'remote-error', remoteError: { status: 'error', message: 'bad thing' } } },
  { name: 'RpcException with an object', pattern: 'fail_object', expect: { status: 'remote-error', remoteError: { status: 404, message: 'nope', extra: 1 } } },
  { name: 'plain Error', pattern: 'fail_error', expect: { status: 'remote-error', remoteError: { status: 'error', message: 'Internal server error' } } },
];

defineConformanceSuite({
  transport: 'Kafka',
  majors: NEST_MAJORS,
  // Its own group per major: a Nest client's reply partitions come from its group (nest-wire §5).
  nestClient: { transport: 'KAFKA', options: (major) => ({ client: { brokers: kafkaBrokers(), clientId: `nest${major}-conformance-client` }, consumer: { groupId: `nest${major}-conformance-client` } }) },
  scenarios: kafkaScenarios,
  eventsQuery: { list: 'events', reset: 'events_reset' },
  eventPattern: 'order_placed',
  sumPattern: 'sum',
  numbersAreStrings: true,
  async connect(major) {
    const nest = await startHoldingBroker((brokers) => startNestService({ major: Number(major) as 10 | 11 | 12, tcp: { port: 0 }, kafka: { brokers } }));
    const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
    const connection = engine.connections.open(`nest${major}-kafka`, { kind: 'kafka', brokers: kafkaBrokers(), clientId: 'patchbay-conformance', allowAutoTopicCreation: true }, { connectTimeoutMs: 5000, requestTimeoutMs: 15_000 });
    const first = await connection.client.firstAttempt();
    if (!first.ok) {
      await nest.stop();
      throw new Error(first.error.message);
    }
    return {
      engine,
      connection,
      version: nest.version,
      stop: async () => {
        await engine.close();
        await nest.stop();
      },
    };
  },
});
