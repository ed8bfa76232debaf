// RabbitMQ-specific behaviour on the rig's real broker, with real Nest services where a reply is
// needed: broker errors explained, AMQP properties as the service sees them, a channel the broker
// closes, unroutable requests, and Nest's default queue by major (nest-wire §8).
import { connect } from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetOf } from '../../../../shared/connection';
import { rmqTargetSchema } from '../../../../shared/connection';
import type { NestService } from '../../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../../fixtures/nest/start.mjs';
import { fixtureServices } from '../../../test-support/fixture-services';
import type { Engine } from '../../engine';
import { createEngine } from '../../engine';

const rabbitmq = fixtureServices().brokers?.rabbitmq;
if (!rabbitmq) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

const target = (extra: Partial<TargetOf<'rmq'>>): TargetOf<'rmq'> => rmqTargetSchema.parse({ kind: 'rmq', host: '127.0.0.1', port: rabbitmq.port, ...extra });
const options = { connectTimeoutMs: 3000, requestTimeoutMs: 10_000 };
const address = `amqp://127.0.0.1:${rabbitmq.port}`;

let admin: ChannelModel;
const engines: Engine[] = [];
const newEngine = (maxAttempts = 1) => {
  const engine = createEngine({ reconnect: { maxAttempts, initialDelayMs: 50, maxDelayMs: 200 } });
  engines.push(engine);
  return engine;
};
const firstError = async (extra: Partial<TargetOf<'rmq'>>) => {
  const connection = newEngine().connections.open('probe', target(extra), options);
  const first = await connection.client.firstAttempt();
  return { message: first.ok ? 'connected' : first.error.message, state: connection.client.status.state };
};

beforeAll(async () => {
  admin = await connect(rabbitmq.url);
});
afterAll(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
  await admin?.close();
});

describe('RabbitMQ broker errors, explained', () => {
  it('says the queue exists with other options when durable differs (PRECONDITION_FAILED)', async () => {
    const queue = `patchbay_precondition_${process.pid}`;
    const channel = await admin.createChannel();
    await channel.assertQueue(queue, { durable: true });
    try {
      expect(await firstError({ queue, queueOptions: { durable: false } })).toEqual({
        state: 'failed',
        message: `The queue '${queue}' already exists on ${address} → ${queue} with other options: durable is true there, but this connection declares it with durable = false. Make the queue options match the service's (here: durable=true), or set noAssert to use the queue as it is.`,
      });
    } finally {
      await channel.deleteQueue(queue);
      await channel.close();
    }
  });

  it('says the login was refused for a wrong password, without showing it (ACCESS_REFUSED)', async () => {
    const { message, state } = await firstError({ queue: 'q', password: 'not-the-password' });
    expect(state).toBe('failed');
    expect(message).toBe(`${address} → q refused the login of user 'guest' (ACCESS_REFUSED). Check the user name and password; RabbitMQ lets the built-in 'guest' user log in only from localhost.`);
  });

  it('names a virtual host that does not exist', async () => {
    const { message, state } = await firstError({ queue: 'q', vhost: 'no-such-vhost' });
    expect(state).toBe('failed');
    expect(message).toBe(
      `${address}/no-such-vhost → q refused to open the virtual host 'no-such-vhost': it does not exist, or user 'guest' has no permissions on it. Check the vhost in the URL path (the default vhost / is written as nothing, or %2F).`,
    );
  });

  it('names a queue that does not exist when noAssert is set (NOT_FOUND)', async () => {
    const queue = `patchbay_missing_${process.pid}`;
    expect(await firstError({ queue, noAssert: true })).toEqual({
      state: 'failed',
      message: `The queue '${queue}' does not exist in vhost '/' on ${address} → ${queue}. Start the service (it declares its queue), or turn off noAssert so that Patchbay declares it.`,
    });
  });

  it('fails a request no queue receives at once (mandatory publish returned)', async () => {
    const engine = newEngine();
    const queue = `patchbay_unroutable_${process.pid}`;
    const connection = engine.connections.open('unroutable', target({ queue, queueOptions: { autoDelete: true }, exchange: 'amq.topic', routingKey: 'nobody.is.bound' }), options);
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    const outcome = await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1] });
    expect(outcome.failure).toEqual({
      code: 'unroutable',
      message: "RabbitMQ could not route the request to any queue (NO_ROUTE: exchange 'amq.topic', routing key 'nobody.is.bound'). Nothing received it: check the queue name, or that the service has bound its queue to this exchange.",
    });
  });
});

