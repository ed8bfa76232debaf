// NestJS RabbitMQ client (nest-wire §4): one connection and one channel. The channel consumes
// direct reply-to (`amq.rabbitmq.reply-to`, noAck) and publishes the requests too, because
// RabbitMQ only delivers direct replies to the channel that published the request. Replies carry
// no `id`: they are matched by the `correlationId` property, which equals the body `id`.
//
// Unlike Nest's client, a channel or connection closed by the broker fails pending requests at
// once (the shared Lifecycle then reconnects with backoff), and requests are published with
// `mandatory`, so one the broker cannot route to any queue fails at once instead of timing out.
import { connect } from 'amqplib';
import type { Channel, ChannelModel, ConsumeMessage, Message, Options, SocketOptions } from 'amqplib';
import type { TargetOf } from '../../../../shared/connection';
import { describeTarget } from '../../../../shared/connection';
import type { MessageOptions } from '../../../../shared/contract';
import { fail, ok } from '../../../../shared/result';
import { closedByUserFailure, ConnectTimeoutError, notConnectedFailure } from '../../connections/explain-error';
import { Lifecycle, LinkClosedError } from '../../connections/lifecycle';
import { isRecord, readReply, requestPacket } from '../../wire/envelope';
import { PendingReplies } from '../reply-queue';
import { nodeTlsOptions } from '../tls-options';
import type { ReplyPart, TransportClientOptions, TransportClient } from '../transport';
import { clientOf } from '../transport';
import { RmqConfigError, RmqLinkClosedError, explainAmqpError } from './explain-amqp-error';
import { subscribeRmq } from './rmq-listener';
import { createRmqQueueTools } from './rmq-queue-tools';

type RmqTarget = TargetOf<'rmq'>;

export const DIRECT_REPLY_QUEUE = 'amq.rabbitmq.reply-to';

type Link = { connection: ChannelModel; channel: Channel; pending: PendingReplies; closing: boolean };

/** Where a message goes: Nest 11+'s client publishes to the exchange only with wildcards or fanout. */
export type PublishRoute = { exchange: string; routingKey: string };

export function publishRoute(target: RmqTarget, pattern: unknown): PublishRoute {
  if (target.wildcards || target.exchangeType === 'fanout') {
    // Routing key = the pattern string as is, or JSON.stringify of an object: not normalized (§1).
    return { exchange: target.exchange ?? target.queue, routingKey: typeof pattern === 'string' ? pattern : JSON.stringify(pattern) };
  }
  // With an explicit routing key, go through the exchange the way a non-Nest producer would, so
  // the service's binding is what delivers it. (Nest's own client binds the queue and then sends
  // to the queue directly; the service receives the same message either way.)
  if (target.exchange && target.routingKey !== undefined) return { exchange: target.exchange, routingKey: target.routingKey };
  return { exchange: '', routingKey: target.queue };
}

/** The AMQP properties of a request or event, in Nest's order (client-rmq.js `publish`). */
export function publishProperties(target: RmqTarget, messageOptions: MessageOptions | undefined, correlationId?: string): Options.Publish {
  const properties = (messageOptions?.properties ?? {}) as Options.Publish;
  const propertyHeaders = isRecord(properties.headers) ? properties.headers : {};
  const headers = messageOptions?.headers || properties.headers ? { ...propertyHeaders, ...messageOptions?.headers } : undefined;
  const base: Options.Publish = correlationId === undefined ? { persistent: target.persistent } : { replyTo: DIRECT_REPLY_QUEUE, persistent: target.persistent };
  const merged: Options.Publish = { ...base, ...properties };
  if (headers) merged.headers = headers;
  else delete merged.headers;
  if (correlationId !== undefined) merged.correlationId = correlationId;
  return merged;
}

/**
 * amqplib's `connect()` arguments for a target: the URL parts and the socket (TLS) options. Also
 * used by the RabbitMQ mock server (rmq-mock-server.ts), so both join a broker the same way.
 */
