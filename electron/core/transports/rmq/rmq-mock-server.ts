// A mock Nest RabbitMQ microservice (nest-wire §4): it declares and consumes the target's queue the
// way Nest's ServerRmq does (assertQueue with queueOptions unless noAssert, prefetch, noAck), picks
// the answer by the body `pattern`, and replies `sendToQueue(replyTo, body, {correlationId})` with
// RMQ's reply bodies (no `id`, except in the no-handler reply). Every message on the queue reaches
// the mock, so the rules' routes need no subscription here.
import { connect } from 'amqplib';
import type { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';
import type { TargetOf } from '../../../../shared/connection';
import { DEFAULT_CONNECT_TIMEOUT_MS, describeTarget } from '../../../../shared/connection';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { ConnectTimeoutError } from '../../connections/explain-error';
import { nestRouteOf } from '../../mocks/incoming-route';
import type { IncomingMessage, MockHandler, MockServer, StartMockServer } from '../../mocks/mock-transport';
import { envelopePart, replyPacket } from '../../wire/reply-packet';
import { explainAmqpError } from './explain-amqp-error';
import { amqpConnectArguments } from './rmq-client';

type RmqTarget = TargetOf<'rmq'>;
type Trouble = { message: string; fatal: boolean };

/** Nest's defaults (constants.js): prefetch 0 = unlimited, not global; the broker acks on delivery. */
const PREFETCH_COUNT = 0;
const IS_GLOBAL_PREFETCH = false;
const NO_ACK = true;

/** What the mock declares: the queue (as Nest's server), and with an exchange its binding. */
async function declareTopology(channel: Channel, target: RmqTarget): Promise<void> {
  if (target.noAssert) await channel.checkQueue(target.queue);
  else await channel.assertQueue(target.queue, target.queueOptions as Options.AssertQueue);
  if (!target.exchange && !target.wildcards) return;
  // Nest 11.1+'s exchange options: the exchange defaults to the queue's name, type to topic.
  const exchange = target.exchange ?? target.queue;
  const exchangeType = target.exchangeType ?? 'topic';
  await channel.assertExchange(exchange, exchangeType, { durable: true });
  if (exchangeType === 'fanout') {
    await channel.bindQueue(target.queue, exchange, '');
    return;
  }
  if (target.routingKey) await channel.bindQueue(target.queue, exchange, target.routingKey);
  // Nest binds each handler key under `wildcards`, and its client publishes with the pattern as
  // the routing key; the mock answers every pattern (its rules decide), so on a topic exchange
  // it binds `#`, which matches any routing key.
  if (target.wildcards && exchangeType === 'topic') await channel.bindQueue(target.queue, exchange, '#');
}

export const startRmqMockServer: StartMockServer<'rmq'> = async (target, handler) => {
  const address = describeTarget(target);
  const login = { username: target.username, vhost: target.vhost };
  if (!target.queue) {
    return fail(
      'mock-start-failed',
      `The RabbitMQ mock needs the queue its clients send to. An empty name would make RabbitMQ invent one (amq.gen-…) that no client can reach: give the queue configured in the client (Nest 10 up to 11.1.3 default to 'default').`,
    );
  }
  const connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  let opened: ChannelModel | undefined;
  let timer: NodeJS.Timeout | undefined;
  const setup = (async () => {
    const connection = await connect(...amqpConnectArguments(target, connectTimeoutMs));
    opened = connection;
    // Without listeners Node throws; the reasons are read through 'close' (see the server).
    connection.on('error', () => {});
    const channel = await connection.createChannel();
    channel.on('error', () => {});
    await declareTopology(channel, target);
    await channel.prefetch(PREFETCH_COUNT, IS_GLOBAL_PREFETCH);
    return { connection, channel };
  })();
  try {
    const { connection, channel } = await Promise.race([
      setup,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ConnectTimeoutError(address, connectTimeoutMs)), connectTimeoutMs))),
    ]);
    const server = new RmqMockServer(target, address, connection, channel, handler);
    await server.consume();
    return ok(server);
  } catch (error) {
    setup.then(({ connection }) => connection.close(), () => opened?.close()).catch(() => {});
    // A PRECONDITION_FAILED (queue options unlike the existing queue's) is explained here.
    return fail('mock-start-failed', `The RabbitMQ mock could not consume the queue '${target.queue}' on ${address}: ${explainAmqpError(error, address, login).message}`);
  } finally {
    clearTimeout(timer);
  }
};

class RmqMockServer implements MockServer {
  readonly address: string;
  private readonly troubleListeners: ((problem: Trouble) => void)[] = [];
  private closing = false;
  private lost = false;
  private lostBecause: Error | undefined;

