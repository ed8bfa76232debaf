import { describe, expect, it } from 'vitest';
import { BODY_PREVIEW_CHARS } from '../../../shared/traffic';
import type { TrafficRecord } from './traffic-log';
import { createTrafficLog } from './traffic-log';
import { createTrafficSources } from './traffic-sources';
import { createTrafficHandlers } from './traffic-handlers';

const base: TrafficRecord = { kind: 'request', direction: 'out', connectionId: 'c1', connectionName: 'users', transport: 'tcp', pattern: 'orders.create', at: 1_000, sizeBytes: 10 };
const longBody = JSON.stringify({ items: 'x'.repeat(BODY_PREVIEW_CHARS) });

function setUp() {
  let nowMs = 0;
  const traffic = createTrafficLog({ clock: { monotonicMs: () => (nowMs += 2.5) }, onBatch: () => {} });
  let ids = 0;
  const trafficSources = createTrafficSources({ live: traffic, newId: () => `${++ids}` });
  const handlers = createTrafficHandlers({ traffic, trafficSources }, () => 1_700_000_000_000);
  traffic.append({ ...base, correlationId: 'a1' }, '{"id":1}');
  traffic.append({ ...base, kind: 'reply', direction: 'in', correlationId: 'a1', totalMs: 4, elapsedMs: 4, firstReplyMs: 4, headers: { trace: 't-1' }, meta: { partition: 0 } }, longBody);
  traffic.append({ ...base, kind: 'message', direction: 'observed', origin: 'listen', listenerId: 'l1', pattern: 'raw', encoding: 'hex' }, 'cafe');
  return { traffic, handlers };
}

const header = (count: number) => JSON.stringify({ format: 'patchbay-traffic', version: 1, exportedAt: 1, count });
const line = { seq: 1, kind: 'event', direction: 'out', connectionId: 'c1', connectionName: 'users', transport: 'tcp', pattern: 'x', at: 1, bodyPreview: '{}', bodyTruncated: false, sizeBytes: 2 };

