// Patchbay against a grpc-js server that misbehaves on purpose: streams cut short with an error
// status or reset without one, a connection dropped mid-stream, a unary call that never answers.
// Each is reported in words, the messages that came first are kept, and the engine stays up.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { grpcTargetSchema } from '../../../../shared/connection';
import { okValue } from '../../../test-support/ok-value';
import type { Handlers } from '../../contract-handlers';
import { createContractHandlers } from '../../contract-handlers';
import type { Engine } from '../../engine';
import { createEngine } from '../../engine';

const USERS_PROTO = 'fixtures/nest/app/proto/users.proto';
type User = { id: number; name: string; email: string };
const user = (id: number): User => ({ id, name: `User ${id}`, email: `user${id}@example.com` });

/** The HTTP/2 stream under a grpc-js server call (internal, found by shape): to reset it without a status. */
function http2StreamOf(value: unknown, depth = 0): { close(code: number): void; session?: { destroy(): void } } | undefined {
  if (!value || typeof value !== 'object' || depth > 4) return undefined;
  const stream = (value as { stream?: { close?: unknown; rstCode?: unknown } }).stream;
  if (stream && typeof stream.close === 'function' && 'rstCode' in stream) return stream as never;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'stream') continue;
    const found = http2StreamOf(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

describe('a gRPC service that misbehaves', () => {
  let server: grpc.Server;
  let engine: Engine;
  let handlers: Handlers;
  let connectionId: string;
  let cancelledUnaryCalls = 0;
  let port: number;

  beforeAll(async () => {
    const definition = protoLoader.loadSync(USERS_PROTO);
    const service = (grpc.loadPackageDefinition(definition).users as grpc.GrpcObject).UsersService as grpc.ServiceClientConstructor;
    server = new grpc.Server();
    server.addService(service.service, {
      GetUser(call: grpc.ServerUnaryCall<{ id: number }, User>, callback: grpc.sendUnaryData<User>) {
        // id 99 never answers; Patchbay's timeout cancels the call, which the server sees.
        if (call.request.id === 99) return void call.on('cancelled', () => (cancelledUnaryCalls += 1));
        callback(null, user(call.request.id));
      },
      ListUsers(call: grpc.ServerWritableStream<{ limit: number }, User>) {
        call.write(user(1));
        call.write(user(2));
        // After the two messages have left: limit picks how the stream ends.
        setTimeout(() => {
          if (call.request.limit === 1) call.emit('error', { code: grpc.status.UNAVAILABLE, details: 'backend went away' });
          else if (call.request.limit === 2) http2StreamOf(call)?.close(2);
          else if (call.request.limit === 3) http2StreamOf(call)?.session?.destroy();
          else call.end();
        }, 50);
      },
    });
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    engine = createEngine({ reconnect: { maxAttempts: Infinity, initialDelayMs: 50, maxDelayMs: 200 } });
    handlers = createContractHandlers(engine);
    const opened = okValue(await handlers['connection.open']({ name: 'users', target: grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port, protoFiles: [USERS_PROTO] }) }));
    connectionId = opened.id;
    okValue(await engine.connections.get(connectionId)!.client.firstAttempt());
  });
  afterAll(async () => {
    await engine?.close();
    server?.forceShutdown();
  });

  const listUsers = async (limit: number) => okValue(await handlers['message.send']({ connectionId, pattern: 'users.UsersService/ListUsers', data: { limit }, timeoutMs: 5_000 }));

  /** A plain call still answers: the connection and the engine are fine. */
  async function expectStillServes() {
    await vi.waitFor(async () => expect((await listUsers(0)).status).toBe('ok'), { timeout: 5_000, interval: 50 });
    const outcome = okValue(await handlers['message.send']({ connectionId, pattern: 'users.UsersService/GetUser', data: { id: 7 } }));
    expect(outcome.values).toEqual([user(7)]);
  }

  it('keeps the two messages of a stream closed with an error status, and says so', async () => {
    const outcome = await listUsers(1);
    expect(outcome.values).toEqual([user(1), user(2)]);
    expect(outcome.status).toBe('remote-error');
    expect(outcome.remoteError).toEqual({
      code: 14,
      codeName: 'UNAVAILABLE',
      details: 'backend went away',
      metadata: {},
      message: 'Stream closed by the server after 2 messages: UNAVAILABLE backend went away',
    });
    await expectStillServes();
  });

  it('keeps the two messages of a stream reset without any status', async () => {
    const outcome = await listUsers(2);
    expect(outcome.values).toEqual([user(1), user(2)]);
    expect(outcome.remoteError).toEqual({
      code: 13,
      codeName: 'INTERNAL',
      details: 'Received RST_STREAM with code 2 (Internal server error)',
      metadata: {},
      message: 'Stream closed by the server after 2 messages without a status (it reset the stream; grpc-js reports INTERNAL Received RST_STREAM with code 2 (Internal server error))',
    });
    await expectStillServes();
  });

  it('reports a connection dropped mid-stream as lost, keeping what came', async () => {
    const outcome = await listUsers(3);
    expect(outcome.values).toEqual([user(1), user(2)]);
    expect(outcome.status).toBe('failure');
    expect(outcome.failure).toEqual({
      code: 'connection-lost',
      message: `The connection to grpc://127.0.0.1:${port} dropped after 2 messages of the reply (UNAVAILABLE Connection dropped). The messages before it are kept; the service may or may not have finished the call.`,
    });
    await expectStillServes();
  });

  it('times out a unary call that never answers, and cancels it on the server', async () => {
    const outcome = okValue(await handlers['message.send']({ connectionId, pattern: 'users.UsersService/GetUser', data: { id: 99 }, timeoutMs: 300 }));
    expect(outcome.failure).toEqual({
      code: 'timeout',
      message: 'Timed out after 300 ms waiting for a reply to users.UsersService/GetUser. The handler may be slow or never answer; raise the request timeout to wait longer.',
    });
    await vi.waitFor(() => expect(cancelledUnaryCalls).toBe(1), { timeout: 2_000, interval: 20 });
    await expectStillServes();
  });
});
