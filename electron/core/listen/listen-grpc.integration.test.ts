// A gRPC server stream held open as a listener, against the real Nest 12 fixture's ListUsers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcTargetSchema } from '../../../shared/connection';
import type { ListenerInfo } from '../../../shared/listen';
import { listenSpecSchema } from '../../../shared/listen';
import type { NestService } from '../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../fixtures/nest/start.mjs';
import type { Connection } from '../connections/registry';
import type { Engine } from '../engine';
import { createEngine } from '../engine';

let nest: NestService;
let engine: Engine;
let connection: Connection;
beforeAll(async () => {
  nest = await startNestService({ major: 12, grpc: { port: 0, reflection: true } });
  engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  connection = engine.connections.open('grpc', grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port: nest.grpc!.port }), { connectTimeoutMs: 5000, requestTimeoutMs: 10_000 });
  const first = await connection.client.firstAttempt();
  if (!first.ok) throw new Error(first.error.message);
}, 60_000);
afterAll(async () => {
  await engine?.close();
  await nest?.stop();
});

describe('gRPC stream listener', () => {
  it('observes each message of a server stream, joined to the request, until the service ends it', async () => {
    const states: ListenerInfo['state'][] = [];
    engine.onEvent(({ event, payload }) => event === 'listen.stateChanged' && states.push(payload.state));
    const started = await engine.listeners.start(connection.info().id, listenSpecSchema.parse({ kind: 'grpc', method: 'users.UsersService/ListUsers', data: { limit: 2 } }));
    if (!started.ok) throw new Error(started.error.message);
    await expect.poll(() => states.at(-1), { timeout: 5000 }).toBe('stopped');
    // Count reports repeat 'listening' while messages come; the transitions are these.
    expect(states.filter((state, index) => state !== states[index - 1])).toEqual(['starting', 'listening', 'stopped']);

    const entries = engine.traffic.readPage(undefined, 1000).entries.filter((entry) => entry.listenerId === started.value.id);
    expect(entries.map(({ kind, pattern, bodyPreview }) => ({ kind, pattern, bodyPreview }))).toEqual([
      { kind: 'request', pattern: 'users.UsersService/ListUsers', bodyPreview: '{"limit":2}' },
      { kind: 'reply', pattern: 'users.UsersService/ListUsers', bodyPreview: '{"id":1,"name":"User 1","email":"user1@example.com"}' },
      { kind: 'reply', pattern: 'users.UsersService/ListUsers', bodyPreview: '{"id":2,"name":"User 2","email":"user2@example.com"}' },
      { kind: 'end', pattern: 'users.UsersService/ListUsers', bodyPreview: '' },
    ]);
    expect(new Set(entries.map((entry) => entry.correlationId)).size).toBe(1);
    expect(entries.at(-1)!.totalMs).toBeGreaterThan(0);
    // A stream the service completed is not an error: stopped, with nothing in lastError.
    const info = engine.listeners.list().find((listener) => listener.id === started.value.id);
    expect(info).toMatchObject({ state: 'stopped', count: 4 });
    expect(info).not.toHaveProperty('lastError');
  });
});