describe('traffic export and import', () => {
  it('exports a header and one entry a line, with the whole body where the preview was cut', async () => {
    const { traffic, handlers } = setUp();
    const exported = await handlers['traffic.export']({ source: 'live', filter: { statuses: ['ok', 'event'] } });
    if (!exported.ok) throw new Error(exported.error.message);
    const [first, ...rest] = exported.value.ndjson.trimEnd().split('\n').map((text) => JSON.parse(text) as unknown);
    expect(exported.value.count).toBe(2);
    expect(first).toEqual({ format: 'patchbay-traffic', version: 1, exportedAt: 1_700_000_000_000, count: 2 });
    expect(rest).toEqual([{ ...traffic.get(2), body: longBody }, traffic.get(3)]);
  });

  it('opens an export as a source that answers every traffic command like the live log did', async () => {
    const { traffic, handlers } = setUp();
    const exported = await handlers['traffic.export']({ source: 'live', filter: {} });
    if (!exported.ok) throw new Error(exported.error.message);
    traffic.clear();
    traffic.append(base, '{}');

    const opened = await handlers['traffic.import']({ name: 'orders.ndjson', ndjson: exported.value.ndjson });
    expect(opened).toEqual({ ok: true, value: { source: 'import-1', name: 'orders.ndjson', count: 3 } });
    const source = 'import-1';
    const window = await handlers['traffic.query']({ source, filter: {}, limit: 10 });
    expect(window).toEqual({ ok: true, value: { total: 3, offset: 0, entries: [1, 2, 3].map((seq) => expect.objectContaining({ seq })), lastSeq: 3, evictedCount: 0 } });
    const live = await handlers['traffic.readPage']({ limit: 10 });
    expect(live.ok && live.value.entries.map((entry) => entry.seq)).toEqual([4]);
    if (!window.ok) return;
    expect(window.value.entries.map((entry) => [entry.at, entry.monotonicMs])).toEqual([[1_000, 2.5], [1_000, 5], [1_000, 7.5]]);
    expect(window.value.entries[1]).toMatchObject({ headers: { trace: 't-1' }, meta: { partition: 0 }, bodyTruncated: true });
    expect(await handlers['traffic.body']({ source, seq: 2 })).toEqual({ ok: true, value: { body: longBody, complete: true } });
    expect(await handlers['traffic.body']({ source, seq: 3 })).toEqual({ ok: true, value: { body: 'cafe', encoding: 'hex', complete: true } });
    expect(await handlers['traffic.query']({ source, filter: { text: 'xxxx' }, limit: 10 })).toMatchObject({ ok: true, value: { total: 1 } });
    expect(await handlers['traffic.stats']({ source, filter: {} })).toMatchObject({ ok: true, value: [{ pattern: 'orders.create', count: 1 }, { pattern: 'raw', count: 1 }] });
    const conversation = await handlers['traffic.conversation']({ source, seq: 1, windowMs: 0 });
    expect(conversation.ok && conversation.value.items.map((item) => [item.relation, item.offsetMs, item.entry.seq])).toEqual([['call', 0, 1], ['call', 2.5, 2]]);
    const again = await handlers['traffic.export']({ source, filter: {} });
    const parsedLines = (ndjson: string) => ndjson.trimEnd().split('\n').map((text) => JSON.parse(text) as unknown);
    expect(again.ok && parsedLines(again.value.ndjson)).toEqual(parsedLines(exported.value.ndjson));

    expect(await handlers['traffic.closeSource']({ source })).toEqual({ ok: true, value: null });
    expect(await handlers['traffic.query']({ source, filter: {}, limit: 10 })).toEqual({
      ok: false,
      error: { code: 'unknown-traffic-source', message: 'No traffic source is open as "import-1"; it may have been closed. Import the file again, or use "live" for the live log.' },
    });
  });

  it('keeps a preview as the body when the whole body was no longer kept at export', async () => {
    const traffic = createTrafficLog({ bodyBudgetBytes: 10, onBatch: () => {} });
    const handlers = createTrafficHandlers({ traffic, trafficSources: createTrafficSources({ live: traffic, newId: () => 'x' }) }, () => 1);
    traffic.append(base, longBody);
    const exported = await handlers['traffic.export']({ source: 'live', filter: {} });
    if (!exported.ok) throw new Error(exported.error.message);
    expect(exported.value.ndjson).not.toContain('"body"');
    await handlers['traffic.import']({ name: 'f', ndjson: exported.value.ndjson });
    expect(await handlers['traffic.body']({ source: 'import-x', seq: 1 })).toEqual({ ok: true, value: { body: longBody.slice(0, BODY_PREVIEW_CHARS), complete: false } });
  });

  it('answers an unknown entry, and refuses to close the live log', async () => {
    const { handlers } = setUp();
    expect(await handlers['traffic.body']({ source: 'live', seq: 99 })).toEqual({
      ok: false,
      error: { code: 'unknown-entry', message: 'Entry 99 is no longer in the log (evicted or cleared). Pick an entry the traffic view still lists.' },
    });
    expect(await handlers['traffic.closeSource']({ source: 'live' })).toEqual({ ok: false, error: { code: 'live-traffic-source', message: 'The live log cannot be closed; clear it instead.' } });
  });

  it.each([
    ['not a Patchbay file', '{"hello":1}\n', "This is not a Patchbay traffic export: its first line should be the header {\"format\":\"patchbay-traffic\",…}. Open a file written by Patchbay's traffic export."],
    ['an empty file', '', "This is not a Patchbay traffic export: its first line should be the header {\"format\":\"patchbay-traffic\",…}. Open a file written by Patchbay's traffic export."],
    [
      'a header of another version',
      '{"format":"patchbay-traffic","version":2,"exportedAt":1,"count":0}\n',
      "This traffic export's header is not one this Patchbay reads (version: Invalid input: expected 1). Export the file from Patchbay again.",
    ],
    ['a line that is not JSON', `${header(1)}\n{"seq":1,`, 'Line 2 is not JSON. Export the file from Patchbay again.'],
    [
      'an entry of an unknown kind',
      `${header(2)}\n${JSON.stringify(line)}\n${JSON.stringify({ ...line, seq: 2, kind: 'gossip' })}\n`,
      'Line 3 is not a traffic entry: kind: Invalid option: expected one of "request"|"event"|"reply"|"end"|"remote-error"|"failure"|"message"|"breaker". Export the file from Patchbay again.',
    ],
    [
      'an entry without its fields',
      `${header(1)}\n${JSON.stringify({ seq: 1, kind: 'event' })}\n`,
      'Line 2 is not a traffic entry: direction: Invalid option: expected one of "out"|"in"|"local"|"observed"; connectionId: Invalid input: expected string, received undefined; connectionName: Invalid input: expected string, received undefined; transport: Invalid input: expected string, received undefined; pattern: Invalid input: expected string, received undefined; at: Invalid input: expected number, received undefined; bodyPreview: Invalid input: expected string, received undefined; bodyTruncated: Invalid input: expected boolean, received undefined; sizeBytes: Invalid input: expected number, received undefined. Export the file from Patchbay again.',
    ],
    ['entries out of order', `${header(2)}\n${JSON.stringify({ ...line, seq: 5 })}\n${JSON.stringify({ ...line, seq: 5 })}\n`, "Line 3 has seq 5, not after the line before it (5); entries must be in log order. Export the file from Patchbay again."],
    ['a file cut short', `${header(3)}\n${JSON.stringify(line)}\n`, 'The header promises 3 entries but the file has 1; it may have been cut short or edited. Export the file from Patchbay again.'],
  ])('refuses %s and says why', async (_name, ndjson, message) => {
    const { handlers } = setUp();
    expect(await handlers['traffic.import']({ name: 'bad.ndjson', ndjson })).toEqual({ ok: false, error: { code: 'bad-traffic-file', message } });
  });

  it('opens an export with no entries', async () => {
    const { handlers } = setUp();
    expect(await handlers['traffic.import']({ name: 'empty', ndjson: `${header(0)}\n` })).toEqual({ ok: true, value: { source: 'import-1', name: 'empty', count: 0 } });
    expect(await handlers['traffic.query']({ source: 'import-1', filter: {}, limit: 10 })).toEqual({ ok: true, value: { total: 0, offset: 0, entries: [], lastSeq: 0, evictedCount: 0 } });
  });
});