export function amqpConnectArguments(target: RmqTarget, connectTimeoutMs: number): [Options.Connect, SocketOptions] {
  return [
    { protocol: target.tls ? 'amqps' : 'amqp', hostname: target.host, port: target.port, username: target.username, password: target.password, vhost: target.vhost },
    {
      timeout: connectTimeoutMs,
      ...(target.tls ? nodeTlsOptions(target.tls) : {}),
    },
  ];
}

/** What the client declares before it publishes, as Nest's client does unless noAssert. */
async function declareTopology(channel: Channel, target: RmqTarget): Promise<void> {
  if (target.wildcards || target.exchangeType === 'fanout') {
    const exchange = target.exchange ?? target.queue;
    if (target.noAssert) await channel.checkExchange(exchange);
    else await channel.assertExchange(exchange, target.exchangeType ?? 'topic', { durable: true });
    return;
  }
  const viaExchange = Boolean(target.exchange && target.routingKey !== undefined);
  // Through an exchange the queue is the service's business; only a named one is declared.
  if (target.queue || !viaExchange) {
    if (target.noAssert) await channel.checkQueue(target.queue);
    else await channel.assertQueue(target.queue, target.queueOptions as Options.AssertQueue);
  }
  if (viaExchange) await channel.checkExchange(target.exchange!);
}

