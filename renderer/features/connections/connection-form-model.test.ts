import { describe, expect, it } from 'vitest';
import type { ConnectionTarget } from '../../../shared/connection';
import { checkConnectionForm, emptyConnectionForm, formValuesFromTarget, switchTransport, type ConnectionFormValues } from './connection-form-model';

describe('checkConnectionForm', () => {
  it('builds the connection.open input, leaving out what was not given', () => {
    expect(checkConnectionForm({ ...emptyConnectionForm, name: ' orders ', port: '3001' })).toEqual({
      ok: true,
      input: { name: 'orders', target: { kind: 'tcp', host: '127.0.0.1', port: 3001 } },
    });
  });

  it('adds TLS and timeouts when given', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----';
    const check = checkConnectionForm({ ...emptyConnectionForm, name: 'o', port: '3001', useTls: true, ca: pem, servername: 'orders.internal', verifyServerCertificate: false, requestTimeoutMs: '500' });
    expect(check).toEqual({
      ok: true,
      input: { name: 'o', target: { kind: 'tcp', host: '127.0.0.1', port: 3001, tls: { ca: pem, servername: 'orders.internal', rejectUnauthorized: false } }, options: { requestTimeoutMs: 500 } },
    });
  });

  it('adds a TCP max frame size when given, and says what a valid one is', () => {
    expect(checkConnectionForm({ ...emptyConnectionForm, name: 'o', port: '3001', maxFrameMiB: ' 0.5 ' })).toEqual({
      ok: true,
      input: { name: 'o', target: { kind: 'tcp', host: '127.0.0.1', port: 3001, maxFrameMiB: 0.5 } },
    });
    const errorsOf = (maxFrameMiB: string) => {
      const check = checkConnectionForm({ ...emptyConnectionForm, name: 'o', port: '3001', maxFrameMiB });
      return check.ok ? undefined : check.errors;
    };
    expect(errorsOf('lots')).toEqual({ maxFrameMiB: 'Max frame size must be a number of MiB, for example 128 — or leave it empty for 64' });
    expect(errorsOf('0')).toEqual({ maxFrameMiB: 'Max frame size must be above 0 MiB — or leave it empty for 64' });
    expect(errorsOf('512')).toEqual({ maxFrameMiB: 'Max frame size can be at most 256 MiB' });
  });

  it('puts each problem on its field, with the fix', () => {
    const check = checkConnectionForm({ ...emptyConnectionForm, host: 'tcp://x', port: '0', connectTimeoutMs: '-5', useTls: true, cert: 'not pem' });
    expect(check).toEqual({
      ok: false,
      errors: {
        name: 'Name is required — for example orders-service, to tell connections apart',
        host: 'Host is a name or address only — remove the scheme (tcp://) and put the port in Port',
        port: 'Port must be a whole number from 1 to 65535',
        cert: 'This is not PEM text — paste the block that starts with -----BEGIN CERTIFICATE-----',
        key: 'Client key is required with a client certificate — paste its PEM key, or clear the certificate',
        connectTimeoutMs: 'Connect timeout must be a whole number of milliseconds above 0 — or leave it empty for 5000',
      },
    });
  });
});

const form = (patch: Partial<ConnectionFormValues>): ConnectionFormValues => ({ ...emptyConnectionForm, name: 'svc', ...patch });

