// The built `patchbay listen` on Redis, a RabbitMQ exchange and Kafka, next to one real Nest 12
// service on each: it prints what the service receives, exits after --count, and the service
// still receives every message.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchbay } from '../test-support/run-cli';
import type { CliRun } from '../test-support/run-cli';
import type { NestService, NestServiceOptions } from '../../fixtures/nest/start.mjs';
import { startNestClient } from '../../fixtures/nest/client.mjs';
import { startNestService } from '../../fixtures/nest/start.mjs';
import { holdExclusiveLock } from '../test-support/exclusive-lock';
import { fixtureServices } from '../test-support/fixture-services';
import { kafkaBrokers, startHoldingBroker } from '../core/transports/kafka/test-support/kafka-fixture';

const brokers = fixtureServices().brokers;
if (!brokers) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');
const suffix = `${process.pid}_${Date.now()}`;
const queue = `patchbay_cli_listen_${suffix}`;
const exchange = `patchbay_cli_listen_x_${suffix}`;

/** Runs `patchbay listen …`; `listening` resolves once it says it listens on all its listeners. */
function listen(args: string[], listeners = 1): { listening: Promise<void>; done: Promise<CliRun>; interrupt: () => void } {
  const child = spawn(process.execPath, [join(process.cwd(), 'dist/node/cli.js'), 'listen', ...args]);
  let stdout = '';
  let stderr = '';
  let markListening!: () => void;
  const listening = new Promise<void>((resolve) => (markListening = resolve));
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    if ((stderr.match(/listening on /g) ?? []).length >= listeners) markListening();
  });
  const done = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  void done.then(markListening);
  return { listening, done, interrupt: () => child.kill('SIGINT') };
}
const lines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
const recorded = async (target: string, pattern: string) =>
  (JSON.parse((await patchbay(['send', target, pattern])).stdout || '[]') as { pattern: unknown; data: unknown }[]).map(({ pattern: p, data }) => ({ pattern: p, data }));

describe('patchbay listen on Redis and a RabbitMQ exchange', () => {
  let nest: NestService;
  let release: () => void;
  const redis = `redis://127.0.0.1:${brokers.redis.port}`;
  const amqp = `amqp://guest:guest@127.0.0.1:${brokers.rabbitmq.port}/?queue=${queue}&durable=false&autoDelete=true`;
  beforeAll(async () => {
    release = await holdExclusiveLock(`redis-services-${brokers.redis.port}`);
    const rabbitmq = { url: brokers.rabbitmq.url, queue, queueOptions: { durable: false, autoDelete: true }, exchange, exchangeType: 'topic', routingKey: 'shop.#' } as NestServiceOptions['rabbitmq'];
    nest = await startNestService({ major: 12, redis: { port: brokers.redis.port }, rabbitmq });
  }, 120_000);
  afterAll(async () => {
    await nest?.stop();
    release?.();
    const connection = await connect(brokers.rabbitmq.url);
    const channel = await connection.createChannel();
    await channel.deleteExchange(exchange).catch(() => undefined);
    await connection.close();
  });

  it('prints the Redis events a Nest client emits to the service, exits 0 after --count, and the service still records them', async () => {
    await patchbay(['send', redis, '{"cmd":"events_reset"}']);
    const run = listen([redis, 'user.created', '--count', '2', '--timeout', '20000']);
    await run.listening;
    // The emitter is a real Nest 11 ClientProxy, the receiver the Nest 12 service.
    const emitter = await startNestClient({ major: 11, transport: 'REDIS', options: { host: '127.0.0.1', port: brokers.redis.port } });
    try {
      for (const id of [1, 2]) expect(await emitter.emit('user.created', { id })).toEqual({ values: [] });
    } finally {
      await emitter.close();
    }
    const { code, stdout, stderr } = await run.done;
    expect({ code, stderr }).toEqual({ code: 0, stderr: 'patchbay: listening on redis channels user.created\n' });
    expect(lines(stdout).map(({ pattern, data, headers, kind, meta }) => ({ pattern, data, headers, kind, meta }))).toEqual(
      [1, 2].map((id) => ({ pattern: 'user.created', data: { id }, headers: {}, kind: 'event', meta: { channel: 'user.created' } })),
    );
    expect(typeof lines(stdout)[0]!.receivedAt).toBe('number');
    await expect.poll(() => recorded(redis, '{"cmd":"events"}'), { timeout: 5000 }).toEqual([1, 2].map((id) => ({ pattern: 'user.created', data: { id } })));
  });

  it('joins a tapped reply to its request with latencyMs', async () => {
    const run = listen([redis, '{"cmd":"sum"}', '--tap', '--count', '2', '--timeout', '20000']);
    await run.listening;
    expect(await patchbay(['send', redis, '{"cmd":"sum"}', '[1,2,3]'])).toEqual({ code: 0, stdout: '6\n', stderr: '' });
    const { code, stdout } = await run.done;
    expect(code).toBe(0);
    const [request, reply] = lines(stdout);
    expect(request).toMatchObject({ pattern: { cmd: 'sum' }, data: [1, 2, 3], kind: 'request' });
    expect(reply).toMatchObject({ pattern: '{"cmd":"sum"}', data: 6, kind: 'reply', correlationId: request!.correlationId, final: true });
    expect(reply!.latencyMs).toEqual(expect.any(Number));
  });

  it('taps the exchange the service queue is bound to; the service still handles the message', async () => {
    await patchbay(['send', amqp, '{"cmd":"events_reset"}']);
    const run = listen([`amqp://guest:guest@127.0.0.1:${brokers.rabbitmq.port}/?exchange=${exchange}`, '--count', '1', '--timeout', '20000']);
    await run.listening;
    const connection = await connect(brokers.rabbitmq.url);
    const channel = await connection.createChannel();
    channel.publish(exchange, 'shop.users', Buffer.from('{"pattern":"user.created","data":{"id":9}}'));
    await channel.close();
    await connection.close();
    const { code, stdout, stderr } = await run.done;
    expect({ code, stderr }).toEqual({ code: 0, stderr: `patchbay: listening on rabbitmq exchange ${exchange} routing key #\n` });
    expect(lines(stdout).map(({ pattern, data, kind }) => ({ pattern, data, kind }))).toEqual([{ pattern: 'user.created', data: { id: 9 }, kind: 'event' }]);
    expect(lines(stdout)[0]!.meta).toMatchObject({ exchange, routingKey: 'shop.users' });
    await expect.poll(() => recorded(amqp, '{"cmd":"events"}'), { timeout: 5000 }).toEqual([{ pattern: 'user.created', data: { id: 9 } }]);
  });

  it('exits 2 on a queue target without an exchange, explaining the competing-consumer trap', async () => {
    const { code, stdout, stderr } = await patchbay(['listen', amqp]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      'patchbay: This target names a queue but no exchange. Consuming a service queue takes messages away from the service: RabbitMQ gives each message to ONE consumer, so the service would miss every message Patchbay gets. Tap the exchange the queue is bound to instead (amqp://…?exchange=NAME[&routingKey=KEY]), or pass --compete to consume the queue anyway.\n',
    );
  });

  it('exits 3 at --timeout with fewer messages than --count, saying how many came', async () => {
    expect(await patchbay(['listen', redis, `patchbay.quiet.${suffix}`, '--count', '1', '--timeout', '500'])).toEqual({
      code: 3,
      stdout: '',
      stderr: `patchbay: listening on redis channels patchbay.quiet.${suffix}\npatchbay: timed out after 500 ms; 0 messages seen of the 1 asked for.\n`,
    });
  });
});

