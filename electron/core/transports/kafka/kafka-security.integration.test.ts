// Kafka over the rig broker's secured listeners: SASL_PLAINTEXT with PLAIN, SCRAM-SHA-256 and
// SCRAM-SHA-512, SSL, and SASL_SSL, against a real Nest 12 service. The service uses the plain
// listener of the same broker: topics are the broker's, whichever listener a client came in on,
// so Patchbay's request over SASL or TLS reaches the service and its reply comes back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TargetOf } from '../../../../shared/connection';
import type { NestService } from '../../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../../fixtures/nest/start.mjs';
import type { TestCertificates } from '../../../../fixtures/nest/certs.mjs';
import { createTestCertificates } from '../../../../fixtures/nest/certs.mjs';
import { fixtureServices } from '../../../test-support/fixture-services';
import type { Engine } from '../../engine';
import { createEngine } from '../../engine';
import { startHoldingBroker } from './test-support/kafka-fixture';

const brokers = fixtureServices().brokers;
if (!brokers) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');
const { kafka, tls } = brokers;
const { username, password } = kafka.sasl;

type Mechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';
const target = (fields: Partial<TargetOf<'kafka'>>): TargetOf<'kafka'> => ({ kind: 'kafka', brokers: kafka.sasl.brokers, clientId: 'patchbay-security-test', allowAutoTopicCreation: true, ...fields });
const options = { connectTimeoutMs: 10_000, requestTimeoutMs: 20_000 };

let nest: NestService;
let otherCa: TestCertificates;
const engines: Engine[] = [];
const open = (kafkaTarget: TargetOf<'kafka'>) => {
  const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  engines.push(engine);
  return { engine, connection: engine.connections.open('kafka-security', kafkaTarget, options) };
};

beforeAll(async () => {
  nest = await startHoldingBroker((plainBrokers) => startNestService({ major: 12, tcp: { port: 0 }, kafka: { brokers: plainBrokers } }));
  otherCa = createTestCertificates();
}, 300_000);
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});
afterAll(async () => {
  otherCa?.cleanup();
  await nest?.stop();
});

describe('Kafka over SASL_PLAINTEXT', () => {
  it('offers the three mechanisms for one user', () => {
    expect(kafka.sasl).toEqual({ brokers: [`127.0.0.1:${kafka.sasl.port}`], port: kafka.sasl.port, mechanisms: ['plain', 'scram-sha-256', 'scram-sha-512'], username: 'alice', password: 'alice-secret' });
  });

  it.each<Mechanism>(['plain', 'scram-sha-256', 'scram-sha-512'])('logs in with %s and gets the Nest service reply to sum [1,2,3]', async (mechanism) => {
    const { engine, connection } = open(target({ sasl: { mechanism, username, password } }));
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    expect(await engine.messenger.send({ connection, pattern: 'sum', data: [1, 2, 3] })).toMatchObject({ status: 'ok', values: ['6'] });
  });

  it.each<Mechanism>(['plain', 'scram-sha-256', 'scram-sha-512'])('explains a wrong password with %s and does not retry', async (mechanism) => {
    const { connection } = open(target({ sasl: { mechanism, username, password: 'not-the-password' } }));
    const first = await connection.client.firstAttempt();
    expect(first.ok).toBe(false);
    const expected: Record<Mechanism, string> = {
      plain: 'SASL PLAIN authentication failed: Authentication failed: Invalid username or password',
      'scram-sha-256': 'SASL SCRAM SHA256 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
      'scram-sha-512': 'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
    };
    expect(!first.ok && first.error.message).toBe(
      `SASL authentication with kafka://127.0.0.1:${kafka.sasl.port} failed: ${expected[mechanism]}. Check the mechanism (plain, scram-sha-256 or scram-sha-512), user name and password.`,
    );
    expect(connection.client.status.state).toBe('failed');
  });
});

describe('Kafka over SSL and SASL_SSL', () => {
  it('sends a request over SSL when given the CA that signed the broker, and emits an event the service records', async () => {
    const { engine, connection } = open(target({ brokers: kafka.ssl.brokers, tls: { ca: tls.ca, rejectUnauthorized: true } }));
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    expect(await engine.messenger.send({ connection, pattern: 'events_reset', data: {} })).toMatchObject({ status: 'ok', values: ['true'] }); // Kafka carries booleans as text
    expect((await engine.messenger.emit({ connection, pattern: 'order_placed', data: { id: 42 } })).ok).toBe(true);
    await expect
      .poll(async () => ((await engine.messenger.send({ connection, pattern: 'events', data: {} })).values?.[0] as { pattern: string; data: unknown }[]).map(({ pattern, data }) => ({ pattern, data })), { timeout: 15_000 })
      .toEqual([{ pattern: 'order_placed', data: { id: 42 } }]);
  });

  it('logs in with scram-sha-512 over SASL_SSL and gets the reply', async () => {
    const { engine, connection } = open(target({ brokers: kafka.saslSsl.brokers, tls: { ca: tls.ca, rejectUnauthorized: true }, sasl: { mechanism: 'scram-sha-512', username, password } }));
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    expect(await engine.messenger.send({ connection, pattern: 'echo', data: { over: 'SASL_SSL' } })).toMatchObject({ status: 'ok', values: [{ over: 'SASL_SSL' }] });
  });

  it('refuses a broker certificate that the given CA did not sign, naming the certificate problem', async () => {
    const { connection } = open(target({ brokers: kafka.ssl.brokers, tls: { ca: otherCa.ca, rejectUnauthorized: true } }));
    const first = await connection.client.firstAttempt();
    expect(first.ok).toBe(false);
    expect(!first.ok && first.error.message).toBe(
      `TLS handshake with kafka://127.0.0.1:${kafka.ssl.port} failed: unable to verify the first certificate. Give the CA certificate that signed the server's certificate (ca=ca.pem in a target URL, "CA certificate (PEM)" in the connection form). Only for a throwaway test server, skip the check instead (insecure=1 in a target URL, "Verify server certificate" off in the connection form).`,
    );
  });
});
