// Replies no request waits for (late replies to requests that timed out, a peer flooding the
// socket, replies without an id): the first few are logged whole, the rest only counted, and the
// count is reported at most once per interval. Memory stays the same whatever the peer sends.
import type { TransportNotice } from '../transport';

/** Unexpected replies logged whole, one traffic entry each. */
export const UNEXPECTED_SAMPLES = 3;
/** The summary's pace while unexpected replies keep coming. */
export const UNEXPECTED_SUMMARY_INTERVAL_MS = 1_000;

export type UnexpectedReplies = {
  /** One more reply nobody waited for. */
  add(correlationId: string | undefined, body: unknown, sizeBytes: number): void;
  readonly count: number;
  /** Stops the pending summary (the connection is closing). */
  dispose(): void;
};

export type UnexpectedRepliesDeps = {
  address: string;
  notify: (notice: TransportNotice) => void;
  setTimer?: (run: () => void, ms: number) => { unref?: () => unknown };
  clearTimer?: (timer: unknown) => void;
};

export function createUnexpectedReplies({ address, notify, setTimer = setTimeout, clearTimer = (timer) => clearTimeout(timer as NodeJS.Timeout) }: UnexpectedRepliesDeps): UnexpectedReplies {
  let count = 0;
  let reported = 0;
  let timer: { unref?: () => unknown } | undefined;

  const report = () => {
    timer = undefined;
    if (count === reported) return;
    reported = count;
    notify({
      kind: 'summary',
      failureCode: 'unexpected-replies',
      message:
        `${address} has sent ${count} ${count === 1 ? 'reply' : 'replies'} that no request was waiting for ` +
        `(late replies to requests that timed out or were cancelled, replies without an id, or a peer flooding the connection). ` +
        `The first ${UNEXPECTED_SAMPLES} are logged; the rest are only counted.`,
    });
  };

  return {
    add(correlationId, body, sizeBytes) {
      count += 1;
      if (count <= UNEXPECTED_SAMPLES) {
        notify({ kind: 'unexpected-reply', ...(correlationId !== undefined ? { correlationId } : {}), body, sizeBytes });
        reported = count;
        return;
      }
      if (timer) return;
      timer = setTimer(report, UNEXPECTED_SUMMARY_INTERVAL_MS);
      // A summary due must not keep a CLI process alive.
      timer.unref?.();
    },
    get count() {
      return count;
    },
    dispose() {
      if (timer) clearTimer(timer);
      timer = undefined;
    },
  };
}
