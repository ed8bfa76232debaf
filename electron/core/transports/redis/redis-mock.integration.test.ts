// The Redis mock server against real Nest ClientProxy instances of every major, on the rig's
// Redis: what a Nest application calling the mock gets back must be exactly what a Nest server
// would give it. The mock is driven by a scripted handler (no rules engine needed). The rule
// behaviours (values, streams, errors, empty answers, silence, no-handler) are the table of
// electron/core/mocks/redis-mock-conformance.integration.test.ts; here is what it does not cover.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetOf } from '../../../../shared/connection';
import { mockRulesSchema } from '../../../../shared/mock';
import type { NestClient } from '../../../../fixtures/nest/client.mjs';
import { startNestClient } from '../../../../fixtures/nest/client.mjs';
import { fixtureServices } from '../../../test-support/fixture-services';
import { answers, scriptedHandler } from '../../../test-support/scripted-mock-handler';
import { createEngine } from '../../engine';
import type { MockServer } from '../../mocks/mock-transport';
import { normalizePattern } from '../../../../shared/pattern-route';
import { startRedisMockServer } from './redis-mock-server';

const redis = fixtureServices().brokers?.redis;
if (!redis) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

const target: TargetOf<'redis'> = { kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: redis.port, db: 0 };
const NO_HANDLER = 'There is no matching message handler defined in the remote service.';

describe.each([10, 11, 12] as const)('Redis mock answering a Nest %i client', (major) => {
  // Unique channels per run: other test files (and other runs) share this Redis.
  const prefix = `mock-redis-${major}-${randomBytes(4).toString('hex')}`;
  const route = (name: string) => `${prefix}.${name}`;
  const objectPattern = { cmd: 'obj', run: prefix };
  const handler = scriptedHandler({
    [route('value')]: (message) => answers.value({ echo: message.data }),
    [normalizePattern(objectPattern)]: (message) => answers.value({ pattern: message.pattern, route: message.route }),
    [route('glob.42')]: (message) => answers.value({ kind: message.kind, via: message.meta }),
  });
  let server: MockServer;
  let client: NestClient;

  beforeAll(async () => {
    const started = await startRedisMockServer(target, handler, {
      exact: [...['value', 'event'].map(route), normalizePattern(objectPattern)],
      globs: [`${prefix}.glob.*`],
    });
    if (!started.ok) throw new Error(started.error.message);
    server = started.value;
    client = await startNestClient({ major, transport: 'REDIS', options: { host: '127.0.0.1', port: redis.port } });
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('delivers events to the handler and answers nothing', async () => {
    expect(await client.emit(route('event'), { id: 7 })).toEqual({ values: [] });
    await expect.poll(() => handler.received.filter((message) => message.route === route('event'))).toEqual([
      { kind: 'event', pattern: route('event'), route: route('event'), data: { id: 7 }, meta: { channel: route('event') }, sizeBytes: expect.any(Number) },
    ]);
    expect(handler.writes.filter((write) => write.message.route === route('event'))).toEqual([]);
  });

  it('replies to an object pattern whatever its key order', async () => {
    const expected = { pattern: objectPattern, route: normalizePattern(objectPattern) };
    expect(await client.send({ cmd: 'obj', run: prefix }, {})).toEqual({ values: [expected] });
    expect(await client.send({ run: prefix, cmd: 'obj' }, {})).toEqual({ values: [{ ...expected, pattern: { run: prefix, cmd: 'obj' } }] });
  });

  it('replies to a glob route on the concrete channel + .reply (as Nest 12.1.1 does; v10/v11 servers would reply on the glob)', async () => {
    expect(await client.send(route('glob.42'), {})).toEqual({ values: [{ kind: 'request', via: { channel: route('glob.42'), glob: `${prefix}.glob.*` } }] });
  });

  it('correlates 50 concurrent requests', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, index) => client.send(route('value'), { index })));
    expect(results).toEqual(Array.from({ length: 50 }, (_, index) => ({ values: [{ echo: { index } }] })));
  });
});

