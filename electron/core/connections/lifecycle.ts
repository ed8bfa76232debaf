// The connection state machine shared by all transports: connecting → ready; a lost link goes
// to reconnecting and retries with capped exponential backoff; failed when retries run out or
// the error cannot be fixed by retrying; closed when the user closes it. The transport only says
// how to open a link and when it dropped.
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { StateSnapshot } from '../transports/transport';

export type ReconnectPolicy = {
  /** Attempts before giving up, counting the first; Infinity keeps trying (the UI's default). */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = { maxAttempts: Infinity, initialDelayMs: 250, maxDelayMs: 10_000 };

export type LinkError = { message: string; retryable: boolean };

/**
 * A link the peer closed cleanly (a broker that stopped or restarted): no socket error to explain,
 * so the transport words it and the message is shown as is. Always worth reconnecting.
 */
export class LinkClosedError extends Error {}

/**
 * The wait before retry number `attempt` (1 = the first retry): capped exponential backoff. Also
 * what listeners and broker mocks wait between tries to resume after their broker came back, so
 * everything that reconnects backs off the same way.
 */
export function backoffDelayMs(policy: Pick<ReconnectPolicy, 'initialDelayMs' | 'maxDelayMs'>, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

export type LifecycleOptions<Link> = {
  /** Opens one link, or rejects with a LinkError-describing error. */
  open: () => Promise<Link>;
  closeLink: (link: Link) => void;
  explain: (error: unknown) => LinkError;
  policy?: ReconnectPolicy;
  now?: () => number;
};

export class Lifecycle<Link> {
  private snapshot: StateSnapshot = { state: 'connecting' };
  private link: Link | undefined;
  private attempts = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(status: StateSnapshot) => void>();
  private readonly policy: ReconnectPolicy;
  private readonly now: () => number;
  private settleFirst!: (result: Result<null>) => void;
  readonly firstAttempt: Promise<Result<null>> = new Promise((resolve) => (this.settleFirst = resolve));

  constructor(private readonly options: LifecycleOptions<Link>) {
    this.policy = options.policy ?? DEFAULT_RECONNECT_POLICY;
    this.now = options.now ?? Date.now;
  }

  get status(): StateSnapshot {
    return this.snapshot;
  }

  get current(): Link | undefined {
    return this.link;
  }

  onStatus(listener: (status: StateSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.attempt();
  }

  /** The transport calls this when an open link drops. */
  linkLost(error: unknown, link: Link): void {
    if (this.link !== link || this.snapshot.state === 'closed') return;
    this.link = undefined;
    this.attempts = 0;
    this.scheduleRetry(error instanceof LinkClosedError ? { retryable: true, message: error.message } : this.options.explain(error));
  }

  close(): void {
    clearTimeout(this.retryTimer);
    if (this.link) this.options.closeLink(this.link);
    this.link = undefined;
    this.set({ state: 'closed' });
    this.settleFirst(fail('closed', 'The connection was closed'));
  }

  private async attempt(): Promise<void> {
    this.attempts += 1;
    try {
      const link = await this.options.open();
      if (this.snapshot.state === 'closed') return this.options.closeLink(link);
      this.link = link;
      this.attempts = 0;
      this.set({ state: 'ready' });
      this.settleFirst(ok(null));
    } catch (error) {
      if (this.snapshot.state === 'closed') return;
      const explained = this.options.explain(error);
      this.settleFirst(fail('connect-failed', explained.message));
      this.scheduleRetry(explained);
    }
  }

  private scheduleRetry(error: LinkError): void {
    if (!error.retryable || this.attempts >= this.policy.maxAttempts) {
      this.set({ state: 'failed', lastError: error.message });
      return;
    }
    const delayMs = backoffDelayMs(this.policy, this.attempts);
    this.set({ state: 'reconnecting', lastError: error.message, nextRetryAt: this.now() + delayMs });
    this.retryTimer = setTimeout(() => void this.attempt(), delayMs);
  }

  private set(snapshot: StateSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }
}
