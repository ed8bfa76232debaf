import { describe, expect, it } from 'vitest';
import type { ConnectionTarget } from './connection';
import { connectionTargetSchema } from './connection';
import { targetToUrl } from './target-url';

const target = (fields: Record<string, unknown>): ConnectionTarget => connectionTargetSchema.parse(fields);

describe('targetToUrl', () => {
  it('writes each transport as the URL the CLI reads', () => {
    expect(targetToUrl(target({ kind: 'tcp', host: '127.0.0.1', port: 3001 }))).toBe('tcp://127.0.0.1:3001');
    expect(targetToUrl(target({ kind: 'redis', host: 'cache', port: 6379 }))).toBe('redis://cache:6379');
    expect(targetToUrl(target({ kind: 'rmq', host: 'mq', port: 5672, queue: 'users' }))).toBe('amqp://mq:5672?queue=users');
    expect(targetToUrl(target({ kind: 'kafka', brokers: ['k1:9092', 'k2:9092'] }))).toBe('kafka://k1:9092,k2:9092');
    expect(targetToUrl(target({ kind: 'grpc', host: '::1', port: 5000, protoFiles: ['/protos/users.proto'], includeDirs: ['/protos/include'] }))).toBe(
      'grpc://[::1]:5000?proto=/protos/users.proto&import=/protos/include',
    );
  });

  it('names TLS files instead of writing PEM text', () => {
    const tls = { ca: '-----BEGIN CERTIFICATE-----', cert: 'CERT PEM', key: 'PRIVATE KEY PEM', servername: 'api.local', rejectUnauthorized: false };
    const url = targetToUrl(target({ kind: 'tcp', host: 'svc', port: 3443, tls }));
    expect(url).toBe('tcp+tls://svc:3443?ca=ca.pem&cert=client.pem&key=client.key&servername=api.local&insecure=1');
    expect(targetToUrl(target({ kind: 'grpc', host: 'api', port: 443, tls: { ca: 'CA' } }))).toBe('grpcs://api:443?ca=ca.pem');
  });

  it('encodes users, passwords and vhosts, and hides passwords on request', () => {
    const redis = target({ kind: 'redis', host: 'cache', port: 6380, username: 'app', password: 'p@ss:w/rd', db: 2, tls: { ca: 'CA' } });
    expect(targetToUrl(redis)).toBe('rediss://app:p%40ss%3Aw%2Frd@cache:6380/2?ca=ca.pem');
    expect(targetToUrl(redis, { hidePasswords: true })).toBe('rediss://app:<password>@cache:6380/2?ca=ca.pem');
    const rmq = target({ kind: 'rmq', host: 'mq', port: 5671, vhost: 'prod/eu', username: 'app', password: 'pw', queue: 'orders', queueOptions: { durable: false, arguments: { 'x-max-length': 10 } }, noAssert: true, persistent: true, exchange: 'ex', exchangeType: 'topic', routingKey: 'orders.#', wildcards: true });
    expect(targetToUrl(rmq, { hidePasswords: true })).toBe('amqp://app:<password>@mq:5671/prod%2Feu?queue=orders&durable=0&noAssert=1&persistent=1&exchange=ex&exchangeType=topic&routingKey=orders.%23&wildcards=1');
    const kafka = target({ kind: 'kafka', brokers: ['k1:9093'], clientId: 'orders app', sasl: { mechanism: 'plain', username: 'app', password: 'a&b' }, allowAutoTopicCreation: false, tls: {} });
    expect(targetToUrl(kafka)).toBe('kafkas://k1:9093?clientId=orders%20app&sasl=plain&username=app&autoCreateTopics=0&password=a%26b');
    expect(targetToUrl(kafka, { hidePasswords: true })).toBe('kafkas://k1:9093?clientId=orders%20app&sasl=plain&username=app&autoCreateTopics=0&password=<password>');
  });

  it('leaves out RabbitMQ\'s default guest user', () => {
    expect(targetToUrl(target({ kind: 'rmq', host: 'mq', port: 5672, vhost: 'v', queue: '' }), { hidePasswords: true })).toBe('amqp://mq:5672/v');
  });
});
