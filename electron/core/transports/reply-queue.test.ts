import { describe, expect, it } from 'vitest';
import type { ReplyPart } from './transport';
import { PendingReplies, ReplyQueue } from './reply-queue';

async function collect(parts: AsyncIterable<ReplyPart>): Promise<ReplyPart[]> {
  const seen: ReplyPart[] = [];
  for await (const part of parts) seen.push(part);
  return seen;
}

describe('ReplyQueue', () => {
  it('ends after the final part and ignores what comes after it', async () => {
    const queue = new ReplyQueue();
    queue.push({ kind: 'value', value: 1, last: false, sizeBytes: 10 });
    queue.push({ kind: 'end', sizeBytes: 5 });
    queue.push({ kind: 'value', value: 2, last: true, sizeBytes: 10 });
    await queue.done;
    expect(await collect(queue)).toEqual([
      { kind: 'value', value: 1, last: false, sizeBytes: 10 },
      { kind: 'end', sizeBytes: 5 },
    ]);
  });

  it('is done when closed, yielding what was queued before', async () => {
    const queue = new ReplyQueue();
    queue.push({ kind: 'value', value: 'a', last: false, sizeBytes: 3 });
    queue.close();
    await queue.done;
    expect(await collect(queue)).toEqual([{ kind: 'value', value: 'a', last: false, sizeBytes: 3 }]);
  });
});

describe('PendingReplies', () => {
  it('delivers parts by correlation id and drops those for unknown ids', async () => {
    const pending = new PendingReplies();
    const a = pending.wait('a', new AbortController().signal);
    const b = pending.wait('b', new AbortController().signal);
    pending.deliver('b', { kind: 'value', value: 'for b', last: true, sizeBytes: 7 });
    pending.deliver('zzz', { kind: 'value', value: 'stray', last: true, sizeBytes: 7 });
    pending.deliver('a', { kind: 'end', sizeBytes: 1 });
    expect(await collect(b.queue)).toEqual([{ kind: 'value', value: 'for b', last: true, sizeBytes: 7 }]);
    expect(await collect(a.queue)).toEqual([{ kind: 'end', sizeBytes: 1 }]);
  });

  it('closes a queue when its signal aborts', async () => {
    const pending = new PendingReplies();
    const controller = new AbortController();
    const { queue } = pending.wait('a', controller.signal);
    controller.abort();
    await queue.done;
    expect(await collect(queue)).toEqual([]);
  });

  it('forgets a released request: later parts and failures do not reach it', async () => {
    const pending = new PendingReplies();
    const { queue, release } = pending.wait('a', new AbortController().signal);
    release();
    pending.deliver('a', { kind: 'end', sizeBytes: 1 });
    pending.failAll({ code: 'closed', message: 'closed by you' });
    queue.close();
    expect(await collect(queue)).toEqual([]);
  });

  it('fails every waiting request at once', async () => {
    const pending = new PendingReplies();
    const queues = ['a', 'b'].map((id) => pending.wait(id, new AbortController().signal).queue);
    const failure = { code: 'connection-lost', message: 'gone' };
    pending.failAll(failure);
    for (const queue of queues) expect(await collect(queue)).toEqual([{ kind: 'failure', failure }]);
  });
});