describe('checkConnectionForm per transport', () => {
  it('builds a Redis target with the defaults the engine fills in', () => {
    expect(checkConnectionForm(switchTransport(form({}), 'redis'))).toEqual({
      ok: true,
      input: { name: 'svc', target: { kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: 6379, db: 0 } },
    });
    expect(checkConnectionForm(form({ transport: 'redis', port: '16379', db: '2', username: 'app', password: 's3cret' }))).toEqual({
      ok: true,
      input: { name: 'svc', target: { kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: 16379, db: 2, username: 'app', password: 's3cret' } },
    });
  });

  it('says how to write a Redis database number', () => {
    expect(checkConnectionForm(form({ transport: 'redis', port: '6379', db: 'two' }))).toEqual({ ok: false, errors: { db: 'Database must be a whole number, 0 or more — or leave it empty for 0' } });
    expect(checkConnectionForm(form({ transport: 'redis', port: '' }))).toEqual({ ok: false, errors: { port: 'Port is required — Redis usually listens on 6379' } });
  });

  it('builds a RabbitMQ target with queue, exchange and durability', () => {
    expect(checkConnectionForm(switchTransport(form({}), 'rmq'))).toEqual({
      ok: true,
      input: { name: 'svc', target: { kind: 'rmq', host: '127.0.0.1', port: 5672, vhost: '/', username: 'guest', password: 'guest', queue: '', queueOptions: {}, noAssert: false, persistent: false, wildcards: false } },
    });
    const values = form({ transport: 'rmq', port: '5672', vhost: 'shop', username: 'app', password: 'pw', queue: 'orders', durable: false, queueOptions: '{"arguments":{"x-message-ttl":60000}}', persistent: true, exchange: 'events', exchangeType: 'topic', routingKey: 'orders.#', wildcards: true });
    expect(checkConnectionForm(values)).toEqual({
      ok: true,
      input: {
        name: 'svc',
        target: {
          kind: 'rmq',
          host: '127.0.0.1',
          port: 5672,
          vhost: 'shop',
          username: 'app',
          password: 'pw',
          queue: 'orders',
          queueOptions: { arguments: { 'x-message-ttl': 60000 }, durable: false },
          noAssert: false,
          persistent: true,
          exchange: 'events',
          exchangeType: 'topic',
          routingKey: 'orders.#',
          wildcards: true,
        },
      },
    });
  });

  it('puts RabbitMQ queue-option and exchange problems on their fields', () => {
    expect(checkConnectionForm(form({ transport: 'rmq', port: '5672', queueOptions: '{"durable": true}', routingKey: 'x' }))).toEqual({
      ok: false,
      errors: {
        queueOptions: 'Set durability with "Durable queue" above — remove "durable" from the JSON',
        exchange: 'Exchange is required with an exchange type or routing key — name the exchange, or clear them',
      },
    });
    expect(checkConnectionForm(form({ transport: 'rmq', port: '5672', queueOptions: '[1]' }))).toEqual({ ok: false, errors: { queueOptions: 'Queue options must be a JSON object such as {"exclusive":false}' } });
    expect(checkConnectionForm(form({ transport: 'rmq', port: '5672', queueOptions: '{x' }))).toEqual({
      ok: false,
      errors: { queueOptions: 'Queue options are not valid JSON — write an object such as {"arguments":{"x-message-ttl":60000}}, or leave it empty' },
    });
  });

  it('builds a Kafka target from comma-separated brokers, with SASL when chosen', () => {
    expect(checkConnectionForm(form({ transport: 'kafka', brokers: 'k1:9092, k2:9093,' }))).toEqual({ ok: true, input: { name: 'svc', target: { kind: 'kafka', brokers: ['k1:9092', 'k2:9093'], clientId: 'patchbay', allowAutoTopicCreation: true } } });
    expect(checkConnectionForm(form({ transport: 'kafka', brokers: 'k1:9092', clientId: 'orders-ui', saslMechanism: 'scram-sha-256', username: 'app', password: 'pw', useTls: true }))).toEqual({
      ok: true,
      input: { name: 'svc', target: { kind: 'kafka', brokers: ['k1:9092'], clientId: 'orders-ui', sasl: { mechanism: 'scram-sha-256', username: 'app', password: 'pw' }, allowAutoTopicCreation: true, tls: { rejectUnauthorized: true } } },
    });
  });

  it('says how to write Kafka brokers and SASL', () => {
    expect(checkConnectionForm(form({ transport: 'kafka', brokers: ' , ' }))).toEqual({ ok: false, errors: { brokers: 'Give at least one broker as host:port, for example 127.0.0.1:9092' } });
    expect(checkConnectionForm(form({ transport: 'kafka', brokers: 'k1:9092, k2' }))).toEqual({ ok: false, errors: { brokers: '"k2" is not host:port — write each broker as host:port, for example 127.0.0.1:9092' } });
    expect(checkConnectionForm(form({ transport: 'kafka', brokers: 'kafka://k1:9092' }))).toEqual({ ok: false, errors: { brokers: '"kafka://k1:9092" has a scheme — write brokers as host:port, for example 127.0.0.1:9092' } });
    expect(checkConnectionForm(form({ transport: 'kafka', saslMechanism: 'plain' }))).toEqual({ ok: false, errors: { username: 'Username is required for SASL PLAIN — type it, or choose no SASL' } });
  });

  it('builds a gRPC target: proto files one per line, loader options with their defaults', () => {
    expect(checkConnectionForm(switchTransport(form({}), 'grpc'))).toEqual({
      ok: true,
      input: { name: 'svc', target: { kind: 'grpc', host: '127.0.0.1', port: 5000, protoFiles: [], includeDirs: [], loader: { keepCase: false, longs: 'Long', enums: 'Number', defaults: false, oneofs: false } } },
    });
    expect(checkConnectionForm(form({ transport: 'grpc', port: '50051', protoFiles: ' /p/users.proto \n\n/p/orders.proto', includeDirs: '/p', keepCase: true, longs: 'String', enums: 'String', defaults: true, oneofs: true }))).toEqual({
      ok: true,
      input: { name: 'svc', target: { kind: 'grpc', host: '127.0.0.1', port: 50051, protoFiles: ['/p/users.proto', '/p/orders.proto'], includeDirs: ['/p'], loader: { keepCase: true, longs: 'String', enums: 'String', defaults: true, oneofs: true } } },
    });
  });

  it('names the scheme to remove from a host, whatever the transport', () => {
    expect(checkConnectionForm(form({ transport: 'grpc', host: 'grpc://h', port: '5000' }))).toEqual({ ok: false, errors: { host: 'Host is a name or address only — remove the scheme (grpc://) and put the port in Port' } });
  });
});

