// Listening on Redis pub/sub (nest-wire §3): exact channels with SUBSCRIBE, globs with
// PSUBSCRIBE, on a connection of the listener's own. Pub/sub copies every message to every
// subscriber, so nothing is taken from the services; and a connection of its own means a
// listener's subscriptions never share the fate of the request client's reply subscriptions
// (an UNSUBSCRIBE of one never drops the other, and a dead listener never fails a request).
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { ListenSpec } from '../../../../shared/listen';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { decodeEnvelope } from '../../wire/observed-envelope';
import type { ListenEnd, Observed, Unsubscribe } from '../transport';

type RedisSpec = Extract<ListenSpec, { kind: 'redis' }>;

const REPLY_SUFFIX = '.reply';
/** Redis glob characters: a channel with one of them is a pattern (PSUBSCRIBE). */
export const isGlob = (channel: string) => /[*?[]/.test(channel);

/** The channels and globs to subscribe: with `tap`, each one's `.reply` too. */
export function redisSubscriptions(spec: Pick<RedisSpec, 'channels' | 'tap'>): { channels: string[]; globs: string[] } {
  const all = new Set<string>();
  for (const channel of spec.channels) {
    all.add(channel);
    if (spec.tap && !channel.endsWith(REPLY_SUFFIX)) all.add(`${channel}${REPLY_SUFFIX}`);
  }
  const names = [...all];
  return { channels: names.filter((name) => !isGlob(name)), globs: names.filter(isGlob) };
}

export type RedisListenDeps = { options: RedisOptions; address: string; explain: (error: unknown) => string };

export async function subscribeRedis(deps: RedisListenDeps, spec: RedisSpec, sink: (message: Observed) => void, onEnd?: (end: ListenEnd) => void): Promise<Result<Unsubscribe>> {
  const redis = new Redis({ ...deps.options, connectionName: 'patchbay-listener' });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => (lastError = error));
  let stopping = false;
  const drop = () => {
    if (redis.status !== 'end') redis.disconnect();
  };

  const deliver = (channel: string, message: Buffer, glob?: string) => {
    const replyRoute = channel.endsWith(REPLY_SUFFIX);
    sink({
      ...decodeEnvelope(message, { replyRoute }),
      route: channel,
      meta: glob ? { channel, glob } : { channel },
      sizeBytes: message.length,
    });
  };
  // Buffers, not strings: a binary body is shown as hex rather than mangled into U+FFFD.
  redis.on('messageBuffer', (channel: Buffer, message: Buffer) => deliver(channel.toString(), message));
  redis.on('pmessageBuffer', (glob: Buffer, channel: Buffer, message: Buffer) => deliver(channel.toString(), message, glob.toString()));

  const { channels, globs } = redisSubscriptions(spec);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeoutMs = deps.options.connectTimeout ?? 5_000;
    const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`no answer from ${deps.address} within ${timeoutMs} ms`)), timeoutMs)));
    await Promise.race([
      (async () => {
        await redis.connect();
        if (channels.length > 0) await redis.subscribe(...channels);
        if (globs.length > 0) await redis.psubscribe(...globs);
      })(),
      timeout,
    ]);
  } catch (error) {
    drop();
    return fail('listen-failed', `Could not listen: ${deps.explain(lastError ?? error)}`);
  } finally {
    clearTimeout(timer);
  }
  redis.on('end', () => {
    if (stopping) return;
    onEnd?.({ failed: true, reason: `The listener's connection to ${deps.address} closed${lastError ? ` (${deps.explain(lastError).replace(/\.$/, '')})` : ''}.` });
  });

  return ok(async () => {
    stopping = true;
    await redis.quit().catch(drop);
    drop();
  });
}