  constructor(
    private readonly target: RmqTarget,
    private readonly broker: string,
    private readonly connection: ChannelModel,
    private readonly channel: Channel,
    private readonly handler: MockHandler,
  ) {
    this.address = `${broker.replace(/ → .*$/, '')} (queue ${target.queue}${target.exchange ? `, exchange ${target.exchange}` : ''})`;
    const login = { username: target.username, vhost: target.vhost };
    const lose = (what: string) => () => {
      if (this.closing) return;
      this.closing = true;
      this.lost = true;
      const reason = this.lostBecause ? `: ${explainAmqpError(this.lostBecause, broker, login).message}` : '.';
      this.report({ message: `The RabbitMQ mock's ${what} to ${broker} was closed${reason}`, fatal: true });
      connection.close().catch(() => {});
    };
    connection.on('error', (error: Error) => (this.lostBecause ??= error));
    channel.on('error', (error: Error) => (this.lostBecause ??= error));
    connection.on('close', lose('connection'));
    channel.on('close', lose('channel'));
  }

  async consume(): Promise<void> {
    await this.channel.consume(
      this.target.queue,
      (message) => {
        if (message) return this.receive(message);
        // null: the broker cancelled the consumer (the queue was deleted); nothing arrives any more.
        if (this.closing) return;
        this.report({ message: `RabbitMQ cancelled the mock's consumer: the queue '${this.target.queue}' on ${this.broker} was deleted. Restart the mock to declare it again.`, fatal: true });
      },
      { noAck: NO_ACK },
    );
  }

  onTrouble(listener: (problem: Trouble) => void): void {
    this.troubleListeners.push(listener);
  }

  /** The queue brings every message: nothing to subscribe to. */
  setRoutes(): Promise<Result<null>> {
    return Promise.resolve(ok(null));
  }

  async close(): Promise<void> {
    this.closing = true;
    // A lost connection was closed already; closing it again waits for a CloseOk that never comes.
    if (this.lost) return;
    await this.connection.close().catch(() => {});
  }

  private report(problem: Trouble): void {
    for (const listener of this.troubleListeners) listener(problem);
  }

  /** Decodes a delivery the way ServerRmq's `handleMessage` does. */
  private receive(delivery: ConsumeMessage): void {
    const text = delivery.content.toString();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Nest keeps a body that is not JSON as a string.
    }
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
    // A body without `pattern` and `data` is "external": RMQ passes no channel, so it is an event
    // with no pattern, which no Nest handler serves (nest-wire §0).
    const envelope = record !== undefined && (record.pattern !== undefined || record.data !== undefined) ? record : undefined;
    const id = envelope?.id;
    const { properties, fields } = delivery;
    const headers = Object.fromEntries(Object.entries((properties.headers ?? {}) as Record<string, unknown>).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]));
    const message: IncomingMessage = {
      // Nest tells a request by the body `id` (not by replyTo; nestjs/nest#8218).
      kind: id === undefined ? 'event' : 'request',
      pattern: envelope?.pattern,
      // Routed by the body pattern as Nest's server does: objects normalized, whatever their key order.
      route: envelope?.pattern === undefined ? '' : nestRouteOf(envelope.pattern),
      data: envelope ? envelope.data : body,
      ...(id === undefined || id === null ? {} : { correlationId: String(id) }),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      meta: {
        exchange: fields.exchange,
        routingKey: fields.routingKey,
        ...(properties.replyTo === undefined ? {} : { replyTo: properties.replyTo as unknown }),
        ...(properties.correlationId === undefined ? {} : { correlationId: properties.correlationId as unknown }),
      },
      sizeBytes: delivery.content.length,
    };
    void this.serve(message, properties.replyTo as string | undefined, properties.correlationId as string | undefined, id);
  }

  private async serve(message: IncomingMessage, replyTo: string | undefined, correlationId: string | undefined, id: unknown): Promise<void> {
    try {
      for await (const part of this.handler.handle(message)) {
        // Events are handled (recorded, maybe delayed) but never answered; nor is a request without replyTo.
        if (message.kind === 'event' || this.closing || !replyTo) continue;
        const content = Buffer.from(JSON.stringify(replyPacket(envelopePart(part), id, 'rmq')));
        // Nothing but the correlationId: deliveryMode 1, no headers, as Nest's `sendMessage`.
        this.channel.sendToQueue(replyTo, content, { correlationId });
        this.handler.written(message, part, content.length);
      }
    } catch (error) {
      if (this.closing) return;
      this.report({ message: `The RabbitMQ mock could not answer to ${replyTo}: ${(error as Error).message}`, fatal: false });
    }
  }
}
