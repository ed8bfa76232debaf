// Reply bookkeeping every correlating transport shares: a queue that turns pushed reply parts into
// an async iterable ending after the request's final part, and the map of requests that wait.
import type { Failure } from '../../../shared/result';
import type { ReplyPart } from './transport';

export const isFinalPart = (part: ReplyPart): boolean =>
  part.kind === 'end' || part.kind === 'remote-error' || part.kind === 'failure' || (part.kind === 'value' && part.last);

/**
 * The parts of one request's reply, pushed by the transport and read once with `for await`. The
 * iterator is written out rather than an async generator: a load run reads hundreds of thousands
 * of these, and a generator costs a promise and a microtask more per part.
 */
export class ReplyQueue implements AsyncIterable<ReplyPart>, AsyncIterator<ReplyPart> {
  /** A queue holding just these parts: a request refused before anything was sent. */
  static of(...parts: ReplyPart[]): ReplyQueue {
    const queue = new ReplyQueue();
    for (const part of parts) queue.push(part);
    queue.close();
    return queue;
  }

  private readonly parts: ReplyPart[] = [];
  private reader: ((result: IteratorResult<ReplyPart>) => void) | undefined;
  /** No more parts will be queued: a final part was pushed, or the queue was closed. */
  private closed = false;
  /** The reader has seen the end. */
  private over = false;
  private donePromise: Promise<void> | undefined;
  private markDone: (() => void) | undefined;

  /** `onBreak`: called when the reader stops before the end (say, to cancel the request). */
  constructor(private readonly onBreak?: () => void) {}

  /** Resolves once no more parts can come: a final part was pushed, or the queue was closed. */
  get done(): Promise<void> {
    this.donePromise ??= this.closed ? Promise.resolve() : new Promise<void>((resolve) => (this.markDone = resolve));
    return this.donePromise;
  }

  push(part: ReplyPart): void {
    if (this.closed) return;
    this.parts.push(part);
    if (isFinalPart(part)) this.finish();
    this.wakeReader();
  }

  /** Stops iteration after the parts already queued (used when the caller gives up). */
  close(): void {
    if (this.closed) return;
    this.finish();
    this.wakeReader();
  }

  private finish(): void {
    this.closed = true;
    this.markDone?.();
  }

  private wakeReader(): void {
    const reader = this.reader;
    if (!reader) return;
    this.reader = undefined;
    reader(this.take());
  }

  /** The next part if one is queued, the end if none can come, otherwise undefined. */
  private take(): IteratorResult<ReplyPart> {
    const part = this.over ? undefined : this.parts.shift();
    if (part) {
      if (isFinalPart(part)) this.over = true;
      return { value: part, done: false };
    }
    this.over = true;
    return { value: undefined, done: true };
  }

  next(): Promise<IteratorResult<ReplyPart>> {
    if (this.parts.length > 0 || this.closed || this.over) return Promise.resolve(this.take());
    return new Promise((resolve) => (this.reader = resolve));
  }

  /** The reader broke off. */
  return(): Promise<IteratorResult<ReplyPart>> {
    if (!this.over) this.onBreak?.();
    this.over = true;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<ReplyPart> {
    return this;
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

  /** Hands a reply part to its request; false when none waits (late, or another client's): the part is dropped. */
  deliver(correlationId: string, part: ReplyPart): boolean {
    const queue = this.waiting.get(correlationId);
    if (!queue) return false;
    queue.push(part);
    // Nothing more is taken for this id: a peer repeating the final reply is not let in again.
    if (isFinalPart(part)) this.waiting.delete(correlationId);
    return true;
  }

  /** Fails every waiting request at once: the link dropped, or the user closed the connection. */
  failAll(failure: Failure): void {
    for (const queue of this.waiting.values()) queue.push({ kind: 'failure', failure });
    this.waiting.clear();
  }
}
