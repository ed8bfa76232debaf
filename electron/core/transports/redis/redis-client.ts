// NestJS Redis client (nest-wire §3): a publisher and a subscriber connection. A request
// SUBSCRIBEs `<route>.reply` (reference-counted per channel, UNSUBSCRIBEd when no request on it is
// pending), publishes only once the subscribe is confirmed, and matches replies by `id`.
//
// ioredis' own reconnecting is switched off (no retryStrategy, no offline queue, no
// auto-resubscribe): the shared Lifecycle reconnects instead, so Redis reports the same states
// and backoff as every other transport, and a dropped connection fails pending requests at once
// instead of ioredis silently queueing or replaying commands behind the user's back.
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { TargetOf } from '../../../../shared/connection';
import { describeTarget } from '../../../../shared/connection';
import { fail, ok } from '../../../../shared/result';
import { closedByUserFailure, ConnectTimeoutError } from '../../connections/explain-error';
import { Lifecycle, LinkClosedError } from '../../connections/lifecycle';
import { isRecord, readReply, requestPacket } from '../../wire/envelope';
import { normalizePattern } from '../../../../shared/pattern-route';
import { PendingReplies } from '../reply-queue';
import { nodeTlsOptions } from '../tls-options';
import type { ReplyPart, TransportClientOptions, TransportClient } from '../transport';
import { clientOf } from '../transport';
import { explainRedisError } from './explain-redis-error';
import { subscribeRedis } from './redis-listener';
import { GuardedConnector } from './guarded-connector';

type RedisTarget = TargetOf<'redis'>;

/** One reply channel: how many pending requests wait on it, and its SUBSCRIBE's outcome. */
type ReplyChannel = { users: number; subscribed: Promise<Error | undefined> };

type Link = {
  publisher: Redis;
  subscriber: Redis;
  pending: PendingReplies;
  replyChannels: Map<string, ReplyChannel>;
  closing: boolean;
};

/**
 * Options for one ioredis connection. Sentinel and cluster modes get their own branch here.
 * Also used by the Redis mock server (redis-mock-server.ts), so both join a target the same way.
 */
export function redisConnectionOptions(target: RedisTarget, connectTimeoutMs: number, role: 'publisher' | 'subscriber'): RedisOptions {
  const common: RedisOptions = {
    // Named, so an operator sees Patchbay in CLIENT LIST (and a test can kill one of the two).
    connectionName: `patchbay-${role}`,
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    autoResubscribe: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    username: target.username || undefined,
    password: target.password || undefined,
    db: target.db,
    // ioredis' connector with a catch-all on each socket: a TLS socket can emit a second error
    // that ioredis (once('error')) leaves uncaught, crashing the process (guarded-connector.ts).
    Connector: GuardedConnector,
    tls: target.tls ? nodeTlsOptions(target.tls) : undefined,
    // Commands issued in the same tick go out as one pipeline, in one write: with many requests in
    // flight, a write per PUBLISH costs more than the rest of a send. Order is kept.
    enableAutoPipelining: role === 'publisher',
  };
  switch (target.mode) {
    case 'standalone':
      return { ...common, host: target.host, port: target.port };
  }
}

/**
 * Closes a connection unless it is already gone: ioredis arms a 2 s destroy timer on every
 * disconnect(), which a closed socket never clears, and that timer would hold the CLI open.
 */
function drop(redis: Redis): void {
  if (redis.status !== 'end') redis.disconnect();
}

