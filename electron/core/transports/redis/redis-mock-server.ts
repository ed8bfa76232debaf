// A mock Nest Redis microservice (nest-wire §3): it joins the target's Redis with the client's
// connection options, SUBSCRIBEs to every exact route and PSUBSCRIBEs to every glob, and answers
// the way Nest's ServerRedis does: `<channel>.reply`, `{response|err, isDisposed, id}` bodies.
//
// Like the client, ioredis' reconnecting is off: a dropped connection is reported through
// onTrouble (fatal), and the registry joins the broker again with a new server (mock-registry.ts)
// instead of ioredis silently missing messages while it resubscribes behind our back.
import { Redis } from 'ioredis';
import type { TargetOf } from '../../../../shared/connection';
import { DEFAULT_CONNECT_TIMEOUT_MS, describeTarget } from '../../../../shared/connection';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { ConnectTimeoutError } from '../../connections/explain-error';
import type { IncomingMessage, MockHandler, MockRoutes, MockServer, StartMockServer } from '../../mocks/mock-transport';
import { envelopePart, looksLikeReply, replyPacket } from '../../wire/reply-packet';
import { explainRedisError } from './explain-redis-error';
import { redisConnectionOptions } from './redis-client';

type RedisTarget = TargetOf<'redis'>;
type Trouble = { message: string; fatal: boolean };

/** A rule glob (`*` any run, `?` one character) as a Redis glob: Redis would also read `[`, `]` and `\`. */
const redisGlob = (glob: string): string => glob.replace(/[[\]\\]/g, (character) => `\\${character}`);

const globRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\*?]/g, (character) => (character === '*' ? '[\\s\\S]*' : character === '?' ? '[\\s\\S]' : `\\${character}`))}$`);

/** Connects one ioredis connection; rejects with the most telling error (e.g. WRONGPASS). */
function connectOne(redis: Redis): Promise<void> {
  let lastError: Error | undefined;
  const remember = (error: Error) => (lastError = error);
  redis.on('error', remember);
  return redis.connect().then(
    () => void redis.off('error', remember),
    (error: unknown) => {
      redis.off('error', remember);
      throw lastError ?? error;
    },
  );
}

/** Closes a connection and resolves once ioredis reports it gone. */
function drop(redis: Redis): Promise<void> {
  if (redis.status === 'end') return Promise.resolve();
  const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()));
  redis.disconnect();
  return ended;
}

export const startRedisMockServer: StartMockServer<'redis'> = async (target, handler, routes) => {
  const address = describeTarget(target);
  const connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  // Named apart from the client's connections, so CLIENT LIST tells a mock from a client.
  const open = (role: 'publisher' | 'subscriber') => new Redis({ ...redisConnectionOptions(target, connectTimeoutMs, role), connectionName: `patchbay-mock-${role}` });
  const publisher = open('publisher');
  const subscriber = open('subscriber');
  // ioredis emits 'error' on its own for every failure; without a listener Node would throw.
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all([connectOne(publisher), connectOne(subscriber)]),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ConnectTimeoutError(address, connectTimeoutMs)), connectTimeoutMs))),
    ]);
  } catch (error) {
    await Promise.all([drop(publisher), drop(subscriber)]);
    return fail('mock-start-failed', `The Redis mock could not join ${address}: ${explainRedisError(error, address).message}`);
  } finally {
    clearTimeout(timer);
  }
  const server = new RedisMockServer(target, address, publisher, subscriber, handler);
  const subscribed = await server.setRoutes(routes);
  if (!subscribed.ok) {
    await server.close();
    return subscribed;
  }
  return ok(server);
};

class RedisMockServer implements MockServer {
  private readonly exact = new Set<string>();
  /** Rule glob → its matcher; insertion order decides which glob handles a channel several match. */
  private readonly globs = new Map<string, RegExp>();
  private readonly troubleListeners: ((problem: Trouble) => void)[] = [];
  private routesChanging: Promise<unknown> = Promise.resolve();
  private closing = false;
  private lostBecause: Error | undefined;

  constructor(
    private readonly target: RedisTarget,
    private readonly broker: string,
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly handler: MockHandler,
  ) {
    subscriber.on('message', (channel: string, body: string) => {
      if (this.exact.has(channel)) this.receive(channel, body, undefined);
    });
    subscriber.on('pmessage', (subscribedGlob: string, channel: string, body: string) => {
      // Redis delivers a channel once per matching subscription: the exact one or the first glob serves it.
      if (this.exact.has(channel)) return;
      const glob = [...this.globs].find(([, matcher]) => matcher.test(channel))?.[0];
      if (glob === undefined || redisGlob(glob) !== subscribedGlob) return;
      this.receive(channel, body, glob);
    });
    for (const [role, redis] of [
      ['publisher', publisher],
      ['subscriber', subscriber],
    ] as const) {
      redis.on('error', (error: Error) => (this.lostBecause ??= error));
      // 'end': ioredis will not reconnect (retryStrategy is off), so the connection is gone for good.
      redis.on('end', () => {
        if (this.closing) return;
        this.closing = true;
        const reason = this.lostBecause ? `: ${explainRedisError(this.lostBecause, broker).message}` : '';
        this.report({ message: `The Redis mock's ${role} connection to ${broker} was lost${reason}`, fatal: true });
        void drop(publisher);
        void drop(subscriber);
      });
    }
  }

  get address(): string {
    const channels = [...this.exact, ...this.globs.keys()];
    const shown = channels.length > 5 ? `${channels.slice(0, 5).join(', ')} …` : channels.join(', ');
    return `${describeTarget(this.target)} (channels ${shown || 'none yet'})`;
  }

  onTrouble(listener: (problem: Trouble) => void): void {
    this.troubleListeners.push(listener);
  }

  setRoutes(routes: MockRoutes): Promise<Result<null>> {
    // One change at a time, so two quick edits cannot interleave their (un)subscribes.
    const change = this.routesChanging.then(() => this.applyRoutes(routes));
    this.routesChanging = change;
    return change;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([drop(this.publisher), drop(this.subscriber)]);
  }

  private report(problem: Trouble): void {
    for (const listener of this.troubleListeners) listener(problem);
  }

  private async applyRoutes(routes: MockRoutes): Promise<Result<null>> {
    if (this.closing) return fail('mock-closed', 'The Redis mock is stopped.');
    const exact = new Set(routes.exact);
    const globs = new Set(routes.globs);
    const subscribe = [...exact].filter((channel) => !this.exact.has(channel));
    const unsubscribe = [...this.exact].filter((channel) => !exact.has(channel));
    const psubscribe = [...globs].filter((glob) => !this.globs.has(glob));
    const punsubscribe = [...this.globs.keys()].filter((glob) => !globs.has(glob));
    try {
      // Subscribe first: a route kept under a new form (exact → glob) never goes unheard.
      if (subscribe.length > 0) await this.subscriber.subscribe(...subscribe);
      if (psubscribe.length > 0) await this.subscriber.psubscribe(...psubscribe.map(redisGlob));
      for (const channel of subscribe) this.exact.add(channel);
      for (const glob of psubscribe) this.globs.set(glob, globRegExp(glob));
      for (const channel of unsubscribe) this.exact.delete(channel);
      for (const glob of punsubscribe) this.globs.delete(glob);
      if (unsubscribe.length > 0) await this.subscriber.unsubscribe(...unsubscribe);
      if (punsubscribe.length > 0) await this.subscriber.punsubscribe(...punsubscribe.map(redisGlob));
      return ok(null);
    } catch (error) {
      return fail('subscribe-failed', `The Redis mock could not subscribe on ${this.broker}: ${explainRedisError(error, this.broker).message}`);
    }
  }

  /** Decodes a message the way ServerRedis does (`handleMessage`, IncomingRequestDeserializer). */
  private receive(channel: string, text: string, glob: string | undefined): void {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Nest keeps a body that is not JSON as a string: an external event below.
    }
    // Under a glob the mock also hears replies (its own, other services') on `<channel>.reply`.
    if (glob !== undefined && looksLikeReply(body)) return;
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
    // A body without `pattern` and `data` is "external": an event whose data is the whole body.
    const envelope = record !== undefined && (record.pattern !== undefined || record.data !== undefined) ? record : undefined;
    const id = envelope?.id;
    const message: IncomingMessage = {
      // `"id": null` counts as a request: Nest only checks for undefined.
      kind: id === undefined ? 'event' : 'request',
      pattern: envelope ? envelope.pattern : channel,
      route: channel,
      data: envelope ? envelope.data : body,
      ...(id === undefined || id === null ? {} : { correlationId: String(id) }),
      meta: glob === undefined ? { channel } : { channel, glob },
      sizeBytes: Buffer.byteLength(text),
    };
    // Replies go to the concrete channel + `.reply` even for a glob subscription. That is Nest
    // 12.1.1's behaviour; v10 and v11 (through 11.2.6) reply on `<glob>.reply`, which no Nest
    // client listens on (nest-wire §3, nestjs/nest#11687), so following them would only time out.
    void this.serve(message, `${channel}.reply`, id);
  }

  private async serve(message: IncomingMessage, replyChannel: string, id: unknown): Promise<void> {
    try {
      for await (const part of this.handler.handle(message)) {
        // Events are handled too (the rules record and may delay them), but never answered.
        if (message.kind === 'event' || this.closing) continue;
        const body = JSON.stringify(replyPacket(envelopePart(part), id, 'redis'));
        await this.publisher.publish(replyChannel, body);
        this.handler.written(message, part, Buffer.byteLength(body));
      }
    } catch (error) {
      if (this.closing) return;
      this.report({ message: `The Redis mock could not answer on ${replyChannel}: ${(error as Error).message}`, fatal: false });
    }
  }
}
