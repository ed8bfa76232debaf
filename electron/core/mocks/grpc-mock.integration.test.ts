// A plain @grpc/grpc-js client, built from the Nest fixture's users.proto, against a Patchbay
// gRPC mock: every call kind, statuses, error mapping (nest-wire §6), unimplemented and deadlines.
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockInfo } from '../../../shared/mock';
import { mockRulesSchema } from '../../../shared/mock';
import { grpcTargetSchema } from '../../../shared/connection';
import type { Engine } from '../engine';
import { trailersOf } from '../transports/grpc/grpc-status';
import { createEngine } from '../engine';

const PROTO = join(process.cwd(), 'fixtures/nest/app/proto/users.proto');

const rules = mockRulesSchema.parse({
  rules: [
    { name: 'user 1', pattern: 'users.UsersService/GetUser', when: [{ path: 'data.id', equals: 1 }], reply: { value: { id: 1, name: 'Ada', email: 'ada@example.com' } } },
    { name: 'missing', pattern: 'users.UsersService/GetUser', when: [{ path: 'data.id', equals: 404 }], reply: { grpcStatus: { code: 'NOT_FOUND', details: 'no user 404', metadata: { 'x-reason': 'gone' } } } },
    { name: 'hang', pattern: 'users.UsersService/GetUser', when: [{ path: 'data.id', equals: 0 }], reply: { noReply: true } },
    { name: 'any user', pattern: 'users.UsersService/GetUser', reply: { template: { id: '{{data.id}}', name: 'User {{data.id}}', email: '{{headers.x-tenant}}' } } },
    { name: 'list', pattern: 'users.UsersService/ListUsers', reply: { stream: [{ id: 1 }, { id: 2 }, { id: 3 }], intervalMs: 5 } },
    { name: 'create', pattern: 'users.UsersService/CreateUsers', reply: { template: { users: '{{data}}', count: 2 } } },
    { name: 'chat', pattern: 'users.UsersService/Chat', reply: { template: { text: 'echo: {{data.text}}' } } },
    { name: 'fail code', glob: 'users.UsersService/Fail', when: [{ path: 'data.kind', equals: 'code' }], reply: { error: { code: 5, message: 'nope' } } },
    { name: 'fail code details', glob: 'users.UsersService/Fail', when: [{ path: 'data.kind', equals: 'code_details' }], reply: { error: { code: 9, details: 'x', message: 'm' } } },
    { name: 'fail string', glob: 'users.UsersService/Fail', when: [{ path: 'data.kind', equals: 'string' }], reply: { error: 'msg' } },
    { name: 'fail status', glob: 'users.UsersService/Fail', when: [{ path: 'data.kind', equals: 'status' }], reply: { error: { status: 404, message: 'x' } } },
    { name: 'fail bare', glob: 'users.UsersService/Fail', when: [{ path: 'data.kind', equals: 'bare' }], reply: { error: { reason: 'r' } } },
    { name: 'flaky', glob: 'users.UsersService/Fail', when: [{ path: 'data.kind', equals: 'flaky' }], failureRate: 1, reply: { value: { text: 'never' } } },
  ],
});

type Status = { code: number; details: string; metadata: Record<string, unknown> };
type UsersClient = grpc.Client & Record<string, (...args: unknown[]) => unknown>;

