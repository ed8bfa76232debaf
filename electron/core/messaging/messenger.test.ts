// The messenger's outcome of a send, from scripted reply parts: values, status and the transport
// metadata that came with them.
import { afterEach, describe, expect, it } from 'vitest';
import { grpcTargetSchema } from '../../../shared/connection';
import { ok } from '../../../shared/result';
import { readyConnectionInfo } from '../../test-support/connection-info';
import type { Connection } from '../connections/registry';
import type { TrafficLog } from '../traffic/traffic-log';
import { createTrafficLog } from '../traffic/traffic-log';
import type { ReplyPart, TransportClient } from '../transports/transport';
import { createMessenger } from './messenger';

const info = readyConnectionInfo('users', grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port: 5000 }));

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

describe('messenger guard', () => {
  it("ends a send its guard cut short with the guard's failure, in the outcome and the log", async () => {
    let written!: () => void;
    const onWire = new Promise<void>((resolve) => (written = resolve));
    const client: TransportClient = {
      status: { state: 'ready' },
      onStatus: () => () => {},
      firstAttempt: async () => ok(null),
      async *send(_request, signal) {
        yield { kind: 'written', sizeBytes: 7 };
        written();
        // Never answers: ends only when aborted, as transports do.
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
      emit: async () => ok({ sizeBytes: 0 }),
      close: async () => {},
    };
    const failure = { code: 'timeout', message: 'Timed out after 40 ms: circuit breaker "orders" allows 40 ms per call.' };
    traffic = createTrafficLog({ onBatch: () => {} });
    const guarded = createMessenger({
      traffic,
      clock: { now: () => 0, monotonicMs: () => 5 },
      newPacketId: () => 'p1',
      guard: async (_request, sendOnce) => {
        const cutoff = new AbortController();
        const sent = sendOnce(cutoff.signal);
        await onWire;
        cutoff.abort(failure);
        return { ...(await sent), breaker: { breakerId: 'b1', name: 'orders', state: 'closed', result: 'passed' } };
      },
    });
    const outcome = await guarded.send({ connection: { info: () => info, client }, pattern: 'orders.create', data: {} });
    expect(outcome).toEqual({
      correlationId: 'p1',
      status: 'failure',
      values: [],
      failure,
      totalMs: 0,
      replyBytes: 0,
      requestBytes: 7,
      breaker: { breakerId: 'b1', name: 'orders', state: 'closed', result: 'passed' },
    });
    traffic.flush();
    expect(traffic.readPage(undefined, 10).entries.map(({ kind, failureCode, bodyPreview }) => ({ kind, failureCode, bodyPreview }))).toEqual([
      { kind: 'request', failureCode: undefined, bodyPreview: '{}' },
      { kind: 'failure', failureCode: 'timeout', bodyPreview: JSON.stringify(failure.message) },
    ]);
  });
});
