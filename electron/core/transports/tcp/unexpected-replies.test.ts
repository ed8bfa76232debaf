import { describe, expect, it } from 'vitest';
import type { TransportNotice } from '../transport';
import { createUnexpectedReplies } from './unexpected-replies';

function harness() {
  const notices: TransportNotice[] = [];
  const timers: (() => void)[] = [];
  const replies = createUnexpectedReplies({
    address: 'tcp://h:1',
    notify: (notice) => notices.push(notice),
    setTimer: (run) => (timers.push(run), {}),
    clearTimer: () => timers.splice(0),
  });
  const fire = () => timers.splice(0).forEach((run) => run());
  return { notices, timers, replies, fire };
}

describe('unexpected replies', () => {
  it('logs the first three whole, then only counts, summing up once per interval', () => {
    const { notices, timers, replies, fire } = harness();
    for (let index = 0; index < 1000; index += 1) replies.add(`id-${index}`, { response: index }, 10);
    expect(notices).toEqual([0, 1, 2].map((index) => ({ kind: 'unexpected-reply', correlationId: `id-${index}`, body: { response: index }, sizeBytes: 10 })));
    expect(timers).toHaveLength(1);
    fire();
    expect(notices.at(-1)).toEqual({
      kind: 'summary',
      failureCode: 'unexpected-replies',
      message:
        'tcp://h:1 has sent 1000 replies that no request was waiting for (late replies to requests that timed out or were cancelled, replies without an id, or a peer flooding the connection). The first 3 are logged; the rest are only counted.',
    });
    expect(replies.count).toBe(1000);
  });

  it('stays quiet when nothing new came, and stops on dispose', () => {
    const { notices, timers, replies, fire } = harness();
    for (let index = 0; index < 4; index += 1) replies.add(undefined, 'x', 1);
    replies.dispose();
    expect(timers).toHaveLength(0);
    fire();
    expect(notices.map((notice) => notice.kind)).toEqual(['unexpected-reply', 'unexpected-reply', 'unexpected-reply']);
    expect(notices[0]).toEqual({ kind: 'unexpected-reply', body: 'x', sizeBytes: 1 });
  });
});
