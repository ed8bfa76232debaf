import { describe, expect, it } from 'vitest';
import type { TrafficEntry, TrafficFilter } from '../../../shared/traffic';
import { BODY_PREVIEW_CHARS } from '../../../shared/traffic';
import type { TrafficLog, TrafficRecord } from './traffic-log';
import { createTrafficLog } from './traffic-log';
import { createTrafficQuery } from './traffic-query';

const base: TrafficRecord = { kind: 'request', direction: 'out', connectionId: 'c1', connectionName: 'users', transport: 'tcp', pattern: '{"cmd":"sum"}', at: 0, sizeBytes: 10 };

/** One of each kind of entry, on two transports and connections. */
function sampleLog(capacity = 100): TrafficLog {
  const log = createTrafficLog({ capacity, onBatch: () => {} });
  log.append({ ...base, correlationId: 'abc1' }, '[1,2]'); // 1
  log.append({ ...base, kind: 'reply', direction: 'in', correlationId: 'abc1', elapsedMs: 3, firstReplyMs: 3, totalMs: 3 }, '3'); // 2
  log.append({ ...base, kind: 'event', pattern: 'user.created', connectionId: 'c2', transport: 'redis' }, '{"name":"Ada"}'); // 3
  log.append({ ...base, correlationId: 'abc2', pattern: '{"cmd":"get_user"}' }, '{"id":9}'); // 4
  log.append({ ...base, kind: 'remote-error', direction: 'in', correlationId: 'abc2', pattern: '{"cmd":"get_user"}', elapsedMs: 12, totalMs: 12 }, '{"status":404,"message":"User 9 not found"}'); // 5
  log.append({ ...base, correlationId: 'abc3', pattern: '{"cmd":"silent"}' }, '{}'); // 6
  log.append({ ...base, kind: 'failure', direction: 'local', correlationId: 'abc3', pattern: '{"cmd":"silent"}', failureCode: 'timeout', elapsedMs: 300, totalMs: 300, sizeBytes: 0 }, '"Timed out"'); // 7
  log.append({ ...base, kind: 'message', direction: 'observed', origin: 'listen', pattern: 'orders', connectionId: 'c2', transport: 'redis' }, 'raw NEEDLE text'); // 8
  return log;
}

const seqs = (log: TrafficLog, filter: TrafficFilter, offset?: number, limit = 100) => createTrafficQuery(log).window(filter, offset, limit).entries.map((entry: TrafficEntry) => entry.seq);