export function createRedisClient(target: RedisTarget, options: TransportClientOptions): TransportClient {
  const address = describeTarget(target);

  const lifecycle: Lifecycle<Link> = new Lifecycle<Link>({
    open: () => openLink(),
    closeLink: (link) => {
      link.closing = true;
      // quit() lets an event already handed to the publisher reach Redis before the socket closes.
      link.publisher.quit().catch(() => drop(link.publisher));
      drop(link.subscriber);
    },
    explain: (error) => explainRedisError(error, address),
    policy: options.reconnect,
  });

  /** Connects one ioredis connection; rejects with the most telling error (e.g. WRONGPASS). */
  function connectOne(redis: Redis): Promise<void> {
    let lastError: Error | undefined;
    const remember = (error: Error) => (lastError = error);
    redis.on('error', remember);
    return redis.connect().then(
      () => {
        redis.off('error', remember);
      },
      (error: unknown) => {
        redis.off('error', remember);
        throw lastError ?? error;
      },
    );
  }

  async function openLink(): Promise<Link> {
    const publisher = new Redis(redisConnectionOptions(target, options.connectTimeoutMs, 'publisher'));
    const subscriber = new Redis(redisConnectionOptions(target, options.connectTimeoutMs, 'subscriber'));
    // ioredis emits 'error' on its own for every failure; without a listener Node would throw.
    publisher.on('error', () => {});
    subscriber.on('error', () => {});
    let timer: NodeJS.Timeout | undefined;
    // connectTimeout covers the TCP connect only; the handshake (AUTH, SELECT) can stall too.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ConnectTimeoutError(address, options.connectTimeoutMs)), options.connectTimeoutMs);
    });
    try {
      await Promise.race([Promise.all([connectOne(publisher), connectOne(subscriber)]), timeout]);
    } catch (error) {
      drop(publisher);
      drop(subscriber);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return attach(publisher, subscriber);
  }

  function attach(publisher: Redis, subscriber: Redis): Link {
    const link: Link = { publisher, subscriber, pending: new PendingReplies(), replyChannels: new Map(), closing: false };
    let lostBecause: Error | undefined;

    subscriber.on('message', (_channel: string, message: string) => {
      let packet: unknown;
      try {
        packet = JSON.parse(message);
      } catch {
        return; // not a Nest reply: someone else publishing on a .reply channel
      }
      // Replies whose id is not ours are ignored, as Nest's client does (other clients share the channel).
      if (!isRecord(packet) || typeof packet.id !== 'string') return;
      link.pending.deliver(packet.id, { ...readReply(packet), sizeBytes: Buffer.byteLength(message) } as ReplyPart);
    });

    const onError = (error: Error) => (lostBecause ??= error);
    let lost = false;
    const onEnd = (which: string) => () => {
      if (lost || link.closing) return;
      lost = true;
      // No error: Redis closed the connection cleanly (it stopped, restarted, or dropped this client).
      const why = lostBecause ? explainRedisError(lostBecause, address).message.replace(/\.$/, '') : `Redis closed the ${which} connection (it stopped, restarted or dropped this client)`;
      link.pending.failAll({
        code: 'connection-lost',
        message: `The connection to Redis at ${address} was lost before the reply arrived: ${why}. The service may or may not have handled the request.`,
      });
      link.replyChannels.clear();
      link.closing = true;
      drop(publisher);
      drop(subscriber);
      lifecycle.linkLost(lostBecause ?? new LinkClosedError(`Redis at ${address} closed the connection (it stopped, restarted or dropped this client).`), link);
    };
    publisher.on('error', onError);
    subscriber.on('error', onError);
    // 'end': ioredis will not reconnect (retryStrategy is off), so the connection is gone for good.
    publisher.on('end', onEnd('publisher'));
    subscriber.on('end', onEnd('subscriber'));
    return link;
  }

  function acquireReplyChannel(link: Link, channel: string): ReplyChannel {
    let entry = link.replyChannels.get(channel);
    if (!entry) {
      entry = {
        users: 0,
        subscribed: link.subscriber.subscribe(channel).then(
          () => undefined,
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        ),
      };
      link.replyChannels.set(channel, entry);
    }
    entry.users += 1;
    return entry;
  }

  function releaseReplyChannel(link: Link, channel: string, entry: ReplyChannel): void {
    entry.users -= 1;
    if (entry.users > 0 || link.replyChannels.get(channel) !== entry) return;
    link.replyChannels.delete(channel);
    // Redis runs commands in order, so a later SUBSCRIBE to the same channel still wins.
    if (!link.closing) link.subscriber.unsubscribe(channel).catch(() => {});
  }

  const nobodyListening = (route: string, what: string) => ({
    code: 'no-subscriber',
    message: `No service is subscribed to the Redis channel ${route}, so nobody received the ${what} (Redis pub/sub keeps no messages). Check the pattern, and that the service is running on this Redis server (pub/sub ignores the database number).`,
  });

  lifecycle.start();

  return clientOf(lifecycle, address, {
    async *send(link, request, signal) {
      const route = normalizePattern(request.pattern);
      const replyChannel = `${route}.reply`;
      const { queue, release } = link.pending.wait(request.correlationId, signal);
      const entry = acquireReplyChannel(link, replyChannel);
      try {
        // Publish only once the reply channel is subscribed, or a fast reply would be lost.
        const subscribed = await Promise.race([entry.subscribed, queue.done.then(() => 'interrupted' as const)]);
        if (subscribed === 'interrupted') {
          yield* queue; // the connection dropped (a failure is queued) or the caller gave up
          return;
        }
        if (subscribed instanceof Error) {
          yield {
            kind: 'failure',
            failure: { code: 'subscribe-failed', message: `Could not subscribe to the reply channel ${replyChannel} on ${address}: ${subscribed.message}. Nothing was sent.` },
          };
          return;
        }
        const body = JSON.stringify(requestPacket(request.pattern, request.data, request.correlationId));
        const published = link.publisher.publish(route, body).then(
          (receivers) => receivers,
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        );
        yield { kind: 'written', sizeBytes: Buffer.byteLength(body) };
        const receivers = await published;
        if (receivers instanceof Error) {
          yield { kind: 'failure', failure: { code: 'connection-lost', message: `The request could not be published to ${address}: ${receivers.message}` } };
          return;
        }
        if (receivers === 0) {
          yield { kind: 'failure', failure: nobodyListening(route, 'request') };
          return;
        }
        yield* queue;
      } finally {
        release();
        releaseReplyChannel(link, replyChannel, entry);
      }
    },

    async emit(link, event) {
      const route = normalizePattern(event.pattern);
      // Redis events carry the raw pattern in the body (unlike TCP): nest-wire §1.
      const body = JSON.stringify({ pattern: event.pattern, data: event.data });
      try {
        const receivers = await link.publisher.publish(route, body);
        if (receivers === 0) {
          const { code, message } = nobodyListening(route, 'event');
          return fail(code, message);
        }
      } catch (error) {
        return fail('connection-lost', `The event could not be published to ${address}: ${(error as Error).message}`);
      }
      return ok({ sizeBytes: Buffer.byteLength(body) });
    },

    // A listener gets a Redis connection of its own (a subscribed connection can do nothing else).
    async subscribe(_link, spec, sink, onEnd) {
      if (spec.kind !== 'redis') return fail('wrong-transport', `A ${spec.kind} listener cannot run on a Redis connection.`);
      const listenerOptions = redisConnectionOptions(target, options.connectTimeoutMs, 'subscriber');
      return subscribeRedis({ options: listenerOptions, address, explain: (error) => explainRedisError(error, address).message }, spec, sink, onEnd);
    },

    async close() {
      const link = lifecycle.current;
      lifecycle.close();
      link?.pending.failAll(closedByUserFailure(address));
    },
  });
}
