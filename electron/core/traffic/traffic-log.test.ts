import { afterEach, describe, expect, it, vi } from 'vitest';
import { BODY_PREVIEW_CHARS } from '../../../shared/traffic';
import type { TrafficRecord } from './traffic-log';
import { createTrafficLog } from './traffic-log';

const record = (pattern: string): TrafficRecord => ({ kind: 'event', direction: 'out', connectionId: 'c1', connectionName: 'users', transport: 'tcp', pattern, at: 0, sizeBytes: 2 });
/** A JSON string body of exactly `chars` characters. */
const bodyOf = (chars: number, fill = 'x') => JSON.stringify(fill.repeat(chars - 2));

afterEach(() => vi.useRealTimers());

describe('traffic log', () => {
  it('numbers entries and pages through them', () => {
    const log = createTrafficLog({ capacity: 10, onBatch: () => {} });
    ['a', 'b', 'c'].forEach((pattern) => log.append(record(pattern), '{}'));
    expect(log.readPage(undefined, 2).entries.map((e) => [e.seq, e.pattern])).toEqual([[1, 'a'], [2, 'b']]);
    expect(log.readPage(2, 10)).toMatchObject({ lastSeq: 3, evictedCount: 0 });
    expect(log.readPage(2, 10).entries.map((e) => e.pattern)).toEqual(['c']);
    log.close();
  });

  it('evicts the oldest entries beyond its capacity and counts them', () => {
    const log = createTrafficLog({ capacity: 3, onBatch: () => {} });
    for (let index = 1; index <= 7; index++) log.append(record(`p${index}`), '{}');
    const page = log.readPage(undefined, 100);
    expect(page.entries.map((e) => e.pattern)).toEqual(['p5', 'p6', 'p7']);
    expect(page).toMatchObject({ lastSeq: 7, evictedCount: 4 });
    expect([log.firstOrdinal, log.nextOrdinal]).toEqual([4, 7]);
    expect(log.get(4)).toBeUndefined();
    expect(log.get(5)?.pattern).toBe('p5');
    expect(log.body(4)).toBeUndefined();
    log.close();
  });

  it('delivers entries in batches bounded by time and by size', () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const log = createTrafficLog({ capacity: 100, flushIntervalMs: 50, maxBatch: 4, onBatch: (entries) => batches.push(entries.map((e) => e.seq)) });
    for (let index = 0; index < 6; index++) log.append(record('x'), '{}');
    expect(batches).toEqual([[1, 2, 3, 4]]);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[1, 2, 3, 4], [5, 6]]);
    log.close();
  });

  it('clears without reusing sequence numbers, and says so', () => {
    let cleared = 0;
    const log = createTrafficLog({ capacity: 10, onBatch: () => {}, onCleared: () => (cleared += 1) });
    log.append(record('a'), bodyOf(BODY_PREVIEW_CHARS + 1));
    log.clear();
    log.append(record('b'), '{}');
    expect(log.readPage(undefined, 10).entries.map((e) => [e.seq, e.pattern])).toEqual([[2, 'b']]);
    expect(log.body(1)).toBeUndefined();
    expect(cleared).toBe(1);
    log.close();
  });

  it('stamps each entry with the monotonic clock', () => {
    let nowMs = 10.5;
    const log = createTrafficLog({ clock: { monotonicMs: () => nowMs }, onBatch: () => {} });
    log.append(record('a'), '{}');
    nowMs = 12.25;
    log.append(record('b'), '{}');
    expect(log.readPage(undefined, 10).entries.map((e) => e.monotonicMs)).toEqual([10.5, 12.25]);
    log.close();
  });

  it('keeps a body up to the preview size whole in the entry', () => {
    const log = createTrafficLog({ onBatch: () => {} });
    const body = bodyOf(BODY_PREVIEW_CHARS);
    const entry = log.append(record('a'), body);
    expect(entry).toMatchObject({ bodyPreview: body, bodyTruncated: false });
    expect(log.body(1)).toEqual({ body, complete: true });
    log.close();
  });

  it('cuts longer bodies at the preview size and keeps the whole body once, by seq', () => {
    const log = createTrafficLog({ onBatch: () => {} });
    const body = bodyOf(BODY_PREVIEW_CHARS + 1);
    const entry = log.append({ ...record('a'), encoding: 'text' }, body);
    expect(entry.bodyPreview).toBe(body.slice(0, BODY_PREVIEW_CHARS));
    expect(entry.bodyTruncated).toBe(true);
    expect(log.body(1)).toEqual({ body, encoding: 'text', complete: true });
    expect(log.keptBody(1)).toBe(body);
    log.close();
  });

  it('drops the oldest whole bodies beyond its byte budget and answers their previews', () => {
    const chars = BODY_PREVIEW_CHARS * 2;
    // Room for two bodies, counted as UTF-16 (2 bytes a character).
    const log = createTrafficLog({ bodyBudgetBytes: 2 * chars * 2, onBatch: () => {} });
    const bodies = ['a', 'b', 'c'].map((fill) => bodyOf(chars, fill));
    bodies.forEach((body, index) => log.append(record(`p${index}`), body));
    expect(log.body(1)).toEqual({ body: bodies[0]!.slice(0, BODY_PREVIEW_CHARS), complete: false });
    expect(log.body(2)).toEqual({ body: bodies[1], complete: true });
    expect(log.body(3)).toEqual({ body: bodies[2], complete: true });
    log.close();
  });

  it('never keeps a body larger than the whole budget', () => {
    const log = createTrafficLog({ bodyBudgetBytes: BODY_PREVIEW_CHARS * 2 * 3, onBatch: () => {} });
    log.append(record('small'), bodyOf(BODY_PREVIEW_CHARS + 10));
    const huge = bodyOf(BODY_PREVIEW_CHARS * 4);
    log.append(record('huge'), huge);
    expect(log.body(2)).toEqual({ body: huge.slice(0, BODY_PREVIEW_CHARS), complete: false });
    expect(log.body(1)?.complete).toBe(true);
    log.close();
  });

  it('forgets the whole body of an evicted entry', () => {
    const log = createTrafficLog({ capacity: 1, onBatch: () => {} });
    log.append(record('a'), bodyOf(BODY_PREVIEW_CHARS + 1));
    log.append(record('b'), '{}');
    expect(log.keptBody(1)).toBeUndefined();
    log.close();
  });

  it('restores exported entries with their own seq and times', () => {
    const log = createTrafficLog({ capacity: 2, onBatch: () => {} });
    const body = bodyOf(BODY_PREVIEW_CHARS + 1);
    const base = { ...record('a'), at: 1_000, monotonicMs: 5, bodyPreview: '{}', bodyTruncated: false };
    log.restore({ ...base, seq: 7 });
    log.restore({ ...base, seq: 12, bodyPreview: body.slice(0, BODY_PREVIEW_CHARS), bodyTruncated: true }, body);
    expect(log.readPage(undefined, 10)).toEqual({ entries: [{ ...base, seq: 7 }, { ...base, seq: 12, bodyPreview: body.slice(0, BODY_PREVIEW_CHARS), bodyTruncated: true }], lastSeq: 12, evictedCount: 0 });
    expect(log.readPage(7, 10).entries.map((e) => e.seq)).toEqual([12]);
    expect(log.get(8)).toBeUndefined();
    expect(log.body(12)).toEqual({ body, complete: true });
    log.close();
  });
});
