// NestJS Kafka client (nest-wire §5) on kafkajs. Requests go to the topic named by the pattern
// with Nest's correlation headers; replies come back on `<topic>.reply`, read by Patchbay's own
// consumers, never by a Nest client's group (Nest's groups speak a custom assignor protocol).
//
// One consumer per reply topic, each in its own fresh group (`patchbay-<instance>[-<link>].<replyTopic>`):
// kafkajs cannot add a topic to a running consumer without stopping it, which would stall the
// replies of every other pattern during the rejoin. Before a reply consumer joins, the topic's
// end offsets are read and the consumer is told to seek there: kafkajs would otherwise resolve
// "latest" only at its first fetch after the join, and a reply written in between would be
// skipped. (Not admin.setOffsets: kafkajs implements it with a throwaway consumer that waits a
// whole fetch, 5 s.) Only once the join has assigned the reply partitions is a request produced.
//
// kafkajs reconnects silently and retries for a long time; a test client must say at once that
// the broker is gone. Every broker socket goes through our socket factory: when one closes on
// its own, the brokers are probed, and if none answers the link is lost, pending requests fail
// with `connection-lost`, and the Lifecycle reconnects with backoff.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import type { Admin, Consumer, ISocketFactory, KafkaConfig, Producer, SASLOptions } from 'kafkajs';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import type { TargetOf } from '../../../../shared/connection';
import { describeTarget } from '../../../../shared/connection';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { closedByUserFailure, ConnectTimeoutError, explainSocketError } from '../../connections/explain-error';
import { Lifecycle } from '../../connections/lifecycle';
import { PendingReplies } from '../reply-queue';
import { nodeTlsOptions } from '../tls-options';
import type { ReplyPart, TransportClientOptions, TransportClient } from '../transport';
import { clientOf } from '../transport';
import { explainKafkaConnectError, explainProduceError, rootCause } from './explain-kafka-error';
import { subscribeKafka } from './kafka-listener';
import type { Produce } from './produce-batcher';
import { createProduceBatcher } from './produce-batcher';
import type { IncomingKafkaMessage, OutgoingKafkaMessage } from './kafka-wire';
import { kafkaMessageSize, readKafkaReply, requestMessage, serializeKafkaMessage, topicOfPattern } from './kafka-wire';

type KafkaTarget = TargetOf<'kafka'>;

export type KafkaLogEntry = { level: number; namespace: string; message: string };

export type KafkaClientOptions = TransportClientOptions & {
  /** Opens every broker socket; tests pass one to make the broker vanish. Defaults to net/tls. */
  socketFactory?: ISocketFactory;
  /** kafkajs' own log, for debugging; dropped by default (it logs retriable errors loudly). */
  log?: (entry: KafkaLogEntry) => void;
  /** Names this client's consumer groups; unique per client instance. */
  newInstanceId?: () => string;
};

type ReplyRoute = { replyTopic: string; groupId: string; consumer: Consumer; partition: number | undefined };

type Link = {
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  /** Sends through `producer`, a batch per topic per tick. */
  produce: Produce;
  /** Per reply topic, the consumer that reads it once ready. */
  routes: Map<string, Promise<Result<ReplyRoute>>>;
  consumers: ReplyRoute[];
  pending: PendingReplies;
  /** Set once the link is being torn down (by us or because the brokers are gone). */
  ending: boolean;
  /** Names this link's reply groups apart from the last link's (see openReplyRoute). */
  number: number;
  /** Aborts when the link ends. A signal, not a promise: a request stops listening when it is done, while a then() on a pending promise stays attached until it settles (one per request for the link's whole life: the soak saw the heap grow by it). */
  ended: AbortSignal;
  markEnded: () => void;
  teardown?: Promise<void>;
};

