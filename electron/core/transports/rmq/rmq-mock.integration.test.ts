// The RabbitMQ mock server against real Nest ClientProxy instances of every major, on the rig's
// RabbitMQ: what a Nest application calling the mock gets back must be exactly what a Nest server
// would give it. The mock is driven by a scripted handler (no rules engine needed). The rule
// behaviours (values, streams, errors, empty answers, silence, no-handler) and the mock registry
// are the table of electron/core/mocks/rmq-mock-conformance.integration.test.ts; here is the rest.
import { randomBytes } from 'node:crypto';
import { connect } from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetOf } from '../../../../shared/connection';
import { rmqTargetSchema } from '../../../../shared/connection';
import type { NestClient } from '../../../../fixtures/nest/client.mjs';
import { startNestClient } from '../../../../fixtures/nest/client.mjs';
import { fixtureServices } from '../../../test-support/fixture-services';
import { answers, scriptedHandler } from '../../../test-support/scripted-mock-handler';
import type { MockServer } from '../../mocks/mock-transport';
import { normalizePattern } from '../../../../shared/pattern-route';
import { startRmqMockServer } from './rmq-mock-server';

const rabbitmq = fixtureServices().brokers?.rabbitmq;
if (!rabbitmq) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

// autoDelete: the queue goes with the mock's consumer, so runs leave nothing behind.
const queueOptions = { durable: false, autoDelete: true };
const target = (queue: string, extra: Partial<TargetOf<'rmq'>> = {}): TargetOf<'rmq'> => rmqTargetSchema.parse({ kind: 'rmq', host: '127.0.0.1', port: rabbitmq.port, queue, queueOptions, ...extra });
const NO_HANDLER = 'There is no matching message handler defined in the remote service.';
const unique = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;

const script = () =>
  scriptedHandler({
    value: (message) => answers.value({ echo: message.data }),
    stream: () => answers.stream(1, 2, 3),
    'error-string': () => answers.error('plain failure'),
    'error-object': () => answers.error({ status: 404, message: 'nope', extra: 1 }),
    nothing: () => answers.end(),
    silence: () => answers.silence(),
    [normalizePattern({ cmd: 'obj', n: 1 })]: (message) => answers.value({ pattern: message.pattern, route: message.route }),
  });

describe.each([10, 11, 12] as const)('RabbitMQ mock answering a Nest %i client', (major) => {
  const queue = unique(`mock-rmq-${major}`);
  const handler = script();
  let server: MockServer;
  let client: NestClient;

  beforeAll(async () => {
    const started = await startRmqMockServer(target(queue), handler, { exact: [], globs: [] });
    if (!started.ok) throw new Error(started.error.message);
    server = started.value;
    client = await startNestClient({ major, transport: 'RMQ', options: { urls: [rabbitmq.url], queue, queueOptions } });
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('delivers events to the handler and answers nothing', async () => {
    expect(await client.emit({ cmd: 'created', n: 7 }, { id: 7 })).toEqual({ values: [] });
    await expect.poll(() => handler.received.filter((message) => message.kind === 'event').map(({ pattern, route, data }) => ({ pattern, route, data }))).toEqual([
      { pattern: { cmd: 'created', n: 7 }, route: '{"cmd":"created","n":7}', data: { id: 7 } },
    ]);
    expect(handler.writes.filter((write) => write.message.kind === 'event')).toEqual([]);
  });

  it('replies to an object pattern whatever its key order', async () => {
    const route = '{"cmd":"obj","n":1}';
    expect(await client.send({ cmd: 'obj', n: 1 }, {})).toEqual({ values: [{ pattern: { cmd: 'obj', n: 1 }, route }] });
    expect(await client.send({ n: 1, cmd: 'obj' }, {})).toEqual({ values: [{ pattern: { n: 1, cmd: 'obj' }, route }] });
  });

  it('correlates 50 concurrent requests', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, index) => client.send('value', { index })));
    expect(results).toEqual(Array.from({ length: 50 }, (_, index) => ({ values: [{ echo: { index } }] })));
  });
});

