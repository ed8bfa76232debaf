// The contract handlers against an engine whose transport clients are fakes: what each command
// answers, without a network.
import { afterEach, describe, expect, it } from 'vitest';
import { connectionOptionsSchema, connectionTargetSchema } from '../../shared/connection';
import type { ConnectionDescription } from '../../shared/description';
import { ok } from '../../shared/result';
import type { Handlers } from './contract-handlers';
import { createContractHandlers } from './contract-handlers';
import type { Engine } from './engine';
import { createEngine } from './engine';
import type { TransportClient } from './transports/transport';

const description: ConnectionDescription = {
  kind: 'grpc',
  services: [{
    name: 'users.UsersService',
    package: 'users',
    methods: [{ name: 'users.UsersService/GetUser', method: 'GetUser', requestType: 'users.GetUserRequest', responseType: 'users.User', clientStreaming: false, serverStreaming: false, requestTemplate: { id: 0 } }],
  }],
};

function fakeClient(describe?: TransportClient['describe']): TransportClient {
  return {
    status: { state: 'ready' },
    onStatus: () => () => {},
    firstAttempt: async () => ok(null),
    async *send() {},
    emit: async () => ok({ sizeBytes: 0 }),
    ...(describe ? { describe } : {}),
    close: async () => {},
  };
}

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

function handlersWith(client: TransportClient): Handlers {
  engine = createEngine({ createClient: () => client, newId: () => 'c1' });
  return createContractHandlers(engine);
}
const targetOf = (url: { kind: string } & Record<string, unknown>) => connectionTargetSchema.parse(url);

describe('connection.describe', () => {
  it('answers with what the transport client describes', async () => {
    const handlers = handlersWith(fakeClient(async () => ok(description)));
    await handlers['connection.open']({ name: 'users', target: targetOf({ kind: 'grpc', host: '127.0.0.1', port: 5000 }), options: connectionOptionsSchema.partial().parse({}) });
    expect(await handlers['connection.describe']({ connectionId: 'c1' })).toEqual({ ok: true, value: description });
  });

  it('says only gRPC connections can be described, for transports without a schema', async () => {
    const handlers = handlersWith(fakeClient());
    await handlers['connection.open']({ name: 'tcp', target: targetOf({ kind: 'tcp', host: '127.0.0.1', port: 3000 }) });
    expect(await handlers['connection.describe']({ connectionId: 'c1' })).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'Only gRPC connections can be described; tcp services have no schema to ask for. Type the pattern instead.' },
    });
  });

  it('names an unknown connection', async () => {
    const handlers = handlersWith(fakeClient());
    expect(await handlers['connection.describe']({ connectionId: 'gone' })).toEqual({
      ok: false,
      error: { code: 'unknown-connection', message: 'No open connection has id gone. It may have been closed; open it again.' },
    });
  });
});
