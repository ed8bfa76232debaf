// Listening on RabbitMQ (nest-wire §4), each listener on a channel of its own (a channel error
// then closes only that channel, never the request channel).
// - Exchange tap: an exclusive, auto-delete, server-named queue bound to the exchange. The
//   exchange copies each message to every bound queue, so the service's queue still gets its
//   copy: nothing is taken. noAck, since the queue is ours and dies with the channel.
// - Queue: consumes the service's own queue. A queue hands each message to ONE consumer, so this
//   competes with the service (the spec demands `competing: true`); messages are acked once
//   observed, as the service would.
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { ListenSpec } from '../../../../shared/listen';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import type { TrafficEntry } from '../../../../shared/traffic';
import { decodeEnvelope } from '../../wire/observed-envelope';
import type { ListenEnd, Observed, Unsubscribe } from '../transport';

type RmqSpec = Extract<ListenSpec, { kind: 'rmq-exchange' | 'rmq-queue' }>;

/** AMQP headers as strings (Buffers as text, the rest as JSON). */
export function amqpHeaders(headers: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!headers || Object.keys(headers).length === 0) return undefined;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString() : JSON.stringify(value)]));
}

/** Message properties that were set, JSON-safe (Buffers as text). */
type Json = NonNullable<TrafficEntry['meta']>[string];

export function jsonSafeProperties(properties: Record<string, unknown>): Record<string, Json> {
  const safe: Record<string, Json> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (value === undefined || value === null) continue;
    safe[name] = JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (isBufferJson(inner) ? Buffer.from(inner.data).toString() : inner))) as Json;
  }
  return safe;
}
const isBufferJson = (value: unknown): value is { type: 'Buffer'; data: number[] } =>
  typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data);

export function observeAmqpMessage(message: ConsumeMessage): Observed {
  const { exchange, routingKey, redelivered } = message.fields;
  const properties = message.properties as unknown as Record<string, unknown>;
  const correlationId = typeof properties.correlationId === 'string' ? properties.correlationId : undefined;
  const decoded = decodeEnvelope(message.content, { replyRoute: false, ...(correlationId !== undefined ? { correlationId } : {}) });
  const headers = amqpHeaders(properties.headers as Record<string, unknown> | undefined);
  return {
    ...decoded,
    route: routingKey,
    ...(headers ? { headers } : {}),
    meta: { exchange, routingKey, redelivered, properties: jsonSafeProperties(properties) },
    sizeBytes: message.content.length,
  };
}

export async function subscribeRmq(connection: ChannelModel, spec: RmqSpec, sink: (message: Observed) => void, onEnd?: (end: ListenEnd) => void): Promise<Result<Unsubscribe>> {
  let channel: Channel;
  try {
    channel = await connection.createChannel();
  } catch (error) {
    return fail('listen-failed', `Could not open a channel to listen on: ${(error as Error).message}`);
  }
  let channelError: Error | undefined;
  let stopping = false;
  channel.on('error', (error: Error) => (channelError = error));
  try {
    if (spec.kind === 'rmq-exchange') {
      await channel.checkExchange(spec.exchange);
      const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      await channel.bindQueue(queue, spec.exchange, spec.routingKey);
      await channel.consume(queue, (message) => message && sink(observeAmqpMessage(message)), { noAck: true });
    } else {
      await channel.checkQueue(spec.queue);
      await channel.consume(
        spec.queue,
        (message) => {
          if (!message) return;
          sink(observeAmqpMessage(message));
          channel.ack(message);
        },
        { noAck: false },
      );
    }
  } catch (error) {
    channel.close().catch(() => {});
    const reason = channelError ?? (error as Error);
    const what = spec.kind === 'rmq-exchange' ? `the exchange '${spec.exchange}'` : `the queue '${spec.queue}'`;
    if (/NOT_FOUND/.test(reason.message)) return fail('not-found', `RabbitMQ has no ${what} in this vhost (${reason.message}). Check the name; a service declares it when it starts.`);
    return fail('listen-failed', `Could not listen on ${what}: ${reason.message}`);
  }
  let closed = false;
  channel.on('close', () => {
    closed = true;
    if (stopping) return;
    onEnd?.({ failed: true, reason: `The listener's channel closed${channelError ? ` (${channelError.message})` : ''}.` });
  });
  return ok(async () => {
    stopping = true;
    // A channel already closed (its connection went with the broker) would wait forever for a CloseOk.
    if (closed) return;
    // Closing the channel deletes the tap's exclusive queue; unacked queue messages go back.
    await channel.close().catch(() => {});
  });
}
