// shared/target-url.ts writes what this folder's parser reads: every field a URL can hold survives.
import { describe, expect, it } from 'vitest';
import type { ConnectionTarget } from '../../../shared/connection';
import { connectionTargetSchema } from '../../../shared/connection';
import { TLS_FILE_NAMES, targetToUrl } from '../../../shared/target-url';
import { parseTargetUrl } from './target-url';

const pem = { ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' };
const files: Record<string, string> = { [TLS_FILE_NAMES.ca]: pem.ca, [TLS_FILE_NAMES.cert]: pem.cert, [TLS_FILE_NAMES.key]: pem.key };
const readFile = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error(`ENOENT: ${path}`);
  return text;
};
const fullTls = { ...pem, servername: 'api.local', rejectUnauthorized: false };

const targets: Record<string, Record<string, unknown>> = {
  tcp: { kind: 'tcp', host: '127.0.0.1', port: 3001 },
  'tcp over TLS': { kind: 'tcp', host: 'svc.local', port: 3443, tls: fullTls },
  'tcp on IPv6': { kind: 'tcp', host: '::1', port: 3000 },
  redis: { kind: 'redis', host: 'cache', port: 6379 },
  'redis with ACL user, database and TLS': { kind: 'redis', host: 'cache', port: 6380, username: 'app user', password: 'p@ss:w/rd%', db: 3, tls: { ca: pem.ca, rejectUnauthorized: true } },
  'redis with a password alone': { kind: 'redis', host: 'cache', port: 6379, password: 'only' },
  rmq: { kind: 'rmq', host: 'mq', port: 5672, queue: 'users' },
  'rmq with every URL option': {
    kind: 'rmq', host: 'mq', port: 5671, vhost: 'prod/eu', username: 'app', password: 'p w&d', queue: 'orders', queueOptions: { durable: false, exclusive: true, autoDelete: true },
    noAssert: true, persistent: true, exchange: 'ex', exchangeType: 'topic', routingKey: 'orders.#', wildcards: true, tls: fullTls,
  },
  kafka: { kind: 'kafka', brokers: ['127.0.0.1:9092'] },
  'kafka with several brokers, SASL and TLS': { kind: 'kafka', brokers: ['k1:9093', 'k2:9093'], clientId: 'orders app', sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'a&b=c' }, allowAutoTopicCreation: false, tls: { ca: pem.ca, rejectUnauthorized: true } },
  'grpc with protos': { kind: 'grpc', host: '127.0.0.1', port: 5000, protoFiles: ['/protos/users.proto', 'orders v2.proto'], includeDirs: ['/protos/include'] },
  'grpc by reflection over TLS': { kind: 'grpc', host: 'api', port: 443, tls: fullTls },
};

describe('parseTargetUrl(targetToUrl(target))', () => {
  it.each(Object.entries(targets))('gives back %s', (_name, fields) => {
    const target: ConnectionTarget = connectionTargetSchema.parse(fields);
    expect(parseTargetUrl(targetToUrl(target), readFile)).toEqual({ ok: true, value: target });
  });
});
