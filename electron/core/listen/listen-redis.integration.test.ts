// Listening on Redis next to a real Nest 12 service: Patchbay sees what the service receives,
// and the service still gets all of it; a tap joins a real Nest client's request to its reply.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisTargetSchema } from '../../../shared/connection';
import type { ListenSpecInput } from '../../../shared/listen';
import { listenSpecSchema } from '../../../shared/listen';
import type { TrafficEntry } from '../../../shared/traffic';
import type { NestClient } from '../../../fixtures/nest/client.mjs';
import { startNestClient } from '../../../fixtures/nest/client.mjs';
import type { NestService } from '../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../fixtures/nest/start.mjs';
import { holdExclusiveLock } from '../../test-support/exclusive-lock';
import { fixtureServices } from '../../test-support/fixture-services';
import type { Connection } from '../connections/registry';
import type { Engine } from '../engine';
import { createEngine } from '../engine';

const redis = fixtureServices().brokers?.redis;
if (!redis) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');

let nest: NestService;
let release: () => void;
let engine: Engine;
let connection: Connection;
let publisher: Redis;
beforeAll(async () => {
  release = await holdExclusiveLock(`redis-services-${redis.port}`);
  nest = await startNestService({ major: 12, redis: { port: redis.port } });
  engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  connection = engine.connections.open('redis', redisTargetSchema.parse({ kind: 'redis', host: '127.0.0.1', port: redis.port }), { connectTimeoutMs: 5000, requestTimeoutMs: 10_000 });
  const first = await connection.client.firstAttempt();
  if (!first.ok) throw new Error(first.error.message);
  publisher = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true });
  await publisher.connect();
}, 120_000);
afterAll(async () => {
  await engine?.close();
  publisher?.disconnect();
  await nest?.stop();
  release?.();
});

const start = async (spec: ListenSpecInput) => {
  const started = await engine.listeners.start(connection.info().id, listenSpecSchema.parse(spec));
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
};
const observedBy = (listenerId: string): TrafficEntry[] => engine.traffic.readPage(undefined, 10_000).entries.filter((entry) => entry.listenerId === listenerId);
const recordedEvents = async () => (await engine.messenger.send({ connection, pattern: { cmd: 'events' }, data: {} })).values[0] as { pattern: unknown; data: unknown }[];

describe('Redis listener', () => {
  it('sees the events the service receives on a channel and a glob, and the service still records them', async () => {
    await engine.messenger.send({ connection, pattern: { cmd: 'events_reset' }, data: {} });
    const listener = await start({ kind: 'redis', channels: ['user.created', '{"event":"order_*'] });
    expect(listener).toMatchObject({ state: 'listening', label: 'redis channels user.created, {"event":"order_*', count: 0 });

    expect((await engine.messenger.emit({ connection, pattern: 'user.created', data: { id: 7 } })).ok).toBe(true);
    expect((await engine.messenger.emit({ connection, pattern: { event: 'order_placed' }, data: { total: 12 } })).ok).toBe(true);

    await expect.poll(() => observedBy(listener.id).length, { timeout: 5000 }).toBe(2);
    const [user, order] = observedBy(listener.id);
    expect(user).toMatchObject({ kind: 'event', direction: 'observed', origin: 'listen', pattern: 'user.created', bodyPreview: '{"id":7}', connectionName: 'redis', meta: { channel: 'user.created' } });
    expect(order).toMatchObject({ kind: 'event', pattern: '{"event":"order_placed"}', bodyPreview: '{"total":12}', meta: { channel: '{"event":"order_placed"}', glob: '{"event":"order_*' } });
    await expect
      .poll(async () => (await recordedEvents()).map(({ pattern, data }) => ({ pattern, data })), { timeout: 5000 })
      .toEqual([
        { pattern: 'user.created', data: { id: 7 } },
        { pattern: { event: 'order_placed' }, data: { total: 12 } },
      ]);
    expect(engine.listeners.list().find((info) => info.id === listener.id)?.count).toBe(2);
    expect(await engine.listeners.stop(listener.id)).toEqual({ ok: true, value: null });
    expect(engine.listeners.list().some((info) => info.id === listener.id)).toBe(false);
  });

  it('keeps a body that is not a Nest envelope as text, or hex when it is not UTF-8', async () => {
    const channel = `patchbay.raw.${process.pid}`;
    const listener = await start({ kind: 'redis', channels: [channel] });
    await publisher.publish(channel, 'plain words');
    await publisher.publish(channel, Buffer.from([0xff, 0x00, 0x41]));
    await expect.poll(() => observedBy(listener.id).length, { timeout: 5000 }).toBe(2);
    expect(observedBy(listener.id).map(({ kind, bodyPreview, encoding, sizeBytes }) => ({ kind, bodyPreview, encoding, sizeBytes }))).toEqual([
      { kind: 'message', bodyPreview: 'plain words', encoding: 'text', sizeBytes: 11 },
      { kind: 'message', bodyPreview: 'ff0041', encoding: 'hex', sizeBytes: 3 },
    ]);
    await engine.listeners.stop(listener.id);
  });

  it("taps a real Nest client's request and joins the service's reply to it with the latency", async () => {
    const listener = await start({ kind: 'redis', channels: ['{"cmd":"sum"}'], tap: true });
    let client: NestClient | undefined;
    try {
      client = await startNestClient({ major: 12, transport: 'REDIS', options: { host: '127.0.0.1', port: redis.port } });
      expect(await client.send({ cmd: 'sum' }, [1, 2, 3])).toEqual({ values: [6] });
    } finally {
      await client?.close();
    }
    await expect.poll(() => observedBy(listener.id).length, { timeout: 5000 }).toBe(2);
    const [request, reply] = observedBy(listener.id);
    expect(request).toMatchObject({ kind: 'request', pattern: '{"cmd":"sum"}', bodyPreview: '[1,2,3]', meta: { channel: '{"cmd":"sum"}' } });
    expect(request!.correlationId).toMatch(/^[0-9a-f]{21}$/);
    expect(reply).toMatchObject({ kind: 'reply', pattern: '{"cmd":"sum"}', bodyPreview: '6', correlationId: request!.correlationId, meta: { channel: '{"cmd":"sum"}.reply' } });
    expect(reply!.elapsedMs).toBeGreaterThan(0);
    expect(reply!.totalMs).toBe(reply!.elapsedMs);
    await engine.listeners.stop(listener.id);
  }, 90_000);

  it('refuses a spec that does not fit the connection, naming both transports', async () => {
    expect(await engine.listeners.start(connection.info().id, listenSpecSchema.parse({ kind: 'kafka', topics: ['sum'] }))).toEqual({
      ok: false,
      error: { code: 'wrong-transport', message: 'A Kafka listener needs a Kafka connection; this one is Redis.' },
    });
  });

  it('stops its listeners when their connection closes', async () => {
    const other = engine.connections.open('closing', redisTargetSchema.parse({ kind: 'redis', host: '127.0.0.1', port: redis.port }), { connectTimeoutMs: 5000, requestTimeoutMs: 10_000 });
    await other.client.firstAttempt();
    const started = await engine.listeners.start(other.info().id, listenSpecSchema.parse({ kind: 'redis', channels: ['user.created'] }));
    expect(started.ok).toBe(true);
    const removed: string[] = [];
    const stopWatching = engine.onEvent(({ event, payload }) => event === 'listen.removed' && removed.push(payload.listenerId));
    await engine.connections.close(other.info().id);
    await expect.poll(() => removed, { timeout: 5000 }).toEqual([started.ok && started.value.id]);
    stopWatching();
  });
});