describe('RabbitMQ client against Nest 12', () => {
  const queue = `patchbay_rmq_client_${process.pid}`;
  let nest: NestService;
  beforeAll(async () => {
    nest = await startNestService({ major: 12, rabbitmq: { url: rabbitmq.url, queue, queueOptions: { durable: false, autoDelete: true } } });
  }, 120_000);
  afterAll(() => nest?.stop());
  const open = (extra: Partial<TargetOf<'rmq'>> = {}, maxAttempts = 1) => {
    const engine = newEngine(maxAttempts);
    return { engine, connection: engine.connections.open('nest12', target({ queue, queueOptions: { durable: false, autoDelete: true }, ...extra }), options) };
  };

  it('delivers per-message headers and properties, with replyTo and correlationId as Nest sets them', async () => {
    const { engine, connection } = open();
    await connection.client.firstAttempt();
    const outcome = await engine.messenger.send({
      connection,
      pattern: { cmd: 'rmq_properties' },
      data: {},
      options: { headers: { 'x-tenant': 'acme' }, properties: { priority: 3, messageId: 'm-1', type: 'test.probe' } },
    });
    expect(outcome.values).toEqual([
      {
        fields: { exchange: '', routingKey: queue },
        properties: expect.objectContaining({
          headers: { 'x-tenant': 'acme' },
          // Sent as amq.rabbitmq.reply-to; the broker rewrites it to this channel's reply address.
          replyTo: expect.stringMatching(/^amq\.rabbitmq\.reply-to\.g1h/),
          correlationId: outcome.correlationId,
          deliveryMode: 1,
          priority: 3,
          messageId: 'm-1',
          type: 'test.probe',
        }),
      },
    ]);
  });

  it('marks messages persistent (deliveryMode 2) when the target says so', async () => {
    const { engine, connection } = open({ persistent: true });
    await connection.client.firstAttempt();
    const outcome = await engine.messenger.send({ connection, pattern: { cmd: 'rmq_properties' }, data: {} });
    const { properties } = outcome.values[0] as { properties: Record<string, unknown> };
    expect(properties.deliveryMode).toBe(2);
    expect(properties.headers).toEqual({});
  });

  it('delivers an event with no id, replyTo or correlationId', async () => {
    const { engine, connection } = open();
    await connection.client.firstAttempt();
    await engine.messenger.send({ connection, pattern: { cmd: 'events_reset' }, data: {} });
    expect((await engine.messenger.emit({ connection, pattern: { event: 'order_placed' }, data: { orderId: 5 }, options: { headers: { 'x-source': 'test' } } })).ok).toBe(true);
    await expect
      .poll(async () => (await engine.messenger.send({ connection, pattern: { cmd: 'events' }, data: {} })).values[0], { timeout: 10_000 })
      .toEqual([{ pattern: { event: 'order_placed' }, data: { orderId: 5 }, at: expect.any(Number) }]);
  });

  it('fails pending requests at once when the broker closes the channel, then reconnects', async () => {
    const { engine, connection } = open({}, 10);
    await connection.client.firstAttempt();
    const states: string[] = [];
    connection.client.onStatus((status) => states.push(status.state));
    const pending = engine.messenger.send({ connection, pattern: { cmd: 'slow' }, data: { ms: 5000 } });
    // RabbitMQ closes the channel over an expiration that is not a number of milliseconds.
    const bad = await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1], options: { properties: { expiration: 'soon' } } });
    const outcome = await pending;
    for (const failed of [outcome, bad]) {
      expect(failed.failure?.code).toBe('connection-lost');
      expect(failed.failure?.message).toContain(`The channel to ${address} → ${queue} closed before the reply arrived`);
      expect(failed.failure?.message).toContain('PRECONDITION_FAILED');
    }
    expect(outcome.totalMs).toBeLessThan(2000);
    await expect.poll(() => connection.client.status.state, { timeout: 10_000 }).toBe('ready');
    expect(states).toEqual(['reconnecting', 'ready']);
    expect((await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1, 2, 3] })).values).toEqual([6]);
  });
});

