// The built `patchbay` command over Redis and RabbitMQ, against one Nest 12 service that this
// test starts on the rig's brokers: same output and exit codes as over TCP, except where the
// broker itself differs (Redis: nobody receives a request on an unknown pattern).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchbay } from '../test-support/run-cli';
import type { NestService } from '../../fixtures/nest/start.mjs';
import { startNestService } from '../../fixtures/nest/start.mjs';
import { holdExclusiveLock } from '../test-support/exclusive-lock';
import { fixtureServices } from '../test-support/fixture-services';

const brokers = fixtureServices().brokers;
if (!brokers) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');
const queue = `patchbay_cli_${process.pid}`;

let nest: NestService;
let release: () => void;
beforeAll(async () => {
  release = await holdExclusiveLock(`redis-services-${brokers.redis.port}`);
  nest = await startNestService({ major: 12, redis: { port: brokers.redis.port }, rabbitmq: { url: brokers.rabbitmq.url, queue, queueOptions: { durable: false, autoDelete: true } } });
}, 120_000);
afterAll(async () => {
  await nest?.stop();
  release?.();
});

const targets = {
  Redis: () => `redis://127.0.0.1:${brokers.redis.port}`,
  RabbitMQ: () => `amqp://guest:guest@127.0.0.1:${brokers.rabbitmq.port}/?queue=${queue}&durable=false&autoDelete=true`,
};

describe.each(Object.keys(targets) as (keyof typeof targets)[])('patchbay over %s against Nest 12', (transport) => {
  const target = () => targets[transport]();

  it('prints 6 for {"cmd":"sum"} [1,2,3]', async () => {
    expect(await patchbay(['send', target(), '{"cmd":"sum"}', '[1,2,3]'])).toEqual({ code: 0, stdout: '6\n', stderr: '' });
  });

  it('prints one line per stream value', async () => {
    expect(await patchbay(['send', target(), '{"cmd":"stream_slow"}'])).toEqual({ code: 0, stdout: '1\n2\n3\n', stderr: '' });
  });

  it('exits 1 with the RpcException object on stderr', async () => {
    expect(await patchbay(['send', target(), '{"cmd":"fail_object"}'])).toEqual({ code: 1, stdout: '', stderr: '{"status":404,"message":"nope","extra":1}\n' });
  });

  it('exits 3 at the timeout when the service stays silent', async () => {
    expect(await patchbay(['send', target(), '{"cmd":"silent"}', '--timeout', '300'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'patchbay: Timed out after 300 ms waiting for a reply to {"cmd":"silent"}. The handler may be slow or never answer; raise the request timeout to wait longer.\n',
    });
  });

  it('emits an event and exits 0', async () => {
    expect(await patchbay(['emit', target(), 'user.created', '{"id":1}'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('patchbay on an unknown pattern', () => {
  it("exits 1 with Nest's message over RabbitMQ, like TCP", async () => {
    expect(await patchbay(['send', targets.RabbitMQ(), 'no.such.pattern'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '"There is no matching message handler defined in the remote service."\n',
    });
  });

  it('exits 3 over Redis: no service subscribes to the channel, so no service can answer', async () => {
    expect(await patchbay(['send', targets.Redis(), 'no.such.pattern'])).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'patchbay: No service is subscribed to the Redis channel no.such.pattern, so nobody received the request (Redis pub/sub keeps no messages). Check the pattern, and that the service is running on this Redis server (pub/sub ignores the database number).\n',
    });
  });
});

describe('patchbay connection errors over brokers', () => {
  it('exits 3 and explains a RabbitMQ target without a queue', async () => {
    const run = await patchbay(['send', `amqp://127.0.0.1:${brokers.rabbitmq.port}`, '{"cmd":"sum"}', '[1]']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("No queue given for amqp://127.0.0.1:");
  });

  it('exits 3 and never shows the password when the Redis password is wrong', async () => {
    const run = await patchbay(['send', `redis://nobody:hunter2@127.0.0.1:${brokers.redis.port}`, '{"cmd":"sum"}', '[1]']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('refused the credentials (WRONGPASS');
    expect(run.stderr).not.toContain('hunter2');
  });
});