describe('switchTransport', () => {
  it('moves a default or empty port to the new default, and keeps a chosen one', () => {
    expect(switchTransport(form({}), 'redis').port).toBe('6379');
    expect(switchTransport(switchTransport(form({}), 'redis'), 'rmq').port).toBe('5672');
    expect(switchTransport(form({ transport: 'redis', port: '16379' }), 'grpc').port).toBe('16379');
    expect(switchTransport(form({ transport: 'rmq', port: '5672' }), 'tcp').port).toBe('');
  });
});

describe('formValuesFromTarget', () => {
  const roundTrip = (target: ConnectionTarget) => {
    const check = checkConnectionForm(formValuesFromTarget(target, form({})));
    return check.ok ? check.input.target : check;
  };

  it('fills the form so that it builds the same target back', () => {
    const targets: ConnectionTarget[] = [
      { kind: 'tcp', host: 'h', port: 3001 },
      { kind: 'redis', mode: 'standalone', host: 'h', port: 6379, db: 2, username: 'u', password: 'p' },
      { kind: 'rmq', host: 'h', port: 5672, vhost: 'v', username: 'guest', password: 'guest', queue: 'orders', queueOptions: { durable: false }, noAssert: true, persistent: false, wildcards: false },
      { kind: 'kafka', brokers: ['h1:9092', 'h2:9092'], clientId: 'x', allowAutoTopicCreation: false },
      { kind: 'grpc', host: 'h', port: 5000, protoFiles: ['/path/users.proto'], includeDirs: [], loader: { keepCase: true, longs: 'String', enums: 'String', defaults: true, oneofs: true } },
      { kind: 'tcp', host: 'h', port: 3001, tls: { ca: '-----BEGIN CERTIFICATE-----\nx', rejectUnauthorized: false } },
      { kind: 'tcp', host: 'h', port: 3001, maxFrameMiB: 128 },
    ];
    for (const target of targets) expect(roundTrip(target)).toEqual(target);
  });

  it('keeps the name and timeouts already typed, and switches the transport', () => {
    const values = formValuesFromTarget({ kind: 'kafka', brokers: ['h:9092'], clientId: 'patchbay', allowAutoTopicCreation: true }, form({ name: 'orders', requestTimeoutMs: '500', port: '3000' }));
    expect(values).toMatchObject({ transport: 'kafka', name: 'orders', requestTimeoutMs: '500', brokers: 'h:9092', clientId: '' });
  });
});
