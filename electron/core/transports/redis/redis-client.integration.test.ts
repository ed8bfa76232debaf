// Redis-specific behaviour on the rig's real Redis, with a real Nest 12 service where a reply is
// needed: reply-channel reference counting, a killed connection, ACL credentials, nobody listening.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetOf } from '../../../../shared/connection';
import type { NestService } from '../../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../../fixtures/nest/start.mjs';
import { fixtureServices } from '../../../test-support/fixture-services';
import type { Engine } from '../../engine';
import { createEngine } from '../../engine';
import { holdExclusiveLock } from '../../../test-support/exclusive-lock';

const redis = fixtureServices().brokers?.redis;
if (!redis) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

const target = (extra: Partial<TargetOf<'redis'>> = {}): TargetOf<'redis'> => ({ kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: redis.port, db: 0, ...extra });
const options = { connectTimeoutMs: 2000, requestTimeoutMs: 10_000 };
const numsub = async (admin: Redis, channel: string) => Number(((await admin.call('PUBSUB', 'NUMSUB', channel)) as [string, number])[1]);

describe('Redis client against Nest 12', () => {
  let nest: NestService;
  let admin: Redis;
  let release: () => void;
  const engines: Engine[] = [];
  const newEngine = (maxAttempts = 1) => {
    const engine = createEngine({ reconnect: { maxAttempts, initialDelayMs: 50, maxDelayMs: 200 } });
    engines.push(engine);
    return engine;
  };

  beforeAll(async () => {
    release = await holdExclusiveLock(`redis-services-${redis.port}`);
    nest = await startNestService({ major: 12, redis: { port: redis.port } });
    admin = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
    await admin.connect();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.close()));
    admin?.disconnect();
    await nest?.stop();
    release?.();
  });

  it('subscribes a reply channel once for all its pending requests and unsubscribes when none is left', async () => {
    const engine = newEngine();
    const connection = engine.connections.open('refcount', target(), options);
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    const replyChannel = '{"cmd":"slow"}.reply';
    expect(await numsub(admin, replyChannel)).toBe(0);

    const longer = engine.messenger.send({ connection, pattern: { cmd: 'slow' }, data: { ms: 2000 } });
    const shorter = engine.messenger.send({ connection, pattern: { cmd: 'slow' }, data: { ms: 500 } });
    await expect.poll(() => numsub(admin, replyChannel), { timeout: 5000 }).toBe(1);
    expect((await shorter).values).toEqual([{ sleptMs: 500 }]);
    // The other request still waits on the channel: it stays subscribed.
    expect(await numsub(admin, replyChannel)).toBe(1);
    expect((await longer).values).toEqual([{ sleptMs: 2000 }]);
    await expect.poll(() => numsub(admin, replyChannel), { timeout: 5000 }).toBe(0);
  });

  it('fails a pending request at once when Redis kills the subscriber connection, then reconnects', async () => {
    const engine = newEngine(10);
    const connection = engine.connections.open('killed', target(), options);
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    const states: string[] = [];
    connection.client.onStatus((status) => states.push(status.state));

    const pending = engine.messenger.send({ connection, pattern: { cmd: 'slow' }, data: { ms: 5000 } });
    await expect.poll(() => numsub(admin, '{"cmd":"slow"}.reply'), { timeout: 5000 }).toBe(1);
    const clients = (await admin.call('CLIENT', 'LIST')) as string;
    // This connection's subscriber: the one named by Patchbay that holds the reply subscription.
    const subscriberId = clients
      .split('\n')
      .find((line) => line.includes(' name=patchbay-subscriber ') && / sub=1 /.test(line))
      ?.match(/^id=(\d+) /)?.[1];
    expect(subscriberId).toMatch(/^\d+$/);
    await admin.call('CLIENT', 'KILL', 'ID', subscriberId!);

    const outcome = await pending;
    expect(outcome.status).toBe('failure');
    expect(outcome.failure?.code).toBe('connection-lost');
    expect(outcome.failure?.message).toMatch(/^The connection to Redis at redis:\/\/127\.0\.0\.1:\d+ was lost before the reply arrived: Redis closed the subscriber connection \(it stopped, restarted or dropped this client\)\. The service may or may not have handled the request\.$/);
    expect(outcome.totalMs).toBeLessThan(2000); // not the 5 s the handler sleeps
    await expect.poll(() => connection.client.status.state, { timeout: 10_000 }).toBe('ready');
    expect(states).toEqual(['reconnecting', 'ready']);
    expect((await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1, 2, 3] })).values).toEqual([6]);
  });

  it('says nobody is subscribed when no service handles the pattern', async () => {
    const engine = newEngine();
    const connection = engine.connections.open('nobody', target(), options);
    await connection.client.firstAttempt();
    const outcome = await engine.messenger.send({ connection, pattern: { cmd: 'no_such_handler' }, data: {} });
    expect(outcome.status).toBe('failure');
    expect(outcome.failure).toEqual({
      code: 'no-subscriber',
      message:
        'No service is subscribed to the Redis channel {"cmd":"no_such_handler"}, so nobody received the request (Redis pub/sub keeps no messages). Check the pattern, and that the service is running on this Redis server (pub/sub ignores the database number).',
    });
    const emitted = await engine.messenger.emit({ connection, pattern: 'nobody.listens', data: {} });
    expect(emitted.ok ? 'ok' : emitted.error.code).toBe('no-subscriber');
    expect(await numsub(admin, '{"cmd":"no_such_handler"}.reply')).toBe(0);
  });

  describe('with an ACL user', () => {
    const username = `patchbay_test_${process.pid}`;
    beforeAll(() => admin.call('ACL', 'SETUSER', username, 'on', '>right-password', '~*', '&*', '+@all'));
    afterAll(() => admin.call('ACL', 'DELUSER', username));

    it('works with the right password', async () => {
      const engine = newEngine();
      const connection = engine.connections.open('acl', target({ username, password: 'right-password' }), options);
      expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
      expect((await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1, 2, 3] })).values).toEqual([6]);
    });

    it('fails with a wrong password and says to check the password and ACL user, without showing it', async () => {
      const engine = newEngine(5);
      const connection = engine.connections.open('acl-wrong', target({ username, password: 'wrong-password' }), options);
      const first = await connection.client.firstAttempt();
      expect(first.ok).toBe(false);
      if (first.ok) return;
      expect(first.error.message).toMatch(/^redis:\/\/patchbay_test_\d+@127\.0\.0\.1:\d+ refused the credentials \(WRONGPASS .*\)\. Check the password, and the ACL user name if the service uses one\.$/);
      expect(first.error.message).not.toContain('wrong-password');
      // Retrying cannot fix credentials: failed at once, not reconnecting.
      expect(connection.client.status.state).toBe('failed');
    });
  });
});
