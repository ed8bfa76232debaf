import { describe, expect, it } from 'vitest';
import type { TrafficRecord } from './traffic-log';
import { createTrafficLog } from './traffic-log';
import { trafficConversation } from './traffic-conversation';

const base: TrafficRecord = { kind: 'request', direction: 'out', connectionId: 'c1', connectionName: 'users', transport: 'tcp', pattern: 'orders.create', at: 0, sizeBytes: 10 };

/** A log whose monotonic clock reads what the test sets, and whose wall clock runs 1,000,000 ms ahead. */
function timedLog() {
  let nowMs = 0;
  const log = createTrafficLog({ clock: { monotonicMs: () => nowMs }, onBatch: () => {} });
  const at = (ms: number, record: Partial<TrafficRecord>) => {
    nowMs = ms;
    return log.append({ ...base, at: 1_000_000 + ms, ...record }, '{}').seq;
  };
  return { log, at };
}

const summary = (conversation: ReturnType<typeof trafficConversation>) =>
  conversation.ok ? { ...conversation.value, items: conversation.value.items.map(({ relation, offsetMs, entry }) => [relation, offsetMs, entry.seq]) } : conversation;

describe('traffic conversations', () => {
  it('gathers a call by correlation id across connections, and the events logged while it ran', () => {
    const { log, at } = timedLog();
    at(100, { kind: 'event', pattern: 'too.early' }); // 1: 400 ms before the call, outside a 300 ms window
    at(250, { kind: 'event', pattern: 'just.before' }); // 2
    const request = at(500, { correlationId: 'c-1' }); // 3
    at(502, { kind: 'request', direction: 'observed', origin: 'listen', connectionId: 'tap', correlationId: 'c-1' }); // 4: a tap saw it
    at(510, { kind: 'message', direction: 'observed', pattern: 'orders' }); // 5
    at(515, { correlationId: 'c-2', pattern: 'other.call' }); // 6: another call, not an event
    at(520, { kind: 'reply', direction: 'in', correlationId: 'c-1', elapsedMs: 20 }); // 7
    at(540, { kind: 'end', direction: 'in', correlationId: 'c-1', elapsedMs: 40, totalMs: 40 }); // 8
    at(840, { kind: 'event', pattern: 'just.after' }); // 9
    at(841, { kind: 'event', pattern: 'too.late' }); // 10
    const expected = {
      correlationId: 'c-1',
      items: [
        ['caused', 0, 2],
        ['call', 250, 3],
        ['call', 252, 4],
        ['caused', 260, 5],
        ['call', 270, 7],
        ['call', 290, 8],
        ['caused', 590, 9],
      ],
      spanMs: 590,
    };
    expect(summary(trafficConversation(log, request, 300))).toEqual(expected);
    expect(summary(trafficConversation(log, 8, 300))).toEqual(expected);
  });

  it('anchors an event without a correlation id on itself', () => {
    const { log, at } = timedLog();
    at(0, { kind: 'event', pattern: 'a' });
    const event = at(10, { kind: 'event', pattern: 'b' });
    at(15, { correlationId: 'c-1' });
    at(30, { kind: 'message', direction: 'observed', pattern: 'c' });
    expect(summary(trafficConversation(log, event, 10))).toEqual({ items: [['caused', 0, 1], ['call', 10, 2]], spanMs: 10 });
  });

  it('spaces entries by wall-clock time when they have no monotonic time', () => {
    const log = createTrafficLog({ onBatch: () => {} });
    log.append({ ...base, correlationId: 'c-1', at: 5_000 }, '{}');
    log.append({ ...base, kind: 'event', pattern: 'seen', at: 5_007 }, '{}');
    log.append({ ...base, kind: 'reply', direction: 'in', correlationId: 'c-1', at: 5_012, totalMs: 12 }, '1');
    expect(summary(trafficConversation(log, 1, 0))).toEqual({ correlationId: 'c-1', items: [['call', 0, 1], ['caused', 7, 2], ['call', 12, 3]], spanMs: 12 });
  });

  it('says when the entry is no longer in the log', () => {
    const { log, at } = timedLog();
    at(0, {});
    log.clear();
    expect(trafficConversation(log, 1, 100)).toEqual({
      ok: false,
      error: { code: 'unknown-entry', message: 'Entry 1 is no longer in the log (evicted or cleared). Pick an entry the traffic view still lists.' },
    });
  });
});
