// `connection.describe` through the contract handlers against a real Nest 12 gRPC service, the
// schema from server reflection: what the composer's method picker shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcTargetSchema } from '../../shared/connection';
import type { NestService } from '../../fixtures/nest/start.mjs';
import { startNestService } from '../../fixtures/nest/start.mjs';
import type { Handlers } from './contract-handlers';
import { createContractHandlers } from './contract-handlers';
import type { Engine } from './engine';
import { createEngine } from './engine';
import { usersServiceDescription } from './transports/grpc/test-protos/users-description';

describe('connection.describe against Nest 12 over gRPC reflection', () => {
  let nest: NestService;
  let engine: Engine;
  let handlers: Handlers;
  beforeAll(async () => {
    nest = await startNestService({ major: 12, grpc: { port: 0, reflection: true } });
    engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
    handlers = createContractHandlers(engine);
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    await nest?.stop();
  });

  it('lists every method with its streaming flags and request template', async () => {
    const opened = await handlers['connection.open']({ name: 'users', target: grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port: nest.grpc!.port }) });
    if (!opened.ok) throw new Error(opened.error.message);
    const connection = engine.connections.get(opened.value.id)!;
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    expect(await handlers['connection.describe']({ connectionId: opened.value.id })).toEqual({ ok: true, value: usersServiceDescription });
  });
});
