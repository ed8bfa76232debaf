// Streaming calls written message by message against the real Nest 12 gRPC fixture
// (users.UsersService: Chat answers each message at once, CreateUsers once the stream ends).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { grpcTargetSchema } from '../../../shared/connection';
import type { EventPayload } from '../../../shared/contract';
import type { NestService } from '../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../fixtures/nest/start.mjs';
import type { Connection } from '../connections/registry';
import type { Engine } from '../engine';
import { createEngine } from '../engine';

type Seen = { event: 'part'; payload: EventPayload<'call.part'> } | { event: 'finished'; payload: EventPayload<'call.finished'> } | { event: 'wrote' | 'ended' | 'cancelled'; index?: number };

let nest: NestService;
beforeAll(async () => {
  nest = await startNestService({ major: 12, grpc: { port: 0, reflection: true } });
}, 60_000);
afterAll(() => nest?.stop());

let engine: Engine;
let connection: Connection;
let seen: Seen[];
let check: (() => void) | undefined;
beforeEach(async () => {
  seen = [];
  engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  engine.onEvent(({ event, payload }) => {
    if (event === 'call.part') seen.push({ event: 'part', payload });
    else if (event === 'call.finished') seen.push({ event: 'finished', payload });
    else return;
    check?.();
  });
  connection = engine.connections.open('grpc', grpcTargetSchema.parse({ kind: 'grpc', host: '127.0.0.1', port: nest.grpc!.port }), { connectTimeoutMs: 5000, requestTimeoutMs: 10_000 });
  const first = await connection.client.firstAttempt();
  if (!first.ok) throw new Error(first.error.message);
});
afterEach(() => engine.close());

/** Resolves once `count` call events have been seen. */
const eventsSeen = (count: number) =>
  new Promise<void>((resolve) => {
    const events = () => seen.filter((item) => item.event === 'part' || item.event === 'finished').length;
    check = () => events() >= count && resolve();
    check();
  });

function open(pattern: string, timeoutMs?: number): string {
  const opened = engine.calls.open({ connection, pattern, timeoutMs });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value.callId;
}
function write(callId: string, data: unknown) {
  const written = engine.calls.write(callId, data);
  if (!written.ok) throw new Error(written.error.message);
  seen.push({ event: 'wrote', index: written.value.index });
}
const finishedOutcome = () => {
  const last = seen.at(-1);
  return last?.event === 'finished' ? last.payload.outcome : undefined;
};
const order = () => seen.map((item) => (item.event === 'part' ? `part ${item.payload.index}: ${JSON.stringify(item.payload.value)}` : item.event === 'wrote' ? `wrote ${item.index}` : item.event));

describe('streaming calls against Nest 12', () => {
  it('answers each bidi message as it is written, before the stream ends', async () => {
    const callId = open('users.UsersService/Chat');
    write(callId, { text: 'a' });
    await eventsSeen(1);
    write(callId, { text: 'b' });
    await eventsSeen(2);
    expect(engine.calls.end(callId)).toEqual({ ok: true, value: null });
    seen.push({ event: 'ended' });
    await eventsSeen(3);
    expect(order()).toEqual(['wrote 0', 'part 0: {"text":"echo: a"}', 'wrote 1', 'part 1: {"text":"echo: b"}', 'ended', 'finished']);
    expect(finishedOutcome()).toMatchObject({ status: 'ok', values: [{ text: 'echo: a' }, { text: 'echo: b' }], requestBytes: 16, replyBytes: 28, trailers: {} });
    expect(finishedOutcome()?.headers).toMatchObject({ 'content-type': 'application/grpc+proto' });
    const traffic = engine.traffic.readPage(undefined, 100).entries.map(({ kind, direction, bodyPreview }) => `${direction} ${kind} ${bodyPreview}`);
    expect(traffic).toEqual(['out request {"text":"a"}', 'in reply {"text":"echo: a"}', 'out request {"text":"b"}', 'in reply {"text":"echo: b"}', 'in end ']);
  });

  it('gets the one client-stream reply after the stream ends', async () => {
    const callId = open('users.UsersService/CreateUsers');
    write(callId, { name: 'Ada', email: 'ada@example.com' });
    write(callId, { name: 'Grace', email: 'grace@example.com' });
    engine.calls.end(callId);
    seen.push({ event: 'ended' });
    await eventsSeen(2);
    const reply = { users: [{ id: 101, name: 'Ada', email: 'ada@example.com' }, { id: 102, name: 'Grace', email: 'grace@example.com' }], count: 2 };
    expect(order()).toEqual(['wrote 0', 'wrote 1', 'ended', `part 0: ${JSON.stringify(reply)}`, 'finished']);
    expect(finishedOutcome()).toMatchObject({ status: 'ok', values: [reply] });
  });

  it('ends a cancelled call with a cancelled failure', async () => {
    const callId = open('users.UsersService/Chat');
    write(callId, { text: 'a' });
    await eventsSeen(1);
    expect(engine.calls.cancel(callId)).toEqual({ ok: true, value: null });
    await eventsSeen(2);
    expect(finishedOutcome()).toMatchObject({
      status: 'failure',
      values: [{ text: 'echo: a' }],
      failure: { code: 'cancelled', message: expect.stringMatching(/^You cancelled the call to users\.UsersService\/Chat after \d+ ms; the service was told CANCELLED\.$/) },
    });
    expect(engine.calls.write(callId, { text: 'b' })).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
  });

  it('cancels a call still open at its deadline', async () => {
    const callId = open('users.UsersService/Chat', 300);
    write(callId, { text: 'a' });
    await eventsSeen(2);
    expect(finishedOutcome()).toMatchObject({
      status: 'failure',
      values: [{ text: 'echo: a' }],
      failure: { code: 'timeout', message: 'The call to users.UsersService/Chat passed its 300 ms deadline and was cancelled. Raise the deadline to keep the stream open longer.' },
    });
    expect(finishedOutcome()?.totalMs).toBeGreaterThanOrEqual(300);
  });

  it('refuses a message after the end, and one that is not a message', async () => {
    const callId = open('users.UsersService/Chat');
    expect(engine.calls.write(callId, 'hello')).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: "The request does not fit users.ChatMessage: .users.ChatMessage: object expected. Compare it with the method's request template." },
    });
    engine.calls.end(callId);
    expect(engine.calls.write(callId, { text: 'late' })).toEqual({
      ok: false,
      error: { code: 'call-ended', message: 'You ended this stream, so it takes no more messages; its replies still arrive. Open a new stream to send more.' },
    });
    await eventsSeen(1);
    expect(finishedOutcome()).toMatchObject({ status: 'empty', values: [], requestBytes: 0 });
  });

  it('finishes an open call when its connection closes', async () => {
    const callId = open('users.UsersService/Chat');
    write(callId, { text: 'a' });
    await eventsSeen(1);
    await engine.connections.close(connection.info().id);
    await eventsSeen(2);
    expect(finishedOutcome()?.failure?.code).toBe('closed');
  });
});
