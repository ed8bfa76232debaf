import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrafficEntry } from '../../../shared/traffic';
import { createTrafficLog } from './traffic-log';

const entry = (pattern: string): Omit<TrafficEntry, 'seq'> => ({
  kind: 'event', direction: 'out', connectionId: 'c1', connectionName: 'users', transport: 'tcp', pattern, at: 0, bodyPreview: '{}', bodyTruncated: false, sizeBytes: 2,
});

afterEach(() => vi.useRealTimers());

describe('traffic log', () => {
  it('numbers entries and pages through them', () => {
    const log = createTrafficLog({ capacity: 10, onBatch: () => {} });
    ['a', 'b', 'c'].forEach((pattern) => log.append(entry(pattern)));
    expect(log.readPage(undefined, 2).entries.map((e) => [e.seq, e.pattern])).toEqual([[1, 'a'], [2, 'b']]);
    expect(log.readPage(2, 10)).toMatchObject({ lastSeq: 3, evictedCount: 0 });
    expect(log.readPage(2, 10).entries.map((e) => e.pattern)).toEqual(['c']);
    log.close();
  });

  it('evicts the oldest entries beyond its capacity and counts them', () => {
    const log = createTrafficLog({ capacity: 3, onBatch: () => {} });
    for (let index = 1; index <= 7; index++) log.append(entry(`p${index}`));
    const page = log.readPage(undefined, 100);
    expect(page.entries.map((e) => e.pattern)).toEqual(['p5', 'p6', 'p7']);
    expect(page).toMatchObject({ lastSeq: 7, evictedCount: 4 });
    log.close();
  });

  it('delivers entries in batches bounded by time and by size', () => {
    vi.useFakeTimers();
    const batches: number[][] = [];
    const log = createTrafficLog({ capacity: 100, flushIntervalMs: 50, maxBatch: 4, onBatch: (entries) => batches.push(entries.map((e) => e.seq)) });
    for (let index = 0; index < 6; index++) log.append(entry('x'));
    expect(batches).toEqual([[1, 2, 3, 4]]);
    vi.advanceTimersByTime(50);
    expect(batches).toEqual([[1, 2, 3, 4], [5, 6]]);
    log.close();
  });

  it('clears without reusing sequence numbers', () => {
    const log = createTrafficLog({ capacity: 10, onBatch: () => {} });
    log.append(entry('a'));
    log.clear();
    log.append(entry('b'));
    expect(log.readPage(undefined, 10).entries.map((e) => [e.seq, e.pattern])).toEqual([[2, 'b']]);
    log.close();
  });
});
