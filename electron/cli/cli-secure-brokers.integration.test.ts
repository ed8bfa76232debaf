// The built `patchbay` command over the rig's secured listeners, written as URLs: rediss:// and
// amqps:// with the CA file in the query, kafka://…?sasl=…&username=…&password=… and
// kafka://…?ssl=1&ca=…, against one Nest 12 service on the same brokers' plain listeners (a
// broker routes messages the same whichever listener a client used).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchbay } from '../test-support/run-cli';
import type { NestService } from '../../fixtures/nest/start.mjs';
import { startNestService } from '../../fixtures/nest/start.mjs';
import type { TestCertificates } from '../../fixtures/nest/certs.mjs';
import { createTestCertificates } from '../../fixtures/nest/certs.mjs';
import { holdExclusiveLock } from '../test-support/exclusive-lock';
import { fixtureServices } from '../test-support/fixture-services';
import { startHoldingBroker } from '../core/transports/kafka/test-support/kafka-fixture';

const brokers = fixtureServices().brokers;
if (!brokers) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');
const { redis, rabbitmq, kafka, tls } = brokers;
const queue = `patchbay_cli_tls_${process.pid}`;
const untrusted =
  'Give the CA certificate that signed the server\'s certificate (ca=ca.pem in a target URL, "CA certificate (PEM)" in the connection form). Only for a throwaway test server, skip the check instead (insecure=1 in a target URL, "Verify server certificate" off in the connection form).';

let nest: NestService;
let release: () => void;
let otherCa: TestCertificates;
beforeAll(async () => {
  otherCa = createTestCertificates();
  release = await holdExclusiveLock(`redis-services-${redis.port}`);
  // One service on all three brokers; startHoldingBroker also takes the Kafka broker's lock.
  nest = await startHoldingBroker((plainBrokers) =>
    startNestService({ major: 12, redis: { port: redis.port }, rabbitmq: { url: rabbitmq.url, queue, queueOptions: { durable: false, autoDelete: true } }, kafka: { brokers: plainBrokers } }),
  );
}, 300_000);
afterAll(async () => {
  await nest?.stop();
  release?.();
  otherCa?.cleanup();
});

describe('patchbay over rediss://', () => {
  it('prints 6 for {"cmd":"sum"} [1,2,3] with ?ca=', async () => {
    expect(await patchbay(['send', `rediss://127.0.0.1:${redis.tlsPort}?ca=${tls.caFile}`, '{"cmd":"sum"}', '[1,2,3]'])).toEqual({ code: 0, stdout: '6\n', stderr: '' });
  });

  it('exits 3 and names the certificate problem when the CA did not sign the server', async () => {
    expect(await patchbay(['send', `rediss://127.0.0.1:${redis.tlsPort}?ca=${join(otherCa.dir, 'ca.crt')}`, '{"cmd":"sum"}', '[1]'])).toEqual({
      code: 3,
      stdout: '',
      stderr: `patchbay: TLS handshake with rediss://127.0.0.1:${redis.tlsPort} failed: self-signed certificate in certificate chain. ${untrusted}\n`,
    });
  });
});

describe('patchbay over amqps://', () => {
  it('prints 6 for {"cmd":"sum"} [1,2,3] with ?ca=', async () => {
    const target = `amqps://guest:guest@127.0.0.1:${rabbitmq.tlsPort}/?queue=${queue}&durable=false&autoDelete=true&ca=${tls.caFile}`;
    expect(await patchbay(['send', target, '{"cmd":"sum"}', '[1,2,3]'])).toEqual({ code: 0, stdout: '6\n', stderr: '' });
  });

  it('connects with insecure=1 and no CA', async () => {
    const target = `amqps://guest:guest@127.0.0.1:${rabbitmq.tlsPort}/?queue=${queue}&durable=false&autoDelete=true&insecure=1`;
    expect(await patchbay(['emit', target, 'user.created', '{"id":1}'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('patchbay over Kafka with SASL and TLS', () => {
  it('prints "6" for sum [1,2,3] over SASL_PLAINTEXT with scram-sha-512', async () => {
    const target = `kafka://127.0.0.1:${kafka.sasl.port}?clientId=patchbay-cli-sasl&sasl=scram-sha-512&username=alice&password=alice-secret`;
    expect(await patchbay(['send', target, 'sum', '[1,2,3]'])).toEqual({ code: 0, stdout: '"6"\n', stderr: '' });
  });

  it('prints "6" for sum [1,2,3] over SSL with ?ssl=1&ca=', async () => {
    const target = `kafka://127.0.0.1:${kafka.ssl.port}?clientId=patchbay-cli-ssl&ssl=1&ca=${tls.caFile}`;
    expect(await patchbay(['send', target, 'sum', '[1,2,3]'])).toEqual({ code: 0, stdout: '"6"\n', stderr: '' });
  });

  it('exits 3 and explains a wrong SASL password', async () => {
    const target = `kafka://127.0.0.1:${kafka.sasl.port}?sasl=plain&username=alice&password=wrong`;
    expect(await patchbay(['send', target, 'sum', '[1]'])).toEqual({
      code: 3,
      stdout: '',
      stderr: `patchbay: SASL authentication with kafka://127.0.0.1:${kafka.sasl.port} failed: SASL PLAIN authentication failed: Authentication failed: Invalid username or password. Check the mechanism (plain, scram-sha-256 or scram-sha-512), user name and password.\n`,
    });
  });
});