describe('patchbay listen on Kafka', () => {
  let nest: NestService;
  const kafka = `kafka://${kafkaBrokers().join(',')}?clientId=patchbay-cli-listen`;
  beforeAll(async () => {
    nest = await startHoldingBroker((kafkaBrokerList) => startNestService({ major: 12, tcp: { port: 0 }, kafka: { brokers: kafkaBrokerList } }));
  }, 300_000);
  afterAll(() => nest?.stop());

  it('prints the events a Nest client emits to the service, which still gets them from its own group', async () => {
    const marker = `cli-${suffix}`;
    await patchbay(['send', kafka, 'events_reset']);
    const run = listen([kafka, 'order_placed', '--count', '1', '--timeout', '60000']);
    await run.listening;
    // The emitter is a real Nest 11 ClientKafka, the receiver the Nest 12 service.
    const emitter = await startNestClient({ major: 11, transport: 'KAFKA', options: { client: { brokers: kafkaBrokers(), clientId: `cli-listen-emitter-${suffix}` }, producerOnlyMode: true } });
    try {
      expect(await emitter.emit('order_placed', { marker })).toEqual({ values: [] });
    } finally {
      await emitter.close();
    }
    const { code, stdout } = await run.done;
    expect(code).toBe(0);
    const [line] = lines(stdout);
    expect(line).toMatchObject({ pattern: 'order_placed', data: { marker }, kind: 'event', meta: { topic: 'order_placed' } });
    await expect.poll(() => recorded(kafka, 'events'), { timeout: 20_000 }).toEqual([{ pattern: 'order_placed', data: { marker } }]);
  }, 120_000);

  it('stops cleanly on Ctrl+C (SIGINT), with exit 0 and what it saw so far', async () => {
    const run = listen([`redis://127.0.0.1:${brokers.redis.port}`, `patchbay.sigint.${suffix}`]);
    await run.listening;
    run.interrupt();
    expect(await run.done).toEqual({ code: 0, stdout: '', stderr: `patchbay: listening on redis channels patchbay.sigint.${suffix}\n` });
  });
});
