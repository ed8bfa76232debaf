import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../../shared/traffic';
import { percentile, summarizeLatency, summarizeTap } from './tap-summary';

let seq = 0;
const entry = (kind: TrafficEntry['kind'], pattern: string, fields: Partial<TrafficEntry> = {}): TrafficEntry => ({
  seq: ++seq,
  kind,
  direction: 'observed',
  origin: 'listen',
  listenerId: 'l1',
  connectionId: 'c1',
  connectionName: 'redis',
  transport: 'redis',
  pattern,
  at: 0,
  bodyPreview: '{}',
  bodyTruncated: false,
  sizeBytes: 2,
  ...fields,
});

describe('percentile', () => {
  it('takes the nearest rank, so every figure is a latency that happened', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('sorts before it ranks', () => {
    expect(summarizeLatency([30, 10, 20])).toEqual({ samples: 3, p50Ms: 20, p95Ms: 30, maxMs: 30 });
    expect(summarizeLatency([])).toBeUndefined();
  });
});

describe('summarizeTap', () => {
  it('counts per pattern and takes latency from joined replies only', () => {
    const summary = summarizeTap([
      entry('request', '{"cmd":"sum"}', { correlationId: 'a' }),
      entry('reply', '{"cmd":"sum"}', { correlationId: 'a', elapsedMs: 4, totalMs: 4 }),
      entry('request', '{"cmd":"sum"}', { correlationId: 'b' }),
      entry('reply', '{"cmd":"sum"}', { correlationId: 'b', elapsedMs: 12, totalMs: 12 }),
      entry('request', '{"cmd":"sum"}', { correlationId: 'c' }),
      // A stream: parts before the last carry elapsedMs only.
      entry('reply', '{"cmd":"sum"}', { correlationId: 'c', elapsedMs: 2 }),
      entry('end', '{"cmd":"sum"}', { correlationId: 'c', elapsedMs: 8, totalMs: 8 }),
      entry('request', 'users.get', { correlationId: 'd' }),
      entry('remote-error', 'users.get', { correlationId: 'd', elapsedMs: 30, totalMs: 30 }),
      entry('event', 'user.created'),
      entry('reply', 'users.get', { correlationId: 'unseen' }),
      entry('message', 'raw.channel', { encoding: 'text' }),
    ]);
    expect(summary.patterns).toEqual([
      { pattern: '{"cmd":"sum"}', requests: 3, events: 0, replies: 4, errors: 0, latency: { samples: 3, p50Ms: 8, p95Ms: 12, maxMs: 12 } },
      { pattern: 'users.get', requests: 1, events: 0, replies: 1, errors: 1, latency: { samples: 1, p50Ms: 30, p95Ms: 30, maxMs: 30 } },
      { pattern: 'user.created', requests: 0, events: 1, replies: 0, errors: 0 },
    ]);
    expect(summary.total).toEqual({ pattern: 'All patterns', requests: 4, events: 1, replies: 5, errors: 1, latency: { samples: 4, p50Ms: 8, p95Ms: 30, maxMs: 30 } });
  });

  it('is empty for no entries', () => {
    expect(summarizeTap([])).toEqual({ patterns: [], total: { pattern: 'All patterns', requests: 0, events: 0, replies: 0, errors: 0 } });
  });
});
