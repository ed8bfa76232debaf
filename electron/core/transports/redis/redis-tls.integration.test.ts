// Redis over TLS (rediss://) on the rig's TLS port, with a real Nest 12 service: the service
// listens on the plain port of the same Redis server, and pub/sub does not care how each client
// connected, so a request sent over TLS reaches it and its reply comes back over TLS.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TargetOf } from '../../../../shared/connection';
import type { NestService } from '../../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../../fixtures/nest/start.mjs';
import type { TestCertificates } from '../../../../fixtures/nest/certs.mjs';
import { createTestCertificates } from '../../../../fixtures/nest/certs.mjs';
import { fixtureServices } from '../../../test-support/fixture-services';
import { holdExclusiveLock } from '../../../test-support/exclusive-lock';
import type { Engine } from '../../engine';
import { createEngine } from '../../engine';

const brokers = fixtureServices().brokers;
if (!brokers) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');
const { redis, tls } = brokers;

const target = (tlsOptions: NonNullable<TargetOf<'redis'>['tls']>): TargetOf<'redis'> => ({ kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: redis.tlsPort, db: 0, tls: tlsOptions });
const options = { connectTimeoutMs: 5000, requestTimeoutMs: 10_000 };

let nest: NestService;
let release: () => void;
let otherCa: TestCertificates;
const engines: Engine[] = [];
const open = (redisTarget: TargetOf<'redis'>) => {
  const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  engines.push(engine);
  return { engine, connection: engine.connections.open('redis-tls', redisTarget, options) };
};

beforeAll(async () => {
  // Same lock as the other Redis tests: two Nest services on one Redis would both answer.
  release = await holdExclusiveLock(`redis-services-${redis.port}`);
  nest = await startNestService({ major: 12, redis: { port: redis.port } });
  otherCa = createTestCertificates();
}, 120_000);
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});
afterAll(async () => {
  otherCa?.cleanup();
  await nest?.stop();
  release?.();
});

describe('Redis over TLS', () => {
  it("sends a request and reads Nest's reply over rediss:// when given the CA that signed the server", async () => {
    expect(redis.tlsUrl).toBe(`rediss://127.0.0.1:${redis.tlsPort}`);
    const { engine, connection } = open(target({ ca: tls.ca, rejectUnauthorized: true }));
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    expect(await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1, 2, 3] })).toMatchObject({ status: 'ok', values: [6] });
    expect(await engine.messenger.send({ connection, pattern: { cmd: 'stream' }, data: {} })).toMatchObject({ status: 'ok', values: [1, 2, 3] });
  });

  it('emits an event over TLS that the service records', async () => {
    const { engine, connection } = open(target({ ca: tls.ca, rejectUnauthorized: true }));
    await connection.client.firstAttempt();
    expect(await engine.messenger.send({ connection, pattern: { cmd: 'events_reset' }, data: {} })).toMatchObject({ status: 'ok', values: [true] });
    expect(await engine.messenger.emit({ connection, pattern: 'user.created', data: { id: 42 } })).toEqual({ ok: true, value: { sizeBytes: expect.any(Number) as number } });
    await expect
      .poll(async () => ((await engine.messenger.send({ connection, pattern: { cmd: 'events' }, data: {} })).values?.[0] as { pattern: string; data: unknown }[]).map(({ pattern, data }) => ({ pattern, data })))
      .toEqual([{ pattern: 'user.created', data: { id: 42 } }]);
  });

  it('refuses a server certificate that the given CA did not sign, naming the certificate problem', async () => {
    const { connection } = open(target({ ca: otherCa.ca, rejectUnauthorized: true }));
    const first = await connection.client.firstAttempt();
    expect(first.ok).toBe(false);
    expect(!first.ok && first.error.message).toBe(
      // Redis sends its chain with the rig's CA in it: Node names that CA an untrusted self-signed one.
      `TLS handshake with rediss://127.0.0.1:${redis.tlsPort} failed: self-signed certificate in certificate chain. Give the CA certificate that signed the server's certificate (ca=ca.pem in a target URL, "CA certificate (PEM)" in the connection form). Only for a throwaway test server, skip the check instead (insecure=1 in a target URL, "Verify server certificate" off in the connection form).`,
    );
  });

  it('connects to a server it cannot verify only with verification turned off', async () => {
    const { engine, connection } = open(target({ rejectUnauthorized: false }));
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    expect(await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [4, 5] })).toMatchObject({ status: 'ok', values: [9] });
  });
});
