// RabbitMQ queue tools: depth, peek, and republishing from a dead-letter queue, none of which may
// lose a message. Each operation runs on a throwaway channel: a passive declare of a missing
// queue is a channel error (404 NOT_FOUND) that closes the channel, and it must not take the
// request channel (and the requests pending on it) down with it. Unacked messages on a channel
// that closes go back to their queue, so a failure half-way loses nothing either.
import type { Channel, ChannelModel, ConfirmChannel, GetMessage, Options } from 'amqplib';
import type { PeekedMessage } from '../../../../shared/listen';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { readRawBody } from '../../wire/observed-envelope';
import type { QueueTools, RepublishTarget } from '../transport';
import { jsonSafeProperties } from './rmq-listener';

/** Headers RabbitMQ adds when it dead-letters a message; a republished message starts afresh. */
const DEATH_HEADERS = /^x-(death|first-death-.*|last-death-.*)$/;

type Deaths = NonNullable<PeekedMessage['deaths']>;

/** The broker's `x-death` header (one entry per queue and reason, newest first). */
export function parseDeaths(headers: Record<string, unknown> | undefined): Deaths | undefined {
  const raw = headers?.['x-death'];
  if (!Array.isArray(raw)) return undefined;
  return raw.map((entry: Record<string, unknown>) => ({
    queue: String(entry.queue ?? ''),
    reason: String(entry.reason ?? ''),
    count: Number(entry.count ?? 0),
    exchange: String(entry.exchange ?? ''),
    routingKeys: Array.isArray(entry['routing-keys']) ? (entry['routing-keys'] as unknown[]).map(String) : [],
  }));
}

export function peekedMessage(message: GetMessage): PeekedMessage {
  const raw = readRawBody(message.content);
  const headers = message.properties.headers as Record<string, unknown> | undefined;
  const deaths = parseDeaths(headers);
  return {
    body: raw.json ? JSON.stringify(raw.value) : raw.text,
    encoding: raw.json ? 'json' : raw.encoding,
    sizeBytes: message.content.length,
    properties: jsonSafeProperties(message.properties as unknown as Record<string, unknown>) as PeekedMessage['properties'],
    exchange: message.fields.exchange,
    routingKey: message.fields.routingKey,
    redelivered: message.fields.redelivered,
    ...(deaths ? { deaths } : {}),
  };
}

/** The publish options that recreate a message's properties, without its dead-letter history. */
export function republishOptions(properties: GetMessage['properties']): Options.Publish {
  const headers = Object.fromEntries(Object.entries((properties.headers ?? {}) as Record<string, unknown>).filter(([name]) => !DEATH_HEADERS.test(name)));
  const options: Options.Publish = { headers };
  const { contentType, contentEncoding, deliveryMode, priority, correlationId, replyTo, expiration, messageId, timestamp, type, userId, appId } = properties as unknown as Record<string, unknown>;
  const copy: Record<string, unknown> = { contentType, contentEncoding, deliveryMode, priority, correlationId, replyTo, expiration, messageId, timestamp, type, userId, appId };
  for (const [name, value] of Object.entries(copy)) if (value !== undefined && value !== null) (options as Record<string, unknown>)[name] = value;
  return options;
}

export function createRmqQueueTools(currentConnection: () => ChannelModel | undefined, notReady: () => { code: string; message: string }): QueueTools {
  /** Runs `work` on a fresh channel and closes it; a channel error becomes a Result. */
  async function withChannel<T>(confirm: boolean, what: string, work: (channel: Channel | ConfirmChannel) => Promise<Result<T>>): Promise<Result<T>> {
    const connection = currentConnection();
    if (!connection) {
      const { code, message } = notReady();
      return fail(code, message);
    }
    let channel: Channel | ConfirmChannel;
    try {
      channel = confirm ? await connection.createConfirmChannel() : await connection.createChannel();
    } catch (error) {
      return fail('channel-failed', `Could not open a channel: ${(error as Error).message}`);
    }
    let channelError: Error | undefined;
    channel.on('error', (error: Error) => (channelError = error));
    try {
      return await work(channel);
    } catch (error) {
      const reason = channelError ?? (error as Error);
      if (/NOT_FOUND/.test(reason.message)) return fail('not-found', `${what}: RabbitMQ has no such queue or exchange in this vhost (${reason.message}). Check the name and the vhost.`);
      return fail('queue-failed', `${what}: ${reason.message}`);
    } finally {
      await channel.close().catch(() => {});
    }
  }

  return {
    stats: (queue) =>
      withChannel(false, `Queue '${queue}'`, async (channel) => {
        const { messageCount, consumerCount } = await channel.checkQueue(queue);
        return ok({ queue, messageCount, consumerCount });
      }),

    peek: (queue, count) =>
      withChannel(false, `Peeking at '${queue}'`, async (channel) => {
        await channel.checkQueue(queue);
        const messages: GetMessage[] = [];
        while (messages.length < count) {
          const message = await channel.get(queue, { noAck: false });
          if (message === false) break;
          messages.push(message);
        }
        // One nack of the last with allUpTo: the broker puts them all back in their old places.
        const last = messages.at(-1);
        if (last) channel.nack(last, true, true);
        return ok(messages.map(peekedMessage));
      }),

    republish: (fromQueue, count, to: RepublishTarget) =>
      withChannel(true, `Republishing from '${fromQueue}'`, async (channel) => {
        const confirmChannel = channel as ConfirmChannel;
        await confirmChannel.checkQueue(fromQueue);
        const { exchange, routingKey } = 'queue' in to ? { exchange: '', routingKey: to.queue } : to;
        if ('queue' in to) await confirmChannel.checkQueue(to.queue);
        else if (to.exchange !== '') await confirmChannel.checkExchange(to.exchange);
        let returned: string | undefined;
        // mandatory: a copy no queue takes comes back (before its confirm), and the original stays.
        confirmChannel.on('return', (message: { fields: { replyText?: string } }) => (returned = message.fields.replyText ?? 'NO_ROUTE'));
        let moved = 0;
        while (moved < count) {
          const message = await confirmChannel.get(fromQueue, { noAck: false });
          if (message === false) break;
          returned = undefined;
          await new Promise<void>((resolve, reject) =>
            confirmChannel.publish(exchange, routingKey, message.content, { ...republishOptions(message.properties), mandatory: true }, (error: unknown) =>
              error ? reject(error instanceof Error ? error : new Error('the broker refused the message (nack)')) : resolve(),
            ),
          );
          if (returned !== undefined) {
            confirmChannel.nack(message, false, true);
            return fail(
              'unroutable',
              `RabbitMQ could not route the message to any queue (${returned}: exchange '${exchange}', routing key '${routingKey}'); it stays in '${fromQueue}'. ${moved} moved before it.`,
            );
          }
          // Acked only now: the broker has confirmed the copy, so the message is never lost.
          confirmChannel.ack(message);
          moved += 1;
        }
        return ok({ moved });
      }),
  };
}
