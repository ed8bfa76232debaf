// The messenger's outcome of a send, from scripted reply parts: values, status and the transport
// metadata that came with them.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../../shared/connection';
import { grpcTargetSchema } from '../../../shared/connection';
import { ok } from '../../../shared/result';
import type { Connection } from '../connections/registry';
import type { TrafficLog } from '../traffic/traffic-log';
import { createTrafficLog } from '../traffic/traffic-log';
import type { ReplyPart, TransportClient } from '../transports/transport';
import { createMessenger } from './messenger';

const info: ConnectionInfo = {
  id: 'c1',
  name: 'users',
  target: grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port: 5000 }),
  options: { connectTimeoutMs: 1000, requestTimeoutMs: 1000 },
  state: 'ready',
};

function connectionReplying(parts: ReplyPart[]): Connection {
  const client: TransportClient = {
    status: { state: 'ready' },
    onStatus: () => () => {},
    firstAttempt: async () => ok(null),
    async *send() {
      yield* parts;
    },
    emit: async () => ok({ sizeBytes: 0 }),
    close: async () => {},
  };
  return { info: () => info, client };
}

let traffic: TrafficLog | undefined;
afterEach(() => traffic?.close());

function messenger() {
  traffic = createTrafficLog({ onBatch: () => {} });
  let now = 0;
  return createMessenger({ traffic, clock: { now: () => 0, monotonicMs: () => (now += 1) }, newPacketId: () => 'p1' });
}

describe('messenger.send', () => {
  it('gathers response headers from the first value and trailers from the end', async () => {
    const connection = connectionReplying([
      { kind: 'written', sizeBytes: 7 },
      { kind: 'value', value: { id: 1 }, last: false, sizeBytes: 20, meta: { headers: { 'x-echo': 'a', 'content-type': 'application/grpc+proto' } } },
      { kind: 'value', value: { id: 2 }, last: false, sizeBytes: 20 },
      { kind: 'end', sizeBytes: 0, meta: { headers: { 'x-echo': 'a', 'content-type': 'application/grpc+proto' }, trailers: { 'x-count': '2' } } },
    ]);
    const outcome = await messenger().send({ connection, pattern: 'users.UsersService/ListUsers', data: {} });
    expect(outcome).toMatchObject({
      status: 'ok',
      values: [{ id: 1 }, { id: 2 }],
      headers: { 'x-echo': 'a', 'content-type': 'application/grpc+proto' },
      trailers: { 'x-count': '2' },
    });
  });

  it('keeps the metadata of a remote error', async () => {
    const connection = connectionReplying([
      { kind: 'written', sizeBytes: 7 },
      { kind: 'remote-error', error: { code: 5, codeName: 'NOT_FOUND', details: 'nope', metadata: {} }, sizeBytes: 0, meta: { headers: {}, trailers: { 'x-why': 'because' } } },
    ]);
    const outcome = await messenger().send({ connection, pattern: 'users.UsersService/GetUser', data: { id: 9 } });
    expect(outcome).toMatchObject({ status: 'remote-error', headers: {}, trailers: { 'x-why': 'because' } });
  });

  it('leaves headers and trailers out when the transport has none', async () => {
    const connection = connectionReplying([
      { kind: 'written', sizeBytes: 7 },
      { kind: 'value', value: 6, last: true, sizeBytes: 20 },
    ]);
    const outcome = await messenger().send({ connection, pattern: 'sum', data: [1, 2, 3] });
    expect(outcome.values).toEqual([6]);
    expect('headers' in outcome || 'trailers' in outcome).toBe(false);
  });
});