describe('traffic queries', () => {
  it('answers the unfiltered log as a window with totals', () => {
    const log = sampleLog();
    expect(createTrafficQuery(log).window({}, 2, 3)).toMatchObject({ total: 8, offset: 2, lastSeq: 8, evictedCount: 0 });
    expect(seqs(log, {}, 2, 3)).toEqual([3, 4, 5]);
  });

  it('finds text in the pattern, the correlation id or the body, whatever the case', () => {
    const log = sampleLog();
    expect(seqs(log, { text: 'GET_USER' })).toEqual([4, 5]);
    expect(seqs(log, { text: 'abc3' })).toEqual([6, 7]);
    expect(seqs(log, { text: 'not found' })).toEqual([5]);
    expect(seqs(log, { text: 'needle' })).toEqual([8]);
    expect(seqs(log, { text: '.*' })).toEqual([]);
    expect(seqs(log, { text: '' })).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('finds text in the whole body beyond the preview', () => {
    const log = createTrafficLog({ onBatch: () => {} });
    log.append(base, JSON.stringify('x'.repeat(BODY_PREVIEW_CHARS) + 'tail-marker'));
    log.append(base, '{}');
    expect(seqs(log, { text: 'TAIL-MARKER' })).toEqual([1]);
  });

  it('filters by transport, connection and direction', () => {
    const log = sampleLog();
    expect(seqs(log, { transports: ['redis'] })).toEqual([3, 8]);
    expect(seqs(log, { connectionIds: ['c1'] })).toEqual([1, 2, 4, 5, 6, 7]);
    expect(seqs(log, { directions: ['in', 'local'] })).toEqual([2, 5, 7]);
    expect(seqs(log, { transports: [] })).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('filters by status', () => {
    const log = sampleLog();
    expect(seqs(log, { statuses: ['request'] })).toEqual([1, 4, 6]);
    expect(seqs(log, { statuses: ['ok'] })).toEqual([2]);
    expect(seqs(log, { statuses: ['error'] })).toEqual([5]);
    expect(seqs(log, { statuses: ['timeout'] })).toEqual([7]);
    expect(seqs(log, { statuses: ['event'] })).toEqual([3, 8]);
  });

  it('filters by latency, total else elapsed, at least the minimum', () => {
    const log = sampleLog();
    log.append({ ...base, kind: 'reply', direction: 'in', correlationId: 'abc4', elapsedMs: 12 }, '1'); // 9: a stream part
    expect(seqs(log, { minLatencyMs: 12 })).toEqual([5, 7, 9]);
    expect(seqs(log, { minLatencyMs: 0 })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('combines filters', () => {
    const log = sampleLog();
    expect(seqs(log, { directions: ['in', 'local'], statuses: ['error', 'timeout'], minLatencyMs: 100 })).toEqual([7]);
    expect(seqs(log, { text: 'user', transports: ['tcp'] })).toEqual([4, 5]);
  });

  it('windows the matches by position, and the newest ones without an offset', () => {
    const log = sampleLog();
    const query = createTrafficQuery(log);
    const filter = { transports: ['tcp'] };
    expect(query.window(filter, undefined, 2)).toMatchObject({ total: 6, offset: 4 });
    expect(query.window(filter, undefined, 2).entries.map((e) => e.seq)).toEqual([6, 7]);
    expect(query.window(filter, 1, 2).entries.map((e) => e.seq)).toEqual([2, 4]);
    expect(query.window(filter, 5, 10).entries.map((e) => e.seq)).toEqual([7]);
    expect(query.window(filter, 50, 10)).toMatchObject({ total: 6, offset: 6, entries: [] });
    expect(query.window(filter, undefined, 100)).toMatchObject({ offset: 0, total: 6 });
  });

  it('extends a cached filter with entries appended after it was first asked', () => {
    const log = sampleLog();
    const query = createTrafficQuery(log);
    expect(query.window({ statuses: ['error'] }, undefined, 10).entries.map((e) => e.seq)).toEqual([5]);
    log.append({ ...base, kind: 'remote-error', direction: 'in', correlationId: 'abc9' }, '"no"');
    log.append(base, '{}');
    expect(query.window({ statuses: ['error'] }, undefined, 10)).toMatchObject({ total: 2, lastSeq: 10 });
    expect(query.window({ statuses: ['error'] }, undefined, 10).entries.map((e) => e.seq)).toEqual([5, 9]);
  });

  it('shares a cached filter between filters that differ only in order, case or empty fields', () => {
    const log = sampleLog();
    const query = createTrafficQuery(log);
    expect(query.window({ text: 'User', statuses: ['request', 'error'], transports: [] }, undefined, 10).entries.map((e) => e.seq)).toEqual([4, 5]);
    log.append({ ...base, pattern: 'users.list' }, '{}');
    expect(query.window({ statuses: ['error', 'request'], text: 'uSER' }, undefined, 10).entries.map((e) => e.seq)).toEqual([4, 5, 9]);
  });

  it('drops evicted entries from cached filters and counts positions among the entries held', () => {
    const log = sampleLog(4);
    const query = createTrafficQuery(log);
    expect(query.window({ connectionIds: ['c1'] }, undefined, 10).entries.map((e) => e.seq)).toEqual([5, 6, 7]);
    log.append({ ...base, correlationId: 'abc5' }, '{}'); // 9 evicts 5
    log.append({ ...base, connectionId: 'c2' }, '{}'); // 10 evicts 6
    const window = query.window({ connectionIds: ['c1'] }, 0, 10);
    expect(window).toMatchObject({ total: 2, offset: 0, lastSeq: 10, evictedCount: 6 });
    expect(window.entries.map((e) => e.seq)).toEqual([7, 9]);
    expect(query.window({}, 0, 10).entries.map((e) => e.seq)).toEqual([7, 8, 9, 10]);
  });

  it('stays right through many evictions of a cached filter', () => {
    const log = createTrafficLog({ capacity: 1_000, onBatch: () => {} });
    const query = createTrafficQuery(log);
    for (let round = 0; round < 20; round++) {
      for (let index = 0; index < 1_000; index++) log.append({ ...base, connectionId: index % 3 === 0 ? 'c3' : 'c1' }, '{}');
      const window = query.window({ connectionIds: ['c3'] }, undefined, 2);
      expect(window.total).toBe(334);
      expect(window.entries.map((e) => e.connectionId)).toEqual(['c3', 'c3']);
    }
    const held = query.window({ connectionIds: ['c3'] }, 0, 1_000).entries.map((e) => e.seq);
    expect(held).toHaveLength(334);
    expect(held[0]).toBe(19_001);
    expect(held.at(-1)).toBe(20_000);
  });

  it('forgets everything on clear and goes on with new entries', () => {
    const log = sampleLog();
    const query = createTrafficQuery(log);
    expect(query.window({ transports: ['tcp'] }, undefined, 10).total).toBe(6);
    log.clear();
    expect(query.window({ transports: ['tcp'] }, undefined, 10)).toEqual({ total: 0, offset: 0, entries: [], lastSeq: 8, evictedCount: 0 });
    log.append(base, '{}');
    expect(query.window({ transports: ['tcp'] }, undefined, 10).entries.map((e) => e.seq)).toEqual([9]);
    expect(query.window({}, undefined, 10).entries.map((e) => e.seq)).toEqual([9]);
  });

  it('keeps answering right when more filters are asked than it caches', () => {
    const log = sampleLog();
    const query = createTrafficQuery(log, { cachedFilters: 2 });
    const asked = [{ transports: ['tcp'] }, { transports: ['redis'] }, { statuses: ['ok' as const] }, { transports: ['tcp'] }];
    expect(asked.map((filter) => query.window(filter, undefined, 10).total)).toEqual([6, 2, 1, 6]);
    log.append(base, '{}');
    expect(asked.map((filter) => query.window(filter, undefined, 10).total)).toEqual([7, 2, 1, 7]);
  });

  it('lists every matching entry held, oldest first', () => {
    const log = sampleLog();
    const query = createTrafficQuery(log);
    expect([...query.matching({ statuses: ['request'] })].map((e) => e.seq)).toEqual([1, 4, 6]);
    expect([...query.matching({})].map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
