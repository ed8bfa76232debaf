// Test doubles for load runs: a fake clock and scheduler, and a TransportClient that answers in
// fake time. Used by the load-run and load-runs tests.
import type { ReplyPart, StateSnapshot } from '../transports/transport';
import type { Scheduler } from './load-run';

/** A clock and scheduler that move only when the test says so. */
export function createFakeTime() {
  let nowMs = 0;
  let tasks: { atMs: number; task: () => void }[] = [];
  const scheduler: Scheduler = {
    after(delayMs, task) {
      const entry = { atMs: nowMs + delayMs, task };
      tasks.push(entry);
      return () => (tasks = tasks.filter((other) => other !== entry));
    },
  };
  return {
    scheduler,
    monotonicMs: () => nowMs,
    /** Runs every task due up to `untilMs`, in time order, letting replies settle in between. */
    async advanceTo(untilMs: number) {
      for (;;) {
        await settle();
        const next = tasks.filter((entry) => entry.atMs <= untilMs).sort((a, b) => a.atMs - b.atMs)[0];
        if (!next) break;
        tasks = tasks.filter((entry) => entry !== next);
        nowMs = Math.max(nowMs, next.atMs);
        next.task();
      }
      nowMs = untilMs;
      await settle();
    },
  };
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

export type Answer = (request: { data: unknown; index: number }) => ReplyPart[] | 'silent';

/** A TransportClient double that answers by `answer` after `latencyMs` of fake time (0: at once). */
export function createFakeClient(time: ReturnType<typeof createFakeTime>, answer: Answer, latencyMs = 0) {
  let state: StateSnapshot = { state: 'ready' };
  const statusListeners = new Set<(status: StateSnapshot) => void>();
  let inFlight = 0;
  const seen = { maxInFlight: 0, startTimesMs: [] as number[], correlationIds: [] as string[] };
  const client = {
    get status() {
      return state;
    },
    onStatus(listener: (status: StateSnapshot) => void) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    async *send(request: { data: unknown; correlationId: string }, signal: AbortSignal): AsyncIterable<ReplyPart> {
      const index = seen.startTimesMs.length;
      seen.startTimesMs.push(time.monotonicMs());
      seen.correlationIds.push(request.correlationId);
      inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, inFlight);
      try {
        yield { kind: 'written', sizeBytes: 10 };
        const parts = answer({ data: request.data, index });
        let stopWaiting = () => {};
        await new Promise<void>((resolve) => {
          stopWaiting = resolve;
          signal.addEventListener('abort', stopWaiting, { once: true });
          if (parts !== 'silent') {
            if (latencyMs === 0) resolve();
            else time.scheduler.after(latencyMs, resolve);
          }
        });
        signal.removeEventListener('abort', stopWaiting);
        if (signal.aborted || parts === 'silent') return;
        yield* parts;
      } finally {
        inFlight -= 1;
      }
    },
    setState(next: StateSnapshot) {
      state = next;
      for (const listener of statusListeners) listener(next);
    },
  };
  return { client, seen };
}