// kafkajs retries with jittered exponential backoff; its defaults (5 tries up to 30 s) would
// keep a test client silent for long, so keep retries short: the Lifecycle reconnects anyway.
const KAFKA_RETRY = { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 };
// How long a reply consumer's fetch waits on the broker when there is nothing to read. It
// bounds how long disconnecting takes (kafkajs waits for the fetch in flight), not latency:
// a fetch returns as soon as a reply arrives.
const REPLY_FETCH_WAIT_MS = 200;
const TEARDOWN_LIMIT_MS = 5_000;
const AUTO_CREATE_CHECKS = 6;
const AUTO_CREATE_WAIT_MS = 150;
const KEEP_ALIVE_DELAY_MS = 60_000;

/**
 * kafkajs' default socket factory, with TLS options passed through, and without Nagle's
 * algorithm: requests are small and waited on, and Nagle held a produce request back until the
 * broker acknowledged earlier bytes (a sequential request/reply took 1.2× as long as Nest's).
 */
export const defaultSocketFactory: ISocketFactory = ({ host, port, ssl, onConnect }) => {
  const socket = ssl
    ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...(typeof ssl === 'object' ? ssl : {}) }, onConnect)
    : net.connect({ host, port }, onConnect);
  socket.setKeepAlive(true, KEEP_ALIVE_DELAY_MS);
  socket.setNoDelay(true);
  return socket;
};

/** kafkajs' TLS and SASL settings for a target. */
export function kafkaSecurity(target: KafkaTarget): { ssl: tls.ConnectionOptions | undefined; sasl: SASLOptions | undefined } {
  const ssl = target.tls ? nodeTlsOptions(target.tls) : undefined;
  const sasl: SASLOptions | undefined = target.sasl ? ({ mechanism: target.sasl.mechanism, username: target.sasl.username, password: target.sasl.password } as SASLOptions) : undefined;
  return { ssl, sasl };
}

/**
 * The kafkajs config for a target: brokers, clientId, TLS, SASL, short retries. Also used by the
 * Kafka mock server (kafka-mock-server.ts), so both join the brokers the same way.
 */
export function kafkaConfig(target: KafkaTarget, options: { connectTimeoutMs: number; log?: (entry: KafkaLogEntry) => void; socketFactory: ISocketFactory }): KafkaConfig {
  const { ssl, sasl } = kafkaSecurity(target);
  return {
    clientId: target.clientId,
    brokers: target.brokers,
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
    connectionTimeout: options.connectTimeoutMs,
    retry: KAFKA_RETRY,
    logLevel: options.log ? logLevel.DEBUG : logLevel.NOTHING,
    logCreator: () => (entry) => options.log?.({ level: entry.level, namespace: entry.namespace, message: entry.log.message }),
    socketFactory: options.socketFactory,
  };
}

