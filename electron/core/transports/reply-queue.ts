// Reply bookkeeping every correlating transport shares: a queue that turns pushed reply parts into
// an async iterable ending after the request's final part, and the map of requests that wait.
import type { Failure } from '../../../shared/result';
import type { ReplyPart } from './transport';

export const isFinalPart = (part: ReplyPart): boolean =>
  part.kind === 'end' || part.kind === 'remote-error' || part.kind === 'failure' || (part.kind === 'value' && part.last);

export class ReplyQueue implements AsyncIterable<ReplyPart> {
  private readonly parts: ReplyPart[] = [];
  private wake: (() => void) | undefined;
  private closed = false;
  private markDone!: () => void;
  /** Resolves once no more parts can come: a final part was pushed, or the queue was closed. */
  readonly done = new Promise<void>((resolve) => (this.markDone = resolve));

  push(part: ReplyPart): void {
    if (this.closed) return;
    this.parts.push(part);
    if (isFinalPart(part)) this.finish();
    this.wake?.();
  }

  /** Stops iteration after the parts already queued (used when the caller gives up). */
  close(): void {
    this.finish();
    this.wake?.();
  }

  private finish(): void {
    this.closed = true;
    this.markDone();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ReplyPart> {
    for (;;) {
      const part = this.parts.shift();
      if (part) {
        yield part;
        if (isFinalPart(part)) return;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

/** The requests of one link that wait for replies, by correlation id. */
export class PendingReplies {
  private readonly waiting = new Map<string, ReplyQueue>();

  /**
   * A queue for the replies to `correlationId`, closed when `signal` aborts (the caller gave up).
   * Call `release` once the request is over, whatever its outcome.
   */
  wait(correlationId: string, signal: AbortSignal): { queue: ReplyQueue; release: () => void } {
    const queue = new ReplyQueue();
    const stopWaiting = () => queue.close();
    this.waiting.set(correlationId, queue);
    signal.addEventListener('abort', stopWaiting, { once: true });
    const release = () => {
      signal.removeEventListener('abort', stopWaiting);
      if (this.waiting.get(correlationId) === queue) this.waiting.delete(correlationId);
    };
    return { queue, release };
  }

  /** Hands a reply part to its request. Parts for other ids (late, or another client's) are dropped. */
  deliver(correlationId: string, part: ReplyPart): void {
    this.waiting.get(correlationId)?.push(part);
  }

  /** Fails every waiting request at once: the link dropped, or the user closed the connection. */
  failAll(failure: Failure): void {
    for (const queue of this.waiting.values()) queue.push({ kind: 'failure', failure });
    this.waiting.clear();
  }
}
