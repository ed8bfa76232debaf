// The gRPC client against an in-process grpc-js server built from the fixture's users.proto: the
// cases a Nest service cannot be made to produce on demand (a dropped server, metadata echoes).
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { afterEach, describe, expect, it } from 'vitest';
import { grpcTargetSchema } from '../../../../shared/connection';
import type { ReplyPart } from '../transport';
import type { GrpcClient } from './grpc-client';
import { createGrpcClient } from './grpc-client';
import { usersServiceDescription } from './test-protos/users-description';

const USERS_PROTO = 'fixtures/nest/app/proto/users.proto';
type User = { id: number; name: string; email: string };

async function startServer({ reflection, port: wantedPort = 0 }: { reflection: boolean; port?: number }) {
  const definition = protoLoader.loadSync(USERS_PROTO);
  const server = new grpc.Server();
  if (reflection) new ReflectionService(definition).addToServer(server);
  const service = (grpc.loadPackageDefinition(definition).users as grpc.GrpcObject).UsersService as grpc.ServiceClientConstructor;
  const user = (id: number): User => ({ id, name: `User ${id}`, email: `user${id}@example.com` });
  server.addService(service.service, {
    GetUser(call: grpc.ServerUnaryCall<{ id: number }, User>, callback: grpc.sendUnaryData<User>) {
      if (call.request.id === 0) {
        const metadata = new grpc.Metadata();
        metadata.set('x-reason', 'zero');
        return callback({ code: grpc.status.NOT_FOUND, details: 'nope', metadata });
      }
      if (call.request.id === 99) return; // never answers
      const echoed = new grpc.Metadata();
      echoed.set('x-echo', String(call.metadata.get('x-trace')[0] ?? ''));
      call.sendMetadata(echoed);
      const trailers = new grpc.Metadata();
      trailers.set('x-trailer', 'done');
      callback(null, user(call.request.id), trailers);
    },
    ListUsers(call: grpc.ServerWritableStream<{ limit: number }, User>) {
      for (let id = 1; id <= (call.request.limit || 3); id++) call.write(user(id));
      call.end();
    },
    CreateUsers(call: grpc.ServerReadableStream<{ name: string; email: string }, unknown>, callback: grpc.sendUnaryData<unknown>) {
      const users: User[] = [];
      call.on('data', (request: { name: string; email: string }) => users.push({ id: 100 + users.length + 1, ...request }));
      call.on('end', () => callback(null, { users, count: users.length }));
    },
    Chat(call: grpc.ServerDuplexStream<{ text: string }, { text: string }>) {
      call.on('data', (message: { text: string }) => call.write({ text: `echo: ${message.text}` }));
      call.on('end', () => call.end());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${wantedPort}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { port, server, stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}

const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

function connect(port: number, protoFiles: string[] = [USERS_PROTO], connectTimeoutMs = 2000): GrpcClient {
  const client = createGrpcClient(grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port, protoFiles }), {
    connectTimeoutMs,
    reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 },
  });
  opened.push(client);
  return client;
}

async function collect(parts: AsyncIterable<ReplyPart>): Promise<ReplyPart[]> {
  const all: ReplyPart[] = [];
  for await (const part of parts) all.push(part);
  return all;
}
const send = (client: GrpcClient, pattern: string, data: unknown, headers?: Record<string, string>) =>
  collect(client.send({ pattern, data, correlationId: 'c1', options: { headers } }, new AbortController().signal));

describe.each([
  ['a .proto file', false, [USERS_PROTO]],
  ['server reflection', true, []],
])('gRPC client with the schema from %s', (_name, reflection, protoFiles) => {
  it('calls a unary method, with metadata out and headers and trailers in', async () => {
    const server = await startServer({ reflection });
    opened.push({ close: server.stop });
    const client = connect(server.port, protoFiles);
    expect(await client.firstAttempt()).toEqual({ ok: true, value: null });
    expect(client.status).toEqual({ state: 'ready' });
    const parts = await send(client, '/users.UsersService/GetUser', { id: 7 }, { 'x-trace': 'abc' });
    expect(parts).toMatchObject([
      { kind: 'written', sizeBytes: 7 },
      { kind: 'value', value: { id: 7, name: 'User 7', email: 'user7@example.com' }, last: false, sizeBytes: 34, meta: { headers: { 'x-echo': 'abc', 'content-type': 'application/grpc+proto' } } },
      { kind: 'end', sizeBytes: 0, meta: { headers: { 'x-echo': 'abc' }, trailers: { 'x-trailer': 'done' } } },
    ]);
    expect(parts).toHaveLength(3);
  });

  it('describes every method with its streaming flags and a request template', async () => {
    const server = await startServer({ reflection });
    opened.push({ close: server.stop });
    const client = connect(server.port, protoFiles);
    await client.firstAttempt();
    const described = await client.describe();
    expect(described).toEqual({ ok: true, value: usersServiceDescription });
  });

  it('reports a status as a remote error with its name, details and trailers', async () => {
    const server = await startServer({ reflection });
    opened.push({ close: server.stop });
    const client = connect(server.port, protoFiles);
    await client.firstAttempt();
    const parts = await send(client, 'users.UsersService/GetUser', { id: 0 });
    expect(parts.at(-1)).toMatchObject({ kind: 'remote-error', error: { code: 5, codeName: 'NOT_FOUND', details: 'nope', metadata: { 'x-reason': 'zero' } } });
  });

  it('streams server, client and bidi calls', async () => {
    const server = await startServer({ reflection });
    opened.push({ close: server.stop });
    const client = connect(server.port, protoFiles);
    await client.firstAttempt();
    const values = (parts: ReplyPart[]) => parts.flatMap((part) => (part.kind === 'value' ? [part.value] : []));
    const listed = await send(client, 'users.UsersService/ListUsers', { limit: 2 });
    expect(values(listed)).toEqual([
      { id: 1, name: 'User 1', email: 'user1@example.com' },
      { id: 2, name: 'User 2', email: 'user2@example.com' },
    ]);
    expect(listed.at(-1)?.kind).toBe('end');
    expect(values(await send(client, 'users.UsersService/CreateUsers', [{ name: 'A', email: 'a@x' }, { name: 'B', email: 'b@x' }]))).toEqual([
      { users: [{ id: 101, name: 'A', email: 'a@x' }, { id: 102, name: 'B', email: 'b@x' }], count: 2 },
    ]);
    expect(values(await send(client, 'users.UsersService/Chat', [{ text: 'hi' }, { text: 'ho' }]))).toEqual([{ text: 'echo: hi' }, { text: 'echo: ho' }]);
  });

  it('names the closest methods for an unknown one', async () => {
    const server = await startServer({ reflection });
    opened.push({ close: server.stop });
    const client = connect(server.port, protoFiles);
    await client.firstAttempt();
    expect(await send(client, 'users.UsersService/GetUsr', { id: 1 })).toEqual([
      { kind: 'failure', failure: { code: 'unknown-method', message: 'No gRPC method "users.UsersService/GetUsr". Closest: users.UsersService/GetUser, users.UsersService/Echo, users.UsersService/ListUsers.' } },
    ]);
  });
});

describe('gRPC client', () => {
  it('writes and reads a bidi call message by message with openCall', async () => {
    const server = await startServer({ reflection: false });
    opened.push({ close: server.stop });
    const client = connect(server.port);
    await client.firstAttempt();
    const opening = client.openCall({ pattern: 'users.UsersService/Chat' });
    if (!opening.ok) throw new Error(opening.error.message);
    const call = opening.value;
    expect([call.requestStream, call.responseStream]).toEqual([true, true]);
    const iterator = call.parts[Symbol.asyncIterator]();
    expect(call.write({ text: 'one' })).toEqual({ ok: true, value: { sizeBytes: 10 } });
    expect((await iterator.next()).value).toMatchObject({ kind: 'value', value: { text: 'echo: one' } });
    call.write({ text: 'two' });
    expect((await iterator.next()).value).toMatchObject({ kind: 'value', value: { text: 'echo: two' } });
    call.end();
    expect((await iterator.next()).value).toMatchObject({ kind: 'end' });
    expect((await iterator.next()).done).toBe(true);
  });

  it('refuses to open a unary method as a stream, pointing to Send', async () => {
    const server = await startServer({ reflection: false });
    opened.push({ close: server.stop });
    const client = connect(server.port);
    await client.firstAttempt();
    expect(client.openCall({ pattern: 'users.UsersService/GetUser' })).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'users.UsersService/GetUser takes one request message, so it cannot be opened as a stream. Send it instead; only client-streaming and bidi methods are written message by message.' },
    });
  });

  it('fails a pending call at once when the server goes away', async () => {
    const server = await startServer({ reflection: false });
    const client = connect(server.port);
    await client.firstAttempt();
    const parts = collect(client.send({ pattern: 'users.UsersService/GetUser', data: { id: 99 }, correlationId: 'c', options: {} }, new AbortController().signal));
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.server.forceShutdown();
    expect((await parts).at(-1)).toEqual({
      kind: 'failure',
      failure: { code: 'connection-lost', message: expect.stringMatching(/^The connection to grpc:\/\/127\.0\.0\.1:\d+ was lost before the reply arrived \(.+\)\. The service may or may not have handled the call\.$/) },
    });
    await expect.poll(() => client.status.state).not.toBe('ready');
  });

  it('stops waiting when the signal aborts', async () => {
    const server = await startServer({ reflection: false });
    opened.push({ close: server.stop });
    const client = connect(server.port);
    await client.firstAttempt();
    const abort = new AbortController();
    const parts = collect(client.send({ pattern: 'users.UsersService/GetUser', data: { id: 99 }, correlationId: 'c' }, abort.signal));
    setTimeout(() => abort.abort(), 30);
    expect(await parts).toEqual([{ kind: 'written', sizeBytes: 7 }]);
  });

  it('says nothing listens, and fails after one attempt', async () => {
    const client = connect(1);
    expect(await client.firstAttempt()).toEqual({ ok: false, error: { code: 'connect-failed', message: 'Nothing is listening on grpc://127.0.0.1:1 (connection refused). Start the service, or check the port.' } });
    expect(client.status.state).toBe('failed');
  });

  it('reports grpc-js reconnecting after the server went away, and ready once it is back', async () => {
    const first = await startServer({ reflection: false });
    const client = createGrpcClient(grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port: first.port, protoFiles: [USERS_PROTO] }), { connectTimeoutMs: 2000 });
    opened.push(client);
    const states: string[] = [];
    client.onStatus((status) => states.push(status.state));
    await client.firstAttempt();
    first.server.forceShutdown();
    await expect.poll(() => client.status.state).toBe('reconnecting');
    const again = await startServer({ reflection: false, port: first.port });
    opened.push({ close: again.stop });
    await expect.poll(() => client.status.state, { timeout: 10_000 }).toBe('ready');
    expect(states.at(-1)).toBe('ready');
    expect(states).toContain('reconnecting');
    expect(await send(client, 'users.UsersService/GetUser', { id: 3 })).toMatchObject([{ kind: 'written' }, { kind: 'value', value: { id: 3 } }, { kind: 'end' }]);
  }, 15_000);

  it('gives up connecting after the connect timeout when the peer never speaks HTTP/2', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    opened.push({
      close: () => {
        for (const socket of sockets) socket.destroy();
        return new Promise<void>((resolve) => silent.close(() => resolve()));
      },
    });
    const client = connect((silent.address() as AddressInfo).port, [USERS_PROTO], 300);
    expect(await client.firstAttempt()).toEqual({
      ok: false,
      error: { code: 'connect-failed', message: `No answer from grpc://127.0.0.1:${(silent.address() as AddressInfo).port} within 300 ms. Check the host and port, and that no firewall drops the connection.` },
    });
    expect(client.status.state).toBe('failed');
  });

  it('says when the server has no reflection and no proto was given', async () => {
    const server = await startServer({ reflection: false });
    opened.push({ close: server.stop });
    const client = connect(server.port, []);
    const first = await client.firstAttempt();
    expect(first).toEqual({ ok: false, error: { code: 'no-schema', message: expect.stringContaining('does not offer server reflection') } });
    expect(client.status.state).toBe('failed');
  });

  it('fails at once, naming the file, when a .proto cannot be loaded', async () => {
    const client = connect(1, ['no/such.proto']);
    const first = await client.firstAttempt();
    expect(first).toEqual({ ok: false, error: { code: 'invalid-proto', message: expect.stringMatching(/^The proto file no\/such\.proto does not exist \(looked for .+\/no\/such\.proto: a relative path starts at .+\)\. Check the path, or give an absolute one\.$/) } });
    expect(client.status).toEqual({ state: 'failed', lastError: first.ok ? '' : first.error.message });
  });

  it('cannot describe before the schema is loaded', async () => {
    const client = connect(1, [], 200);
    const described = await client.describe();
    expect(described).toMatchObject({ ok: false, error: { code: 'not-connected' } });
  });

  it('refuses events: gRPC has none', async () => {
    const client = connect(1);
    expect(await client.emit({ pattern: 'x', data: {} })).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'gRPC has no fire-and-forget events: every call is a method call with a reply. Use Send with a package.Service/Method pattern.' },
    });
  });
});
