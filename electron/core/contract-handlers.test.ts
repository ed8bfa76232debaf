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

describe('call commands', () => {
  it('refuses to open a streaming call on a transport without them', async () => {
    const handlers = handlersWith(fakeClient());
    await handlers['connection.open']({ name: 'tcp', target: targetOf({ kind: 'tcp', host: '127.0.0.1', port: 3000 }) });
    expect(await handlers['call.open']({ connectionId: 'c1', pattern: 'sum' })).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'Only gRPC has streaming calls sent message by message; tcp services take one message per request. Use Send instead.' },
    });
  });

  it('says a call that is not open has ended, for write, end and cancel', async () => {
    const handlers = handlersWith(fakeClient());
    const ended = { ok: false, error: { code: 'unknown-call', message: 'This call has ended (or never existed: id gone), so it takes no more messages. Open a new stream to send more.' } };
    expect(await handlers['call.write']({ callId: 'gone', data: {} })).toEqual(ended);
    expect(await handlers['call.end']({ callId: 'gone' })).toEqual(ended);
    expect(await handlers['call.cancel']({ callId: 'gone' })).toEqual(ended);
  });
});