describe('Redis mock wire details', () => {
  const prefix = `mock-redis-wire-${randomBytes(4).toString('hex')}`;
  let admin: Redis;
  let listener: Redis;
  beforeAll(async () => {
    admin = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
    listener = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
    await Promise.all([admin.connect(), listener.connect()]);
  });
  afterAll(() => {
    admin?.disconnect();
    listener?.disconnect();
  });

  it("writes Nest's reply bodies byte for byte, and takes a body without pattern and data as an event", async () => {
    const handler = scriptedHandler({ [`${prefix}.a`]: () => answers.stream(1, 2, 3), [`${prefix}.err`]: () => answers.error({ status: 'error', message: 'bad thing' }) });
    const started = await startRedisMockServer(target, handler, { exact: [`${prefix}.a`, `${prefix}.err`, `${prefix}.b`], globs: [] });
    if (!started.ok) throw new Error(started.error.message);
    const replies: string[] = [];
    listener.on('message', (_channel: string, body: string) => replies.push(body));
    await listener.subscribe(`${prefix}.a.reply`, `${prefix}.err.reply`, `${prefix}.b.reply`);
    try {
      await admin.publish(`${prefix}.a`, JSON.stringify({ pattern: `${prefix}.a`, data: 1, id: 'ID1' }));
      await admin.publish(`${prefix}.err`, JSON.stringify({ pattern: `${prefix}.err`, data: 1, id: 'ID2' }));
      await admin.publish(`${prefix}.b`, JSON.stringify({ pattern: `${prefix}.b`, data: 1, id: 'ID3' }));
      await admin.publish(`${prefix}.b`, 'not json');
      await admin.publish(`${prefix}.b`, JSON.stringify({ hello: 'x' }));
      await expect.poll(() => replies.length).toBe(5);
      expect(replies.sort()).toEqual(
        [
          '{"response":1,"id":"ID1"}',
          '{"response":2,"id":"ID1"}',
          '{"response":3,"isDisposed":true,"id":"ID1"}',
          '{"err":{"status":"error","message":"bad thing"},"isDisposed":true,"id":"ID2"}',
          `{"id":"ID3","status":"error","err":"${NO_HANDLER}"}`,
        ].sort(),
      );
      await expect.poll(() => handler.received.filter((message) => message.kind === 'event').map(({ pattern, data }) => ({ pattern, data }))).toEqual([
        { pattern: `${prefix}.b`, data: 'not json' },
        { pattern: `${prefix}.b`, data: { hello: 'x' } },
      ]);
    } finally {
      await started.value.close();
    }
  });

  it('moves its subscriptions when the routes change, and unsubscribes everything on close', async () => {
    const numsub = async (channel: string) => Number(((await admin.call('PUBSUB', 'NUMSUB', channel)) as [string, number])[1]);
    const numpat = async () => Number(await admin.call('PUBSUB', 'NUMPAT'));
    const handler = scriptedHandler({});
    const before = await numpat();
    const started = await startRedisMockServer(target, handler, { exact: [`${prefix}.one`], globs: [] });
    if (!started.ok) throw new Error(started.error.message);
    expect(await numsub(`${prefix}.one`)).toBe(1);
    expect(await started.value.setRoutes({ exact: [`${prefix}.two`], globs: [`${prefix}.g*`] })).toEqual({ ok: true, value: null });
    expect([await numsub(`${prefix}.one`), await numsub(`${prefix}.two`), await numpat()]).toEqual([0, 1, before + 1]);
    await started.value.close();
    expect([await numsub(`${prefix}.two`), await numpat()]).toEqual([0, before]);
  });

  it('reports a dropped broker connection as fatal trouble', async () => {
    const started = await startRedisMockServer(target, scriptedHandler({}), { exact: [`${prefix}.drop`], globs: [] });
    if (!started.ok) throw new Error(started.error.message);
    const troubles: { message: string; fatal: boolean }[] = [];
    started.value.onTrouble((problem) => troubles.push(problem));
    const clients = (await admin.call('CLIENT', 'LIST')) as string;
    const subscriberId = clients
      .split('\n')
      .find((line) => line.includes(' name=patchbay-mock-subscriber ') && / sub=1 /.test(line))
      ?.match(/^id=(\d+) /)?.[1];
    expect(subscriberId).toMatch(/^\d+$/);
    await admin.call('CLIENT', 'KILL', 'ID', subscriberId!);
    await expect.poll(() => troubles.length).toBe(1);
    expect(troubles[0]).toMatchObject({ fatal: true, message: expect.stringContaining("The Redis mock's subscriber connection to redis://127.0.0.1") });
    await started.value.close();
  });

  it('says why it cannot start when Redis is unreachable', async () => {
    const started = await startRedisMockServer({ ...target, port: 1 }, scriptedHandler({}), { exact: ['x'], globs: [] });
    expect(started).toMatchObject({ ok: false, error: { code: 'mock-start-failed', message: expect.stringContaining('The Redis mock could not join redis://127.0.0.1:1') } });
  });
});

describe('Redis mock started through the mock registry', () => {
  it('answers a Nest 12 client by the rules, on an exact and a glob channel', async () => {
    const prefix = `mock-redis-registry-${randomBytes(4).toString('hex')}`;
    const engine = createEngine();
    let client: NestClient | undefined;
    try {
      const rules = mockRulesSchema.parse({
        rules: [
          { pattern: { cmd: 'get_user', run: prefix }, reply: { template: { id: '{{data.id}}', name: 'Ada' } } },
          { glob: `${prefix}.users.*`, reply: { value: 'by glob' } },
        ],
      });
      const started = await engine.mocks.start('redis users', target, rules);
      if (!started.ok) throw new Error(started.error.message);
      expect(started.value).toMatchObject({ state: 'serving' });
      client = await startNestClient({ major: 12, transport: 'REDIS', options: { host: '127.0.0.1', port: redis.port } });
      expect(await client.send({ run: prefix, cmd: 'get_user' }, { id: 7 })).toEqual({ values: [{ id: 7, name: 'Ada' }] });
      expect(await client.send(`${prefix}.users.42`, {})).toEqual({ values: ['by glob'] });
    } finally {
      await client?.close();
      await engine.close();
    }
  });
});
