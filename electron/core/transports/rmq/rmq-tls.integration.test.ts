// RabbitMQ over TLS (amqps://) on the rig's TLS listener, with a real Nest 12 service: the service
// consumes its queue over plain AMQP on the same broker, which routes a message the same way
// whichever listener it came in on, so a request sent over TLS gets the service's reply over TLS.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TargetOf } from '../../../../shared/connection';
import type { NestService } from '../../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../../fixtures/nest/start.mjs';
import type { TestCertificates } from '../../../../fixtures/nest/certs.mjs';
import { createTestCertificates } from '../../../../fixtures/nest/certs.mjs';
import { fixtureServices } from '../../../test-support/fixture-services';
import type { Engine } from '../../engine';
import { createEngine } from '../../engine';

const brokers = fixtureServices().brokers;
if (!brokers) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');
const { rabbitmq, tls } = brokers;

// A queue of this test process alone: other RabbitMQ tests may run their services at the same time.
const queue = `patchbay_tls_${process.pid}`;
const queueOptions = { durable: false, autoDelete: true };
const target = (tlsOptions: NonNullable<TargetOf<'rmq'>['tls']>): TargetOf<'rmq'> => ({
  kind: 'rmq', host: '127.0.0.1', port: rabbitmq.tlsPort, vhost: '/', username: 'guest', password: 'guest',
  queue, queueOptions, noAssert: false, persistent: false, wildcards: false, tls: tlsOptions,
});
const options = { connectTimeoutMs: 5000, requestTimeoutMs: 10_000 };

let nest: NestService;
let otherCa: TestCertificates;
const engines: Engine[] = [];
const open = (rmqTarget: TargetOf<'rmq'>) => {
  const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  engines.push(engine);
  return { engine, connection: engine.connections.open('rmq-tls', rmqTarget, options) };
};

beforeAll(async () => {
  nest = await startNestService({ major: 12, rabbitmq: { url: rabbitmq.url, queue, queueOptions } });
  otherCa = createTestCertificates();
}, 120_000);
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});
afterAll(async () => {
  otherCa?.cleanup();
  await nest?.stop();
});

describe('RabbitMQ over TLS', () => {
  it("sends a request and reads Nest's reply over amqps:// when given the CA that signed the server", async () => {
    expect(rabbitmq.tlsUrl).toBe(`amqps://guest:guest@127.0.0.1:${rabbitmq.tlsPort}`);
    const { engine, connection } = open(target({ ca: tls.ca, rejectUnauthorized: true }));
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    expect(await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [1, 2, 3] })).toMatchObject({ status: 'ok', values: [6] });
    expect(await engine.messenger.send({ connection, pattern: { cmd: 'get_user' }, data: { id: 7 } })).toMatchObject({ status: 'ok', values: [{ id: 7, name: 'User 7', email: 'user7@example.com' }] });
  });

  it('emits an event over TLS that the service records', async () => {
    const { engine, connection } = open(target({ ca: tls.ca, rejectUnauthorized: true }));
    await connection.client.firstAttempt();
    expect(await engine.messenger.send({ connection, pattern: { cmd: 'events_reset' }, data: {} })).toMatchObject({ status: 'ok', values: [true] });
    expect((await engine.messenger.emit({ connection, pattern: 'user.created', data: { id: 42 } })).ok).toBe(true);
    await expect
      .poll(async () => ((await engine.messenger.send({ connection, pattern: { cmd: 'events' }, data: {} })).values?.[0] as { pattern: string; data: unknown }[]).map(({ pattern, data }) => ({ pattern, data })))
      .toEqual([{ pattern: 'user.created', data: { id: 42 } }]);
  });

  it('refuses a server certificate that the given CA did not sign, naming the certificate problem', async () => {
    const { connection } = open(target({ ca: otherCa.ca, rejectUnauthorized: true }));
    const first = await connection.client.firstAttempt();
    expect(first.ok).toBe(false);
    expect(!first.ok && first.error.message).toBe(
      // RabbitMQ sends its chain with the rig's CA in it: Node names that CA an untrusted self-signed one.
      `TLS handshake with amqps://127.0.0.1:${rabbitmq.tlsPort} → ${queue} failed: self-signed certificate in certificate chain. Give the CA certificate that signed the server's certificate (ca=ca.pem in a target URL, "CA certificate (PEM)" in the connection form). Only for a throwaway test server, skip the check instead (insecure=1 in a target URL, "Verify server certificate" off in the connection form).`,
    );
  });

  it('connects to a server it cannot verify only with verification turned off', async () => {
    const { engine, connection } = open(target({ rejectUnauthorized: false }));
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    expect(await engine.messenger.send({ connection, pattern: { cmd: 'sum' }, data: [4, 5] })).toMatchObject({ status: 'ok', values: [9] });
  });
});
