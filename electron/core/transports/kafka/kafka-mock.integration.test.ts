// The Kafka mock server against real Nest ClientKafka instances of every major, on the rig's
// Kafka: what a Nest application calling the mock gets back must be exactly what a Nest server
// would give it. The mock is driven by a scripted handler (no rules engine needed). Kafka is slow
// to join groups, so each major gets one client, reused by every case. The rule behaviours
// (streams, errors, empty answers, silence, no-handler) and the mock registry are the table of
// electron/core/mocks/kafka-mock-conformance.integration.test.ts; here is what it does not cover.
//
// Where Kafka differs from the other transports (the same in Nest 10, 11 and 12): values travel
// as Kafka values, so numbers arrive as strings on both sides; an answer ending without a value
// reaches the client as `null` (Nest's serializer turns `undefined` into a null value); and
// object patterns cannot be topic names, so Kafka handlers use string patterns only.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetOf } from '../../../../shared/connection';
import type { NestClient } from '../../../../fixtures/nest/client.mjs';
import { startNestClient } from '../../../../fixtures/nest/client.mjs';
import { fixtureServices } from '../../../test-support/fixture-services';
import { answers, scriptedHandler } from '../../../test-support/scripted-mock-handler';
import type { MockServer } from '../../mocks/mock-transport';
import { startKafkaMockServer } from './kafka-mock-server';

const kafka = fixtureServices().brokers?.kafka;
if (!kafka) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

const target: TargetOf<'kafka'> = { kind: 'kafka', brokers: kafka.brokers, clientId: 'patchbay-mock-test', allowAutoTopicCreation: true };
const names = ['value', 'number', 'event'];

let admin: Admin;
beforeAll(async () => {
  admin = new Kafka({ clientId: 'patchbay-mock-test-admin', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
});

describe.each([10, 11, 12] as const)('Kafka mock answering a Nest %i client', (major) => {
  const prefix = `mock-kafka-${major}-${randomBytes(4).toString('hex')}`;
  const topic = (name: string) => `${prefix}.${name}`;
  const handler = scriptedHandler({
    [topic('value')]: (message) => answers.value({ echo: message.data }),
    [topic('number')]: () => answers.value(3),
    [topic('glob.42')]: (message) => answers.value({ route: message.route }),
  });
  let server: MockServer;
  let client: NestClient;

  beforeAll(async () => {
    // Created up front: a RegExp subscription only covers topics that exist when the consumer
    // starts, and a Nest client crashes on a reply topic the broker is still creating.
    const topics = [...names, 'glob.42'].map(topic);
    await admin.createTopics({ topics: [...topics, ...topics.map((name) => `${name}.reply`)].map((name) => ({ topic: name })), waitForLeaders: true });
    const started = await startKafkaMockServer(target, handler, { exact: names.map(topic), globs: [`${prefix}.glob.*`] });
    if (!started.ok) throw new Error(started.error.message);
    server = started.value;
    client = await startNestClient({
      major,
      transport: 'KAFKA',
      options: { client: { brokers: kafka.brokers, clientId: `${prefix}-client` }, consumer: { groupId: `${prefix}-group` } },
      replyPatterns: [...names, 'glob.42'].map(topic),
    });
  }, 120_000);
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('replies with a value; numbers travel as strings both ways', async () => {
    expect(await client.send(topic('value'), { n: 1 })).toEqual({ values: [{ echo: { n: 1 } }] });
    expect(await client.send(topic('value'), 5)).toEqual({ values: [{ echo: '5' }] });
    expect(await client.send(topic('number'), {})).toEqual({ values: ['3'] });
  });

  it('delivers events to the handler and answers nothing', async () => {
    expect(await client.emit(topic('event'), { id: 7 })).toEqual({ values: [] });
    await expect.poll(() => handler.received.filter((message) => message.route === topic('event')).map(({ kind, pattern, data }) => ({ kind, pattern, data })), { timeout: 10_000 }).toEqual([
      { kind: 'event', pattern: topic('event'), data: { id: 7 } },
    ]);
    expect(handler.writes.filter((write) => write.message.kind === 'event')).toEqual([]);
  });

  it('serves a glob route (a RegExp subscription)', async () => {
    expect(await client.send(topic('glob.42'), {})).toEqual({ values: [{ route: topic('glob.42') }] });
  });

  it('correlates 50 concurrent requests', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, index) => client.send(topic('value'), { index }, { timeoutMs: 15_000 })));
    expect(results).toEqual(Array.from({ length: 50 }, (_, index) => ({ values: [{ echo: { index } }] })));
  });
});

describe('Kafka mock wire details', () => {
  it('deletes its consumer group on close', async () => {
    const prefix = `mock-kafka-group-${randomBytes(4).toString('hex')}`;
    const before = new Set((await admin.listGroups()).groups.map((group) => group.groupId));
    const started = await startKafkaMockServer(target, scriptedHandler({}), { exact: [`${prefix}.a`], globs: [] });
    if (!started.ok) throw new Error(started.error.message);
    const ours = (await admin.listGroups()).groups.map((group) => group.groupId).filter((groupId) => !before.has(groupId) && groupId.startsWith('patchbay-mock-'));
    expect(ours).toHaveLength(1);
    expect(started.value.address).toContain(ours[0]);
    await started.value.close();
    expect((await admin.listGroups()).groups.map((group) => group.groupId)).not.toContain(ours[0]);
  });

  it('restarts its consumer on new routes: a topic added later is heard, and an old one still is', async () => {
    const prefix = `mock-kafka-routes-${randomBytes(4).toString('hex')}`;
    await admin.createTopics({ topics: [{ topic: `${prefix}.a` }, { topic: `${prefix}.b` }], waitForLeaders: true });
    const handler = scriptedHandler({});
    const started = await startKafkaMockServer(target, handler, { exact: [`${prefix}.a`], globs: [] });
    if (!started.ok) throw new Error(started.error.message);
    const producer = new Kafka({ clientId: 'patchbay-mock-test-producer', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    try {
      expect(await started.value.setRoutes({ exact: [`${prefix}.a`], globs: [`${prefix}.?`] })).toEqual({ ok: true, value: null });
      await producer.send({ topic: `${prefix}.b`, messages: [{ value: '{"n":2}' }] });
      await producer.send({ topic: `${prefix}.a`, messages: [{ value: '1' }] });
      await expect.poll(() => handler.received.map(({ kind, route, data }) => ({ kind, route, data })).sort((x, y) => x.route.localeCompare(y.route)), { timeout: 10_000 }).toEqual([
        // Without Nest's correlation headers a message is an event; "1" stays a string, as KafkaParser leaves it.
        { kind: 'event', route: `${prefix}.a`, data: '1' },
        { kind: 'event', route: `${prefix}.b`, data: { n: 2 } },
      ]);
    } finally {
      await producer.disconnect();
      await started.value.close();
    }
  });

  it('says which topic is missing when the broker may not create it', async () => {
    const missing = `mock-kafka-absent-${randomBytes(4).toString('hex')}`;
    const started = await startKafkaMockServer({ ...target, allowAutoTopicCreation: false }, scriptedHandler({}), { exact: [missing], globs: [] });
    expect(started).toEqual({
      ok: false,
      error: {
        code: 'topic-missing',
        message: `The topic ${missing} does not exist on kafka://${kafka.brokers.join(',')} and the broker does not create topics (this target also asks the broker not to create topics: allowAutoTopicCreation is off): create it, e.g. kafka-topics --create --topic ${missing}.`,
      },
    });
  });
});