// Exchange options exist from Nest 11.1.0: a Nest 10 client has none, so only 11 and 12 here.
describe.each([11, 12] as const)('RabbitMQ mock behind an exchange, with a Nest %i client publishing by wildcard routing key', (major) => {
  const queue = unique(`mock-rmq-x-${major}`);
  const exchange = unique(`mock-rmq-exchange-${major}`);
  let server: MockServer;
  let client: NestClient;
  let admin: ChannelModel;

  beforeAll(async () => {
    admin = await connect(rabbitmq.url);
    const started = await startRmqMockServer(target(queue, { exchange, wildcards: true }), script(), { exact: [], globs: [] });
    if (!started.ok) throw new Error(started.error.message);
    server = started.value;
    client = await startNestClient({ major, transport: 'RMQ', options: { urls: [rabbitmq.url], queue, queueOptions, exchange, wildcards: true } });
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
    const channel = await admin?.createChannel();
    await channel?.deleteExchange(exchange);
    await admin?.close();
  });

  it('reaches the mock through the exchange and gets its reply', async () => {
    expect(await client.send('value', { via: 'exchange' })).toEqual({ values: [{ echo: { via: 'exchange' } }] });
    expect(await client.send({ n: 1, cmd: 'obj' }, {})).toEqual({ values: [{ pattern: { n: 1, cmd: 'obj' }, route: '{"cmd":"obj","n":1}' }] });
  });
});

describe('RabbitMQ mock wire details', () => {
  let admin: ChannelModel;
  let channel: Channel;
  beforeAll(async () => {
    admin = await connect(rabbitmq.url);
    channel = await admin.createChannel();
  });
  afterAll(async () => {
    await admin?.close();
  });

  it("writes Nest's RMQ reply bodies byte for byte: no id, except in the no-handler reply", async () => {
    const queue = unique('mock-rmq-wire');
    const started = await startRmqMockServer(target(queue), script(), { exact: [], globs: [] });
    if (!started.ok) throw new Error(started.error.message);
    const { queue: replyQueue } = await channel.assertQueue('', { exclusive: true });
    const replies: { body: string; correlationId: unknown; headers: unknown }[] = [];
    await channel.consume(replyQueue, (message) => message && replies.push({ body: message.content.toString(), correlationId: message.properties.correlationId, headers: message.properties.headers }), { noAck: true });
    try {
      const request = (pattern: string, id: string) => channel.sendToQueue(queue, Buffer.from(JSON.stringify({ pattern, data: 1, id })), { replyTo: replyQueue, correlationId: `c-${id}` });
      request('stream', 'ID1');
      request('error-object', 'ID2');
      request('missing', 'ID3');
      await expect.poll(() => replies.length).toBe(5);
      expect(replies.map(({ body, correlationId }) => `${String(correlationId)} ${body}`).sort()).toEqual(
        [
          'c-ID1 {"response":1}',
          'c-ID1 {"response":2}',
          'c-ID1 {"response":3,"isDisposed":true}',
          'c-ID2 {"err":{"status":404,"message":"nope","extra":1},"isDisposed":true}',
          // Nest's RMQ server builds this one as {id, err, status} (TCP and Redis: {id, status, err}).
          `c-ID3 {"id":"ID3","err":"${NO_HANDLER}","status":"error"}`,
        ].sort(),
      );
      expect(replies.every((reply) => reply.headers === undefined || Object.keys(reply.headers as object).length === 0)).toBe(true);
    } finally {
      await started.value.close();
    }
  });

  it('explains a queue declared with other options (PRECONDITION_FAILED)', async () => {
    const queue = unique('mock-rmq-durable');
    await channel.assertQueue(queue, { durable: true });
    try {
      const started = await startRmqMockServer(target(queue, { queueOptions: { durable: false } }), script(), { exact: [], globs: [] });
      expect(started).toMatchObject({
        ok: false,
        error: {
          code: 'mock-start-failed',
          message: `The RabbitMQ mock could not consume the queue '${queue}' on amqp://127.0.0.1:${rabbitmq.port} → ${queue}: The queue '${queue}' already exists on amqp://127.0.0.1:${rabbitmq.port} → ${queue} with other options: durable is true there, but this connection declares it with durable = false. Make the queue options match the service's (here: durable=true), or set noAssert to use the queue as it is.`,
        },
      });
    } finally {
      await channel.deleteQueue(queue);
    }
  });

  it('reports a consumer the broker cancelled (queue deleted) as fatal trouble', async () => {
    const queue = unique('mock-rmq-drop');
    const started = await startRmqMockServer(target(queue), script(), { exact: [], globs: [] });
    if (!started.ok) throw new Error(started.error.message);
    const troubles: { message: string; fatal: boolean }[] = [];
    started.value.onTrouble((problem) => troubles.push(problem));
    await channel.deleteQueue(queue);
    await expect.poll(() => troubles).toEqual([
      { fatal: true, message: `RabbitMQ cancelled the mock's consumer: the queue '${queue}' on amqp://127.0.0.1:${rabbitmq.port} → ${queue} was deleted. Restart the mock to declare it again.` },
    ]);
    await started.value.close();
  });
});
