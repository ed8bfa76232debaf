import { describe, expect, it } from 'vitest';
import type { TrafficEntry } from '../../../shared/traffic';
import { receivedBy } from './received';

let seq = 0;
const entry = (fields: Partial<TrafficEntry>): TrafficEntry => ({
  seq: ++seq,
  kind: 'request',
  direction: 'in',
  origin: 'mock',
  connectionId: 'm1',
  connectionName: 'users-mock',
  transport: 'tcp',
  pattern: '{"cmd":"sum"}',
  at: 0,
  bodyPreview: '[1,2]',
  bodyTruncated: false,
  sizeBytes: 10,
  ...fields,
});

describe('receivedBy', () => {
  it("lists the mock's requests newest first, each with the last part it answered", () => {
    const first = entry({ correlationId: 'a', rule: 'sum' });
    const firstReply = entry({ kind: 'reply', direction: 'out', correlationId: 'a', bodyPreview: '3', totalMs: 1 });
    const other = entry({ connectionId: 'm2', correlationId: 'b' });
    const mine = entry({ direction: 'out', kind: 'request', origin: undefined, connectionId: 'm1', correlationId: 'c' });
    const unmatched = entry({ pattern: 'nope', correlationId: 'd', unmatched: true });
    const event = entry({ kind: 'event', pattern: 'user.created' });
    expect(receivedBy([first, firstReply, other, mine, unmatched, event], 'm1')).toEqual([{ request: event }, { request: unmatched }, { request: first, reply: firstReply }]);
  });
});
