import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../shared/connection';
import { grpcTargetSchema } from '../../shared/connection';
import type { ConnectionDescription, DescribedMethod } from '../../shared/description';
import { fail, ok } from '../../shared/result';
import { connectStoreToEngine, createAppStore } from './app-store';
import { templateText } from './catalogue-slice';
import { checkRequest } from './composer-slice';
import { createFakeRpc } from './fake-rpc';

const grpcConnection = (state: ConnectionInfo['state']): ConnectionInfo => ({
  id: 'g',
  name: 'users-grpc',
  target: grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port: 5000 }),
  options: { connectTimeoutMs: 5000, requestTimeoutMs: 10000 },
  state,
});

const method = (name: string, clientStreaming: boolean, serverStreaming: boolean, requestTemplate: DescribedMethod['requestTemplate']): DescribedMethod => ({
  name: `users.UsersService/${name}`,
  method: name,
  requestType: `users.${name}Request`,
  responseType: 'users.User',
  clientStreaming,
  serverStreaming,
  requestTemplate,
});
const description: ConnectionDescription = {
  kind: 'grpc',
  services: [{ name: 'users.UsersService', package: 'users', methods: [method('GetUser', false, false, { id: 0 }), method('CreateUsers', true, false, { name: '', email: '' })] }],
};

async function readyStore(describeResult = ok(description)) {
  const { rpc, emit, calls } = createFakeRpc((command) => {
    if (command === 'connection.list') return ok([grpcConnection('connecting')]);
    if (command === 'connection.describe') return describeResult;
    return ok({ entries: [], lastSeq: 0, evictedCount: 0 });
  });
  const store = createAppStore(rpc);
  await connectStoreToEngine(store, rpc).sync();
  emit('connection.stateChanged', grpcConnection('ready'));
  await expect.poll(() => store.getState().catalogues.g?.status).not.toBe('loading');
  return { store, calls, emit };
}

describe('method catalogue', () => {
  it('describes a gRPC connection once it is ready', async () => {
    const { store, calls } = await readyStore();
    expect(calls.filter((call) => call.command === 'connection.describe')).toEqual([{ command: 'connection.describe', input: { connectionId: 'g' } }]);
    expect(store.getState().catalogues.g).toEqual({ status: 'loaded', description });
  });

  it('asks to pick a method while a gRPC connection has none', async () => {
    const { store } = await readyStore();
    expect(checkRequest(store.getState())).toMatchObject({ ready: false, reason: 'Pick a method to send' });
  });

  it('keeps why the methods could not be listed', async () => {
    const { store } = await readyStore(fail('not-connected', 'Not connected'));
    expect(store.getState().catalogues.g).toEqual({ status: 'failed', message: 'Not connected' });
  });

  it('forgets the catalogue with the connection', async () => {
    const { store, emit } = await readyStore();
    emit('connection.removed', { connectionId: 'g' });
    expect(store.getState().catalogues).toEqual({});
  });

  it('fills the payload with the template, an array of one for client streams', async () => {
    const { store } = await readyStore();
    store.getState().pickMethod('users.UsersService/GetUser');
    expect(store.getState().patternText).toBe('users.UsersService/GetUser');
    expect(store.getState().payloadText).toBe('{\n  "id": 0\n}');
    store.getState().pickMethod('users.UsersService/CreateUsers');
    expect(store.getState().payloadText).toBe('[\n  {\n    "name": "",\n    "email": ""\n  }\n]');
    expect(templateText(description.services[0]!.methods[1]!)).toBe(store.getState().payloadText);
  });

  it('brings back what was written for a method instead of its template', async () => {
    const { store } = await readyStore();
    store.getState().pickMethod('users.UsersService/GetUser');
    store.getState().setPayloadText('{"id": 7}');
    store.getState().pickMethod('users.UsersService/CreateUsers');
    store.getState().pickMethod('users.UsersService/GetUser');
    expect(store.getState().payloadText).toBe('{"id": 7}');
    // Picking the method already picked keeps the payload as it is.
    store.getState().setPayloadText('{"id": 8}');
    store.getState().pickMethod('users.UsersService/GetUser');
    expect(store.getState().payloadText).toBe('{"id": 8}');
  });
});
