// Turns pushed reply parts into an async iterable that ends after the request's final part.
import type { ReplyPart } from './transport';

export const isFinalPart = (part: ReplyPart): boolean =>
  part.kind === 'end' || part.kind === 'remote-error' || part.kind === 'failure' || (part.kind === 'value' && part.last);

export class ReplyQueue implements AsyncIterable<ReplyPart> {
  private readonly parts: ReplyPart[] = [];
  private wake: (() => void) | undefined;
  private closed = false;

  push(part: ReplyPart): void {
    if (this.closed) return;
    this.parts.push(part);
    if (isFinalPart(part)) this.closed = true;
    this.wake?.();
  }

  /** Stops iteration after the parts already queued (used when the caller gives up). */
  close(): void {
    this.closed = true;
    this.wake?.();
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