export function createRmqClient(target: RmqTarget, options: TransportClientOptions): TransportClient {
  const address = describeTarget(target);
  const login = { username: target.username, vhost: target.vhost };

  const lifecycle: Lifecycle<Link> = new Lifecycle<Link>({
    open: () => openLink(),
    closeLink: (link) => {
      link.closing = true;
      // close() flushes what is already written (an emitted event) before Connection.Close.
      link.connection.close().catch(() => {});
    },
    explain: (error) => explainAmqpError(error, address, login),
    policy: options.reconnect,
  });

  async function openLink(): Promise<Link> {
    if (!publishRoute(target, '').exchange && !target.queue) {
      throw new RmqConfigError(
        `No queue given for ${address}. Give the queue the service consumes: Nest 10 up to 11.1.3 default to 'default', while Nest 11.1.4+ and 12 default to '' (a broker-named queue no client can reach), so set the queue on both sides.`,
      );
    }
    let timer: NodeJS.Timeout | undefined;
    let opened: ChannelModel | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ConnectTimeoutError(address, options.connectTimeoutMs)), options.connectTimeoutMs);
    });
    const setup = (async () => {
      const connection = await connect(...amqpConnectArguments(target, options.connectTimeoutMs));
      opened = connection;
      connection.on('error', () => {}); // reported through 'close'; without a listener Node throws
      const channel = await connection.createChannel();
      channel.on('error', () => {});
      await declareTopology(channel, target);
      const link: Link = { connection, channel, pending: new PendingReplies(), closing: false };
      await channel.consume(DIRECT_REPLY_QUEUE, (message) => message && onReply(link, message), { noAck: true });
      return link;
    })();
    try {
      const link = await Promise.race([setup, timeout]);
      return watch(link);
    } catch (error) {
      setup.then((link) => link.connection.close(), () => opened?.close()).catch(() => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  function onReply(link: Link, message: ConsumeMessage): void {
    const correlationId = String(message.properties.correlationId);
    const text = message.content.toString();
    let packet: unknown = text;
    try {
      packet = JSON.parse(text);
    } catch {
      // Nest's client keeps a body that is not JSON as a string, and reads it as the whole reply.
    }
    const sizeBytes = message.content.length;
    // Like Nest 10/11's deserializer: a body that is not a Nest envelope is the whole response.
    if (isRecord(packet) && (packet.err !== undefined || packet.response !== undefined || packet.isDisposed !== undefined)) {
      link.pending.deliver(correlationId, { ...readReply(packet), sizeBytes } as ReplyPart);
    } else {
      link.pending.deliver(correlationId, { kind: 'value', value: packet, last: true, sizeBytes });
    }
  }

  function watch(link: Link): Link {
    let lostBecause: Error | undefined;
    let lost = false;
    const lose = (what: string) => () => {
      if (lost || link.closing) return;
      lost = true;
      // No error: the broker closed it cleanly (it stopped, restarted, or dropped this client).
      const cleanly = `closed the ${what} (it stopped, restarted or dropped this client).`;
      link.pending.failAll({
        code: 'connection-lost',
        message: lostBecause
          ? `The ${what} to ${address} closed before the reply arrived: ${explainAmqpError(lostBecause, address, login).message.replace(/\.?$/, '.')} The service may or may not have handled the request.`
          : `The connection to RabbitMQ at ${address} was lost before the reply arrived: RabbitMQ ${cleanly} The service may or may not have handled the request.`,
      });
      link.closing = true;
      link.connection.close().catch(() => {});
      lifecycle.linkLost(lostBecause ? new RmqLinkClosedError(lostBecause) : new LinkClosedError(`RabbitMQ at ${address} ${cleanly}`), link);
    };
    link.connection.on('error', (error: Error) => (lostBecause ??= error));
    link.channel.on('error', (error: Error) => (lostBecause ??= error));
    link.connection.on('close', lose('connection'));
    link.channel.on('close', lose('channel'));
    // Requests go out with `mandatory`: the broker hands back the ones no queue received.
    link.channel.on('return', (message: Message) => {
      const { exchange, routingKey, replyText } = message.fields as Message['fields'] & { replyText?: string };
      link.pending.deliver(String(message.properties.correlationId), {
        kind: 'failure',
        failure: {
          code: 'unroutable',
          message: `RabbitMQ could not route the request to any queue (${replyText ?? 'NO_ROUTE'}: exchange '${exchange}', routing key '${routingKey}'). Nothing received it: check the queue name, or that the service has bound its queue to this exchange.`,
        },
      });
    });
    return link;
  }

  const notReady = () => notConnectedFailure(address, lifecycle.status);

  lifecycle.start();

  return clientOf(lifecycle, address, {
    async *send(link, request, signal) {
      const { queue, release } = link.pending.wait(request.correlationId, signal);
      try {
        const content = Buffer.from(JSON.stringify(requestPacket(request.pattern, request.data, request.correlationId)));
        const { exchange, routingKey } = publishRoute(target, request.pattern);
        try {
          // The channel that consumes direct reply-to must be the one that publishes (§4).
          link.channel.publish(exchange, routingKey, content, { ...publishProperties(target, request.options, request.correlationId), mandatory: true });
        } catch (error) {
          yield { kind: 'failure', failure: { code: 'invalid-options', message: `The request could not be published: ${(error as Error).message}` } };
          return;
        }
        yield { kind: 'written', sizeBytes: content.length };
        yield* queue;
      } finally {
        release();
      }
    },

    async emit(link, event) {
      // Events: the raw pattern, no id, no replyTo and no correlationId (§4).
      const content = Buffer.from(JSON.stringify({ pattern: event.pattern, data: event.data }));
      const { exchange, routingKey } = publishRoute(target, event.pattern);
      try {
        link.channel.publish(exchange, routingKey, content, publishProperties(target, event.options));
      } catch (error) {
        return fail('invalid-options', `The event could not be published: ${(error as Error).message}`);
      }
      return ok({ sizeBytes: content.length });
    },

    async subscribe(link, spec, sink, onEnd) {
      if (spec.kind !== 'rmq-exchange' && spec.kind !== 'rmq-queue') return fail('wrong-transport', `A ${spec.kind} listener cannot run on a RabbitMQ connection.`);
      return subscribeRmq(link.connection, spec, sink, onEnd);
    },

    queues: createRmqQueueTools(() => lifecycle.current?.connection, notReady),

    async close() {
      const link = lifecycle.current;
      lifecycle.close();
      link?.pending.failAll(closedByUserFailure(address));
    },
  });
}
