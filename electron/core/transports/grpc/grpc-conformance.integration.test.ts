// The gRPC scenario table against the fixture's users.UsersService on real Nest 10, 11 and 12
// services, in the spirit of test-support/conformance.ts (whose Nest patterns gRPC does not have):
// once through server reflection (no proto given) and once with the .proto (no reflection served).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionTarget } from '../../../../shared/connection';
import { grpcTargetSchema } from '../../../../shared/connection';
import type { SendOutcome } from '../../../../shared/contract';
import type { NestService } from '../../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../../fixtures/nest/start.mjs';
import { createTestCertificates } from '../../../../fixtures/nest/certs.mjs';
import type { Connection } from '../../connections/registry';
import type { Engine } from '../../engine';
import { createEngine } from '../../engine';
import type { TimedPart } from '../../messaging/messenger';

const USERS_PROTO = 'fixtures/nest/app/proto/users.proto';
const MAJORS = [10, 11, 12] as const;

type Expectation = { status: 'ok'; values: unknown[] } | { status: 'remote-error'; remoteError: unknown };
type Scenario = { name: string; method: string; data: unknown; expect: Expectation };

const user = (id: number) => ({ id, name: `User ${id}`, email: `user${id}@example.com` });
const unicode = 'é😀𝄞 naïve 漢字 🧪🚀';
const oneMegabyte = 'x'.repeat(1024 * 1024);
const grpcError = (code: number, codeName: string, details: string, metadata: Record<string, string> = {}) => ({ status: 'remote-error' as const, remoteError: { code, codeName, details, metadata } });

const scenarios: Scenario[] = [
  { name: 'unary', method: 'users.UsersService/GetUser', data: { id: 1 }, expect: { status: 'ok', values: [user(1)] } },
  { name: 'unary with a leading slash', method: '/users.UsersService/GetUser', data: { id: 2 }, expect: { status: 'ok', values: [user(2)] } },
  { name: 'RpcException({code: 5, message}) is NOT_FOUND with the message', method: 'users.UsersService/GetUser', data: { id: 1000 }, expect: grpcError(5, 'NOT_FOUND', 'User 1000 not found') },
  { name: 'RpcException({code: 5, details})', method: 'users.UsersService/Fail', data: { kind: 'code_details' }, expect: grpcError(5, 'NOT_FOUND', 'x') },
  { name: 'RpcException(string) is UNKNOWN', method: 'users.UsersService/Fail', data: { kind: 'string' }, expect: grpcError(2, 'UNKNOWN', 'msg') },
  { name: 'RpcException({status: 404}) is UNKNOWN: status is not a gRPC code', method: 'users.UsersService/Fail', data: { kind: 'status' }, expect: grpcError(2, 'UNKNOWN', 'x') },
  { name: 'a plain Error is UNKNOWN, Internal server error', method: 'users.UsersService/Fail', data: { kind: 'error' }, expect: grpcError(2, 'UNKNOWN', 'Internal server error') },
  { name: 'RpcException with metadata sends it as trailers', method: 'users.UsersService/Fail', data: { kind: 'trailers' }, expect: grpcError(9, 'FAILED_PRECONDITION', 'precondition', { 'x-why': 'because' }) },
  { name: 'server stream', method: 'users.UsersService/ListUsers', data: { limit: 3 }, expect: { status: 'ok', values: [user(1), user(2), user(3)] } },
  {
    name: 'client stream',
    method: 'users.UsersService/CreateUsers',
    data: [{ name: 'Ada', email: 'ada@example.com' }, { name: 'Grace', email: 'grace@example.com' }],
    expect: { status: 'ok', values: [{ users: [{ id: expect.any(Number), name: 'Ada', email: 'ada@example.com' }, { id: expect.any(Number), name: 'Grace', email: 'grace@example.com' }], count: 2 }] },
  },
  { name: 'bidi stream', method: 'users.UsersService/Chat', data: [{ text: 'a' }, { text: 'b' }], expect: { status: 'ok', values: [{ text: 'echo: a' }, { text: 'echo: b' }] } },
  { name: 'Unicode with non-BMP characters', method: 'users.UsersService/Echo', data: { text: unicode }, expect: { status: 'ok', values: [{ text: unicode }] } },
  { name: '1 MB message', method: 'users.UsersService/Echo', data: { text: oneMegabyte }, expect: { status: 'ok', values: [{ text: oneMegabyte }] } },
];

const outcomeOf = ({ status, values, remoteError, failure }: SendOutcome) =>
  status === 'remote-error' ? { status, remoteError } : status === 'failure' ? { status, failure } : { status, values };

type Opened = { engine: Engine; connection: Connection };
async function open(target: ConnectionTarget): Promise<Opened> {
  const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  const connection = engine.connections.open('grpc', target, { connectTimeoutMs: 5000, requestTimeoutMs: 10_000 });
  const first = await connection.client.firstAttempt();
  if (!first.ok) {
    await engine.close();
    throw new Error(first.error.message);
  }
  return { engine, connection };
}

