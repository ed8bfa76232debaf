import { describe, expect, it } from 'vitest';
import { parseTargetUrl, redactUrl } from './target-url';

const files: Record<string, string> = { 'ca.pem': 'CA PEM', 'c.pem': 'CERT PEM', 'c.key': 'KEY PEM' };
const readFile = (path: string) => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
  return text;
};

describe('parseTargetUrl', () => {
  it('reads a plain TCP target', () => {
    expect(parseTargetUrl('tcp://127.0.0.1:3001', readFile)).toEqual({ ok: true, value: { kind: 'tcp', host: '127.0.0.1', port: 3001 } });
  });

  it('reads TLS files, server name and insecure mode', () => {
    expect(parseTargetUrl('tcp+tls://localhost:4000?ca=ca.pem&cert=c.pem&key=c.key&servername=api.local&insecure=1', readFile)).toEqual({
      ok: true,
      value: { kind: 'tcp', host: 'localhost', port: 4000, tls: { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM', servername: 'api.local', rejectUnauthorized: false } },
    });
  });

  it('reads a gRPC target with protos and import dirs, and one for reflection', () => {
    expect(parseTargetUrl('grpc://127.0.0.1:5000?proto=a.proto&proto=b/c.proto&import=protos', readFile)).toEqual({
      ok: true,
      value: {
        kind: 'grpc',
        host: '127.0.0.1',
        port: 5000,
        protoFiles: ['a.proto', 'b/c.proto'],
        includeDirs: ['protos'],
        loader: { keepCase: false, longs: 'Long', enums: 'Number', defaults: false, oneofs: false },
      },
    });
    expect(parseTargetUrl('grpcs://api.local:443?ca=ca.pem', readFile)).toMatchObject({
      ok: true,
      value: { kind: 'grpc', host: 'api.local', port: 443, protoFiles: [], includeDirs: [], tls: { ca: 'CA PEM', rejectUnauthorized: true } },
    });
  });

  it('asks for the port of a gRPC target', () => {
    expect(parseTargetUrl('grpc://localhost', readFile)).toEqual({ ok: false, error: { code: 'invalid-target', message: 'Invalid target "grpc://localhost": the URL has no port; the usual one is 5000' } });
  });

  it.each([
    ['localhost:3000', '"localhost:3000" has no transport: start it with one, for example tcp://localhost:3000. Write it as one of: tcp://host:port'],
    ['nats://localhost:4222', 'Unknown transport "nats" in "nats://localhost:4222". Supported: tcp://host:port'],
    ['tcp://localhost', 'Invalid target "tcp://localhost": the URL has no port; the usual one is 3000'],
    ['tcp://127.0.0.1:99999', 'The port 99999 in "tcp://127.0.0.1:99999" is out of range. Write a port from 1 to 65535.'],
    ['grpc://[::1]:70000', 'The port 70000 in "grpc://[::1]:70000" is out of range. Write a port from 1 to 65535.'],
    ['tcp://127.0.0.1:http', 'The port "http" in "tcp://127.0.0.1:http" is not a number. Write a port from 1 to 65535 after the host, for example tcp://127.0.0.1:3000.'],
    ['tcp://[bad', '"tcp://[bad" is not a target URL. Write it as one of: tcp://host:port'],
    ['redis://app:s3cret@[::1', '"redis://app:••••••@[::1" is not a target URL. Write it as one of: tcp://host:port'],
    ['redis://app:s3cret@127.0.0.1:99999', 'The port 99999 in "redis://app:••••••@127.0.0.1:99999" is out of range. Write a port from 1 to 65535.'],
    ['tcp+tls://localhost:1?ca=missing.pem', 'The ca file "missing.pem" (ca= in the URL) does not exist. Check the path; a relative one starts at the folder Patchbay runs in.'],
  ])('explains what is wrong with %s', (text, message) => {
    const result = parseTargetUrl(text, readFile);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(message);
  });
});

describe('parseTargetUrl for Redis', () => {
  it('reads host, port, ACL user, password and database', () => {
    expect(parseTargetUrl('redis://app:s%40cret@10.0.0.5:6380/2', readFile)).toEqual({
      ok: true,
      value: { kind: 'redis', mode: 'standalone', host: '10.0.0.5', port: 6380, username: 'app', password: 's@cret', db: 2 },
    });
  });

  it('reads a password without a user and defaults the database to 0', () => {
    expect(parseTargetUrl('redis://:pw@localhost:6379', readFile)).toEqual({ ok: true, value: { kind: 'redis', mode: 'standalone', host: 'localhost', port: 6379, password: 'pw', db: 0 } });
  });

  it('reads rediss:// with the shared TLS parameters', () => {
    expect(parseTargetUrl('rediss://localhost:6380?ca=ca.pem&servername=cache.local', readFile)).toEqual({
      ok: true,
      value: { kind: 'redis', mode: 'standalone', host: 'localhost', port: 6380, db: 0, tls: { ca: 'CA PEM', servername: 'cache.local', rejectUnauthorized: true } },
    });
  });

  it.each([
    ['redis://localhost', 'Invalid target "redis://localhost": the URL has no port; the usual one is 6379'],
    ['redis://u:secret@localhost:6379/cache', 'Invalid target "redis://u:••••••@localhost:6379/cache": the database "cache" is not a number; write /0, /1, … after the port'],
  ])('explains what is wrong with %s, never showing the password', (text, message) => {
    const result = parseTargetUrl(text, readFile);
    expect(result).toEqual({ ok: false, error: { code: 'invalid-target', message } });
  });
});

describe('parseTargetUrl for RabbitMQ', () => {
  const defaults = { kind: 'rmq', vhost: '/', username: 'guest', password: 'guest', queue: '', queueOptions: {}, noAssert: false, persistent: false, wildcards: false };

  it('reads credentials, vhost, queue and queue options', () => {
    expect(parseTargetUrl('amqp://app:pw@mq.local:5672/orders?queue=orders_queue&durable=false&noAssert=1&persistent=1', readFile)).toEqual({
      ok: true,
      value: { ...defaults, host: 'mq.local', port: 5672, vhost: 'orders', username: 'app', password: 'pw', queue: 'orders_queue', queueOptions: { durable: false }, noAssert: true, persistent: true },
    });
  });

  it('reads the default vhost written as nothing or %2F, and guest credentials by default', () => {
    const expected = { ok: true, value: { ...defaults, host: '127.0.0.1', port: 5672, queue: 'q' } };
    expect(parseTargetUrl('amqp://127.0.0.1:5672/?queue=q', readFile)).toEqual(expected);
    expect(parseTargetUrl('amqp://127.0.0.1:5672/%2F?queue=q', readFile)).toEqual(expected);
  });

  it('reads exchange options', () => {
    expect(parseTargetUrl('amqp://127.0.0.1:5672?queue=q&exchange=events&exchangeType=topic&routingKey=orders.%23&wildcards=1', readFile)).toEqual({
      ok: true,
      value: { ...defaults, host: '127.0.0.1', port: 5672, queue: 'q', exchange: 'events', exchangeType: 'topic', routingKey: 'orders.#', wildcards: true },
    });
  });

  it('reads amqps:// with the shared TLS parameters', () => {
    expect(parseTargetUrl('amqps://127.0.0.1:5671?queue=q&insecure=1', readFile)).toEqual({
      ok: true,
      value: { ...defaults, host: '127.0.0.1', port: 5671, queue: 'q', tls: { rejectUnauthorized: false } },
    });
  });

  it.each([
    ['amqp://localhost/?queue=q', 'Invalid target "amqp://localhost/?queue=q": the URL has no port; the usual one is 5672'],
    ['amqp://u:secret@localhost:5672?queue=q&durable=maybe', 'Invalid target "amqp://u:••••••@localhost:5672?queue=q&durable=maybe": durable=maybe is not a yes/no value; write durable=1 or durable=0'],
    ['amqp://localhost:5672?queue=q&exchangeType=x-delayed', 'Invalid target "amqp://localhost:5672?queue=q&exchangeType=x-delayed": exchangeType=x-delayed is not one of direct, topic, fanout, headers'],
  ])('explains what is wrong with %s, never showing the password', (text, message) => {
    expect(parseTargetUrl(text, readFile)).toEqual({ ok: false, error: { code: 'invalid-target', message } });
  });
});

describe('redactUrl', () => {
  it('hides a password given in the authority or in the query', () => {
    expect(redactUrl('kafka://k1:9092,k2:9092?sasl=plain&username=app&password=s3cret&clientId=x')).toBe('kafka://k1:9092,k2:9092?sasl=plain&username=app&password=••••••&clientId=x');
    expect(redactUrl('redis://u:s3cret@h:6379')).toBe('redis://u:••••••@h:6379');
  });
});
