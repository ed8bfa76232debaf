// The traffic commands on real traffic from a Nest TCP service: requests, events, remote errors,
// a timeout, a stream and a large reply, filtered, counted, drawn as a conversation, exported and
// opened again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOutput } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { BODY_PREVIEW_CHARS } from '../../../shared/traffic';
import type { TrafficEntry, TrafficFilter } from '../../../shared/traffic';
import { fixtureServices } from '../../test-support/fixture-services';
import type { Connection } from '../connections/registry';
import type { Engine } from '../engine';
import { createEngine } from '../engine';
import { createTrafficHandlers } from './traffic-handlers';

const services = fixtureServices();
const largeText = 'x'.repeat(BODY_PREVIEW_CHARS + 1_000);

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('traffic commands on real Nest TCP traffic', () => {
  let engine: Engine;
  let connection: Connection;
  let handlers: ReturnType<typeof createTrafficHandlers>;
  const correlationIds: Record<string, string> = {};

  const query = async (filter: TrafficFilter, source = 'live'): Promise<CommandOutput<'traffic.query'>> => valueOf(await handlers['traffic.query']({ source, filter, limit: 2_000 }));
  const kindsAndPatterns = (entries: TrafficEntry[]) => entries.map(({ kind, pattern }) => `${kind} ${pattern}`);

  beforeAll(async () => {
    engine = createEngine();
    handlers = createTrafficHandlers(engine);
    connection = engine.connections.open('nest11', { kind: 'tcp', ...services.nest['11'].tcp }, { connectTimeoutMs: 2_000, requestTimeoutMs: 5_000 });
    expect(await connection.client.firstAttempt()).toEqual({ ok: true, value: null });
    const send = async (name: string, pattern: unknown, data: unknown, timeoutMs?: number) => {
      correlationIds[name] = (await engine.messenger.send({ connection, pattern, data, timeoutMs })).correlationId;
    };
    await send('sum', { cmd: 'sum' }, [1, 2, 3]);
    await send('missing user', { cmd: 'get_user' }, { id: 999 });
    await send('failing', { cmd: 'fail_string' }, {});
    await send('silent', { cmd: 'silent' }, {}, 200);
    await send('echo', { cmd: 'echo' }, { text: largeText });
    expect(await engine.messenger.emit({ connection, pattern: { event: 'order_placed' }, data: { orderId: 1 } })).toMatchObject({ ok: true });
    expect(await engine.messenger.emit({ connection, pattern: { event: 'order_placed' }, data: { orderId: 2 } })).toMatchObject({ ok: true });
    await send('stream', { cmd: 'stream_slow' }, {});
  });
  afterAll(() => engine.close());

  it('filters the log by status, text, direction and latency', async () => {
    expect(kindsAndPatterns((await query({})).entries)).toEqual([
      'request {"cmd":"sum"}',
      'reply {"cmd":"sum"}',
      'request {"cmd":"get_user"}',
      'remote-error {"cmd":"get_user"}',
      'request {"cmd":"fail_string"}',
      'remote-error {"cmd":"fail_string"}',
      'request {"cmd":"silent"}',
      'failure {"cmd":"silent"}',
      'request {"cmd":"echo"}',
      'reply {"cmd":"echo"}',
      'event {"event":"order_placed"}',
      'event {"event":"order_placed"}',
      'request {"cmd":"stream_slow"}',
      'reply {"cmd":"stream_slow"}',
      'reply {"cmd":"stream_slow"}',
      'reply {"cmd":"stream_slow"}',
      'end {"cmd":"stream_slow"}',
    ]);
    expect((await query({ statuses: ['error'] })).entries.map((entry) => entry.bodyPreview)).toEqual(['{"status":404,"message":"User 999 not found"}', '{"status":"error","message":"bad thing"}']);
    expect((await query({ statuses: ['timeout'] })).entries.map((entry) => entry.correlationId)).toEqual([correlationIds.silent]);
    expect(kindsAndPatterns((await query({ text: 'ORDERID":2' })).entries)).toEqual(['event {"event":"order_placed"}']);
    expect((await query({ text: correlationIds.sum })).total).toBe(2);
    expect((await query({ directions: ['out'], statuses: ['event'] })).total).toBe(2);
    expect((await query({ minLatencyMs: 200 })).entries.map((entry) => entry.kind)).toEqual(['failure']);
    const tail = valueOf(await handlers['traffic.query']({ source: 'live', filter: { statuses: ['request'] }, limit: 2 }));
    expect(tail).toMatchObject({ total: 6, offset: 4, lastSeq: 17, evictedCount: 0 });
    expect(tail.entries.map((entry) => entry.pattern)).toEqual(['{"cmd":"echo"}', '{"cmd":"stream_slow"}']);
  });

  it('counts calls, errors and timeouts per pattern', async () => {
    const stats = valueOf(await handlers['traffic.stats']({ source: 'live', filter: {} }));
    expect(stats.map(({ pattern, transport, count, errors, timeouts, latency }) => ({ pattern, transport, count, errors, timeouts, timed: latency?.count ?? 0 }))).toEqual([
      { pattern: '{"event":"order_placed"}', transport: 'tcp', count: 2, errors: 0, timeouts: 0, timed: 0 },
      { pattern: '{"cmd":"echo"}', transport: 'tcp', count: 1, errors: 0, timeouts: 0, timed: 1 },
      { pattern: '{"cmd":"fail_string"}', transport: 'tcp', count: 1, errors: 1, timeouts: 0, timed: 1 },
      { pattern: '{"cmd":"get_user"}', transport: 'tcp', count: 1, errors: 1, timeouts: 0, timed: 1 },
      { pattern: '{"cmd":"silent"}', transport: 'tcp', count: 1, errors: 0, timeouts: 1, timed: 1 },
      { pattern: '{"cmd":"stream_slow"}', transport: 'tcp', count: 1, errors: 0, timeouts: 0, timed: 1 },
      { pattern: '{"cmd":"sum"}', transport: 'tcp', count: 1, errors: 0, timeouts: 0, timed: 1 },
    ]);
    const streamEnd = (await query({ text: correlationIds.stream!, statuses: ['ok'] })).entries.at(-1)!;
    expect(stats.find((row) => row.pattern === '{"cmd":"stream_slow"}')?.latency).toMatchObject({ count: 1, minMs: streamEnd.totalMs, maxMs: streamEnd.totalMs });
  });

  it('draws a stream request as a conversation with the events logged around it', async () => {
    const request = (await query({ text: correlationIds.stream!, statuses: ['request'] })).entries[0]!;
    const conversation = valueOf(await handlers['traffic.conversation']({ source: 'live', seq: request.seq, windowMs: 60_000 }));
    expect(conversation.correlationId).toBe(correlationIds.stream);
    expect(conversation.items.map(({ relation, entry }) => `${relation} ${entry.kind} ${entry.bodyPreview}`)).toEqual([
      'caused event {"orderId":1}',
      'caused event {"orderId":2}',
      'call request {}',
      'call reply 1',
      'call reply 2',
      'call reply 3',
      'call end ',
    ]);
    const first = conversation.items[0]!.entry;
    expect(conversation.items.map(({ offsetMs, entry }) => offsetMs - (entry.monotonicMs! - first.monotonicMs!))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(conversation.spanMs).toBe(conversation.items.at(-1)!.offsetMs);
    // The stream's parts come at least 20 ms apart (interval(20) in the fixture).
    const parts = conversation.items.filter((item) => item.entry.kind === 'reply').map((item) => item.offsetMs);
    expect(parts[1]! - parts[0]!).toBeGreaterThanOrEqual(15);
  });

  it('gives the whole body of a reply larger than the preview', async () => {
    const reply = (await query({ text: correlationIds.echo!, statuses: ['ok'] })).entries[0]!;
    const body = JSON.stringify({ text: largeText });
    expect(reply).toMatchObject({ kind: 'reply', bodyTruncated: true, bodyPreview: body.slice(0, BODY_PREVIEW_CHARS) });
    expect(await handlers['traffic.body']({ source: 'live', seq: reply.seq })).toEqual({ ok: true, value: { body, complete: true } });
  });

  it('exports the log and opens it again as a source with the same entries and bodies', async () => {
    const exported = valueOf(await handlers['traffic.export']({ source: 'live', filter: {} }));
    expect(exported.count).toBe(17);
    const opened = valueOf(await handlers['traffic.import']({ name: 'nest11.ndjson', ndjson: exported.ndjson }));
    expect(opened).toMatchObject({ name: 'nest11.ndjson', count: 17 });
    const live = await query({});
    const imported = await query({}, opened.source);
    expect(imported).toEqual(live);
    const reply = (await query({ text: correlationIds.echo!, statuses: ['ok'] }, opened.source)).entries[0]!;
    expect(await handlers['traffic.body']({ source: opened.source, seq: reply.seq })).toEqual({ ok: true, value: { body: JSON.stringify({ text: largeText }), complete: true } });
    expect(valueOf(await handlers['traffic.stats']({ source: opened.source, filter: {} }))).toEqual(valueOf(await handlers['traffic.stats']({ source: 'live', filter: {} })));
    expect(await handlers['traffic.closeSource']({ source: opened.source })).toEqual({ ok: true, value: null });
  });
});
