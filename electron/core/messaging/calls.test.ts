// Open calls against a scripted transport call: events, outcome, traffic entries, and the ways a
// call stops (end, cancel, deadline, connection closed), without a network.
import { afterEach, describe, expect, it } from 'vitest';
import { grpcTargetSchema, tcpTargetSchema } from '../../../shared/connection';
import type { EventPayload } from '../../../shared/contract';
import { fail, ok } from '../../../shared/result';
import { readyConnectionInfo } from '../../test-support/connection-info';
import type { Connection } from '../connections/registry';
import type { TrafficLog } from '../traffic/traffic-log';
import { createTrafficLog } from '../traffic/traffic-log';
import { ReplyQueue } from '../transports/reply-queue';
import type { OpenCall, TransportClient } from '../transports/transport';
import { createCalls } from './calls';
import { createTrafficRecorder } from './messenger';

const grpcInfo = readyConnectionInfo('users', grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port: 5000 }));

/** A transport call whose replies the test pushes; it writes `{text}` messages of 2 + text length bytes. */
function scriptedCall() {
  const replies = new ReplyQueue();
  const log: string[] = [];
  const call: OpenCall = {
    requestStream: true,
    responseStream: true,
    write(message) {
      const text = (message as { text?: unknown }).text;
      if (typeof text !== 'string') return fail('invalid-request', 'The request does not fit users.ChatMessage: text: string expected. Compare it with the method\'s request template.');
      log.push(`write ${text}`);
      return ok({ sizeBytes: 2 + text.length });
    },
    end: () => log.push('end'),
    cancel() {
      log.push('cancel');
      replies.close();
    },
    parts: replies,
  };
  return { call, replies, log };
}

function connectionWith(call: OpenCall | undefined, info = grpcInfo): Connection {
  const client: TransportClient = {
    status: { state: 'ready' },
    onStatus: () => () => {},
    firstAttempt: async () => ok(null),
    async *send() {},
    emit: async () => ok({ sizeBytes: 0 }),
    ...(call ? { openCall: () => ok(call) } : {}),
    close: async () => {},
  };
  return { info: () => info, client };
}

let traffic: TrafficLog | undefined;
afterEach(() => traffic?.close());

function setUp() {
  traffic = createTrafficLog({ onBatch: () => {} });
  const clock = { nowMs: 0 };
  const parts: EventPayload<'call.part'>[] = [];
  const finished: EventPayload<'call.finished'>[] = [];
  let waiting: (() => void) | undefined;
  const calls = createCalls({
    record: createTrafficRecorder(traffic, { now: () => 1_000, monotonicMs: () => clock.nowMs }),
    clock: { now: () => 1_000, monotonicMs: () => clock.nowMs },
    newId: () => 'call-1',
    newPacketId: () => 'p1',
    events: {
      onPart: (payload) => {
        parts.push(payload);
        waiting?.();
      },
      onFinished: (payload) => {
        finished.push(payload);
        waiting?.();
      },
    },
  });
  /** Resolves once `condition` holds, checked after each event. */
  const until = (condition: () => boolean) =>
    new Promise<void>((resolve) => {
      if (condition()) return resolve();
      waiting = () => condition() && resolve();
    });
  const entries = () => traffic!.readPage(undefined, 100).entries.map(({ kind, direction, bodyPreview, sizeBytes, elapsedMs, firstReplyMs, totalMs, failureCode, correlationId, pattern }) => ({ kind, direction, bodyPreview, sizeBytes, elapsedMs, firstReplyMs, totalMs, failureCode, correlationId, pattern }));
  return { calls, clock, parts, finished, until, entries };
}

const trafficEntry = (fields: Record<string, unknown>) => ({ elapsedMs: undefined, firstReplyMs: undefined, totalMs: undefined, failureCode: undefined, correlationId: 'p1', pattern: 'users.UsersService/Chat', ...fields });