export function createKafkaClient(target: KafkaTarget, options: KafkaClientOptions): TransportClient {
  const address = describeTarget(target);
  const instanceId = options.newInstanceId?.() ?? randomBytes(6).toString('hex');
  const socketFactory = options.socketFactory ?? defaultSocketFactory;
  const { ssl } = kafkaSecurity(target);

  const lifecycle: Lifecycle<Link> = new Lifecycle<Link>({
    open: () => openLink(),
    closeLink: (link) => void endLink(link, true),
    explain: (error) => explainKafkaConnectError(error, address),
    policy: options.reconnect,
  });

  /** Resolves when one TCP (or TLS) connection to a broker succeeds, rejects with the reason. */
  function reachBroker(broker: string): Promise<void> {
    const separator = broker.lastIndexOf(':');
    const host = broker.slice(0, separator);
    const port = Number(broker.slice(separator + 1));
    return new Promise((resolve, reject) => {
      const socket = socketFactory({ host, port, ssl: ssl ?? (undefined as never), onConnect: () => finish() });
      const timer = setTimeout(() => finish(new ConnectTimeoutError(address, options.connectTimeoutMs)), options.connectTimeoutMs);
      function finish(error?: Error) {
        clearTimeout(timer);
        socket.off('error', finish);
        socket.on('error', () => {}); // late errors of a socket we are done with
        socket.destroy();
        if (error) reject(error);
        else resolve();
      }
      socket.once('error', finish);
    });
  }

  /** Resolves if any broker accepts a connection; rejects with the first broker's error. */
  async function reachAnyBroker(): Promise<void> {
    const attempts = await Promise.allSettled(target.brokers.map(reachBroker));
    const failure = attempts.find((attempt) => attempt.status === 'rejected');
    if (attempts.some((attempt) => attempt.status === 'fulfilled') || !failure) return;
    throw (failure as PromiseRejectedResult).reason;
  }

  let links = 0;
  async function openLink(): Promise<Link> {
    // A plain socket check first: kafkajs would retry a refused connection for seconds, and
    // reports TLS trouble less clearly than the socket itself.
    await reachAnyBroker();
    const endController = new AbortController();
    const ended = endController.signal;
    // Every request in flight listens for the end; that is many listeners by design.
    setMaxListeners(0, ended);
    const markEnded = () => endController.abort();
    const link = { routes: new Map(), consumers: [], pending: new PendingReplies(), ending: false, number: ++links, ended, markEnded } as unknown as Link;
    link.kafka = new Kafka(kafkaConfig(target, { connectTimeoutMs: options.connectTimeoutMs, log: options.log, socketFactory: (args) => watchSocket(link, socketFactory(args)) }));
    link.admin = link.kafka.admin();
    // Explicit, so kafkajs does not warn about its v2 partitioner change on every producer.
    link.producer = link.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: target.allowAutoTopicCreation });
    link.produce = createProduceBatcher((topic, messages) => link.producer.send({ topic, messages }));
    try {
      await withTimeout(Promise.all([link.admin.connect(), link.producer.connect()]), options.connectTimeoutMs);
    } catch (error) {
      void endLink(link, false);
      throw error;
    }
    const disconnected = () => loseLink(link, new Error('the client was disconnected from the brokers'));
    link.admin.on(link.admin.events.DISCONNECT, disconnected);
    link.producer.on(link.producer.events.DISCONNECT, disconnected);
    return link;
  }

  function withTimeout<T>(work: Promise<T>, limitMs: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new ConnectTimeoutError(address, limitMs)), limitMs)));
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  let probing = false;
  function watchSocket(link: Link, socket: net.Socket): net.Socket {
    socket.once('close', () => {
      if (link.ending || probing || lifecycle.current !== link) return;
      // Brokers also close idle connections (connections.max.idle.ms); only a broker that no
      // longer accepts connections means the link is lost.
      probing = true;
      reachAnyBroker()
        .catch((error: unknown) => loseLink(link, error))
        .finally(() => (probing = false));
    });
    return socket;
  }

  function loseLink(link: Link, error: unknown): void {
    if (link.ending || lifecycle.current !== link) return;
    const reason = explainSocketError(rootCause(error) ?? error, address).message;
    link.pending.failAll({ code: 'connection-lost', message: `The connection to ${address} was lost before the reply arrived (${reason}). The service may or may not have handled the request.` });
    void endLink(link, false);
    lifecycle.linkLost(error, link);
  }

  /** Disconnects everything of a link; with `tidy`, also deletes the groups it created. */
  function endLink(link: Link, tidy: boolean): Promise<void> {
    if (link.teardown) return link.teardown;
    link.ending = true;
    link.markEnded();
    const work = (async () => {
      await Promise.allSettled([...link.consumers.map((route) => route.consumer.disconnect()), link.producer?.disconnect()]);
      const groups = link.consumers.map((route) => route.groupId);
      // Our groups are single-use: leaving them on the broker would only clutter its group list.
      if (tidy && groups.length > 0) await link.admin?.deleteGroups(groups).catch(() => undefined);
      await link.admin?.disconnect().catch(() => undefined);
    })();
    link.teardown = Promise.race([work, new Promise<void>((resolve) => setTimeout(resolve, TEARDOWN_LIMIT_MS).unref())]);
    return link.teardown;
  }

  function deliver(link: Link, message: IncomingKafkaMessage): void {
    const reply = readKafkaReply(message);
    if (!reply) return;
    // Replies to other ids (another client's on a shared topic, or a request that timed out) are dropped.
    link.pending.deliver(reply.correlationId, { ...reply.reading, sizeBytes: kafkaMessageSize(message) } as ReplyPart);
  }

  function replyRoute(link: Link, replyTopic: string): Promise<Result<ReplyRoute>> {
    let route = link.routes.get(replyTopic);
    if (!route) {
      route = openReplyRoute(link, replyTopic);
      link.routes.set(replyTopic, route);
      // A failed subscription is retried by the next request, not remembered.
      void route.then((result) => !result.ok && link.routes.get(replyTopic) === route && link.routes.delete(replyTopic));
    }
    return route;
  }

  async function openReplyRoute(link: Link, replyTopic: string): Promise<Result<ReplyRoute>> {
    // A new link's groups are new too: a broker that restarted remembers the last link's members
    // and would hold the join until their session timed out (30 s) before handing out partitions.
    const groupId = link.number === 1 ? `patchbay-${instanceId}.${replyTopic}` : `patchbay-${instanceId}-${link.number}.${replyTopic}`;
    const consumer = link.kafka.consumer({
      groupId,
      allowAutoTopicCreation: target.allowAutoTopicCreation,
      maxWaitTimeInMs: REPLY_FETCH_WAIT_MS,
      // A crash ends the link instead of kafkajs restarting the consumer behind our back.
      retry: { ...KAFKA_RETRY, restartOnFailure: () => Promise.resolve(false) },
    });
    const route: ReplyRoute = { replyTopic, groupId, consumer, partition: undefined };
    link.consumers.push(route);
    const started = await startReplyConsumer(link, route);
    if (!started.ok) {
      link.consumers.splice(link.consumers.indexOf(route), 1);
      void consumer.disconnect().catch(() => undefined);
    }
    return started;
  }

  async function startReplyConsumer(link: Link, route: ReplyRoute): Promise<Result<ReplyRoute>> {
    const { replyTopic, groupId, consumer } = route;
    try {
      await consumer.connect();
      if (!(await subscribeReplyTopic(consumer, replyTopic))) {
        const ours = target.allowAutoTopicCreation ? '' : ' (this connection also asks the broker not to create topics: autoCreateTopics is off)';
        return fail(
          'reply-topic-missing',
          `The reply topic ${replyTopic} does not exist and the broker does not create topics${ours}: create it, e.g. kafka-topics --create --topic ${replyTopic}. Nest services need it as well to answer this pattern.`,
        );
      }
      const ends = await link.admin.fetchTopicOffsets(replyTopic);
      const joined = new Promise<Result<number>>((resolve) => {
        consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
          const partitions = payload.memberAssignment[replyTopic] ?? [];
          // Rebalances can move partitions; later requests name whatever we own now.
          route.partition = partitions.length > 0 ? Math.min(...partitions) : undefined;
          resolve(route.partition === undefined ? fail('reply-topic-unassigned', `The broker assigned no partition of ${replyTopic} to Patchbay's consumer group ${groupId}.`) : ok(route.partition));
        });
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          // Before the join, only this pattern fails (say, no right to join a group); after it,
          // replies can no longer be read, which only a new link can cure.
          if (route.partition === undefined) resolve(fail('reply-consumer-failed', `Reading replies from ${replyTopic} failed: ${rootCause(payload.error)?.message ?? String(payload.error)}`));
          else loseLink(link, payload.error);
        });
      });
      // No offset commits: the group is single-use and starts at the end anyway, so a commit after
      // every batch would only cost a broker round trip before the next fetch.
      const running = consumer.run({ autoCommit: false, eachMessage: ({ message }) => Promise.resolve(deliver(link, message)) });
      // run() creates the group synchronously; the seeks apply at the first fetch after the join.
      for (const { partition, high } of ends) consumer.seek({ topic: replyTopic, partition, offset: high });
      await running;
      const assigned = await joined;
      return assigned.ok ? ok(route) : assigned;
    } catch (error) {
      return fail('reply-consumer-failed', `Patchbay could not start reading replies from ${replyTopic}: ${rootCause(error)?.message ?? String(error)}`);
    }
  }

  /** False when the topic does not exist (after giving a creating broker time to create it). */
  async function subscribeReplyTopic(consumer: Consumer, replyTopic: string): Promise<boolean> {
    // A KRaft broker that creates topics on demand still answers UNKNOWN_TOPIC_OR_PARTITION to
    // the metadata request that starts the creation, and kafkajs does not retry that error.
    const attempts = target.allowAutoTopicCreation ? AUTO_CREATE_CHECKS : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        await consumer.subscribe({ topics: [replyTopic] });
        return true;
      } catch (error) {
        if (rootCause(error)?.type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
        if (attempt >= attempts) return false;
        await new Promise((resolve) => setTimeout(resolve, AUTO_CREATE_WAIT_MS));
      }
    }
  }

  /** Waits for `work`, or stops when the request is aborted or the link ends (`undefined`). */
  async function unless<T>(work: Promise<T>, link: Link, signal: AbortSignal): Promise<T | undefined> {
    if (signal.aborted || link.ending) return undefined;
    let onAbort!: () => void;
    const aborted = new Promise<undefined>((resolve) => {
      onAbort = () => resolve(undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      link.ended.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
      link.ended.removeEventListener('abort', onAbort);
    }
  }

  async function produce(link: Link, topic: string, message: OutgoingKafkaMessage): Promise<Result<null>> {
    const error = await link.produce(topic, message);
    return error === undefined ? ok(null) : fail('send-failed', explainProduceError(error, topic));
  }

  lifecycle.start();

  return clientOf(lifecycle, address, {
    async *send(link, request, signal) {
      const route = topicOfPattern(request.pattern, 'request');
      if (!route.ok) {
        yield { kind: 'failure', failure: route.error };
        return;
      }
      const { topic, replyTopic } = route.value;
      const { queue, release } = link.pending.wait(request.correlationId, signal);
      try {
        const reply = await unless(replyRoute(link, replyTopic), link, signal);
        if (reply && !reply.ok) {
          yield { kind: 'failure', failure: reply.error };
          return;
        }
        if (!reply) {
          yield* queue; // aborted (nothing queued) or the link was lost (its failure is queued)
          return;
        }
        const partition = reply.value.partition;
        if (partition === undefined) {
          yield { kind: 'failure', failure: { code: 'reply-topic-unassigned', message: `A rebalance left Patchbay's consumer without a partition of ${replyTopic}. Nothing was sent; try again.` } };
          return;
        }
        const message = requestMessage(request.data, request.options, request.correlationId, replyTopic, partition);
        const produced = await unless(produce(link, topic, message), link, signal);
        if (produced && !produced.ok) {
          yield { kind: 'failure', failure: produced.error };
          return;
        }
        if (produced) yield { kind: 'written', sizeBytes: kafkaMessageSize(message) };
        yield* queue;
      } finally {
        release();
      }
    },

    async emit(link, event) {
      const route = topicOfPattern(event.pattern, 'event');
      if (!route.ok) return route;
      // Events carry no Nest headers: that is how a Nest server tells them from requests.
      const message = serializeKafkaMessage(event.data, event.options);
      const produced = await produce(link, route.value.topic, message);
      return produced.ok ? ok({ sizeBytes: kafkaMessageSize(message) }) : produced;
    },

    async subscribe(link, spec, sink, onEnd) {
      if (spec.kind !== 'kafka') return fail('wrong-transport', `A ${spec.kind} listener cannot run on a Kafka connection.`);
      return subscribeKafka({ kafka: link.kafka, admin: link.admin, allowAutoTopicCreation: target.allowAutoTopicCreation, linkLive: () => !link.ending }, spec, sink, onEnd);
    },

    async close() {
      const link = lifecycle.current;
      link?.pending.failAll(closedByUserFailure(address));
      lifecycle.close();
      await link?.teardown;
    },
  });
}