describe('gRPC mock served to a @grpc/grpc-js client', () => {
  let engine: Engine;
  let mock: MockInfo;
  let client: UsersClient;

  beforeAll(async () => {
    engine = createEngine();
    const target = grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port: 1, protoFiles: [PROTO] });
    const started = await engine.mocks.start('users grpc', { ...target, port: 0 }, rules);
    if (!started.ok) throw new Error(started.error.message);
    mock = started.value;
    const definition = protoLoader.loadSync(PROTO, {});
    const users = (grpc.loadPackageDefinition(definition).users as Record<string, grpc.ServiceClientConstructor>).UsersService!;
    client = new users(mock.address!.replace('grpc://', ''), grpc.credentials.createInsecure()) as unknown as UsersClient;
  });

  afterAll(async () => {
    client?.close();
    await engine?.close();
  });

  const unary = (method: string, request: object, metadata = new grpc.Metadata(), deadlineMs = 5_000) =>
    new Promise<{ value?: unknown; status?: Status }>((resolve) => {
      client[method]!(request, metadata, { deadline: Date.now() + deadlineMs }, (error: grpc.ServiceError | null, value: unknown) =>
        resolve(error ? { status: { code: error.code, details: error.details, metadata: trailersOf(error.metadata) } } : { value }),
      );
    });

  it('serves on the port it reports', () => {
    expect(mock.state).toBe('serving');
    expect(mock.address).toMatch(/^grpc:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a unary value', async () => {
    expect(await unary('GetUser', { id: 1 })).toEqual({ value: { id: 1, name: 'Ada', email: 'ada@example.com' } });
  });

  it('fills a template from the request and its metadata', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('x-tenant', 'acme');
    expect(await unary('GetUser', { id: 7 }, metadata)).toEqual({ value: { id: 7, name: 'User 7', email: 'acme' } });
  });

  it('streams every value of a server-streaming method', async () => {
    const values = await new Promise<unknown[]>((resolve, reject) => {
      const received: unknown[] = [];
      const call = client.ListUsers!({ limit: 3 }) as grpc.ClientReadableStream<unknown>;
      call.on('data', (value) => received.push(value));
      call.on('error', reject);
      call.on('end', () => resolve(received));
    });
    expect(values).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('answers a client stream once it half-closes, with every request message as data', async () => {
    const value = await new Promise((resolve, reject) => {
      const call = client.CreateUsers!((error: grpc.ServiceError | null, reply: unknown) => (error ? reject(error) : resolve(reply))) as grpc.ClientWritableStream<unknown>;
      call.write({ name: 'Ada', email: 'a@x' });
      call.write({ name: 'Bob', email: 'b@x' });
      call.end();
    });
    expect(value).toEqual({ users: [{ name: 'Ada', email: 'a@x' }, { name: 'Bob', email: 'b@x' }], count: 2 });
  });

  it('answers each bidi message and ends when the client ends', async () => {
    const values = await new Promise<unknown[]>((resolve, reject) => {
      const received: unknown[] = [];
      const call = client.Chat!() as grpc.ClientDuplexStream<unknown, unknown>;
      call.on('data', (value) => received.push(value));
      call.on('error', reject);
      call.on('end', () => resolve(received));
      call.write({ text: 'one' });
      call.write({ text: 'two' });
      call.end();
    });
    expect(values).toEqual([{ text: 'echo: one' }, { text: 'echo: two' }]);
    const chat = engine.traffic.readPage(undefined, 10_000).entries.filter((entry) => entry.pattern === 'users.UsersService/Chat' && entry.direction === 'in');
    expect(chat.map((entry) => entry.bodyPreview)).toEqual(['{"text":"one"}', '{"text":"two"}']);
    expect(chat[0]?.correlationId).toBe(chat[1]?.correlationId);
  });

  it('answers a grpcStatus with its details and trailers', async () => {
    expect(await unary('GetUser', { id: 404 })).toEqual({ status: { code: 5, details: 'no user 404', metadata: { 'x-reason': 'gone' } } });
  });

  it('maps RpcException-shaped errors as grpc-js does for a Nest handler', async () => {
    const status = async (kind: string) => {
      const { status: got } = await unary('Fail', { kind });
      return { code: got?.code, details: got?.details };
    };
    expect(await status('code')).toEqual({ code: 5, details: 'nope' });
    expect(await status('code_details')).toEqual({ code: 9, details: 'x' });
    expect(await status('string')).toEqual({ code: 2, details: 'msg' });
    expect(await status('status')).toEqual({ code: 2, details: 'x' });
    expect(await status('bare')).toEqual({ code: 2, details: '{"reason":"r"}' });
    expect(await status('flaky')).toEqual({ code: 14, details: 'Injected failure' });
  });

  it('answers UNIMPLEMENTED to a method no rule matches', async () => {
    const { status } = await unary('Echo', { text: 'hi' });
    expect({ code: status?.code, details: status?.details }).toEqual({ code: 12, details: 'The server does not implement the method /users.UsersService/Echo: no mock rule matches it.' });
  });

  it('leaves a noReply call open until the deadline', async () => {
    const { status } = await unary('GetUser', { id: 0 }, new grpc.Metadata(), 300);
    expect(status?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
  });

  it('records calls with their rule and answers with their elapsed time', () => {
    const log = engine.traffic.readPage(undefined, 10_000).entries;
    const request = log.find((entry) => entry.direction === 'in' && entry.rule === 'missing');
    expect(request).toMatchObject({ kind: 'request', origin: 'mock', transport: 'grpc', pattern: 'users.UsersService/GetUser', bodyPreview: '{"id":404}', connectionName: 'users grpc' });
    const answer = log.find((entry) => entry.direction === 'out' && entry.correlationId === request?.correlationId);
    expect(answer).toMatchObject({ kind: 'remote-error', bodyPreview: '{"code":5,"details":"no user 404","metadata":{"x-reason":"gone"}}' });
    expect(answer?.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(engine.mocks.get(mock.id)?.stats).toEqual({ requests: 15, events: 0, unmatched: 1, perRule: [1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1] });
  });
});