describe('calls', () => {
  it('sends messages one by one, pushes each reply as it comes, and finishes with the status', async () => {
    const { calls, clock, parts, finished, until, entries } = setUp();
    const { call, replies, log } = scriptedCall();
    expect(calls.open({ connection: connectionWith(call), pattern: 'users.UsersService/Chat' })).toEqual({ ok: true, value: { callId: 'call-1', correlationId: 'p1', requestStream: true, responseStream: true } });

    clock.nowMs = 5;
    expect(calls.write('call-1', { text: 'a' })).toEqual({ ok: true, value: { sizeBytes: 3, index: 0, atMs: 5 } });
    clock.nowMs = 8;
    replies.push({ kind: 'value', value: { text: 'echo: a' }, last: false, sizeBytes: 14, meta: { headers: { 'content-type': 'application/grpc+proto' } } });
    await until(() => parts.length === 1);
    expect(parts).toEqual([{ callId: 'call-1', index: 0, value: { text: 'echo: a' }, sizeBytes: 14, atMs: 8 }]);

    clock.nowMs = 10;
    expect(calls.write('call-1', { text: 'bb' })).toEqual({ ok: true, value: { sizeBytes: 4, index: 1, atMs: 10 } });
    clock.nowMs = 12;
    replies.push({ kind: 'value', value: { text: 'echo: bb' }, last: false, sizeBytes: 15 });
    await until(() => parts.length === 2);
    expect(parts[1]).toEqual({ callId: 'call-1', index: 1, value: { text: 'echo: bb' }, sizeBytes: 15, atMs: 12 });

    expect(calls.end('call-1')).toEqual({ ok: true, value: null });
    clock.nowMs = 20;
    replies.push({ kind: 'end', sizeBytes: 0, meta: { headers: { 'content-type': 'application/grpc+proto' }, trailers: { 'x-count': '2' } } });
    await until(() => finished.length === 1);
    expect(log).toEqual(['write a', 'write bb', 'end']);
    expect(finished).toEqual([
      {
        callId: 'call-1',
        outcome: {
          correlationId: 'p1',
          status: 'ok',
          values: [{ text: 'echo: a' }, { text: 'echo: bb' }],
          firstReplyMs: 8,
          totalMs: 20,
          replyBytes: 29,
          requestBytes: 7,
          headers: { 'content-type': 'application/grpc+proto' },
          trailers: { 'x-count': '2' },
        },
      },
    ]);
    expect(entries()).toEqual([
      trafficEntry({ kind: 'request', direction: 'out', bodyPreview: '{"text":"a"}', sizeBytes: 3 }),
      trafficEntry({ kind: 'reply', direction: 'in', bodyPreview: '{"text":"echo: a"}', sizeBytes: 14, elapsedMs: 3 }),
      trafficEntry({ kind: 'request', direction: 'out', bodyPreview: '{"text":"bb"}', sizeBytes: 4 }),
      trafficEntry({ kind: 'reply', direction: 'in', bodyPreview: '{"text":"echo: bb"}', sizeBytes: 15, elapsedMs: 2 }),
      trafficEntry({ kind: 'end', direction: 'in', bodyPreview: '', sizeBytes: 0, elapsedMs: 10, firstReplyMs: 8, totalMs: 20 }),
    ]);
    expect(calls.write('call-1', { text: 'late' })).toEqual({
      ok: false,
      error: { code: 'unknown-call', message: 'This call has ended (or never existed: id call-1), so it takes no more messages. Open a new stream to send more.' },
    });
  });

  it('refuses a message after the stream was ended, and one that does not fit the schema', async () => {
    const { calls } = setUp();
    const { call, log } = scriptedCall();
    calls.open({ connection: connectionWith(call), pattern: 'users.UsersService/Chat' });
    expect(calls.write('call-1', { text: 7 })).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: "The request does not fit users.ChatMessage: text: string expected. Compare it with the method's request template." },
    });
    expect(calls.end('call-1')).toEqual({ ok: true, value: null });
    expect(calls.write('call-1', { text: 'a' })).toEqual({
      ok: false,
      error: { code: 'call-ended', message: 'You ended this stream, so it takes no more messages; its replies still arrive. Open a new stream to send more.' },
    });
    expect(log).toEqual(['end']);
    calls.closeAll();
  });

  it('finishes a cancelled call with a cancelled failure, logged as one', async () => {
    const { calls, clock, finished, until, entries } = setUp();
    const { call, log } = scriptedCall();
    calls.open({ connection: connectionWith(call), pattern: 'users.UsersService/Chat' });
    clock.nowMs = 42.4;
    expect(calls.cancel('call-1')).toEqual({ ok: true, value: null });
    await until(() => finished.length === 1);
    const message = 'You cancelled the call to users.UsersService/Chat after 42 ms; the service was told CANCELLED.';
    expect(finished[0]).toEqual({ callId: 'call-1', outcome: { correlationId: 'p1', status: 'failure', values: [], failure: { code: 'cancelled', message }, totalMs: 42.4, replyBytes: 0, requestBytes: 0 } });
    expect(log).toEqual(['cancel']);
    expect(entries()).toEqual([trafficEntry({ kind: 'failure', direction: 'local', bodyPreview: JSON.stringify(message), sizeBytes: 0, failureCode: 'cancelled', elapsedMs: 42.4, totalMs: 42.4 })]);
    expect(calls.cancel('call-1')).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
  });

  it('cancels a call that passes its deadline', async () => {
    const { calls, finished, until } = setUp();
    const { call, log } = scriptedCall();
    calls.open({ connection: connectionWith(call), pattern: 'users.UsersService/Chat', timeoutMs: 20 });
    await until(() => finished.length === 1);
    expect(log).toEqual(['cancel']);
    expect(finished[0]?.outcome.failure).toEqual({ code: 'timeout', message: 'The call to users.UsersService/Chat passed its 20 ms deadline and was cancelled. Raise the deadline to keep the stream open longer.' });
  });

  it('finishes the calls of a connection that closes', async () => {
    const { calls, finished, until } = setUp();
    const { call } = scriptedCall();
    calls.open({ connection: connectionWith(call), pattern: 'users.UsersService/Chat' });
    calls.closeConnection('other');
    calls.closeConnection('c1');
    await until(() => finished.length === 1);
    expect(finished[0]?.outcome.failure).toEqual({ code: 'closed', message: 'The connection was closed while the call to users.UsersService/Chat was open.' });
  });

  it('says only gRPC has streaming calls, for other transports', () => {
    const { calls } = setUp();
    const tcp = { ...grpcInfo, target: tcpTargetSchema.parse({ kind: 'tcp', host: '127.0.0.1', port: 3000 }) };
    expect(calls.open({ connection: connectionWith(undefined, tcp), pattern: 'sum' })).toEqual({
      ok: false,
      error: { code: 'unsupported', message: 'Only gRPC has streaming calls sent message by message; tcp services take one message per request. Use Send instead.' },
    });
  });
});