describe.each(MAJORS.flatMap((major) => [[major, 'server reflection'] as const, [major, 'the .proto file'] as const]))('gRPC against Nest %s, schema from %s', (major, schemaFrom) => {
  const reflection = schemaFrom === 'server reflection';
  let nest: NestService;
  let opened: Opened;
  const send = (pattern: string, data: unknown, headers?: Record<string, string>) =>
    opened.engine.messenger.send({ connection: opened.connection, pattern, data, options: headers ? { headers } : undefined });

  beforeAll(async () => {
    nest = await startNestService({ major, grpc: { port: 0, reflection } });
    const { host, port } = nest.grpc!;
    opened = await open(grpcTargetSchema.parse({ kind: 'grpc', host, port, protoFiles: reflection ? [] : [USERS_PROTO] }));
  }, 60_000);
  afterAll(async () => {
    await opened?.engine.close();
    await nest?.stop();
  });

  it('talks to the expected major', () => {
    expect(nest.version.split('.')[0]).toBe(String(major));
  });

  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    expect(outcomeOf(await send(scenario.method, scenario.data))).toEqual(scenario.expect);
  });

  it('sends metadata and surfaces the response headers and trailers', async () => {
    const parts: TimedPart[] = [];
    for await (const part of opened.engine.messenger.request({ connection: opened.connection, pattern: 'users.UsersService/Echo', data: { text: 'hi' }, options: { headers: { 'x-trace': 'abc-123' } } }).parts) parts.push(part);
    expect(parts.map((part) => part.kind)).toEqual(['written', 'value', 'end']);
    expect(parts[1]).toMatchObject({ kind: 'value', value: { text: 'hi' }, meta: { headers: { 'x-echo': 'abc-123', 'content-type': 'application/grpc+proto' } } });
    expect(parts[2]).toMatchObject({ kind: 'end', meta: { headers: { 'x-echo': 'abc-123' }, trailers: {} } });
  });

  it('names the closest methods for an unknown one', async () => {
    expect(outcomeOf(await send('users.UsersService/GetUsers', { id: 1 }))).toEqual({
      status: 'failure',
      failure: { code: 'unknown-method', message: 'No gRPC method "users.UsersService/GetUsers". Closest: users.UsersService/GetUser, users.UsersService/ListUsers, users.UsersService/CreateUsers.' },
    });
  });

  it('refuses events, pointing to Send', async () => {
    expect(await opened.engine.messenger.emit({ connection: opened.connection, pattern: 'users.UsersService/GetUser', data: { id: 1 } })).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'gRPC has no fire-and-forget events: every call is a method call with a reply. Use Send with a package.Service/Method pattern.' },
    });
  });

  it('correlates 200 concurrent calls', async () => {
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, index) => send('users.UsersService/GetUser', { id: (index % 100) + 1 })));
    expect(outcomes.map((outcome) => outcome.values[0])).toEqual(Array.from({ length: 200 }, (_, index) => user((index % 100) + 1)));
  });
});

describe('gRPC over mutual TLS against Nest 12', () => {
  const certs = createTestCertificates();
  let nest: NestService;
  beforeAll(async () => {
    nest = await startNestService({ major: 12, grpc: { port: 0, reflection: true, tls: { key: certs.server.key, cert: certs.server.cert, ca: certs.ca, requestCert: true } } });
  }, 60_000);
  afterAll(async () => {
    await nest?.stop();
    certs.cleanup();
  });

  it('calls with the CA and a client certificate, the schema from reflection', async () => {
    const { port } = nest.grpc!;
    const opened = await open(grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port, tls: { ca: certs.ca, cert: certs.client.cert, key: certs.client.key } }));
    try {
      expect(outcomeOf(await opened.engine.messenger.send({ connection: opened.connection, pattern: 'users.UsersService/GetUser', data: { id: 5 } }))).toEqual({ status: 'ok', values: [user(5)] });
    } finally {
      await opened.engine.close();
    }
  });

  it('checks the server name it is told to, with servername', async () => {
    const { port } = nest.grpc!;
    // The certificate is for localhost and 127.0.0.1; "localhost" as the override still verifies.
    const opened = await open(grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port, protoFiles: [USERS_PROTO], tls: { ca: certs.ca, cert: certs.client.cert, key: certs.client.key, servername: 'localhost' } }));
    await opened.engine.close();
  });

  it('fails to connect without trusting the CA, saying what to change', async () => {
    const { port } = nest.grpc!;
    await expect(open(grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port, protoFiles: [USERS_PROTO], tls: { cert: certs.client.cert, key: certs.client.key } }))).rejects.toThrow(
      /^TLS handshake with grpcs:\/\/127\.0\.0\.1:\d+ failed: .+\. Give the CA certificate that signed the server's certificate/,
    );
  });
});
