import { describe, expect, it } from 'vitest';
import type { ConnectionTarget } from './connection';
import { connectionTargetSchema } from './connection';
import { combineRedactors, createRedactor, messageRedactor, noRedaction, REDACTED, redactConnectionInfo, redactTarget, redactUrlPasswords, targetPasswords, urlPasswords } from './redaction';

describe('redactUrlPasswords', () => {
  it.each([
    ['tcp://orders.local:3001', 'tcp://orders.local:3001'],
    ['tcp+tls://orders.local:3001?ca=ca.pem', 'tcp+tls://orders.local:3001?ca=ca.pem'],
    ['grpc://users.local:50051?proto=users.proto', 'grpc://users.local:50051?proto=users.proto'],
    ['grpcs://users.local:50051?ca=ca.pem&proto=users.proto', 'grpcs://users.local:50051?ca=ca.pem&proto=users.proto'],
    ['redis://app:s3cret-pass@cache:6379/2', `redis://app:${REDACTED}@cache:6379/2`],
    ['redis://:s3cret-pass@cache:6379', `redis://:${REDACTED}@cache:6379`],
    ['rediss://app:s3cret-pass@cache:6380?ca=ca.pem', `rediss://app:${REDACTED}@cache:6380?ca=ca.pem`],
    ['redis://cache:6379?password=s3cret-pass&db=1', `redis://cache:6379?password=${REDACTED}&db=1`],
    ['redis://app@cache:6379', 'redis://app@cache:6379'],
    ['amqp://app:s3cret-pass@mq:5672/orders?queue=q', `amqp://app:${REDACTED}@mq:5672/orders?queue=q`],
    ['amqps://app:p%40ss%2Fword@mq:5671?ca=ca.pem', `amqps://app:${REDACTED}@mq:5671?ca=ca.pem`],
    ['kafka://k1:9092,k2:9092?sasl=plain&username=app&password=s3cret-pass&clientId=x', `kafka://k1:9092,k2:9092?sasl=plain&username=app&password=${REDACTED}&clientId=x`],
    ['kafkas://k1:9093?sasl=scram-sha-256&username=app&password=s3cret-pass', `kafkas://k1:9093?sasl=scram-sha-256&username=app&password=${REDACTED}`],
  ])('%s', (url, shown) => {
    expect(redactUrlPasswords(url)).toBe(shown);
  });

  it('hides every URL inside a longer message, and leaves texts without URLs as they are', () => {
    expect(redactUrlPasswords('connect ECONNREFUSED for "amqp://app:hunter22@mq:5672" after redis://u:x1@cache:6379 failed')).toBe(
      `connect ECONNREFUSED for "amqp://app:${REDACTED}@mq:5672" after redis://u:${REDACTED}@cache:6379 failed`,
    );
    const plain = 'Nothing is listening on 127.0.0.1:6379 (connection refused).';
    expect(redactUrlPasswords(plain)).toBe(plain);
    expect(redactUrlPasswords('see http://docs.local:8080/page@v2')).toBe('see http://docs.local:8080/page@v2');
  });
});