describe("Nest's default queue by major (nest-wire §8)", () => {
  it("Nest 10 consumes 'default' when no queue is configured; Nest 12 consumes a broker-named queue no client can name", async () => {
    const channel = await admin.createChannel();
    const v10 = await startNestService({ major: 10, rabbitmq: { url: rabbitmq.url, queue: '' } });
    try {
      const engine = newEngine();
      const connection = engine.connections.open('v10-default', target({ queue: 'default' }), options);
      expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
      expect((await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1, 2, 3] })).values).toEqual([6]);
      await engine.close();
    } finally {
      await v10.stop();
      await channel.deleteQueue('default');
    }

    const v12 = await startNestService({ major: 12, rabbitmq: { url: rabbitmq.url, queue: '' } });
    try {
      // Nothing declared 'default' this time: Nest 12 asserted '' and got an amq.gen-… queue.
      expect((await firstError({ queue: 'default', noAssert: true })).message).toContain("The queue 'default' does not exist in vhost '/'");
      expect(await firstError({ queue: '' })).toEqual({
        state: 'failed',
        message: `No queue given for ${address}. Give the queue the service consumes: Nest 10 up to 11.1.3 default to 'default', while Nest 11.1.4+ and 12 default to '' (a broker-named queue no client can reach), so set the queue on both sides.`,
      });
    } finally {
      await v12.stop();
      await channel.close();
    }
  }, 120_000);
});

describe('RabbitMQ exchange mode against Nest 12 (Nest 11.1.0+)', () => {
  it('publishes to the exchange with the routing key the service bound its queue with', async () => {
    const queue = `patchbay_exchange_q_${process.pid}`;
    const exchange = `patchbay_exchange_${process.pid}`;
    // start.d.mts types only the queue options; the fixture passes the exchange options to Nest.
    const rabbitmqOptions = { url: rabbitmq.url, queue, queueOptions: { durable: false, autoDelete: true }, exchange, exchangeType: 'topic', routingKey: 'orders.rpc' };
    const nest = await startNestService({ major: 12, rabbitmq: rabbitmqOptions });
    const channel = await admin.createChannel();
    try {
      const engine = newEngine();
      const connection = engine.connections.open('exchange', target({ queue, queueOptions: { durable: false, autoDelete: true }, exchange, exchangeType: 'topic', routingKey: 'orders.rpc' }), options);
      expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
      expect((await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1, 2, 3] })).values).toEqual([6]);
      const seen = await engine.messenger.send({ connection, pattern: { cmd: 'rmq_properties' }, data: {} });
      expect((seen.values[0] as { fields: unknown }).fields).toEqual({ exchange, routingKey: 'orders.rpc' });
    } finally {
      await nest.stop();
      await channel.deleteExchange(exchange);
      await channel.close();
    }
  }, 60_000);

  it('publishes with the pattern as routing key in wildcard mode, which the service binds per handler', async () => {
    const queue = `patchbay_wildcards_${process.pid}`;
    const rabbitmqOptions = { url: rabbitmq.url, queue, queueOptions: { durable: false, autoDelete: true }, wildcards: true };
    const nest = await startNestService({ major: 12, rabbitmq: rabbitmqOptions });
    const channel = await admin.createChannel();
    try {
      const engine = newEngine();
      // The exchange defaults to the queue name, on both sides.
      const connection = engine.connections.open('wildcards', target({ queue, wildcards: true }), options);
      expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
      expect((await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1, 2, 3] })).values).toEqual([6]);
      const seen = await engine.messenger.send({ connection, pattern: { cmd: 'rmq_properties' }, data: {} });
      expect((seen.values[0] as { fields: unknown }).fields).toEqual({ exchange: queue, routingKey: '{"cmd":"rmq_properties"}' });
    } finally {
      await nest.stop();
      await channel.deleteExchange(queue);
      await channel.close();
    }
  }, 60_000);
});
