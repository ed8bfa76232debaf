import { describe, expect, it } from 'vitest';
import { parseTargetUrl } from '../target-url';

const files: Record<string, string> = { 'ca.pem': 'CA PEM', 'c.pem': 'CERT PEM', 'c.key': 'KEY PEM' };
const readFile = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT: no such file or directory');
  return text;
};

describe('kafka:// target URLs', () => {
  it('reads one broker with the defaults', () => {
    expect(parseTargetUrl('kafka://127.0.0.1:19092', readFile)).toEqual({ ok: true, value: { kind: 'kafka', brokers: ['127.0.0.1:19092'], clientId: 'patchbay', allowAutoTopicCreation: true } });
  });

  it('reads several brokers, the client id and auto-creation off', () => {
    expect(parseTargetUrl('kafka://k1:9092,k2:9093?clientId=orders-tester&autoCreateTopics=0', readFile)).toEqual({
      ok: true,
      value: { kind: 'kafka', brokers: ['k1:9092', 'k2:9093'], clientId: 'orders-tester', allowAutoTopicCreation: false },
    });
  });

  it('reads SASL and TLS files with ssl=1', () => {
    expect(parseTargetUrl('kafka://k1:9093?ssl=1&ca=ca.pem&cert=c.pem&key=c.key&sasl=scram-sha-512&username=app&password=s3cret', readFile)).toEqual({
      ok: true,
      value: {
        kind: 'kafka',
        brokers: ['k1:9093'],
        clientId: 'patchbay',
        allowAutoTopicCreation: true,
        sasl: { mechanism: 'scram-sha-512', username: 'app', password: 's3cret' },
        tls: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM', rejectUnauthorized: true },
      },
    });
  });

  it('turns TLS on for kafkas:// and takes the user from the authority', () => {
    expect(parseTargetUrl('kafkas://app:pw@k1:9093?sasl=plain&insecure=1', readFile)).toEqual({
      ok: true,
      value: { kind: 'kafka', brokers: ['k1:9093'], clientId: 'patchbay', allowAutoTopicCreation: true, sasl: { mechanism: 'plain', username: 'app', password: 'pw' }, tls: { rejectUnauthorized: false } },
    });
  });

  it('ignores TLS files without ssl=1 on kafka://', () => {
    expect(parseTargetUrl('kafka://k1:9092?ca=missing.pem', readFile)).toMatchObject({ ok: true, value: { brokers: ['k1:9092'] } });
  });

  it.each([
    ['kafka://k1', 'Invalid target "kafka://k1": the broker "k1" needs a port, e.g. k1:9092'],
    ['kafka://k1:9092,k2', 'Invalid target "kafka://k1:9092,k2": the broker "k2" needs a port, e.g. k2:9092'],
    ['kafka://k1:9092?sasl=gssapi', 'Invalid target "kafka://k1:9092?sasl=gssapi": sasl=gssapi is not supported; use plain, scram-sha-256 or scram-sha-512'],
    ['kafka://k1:9092?username=u&password=secret', 'Invalid target "kafka://k1:9092?username=u&password=••••••": a user name was given without a SASL mechanism'],
    ['kafka://k1:9092?sasl=plain', 'Invalid target "kafka://k1:9092?sasl=plain": SASL needs a username'],
    ['kafka://k1:9092?autoCreateTopics=yes', 'autoCreateTopics=yes must be 0 or 1'],
  ])('explains what is wrong with %s', (text, message) => {
    const result = parseTargetUrl(text, readFile);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(message);
  });
});