describe('createRedactor', () => {
  it('hides each secret wherever it appears, longest first', () => {
    const redactor = createRedactor(['tok-123456', 'tok-123456-refresh']);
    expect(redactor.active).toBe(true);
    expect(redactor.text('Bearer tok-123456-refresh and tok-123456.')).toBe(`Bearer ${REDACTED} and ${REDACTED}.`);
  });

  it('hides the forms a secret takes inside JSON text and in URLs', () => {
    const redactor = createRedactor(['p@ss "word"/1']);
    expect(redactor.text(JSON.stringify({ password: 'p@ss "word"/1' }))).toBe(`{"password":"${REDACTED}"}`);
    expect(redactor.text('amqp://app:p%40ss%20%22word%22%2F1@mq:5672')).toBe(`amqp://app:${REDACTED}@mq:5672`);
  });

  it('hides a secret shorter than four characters only where it stands alone', () => {
    const redactor = createRedactor(['42x']);
    expect(redactor.text('pin 42x, not 142xy or 42xb')).toBe(`pin ${REDACTED}, not 142xy or 42xb`);
    expect(redactor.value({ pin: '42x', note: 'a42x' })).toEqual({ pin: REDACTED, note: 'a42x' });
  });

  it('treats regular expression characters in a secret as text', () => {
    expect(createRedactor(['a.b*c(d)']).text('x a.b*c(d) aXbbc(d)')).toBe(`x ${REDACTED} aXbbc(d)`);
  });

  it('redacts nested values and keys, and returns the same object when nothing holds a secret', () => {
    const redactor = createRedactor(['s3cret-value']);
    const clean = { user: 'ada', roles: ['admin'], nested: { n: 1 } };
    expect(redactor.value(clean)).toBe(clean);
    expect(redactor.value({ token: 's3cret-value', list: [1, 'x s3cret-value'], s3cret_value: true, 's3cret-value': null })).toEqual({
      token: REDACTED,
      list: [1, `x ${REDACTED}`],
      s3cret_value: true,
      [REDACTED]: null,
    });
  });

  it('is inactive without values (empty ones are ignored)', () => {
    expect(createRedactor([])).toBe(noRedaction);
    expect(createRedactor([''])).toBe(noRedaction);
    expect(noRedaction.text('anything')).toBe('anything');
  });

  it('combines with the URL rules in a message redactor', () => {
    const redactor = combineRedactors(createRedactor(['tok-abcdef']), messageRedactor());
    expect(redactor.text('failed at redis://:hunter22@h:1 with tok-abcdef')).toBe(`failed at redis://:${REDACTED}@h:1 with ${REDACTED}`);
    expect(messageRedactor(['tok-abcdef']).text('kafka://k:1?password=x&y=tok-abcdef')).toBe(`kafka://k:1?password=${REDACTED}&y=${REDACTED}`);
  });
});

describe('targets', () => {
  const targets: Record<string, ConnectionTarget> = {
    redis: connectionTargetSchema.parse({ kind: 'redis', host: 'cache', port: 6379, username: 'app', password: 'hunter22' }),
    rmq: connectionTargetSchema.parse({ kind: 'rmq', host: 'mq', port: 5672, username: 'app', password: 'hunter22', queue: 'q' }),
    kafka: connectionTargetSchema.parse({ kind: 'kafka', brokers: ['k:9092'], sasl: { mechanism: 'plain', username: 'app', password: 'hunter22' } }),
  };

  it.each(Object.keys(targets))('hides the password of a %s target', (kind) => {
    const target = targets[kind]!;
    expect(targetPasswords(target)).toEqual(['hunter22']);
    expect(JSON.stringify(redactTarget(target))).not.toContain('hunter22');
    expect(JSON.stringify(redactTarget(target))).toContain(REDACTED);
  });

  it('leaves targets without passwords, and RabbitMQ guest:guest, as they are', () => {
    const tcp = connectionTargetSchema.parse({ kind: 'tcp', host: 'h', port: 1 });
    expect(redactTarget(tcp)).toBe(tcp);
    const guest = { ...targets.rmq!, username: 'guest', password: 'guest' } as ConnectionTarget;
    expect(targetPasswords(guest)).toEqual([]);
    expect(redactTarget(guest)).toBe(guest);
  });

  it('hides a connection info’s password in its target and its last error', () => {
    const info = { id: 'c1', target: targets.redis!, state: 'failed', lastError: 'WRONGPASS for redis://app:hunter22@cache:6379 (hunter22)' };
    expect(redactConnectionInfo(info)).toEqual({
      id: 'c1',
      target: { ...targets.redis, password: REDACTED },
      state: 'failed',
      lastError: `WRONGPASS for redis://app:${REDACTED}@cache:6379 (${REDACTED})`,
    });
  });
});

describe('urlPasswords', () => {
  it('finds the passwords of the URLs in a text, decoded too', () => {
    expect(urlPasswords('amqp://app:p%40ss@mq:5672 kafka://k:9092?sasl=plain&username=u&password=k-pass tcp://h:1')).toEqual(['p%40ss', 'p@ss', 'k-pass']);
    expect(urlPasswords('redis://cache:6379')).toEqual([]);
  });
});
