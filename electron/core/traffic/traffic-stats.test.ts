import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../../shared/traffic';
import { summarizeLatencies } from '../metrics/latency-recorder';
import { trafficStats } from './traffic-stats';

let seq = 0;
const entry = (fields: Partial<TrafficEntry>): TrafficEntry => ({
  seq: ++seq, kind: 'request', direction: 'out', connectionId: 'c1', connectionName: 'users', transport: 'tcp', pattern: 'sum', at: 0, bodyPreview: '{}', bodyTruncated: false, sizeBytes: 2, ...fields,
});
/** A request and the entry that finishes it. */
const call = (pattern: string, finish: Partial<TrafficEntry>, transport = 'tcp') => [entry({ pattern, transport }), entry({ pattern, transport, direction: 'in', ...finish })];

describe('traffic statistics', () => {
  it('counts calls, errors and timeouts per pattern and transport, most used first', () => {
    const entries = [
      ...call('sum', { kind: 'reply', totalMs: 2 }),
      ...call('sum', { kind: 'reply', elapsedMs: 1 }), // a stream part: not the end of the call
      entry({ pattern: 'sum', kind: 'reply', direction: 'in', totalMs: 4 }),
      ...call('sum', { kind: 'remote-error', totalMs: 8 }),
      ...call('sum', { kind: 'reply', totalMs: 3 }, 'redis'),
      ...call('slow', { kind: 'failure', direction: 'local', failureCode: 'timeout', totalMs: 300 }),
      ...call('slow', { kind: 'failure', direction: 'local', failureCode: 'connection-lost', totalMs: 5 }),
      entry({ pattern: 'user.created', kind: 'event' }),
      entry({ pattern: 'user.created', kind: 'event' }),
      entry({ pattern: 'user.created', kind: 'message', direction: 'observed' }),
    ];
    expect(trafficStats(entries)).toEqual([
      { pattern: 'sum', transport: 'tcp', count: 3, errors: 1, timeouts: 0, latency: summarizeLatencies([2, 4, 8]) },
      { pattern: 'user.created', transport: 'tcp', count: 3, errors: 0, timeouts: 0 },
      { pattern: 'slow', transport: 'tcp', count: 2, errors: 1, timeouts: 1, latency: summarizeLatencies([300, 5]) },
      { pattern: 'sum', transport: 'redis', count: 1, errors: 0, timeouts: 0, latency: summarizeLatencies([3]) },
    ]);
  });

  it('has nothing to say about no traffic', () => {
    expect(trafficStats([])).toEqual([]);
  });
});
