// A mock Nest Kafka microservice (nest-wire §5) on kafkajs: it consumes the rules' routes as
// topics (exact names, and globs as RegExp subscriptions), decodes values as Nest's KafkaParser
// does, and answers a request (one with `kafka_correlationId` and `kafka_replyTopic`) on
// `kafka_replyTopic` at `kafka_replyPartition`, with Nest's headers and value encoding.
//
// Its consumer group is its own, `patchbay-mock-<random>`: a mock must never join a Nest
// service's group (it would take partitions away from the real service, and Nest's reply-side
// groups speak a custom assignor protocol), and a fresh group per instance means two mocks never
// split a topic between them. The group is deleted on close, as the client does with its groups.
import { randomBytes } from 'node:crypto';
import type { Admin, Consumer, KafkaMessage, Producer } from 'kafkajs';
import { Kafka, Partitioners } from 'kafkajs';
import type { TargetOf } from '../../../../shared/connection';
import { DEFAULT_CONNECT_TIMEOUT_MS, describeTarget } from '../../../../shared/connection';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { ConnectTimeoutError } from '../../connections/explain-error';
import type { IncomingMessage, MockAnswerPart, MockHandler, MockRoutes, MockServer, StartMockServer } from '../../mocks/mock-transport';
import { envelopePart, NO_MESSAGE_HANDLER } from '../../wire/reply-packet';
import { explainKafkaConnectError, explainProduceError, rootCause } from './explain-kafka-error';
import { defaultSocketFactory, kafkaConfig } from './kafka-client';
import type { OutgoingKafkaMessage } from './kafka-wire';
import { decodeKafkaValue, KAFKA_HEADERS, kafkaMessageSize, serializeKafkaMessage } from './kafka-wire';

type KafkaTarget = TargetOf<'kafka'>;
type Trouble = { message: string; fatal: boolean };

const AUTO_CREATE_CHECKS = 10;
const AUTO_CREATE_WAIT_MS = 200;
/** What a broker answers about a topic it is still creating: worth asking again shortly. */
const STILL_CREATING = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER']);

/** Runs `work` again while the broker is still creating a topic it touches. */
async function whileCreating<T>(work: () => Promise<T>, attempts = AUTO_CREATE_CHECKS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !STILL_CREATING.has(rootCause(error)?.type ?? '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, AUTO_CREATE_WAIT_MS));
    }
  }
}
/** Group errors of a broker that is still starting up: the join is worth trying again shortly. */
const COORDINATOR_LOADING = new Set(['COORDINATOR_LOAD_IN_PROGRESS', 'COORDINATOR_NOT_AVAILABLE', 'NOT_COORDINATOR', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'GROUP_LOAD_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP']);
const COORDINATOR_CHECKS = 20;
const COORDINATOR_WAIT_MS = 500;
// Bounds how long stopping the consumer takes (kafkajs waits for the fetch in flight), not latency.
const FETCH_WAIT_MS = 200;
const CLOSE_LIMIT_MS = 5_000;

/** A rule glob (`*` any run, `?` one character) as the RegExp kafkajs subscribes by. */
const globRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\*?]/g, (character) => (character === '*' ? '.*' : character === '?' ? '.' : `\\${character}`))}$`);

/**
 * The reply message Nest's ServerKafka writes for one part (`sendMessage`): the value serialized
 * like a request (KafkaRequestSerializer: numbers as strings, objects as JSON, a `{key|value}`
 * object as a message), then the partition, `kafka_correlationId`, `kafka_nest-err` (JSON of an
 * object, or the string) and `kafka_nest-is-disposed` (one 0x00 byte) on the final part. The
 * no-handler reply is the error string alone, without is-disposed (§5 captured example).
 */
export function kafkaReplyMessage(part: MockAnswerPart, correlationId: string, replyPartition: string | undefined): OutgoingKafkaMessage {
  const envelope = envelopePart(part);
  const packet: { response?: unknown; err?: unknown; isDisposed?: boolean } =
    envelope.kind === 'value'
      ? { response: envelope.value, isDisposed: envelope.last }
      : envelope.kind === 'end'
        ? { isDisposed: true }
        : envelope.kind === 'error'
          ? { err: envelope.error, isDisposed: true }
          : { err: NO_MESSAGE_HANDLER };
  const message = serializeKafkaMessage(packet.response, undefined);
  if (replyPartition !== undefined) message.partition = parseFloat(replyPartition);
  message.headers[KAFKA_HEADERS.correlationId] = Buffer.from(correlationId);
  if (packet.err) message.headers[KAFKA_HEADERS.nestError] = Buffer.from(typeof packet.err === 'object' ? JSON.stringify(packet.err) : String(packet.err));
  if (packet.isDisposed) message.headers[KAFKA_HEADERS.nestIsDisposed] = Buffer.alloc(1);
  return message;
}

const headerText = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return headerText(value[0]);
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
};

export const startKafkaMockServer: StartMockServer<'kafka'> = async (target, handler, routes) => {
  const address = describeTarget(target);
  const connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  const kafka = new Kafka(kafkaConfig(target, { connectTimeoutMs, socketFactory: defaultSocketFactory }));
  const admin = kafka.admin();
  // Explicit, so kafkajs does not warn about its v2 partitioner change.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: target.allowAutoTopicCreation });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      Promise.all([admin.connect(), producer.connect()]),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ConnectTimeoutError(address, connectTimeoutMs)), connectTimeoutMs))),
    ]);
  } catch (error) {
    await Promise.allSettled([admin.disconnect(), producer.disconnect()]);
    return fail('mock-start-failed', `The Kafka mock could not join ${address}: ${explainKafkaConnectError(error, address).message}`);
  } finally {
    clearTimeout(timer);
  }
  const server = new KafkaMockServer(target, address, kafka, admin, producer, handler);
  const started = await server.setRoutes(routes);
  if (!started.ok) {
    await server.close();
    return started;
  }
  return ok(server);
};

class KafkaMockServer implements MockServer {
  private readonly groupId = `patchbay-mock-${randomBytes(6).toString('hex')}`;
  private readonly troubleListeners: ((problem: Trouble) => void)[] = [];
  private consumer: Consumer | undefined;
  private routes: MockRoutes = { exact: [], globs: [] };
  /** Topics the group has read: a restart keeps their committed offsets; new ones start at their end. */
  private readonly knownTopics = new Set<string>();
  private routesChanging: Promise<unknown> = Promise.resolve();
  private closing = false;
  private usedGroup = false;

  constructor(
    private readonly target: KafkaTarget,
    private readonly broker: string,
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: Producer,
    private readonly handler: MockHandler,
  ) {
    const lost = (what: string) => () => {
      if (this.closing) return;
      this.report({ message: `The Kafka mock's ${what} was disconnected from ${broker}.`, fatal: true });
    };
    producer.on(producer.events.DISCONNECT, lost('producer'));
  }

  get address(): string {
    const topics = [...this.routes.exact, ...this.routes.globs];
    const shown = topics.length > 5 ? `${topics.slice(0, 5).join(', ')} …` : topics.join(', ');
    return `${describeTarget(this.target)} (topics ${shown || 'none yet'}, group ${this.groupId})`;
  }

  onTrouble(listener: (problem: Trouble) => void): void {
    this.troubleListeners.push(listener);
  }

  setRoutes(routes: MockRoutes): Promise<Result<null>> {
    const change = this.routesChanging.then(() => this.restartWhileCoordinatorLoads(routes));
    this.routesChanging = change;
    return change;
  }

  async close(): Promise<void> {
    this.closing = true;
    const work = (async () => {
      await Promise.allSettled([this.consumer?.disconnect(), this.producer.disconnect()]);
      // The group is single-use: leaving it would only clutter the broker's group list.
      if (this.usedGroup) await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
      await this.admin.disconnect().catch(() => undefined);
    })();
    await Promise.race([work, new Promise<void>((resolve) => setTimeout(resolve, CLOSE_LIMIT_MS).unref())]);
  }

  private report(problem: Trouble): void {
    for (const listener of this.troubleListeners) listener(problem);
  }

  /**
   * A broker that just started (or restarted) answers group requests with "coordinator is
   * loading" for a while, and kafkajs gives up on the join: try again for a few seconds.
   */
  private async restartWhileCoordinatorLoads(routes: MockRoutes): Promise<Result<null>> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.restart(routes);
      if (result.ok || attempt >= COORDINATOR_CHECKS || result.error.code !== 'coordinator-loading' || this.closing) {
        return result.ok || result.error.code !== 'coordinator-loading' ? result : fail('consumer-failed', result.error.message);
      }
      await new Promise((resolve) => setTimeout(resolve, COORDINATOR_WAIT_MS));
    }
  }

  /** kafkajs cannot change a running consumer's subscription: stop it and start a new one in the same group. */
  private async restart(routes: MockRoutes): Promise<Result<null>> {
    if (this.closing) return fail('mock-closed', 'The Kafka mock is stopped.');
    const previous = this.consumer;
    this.consumer = undefined;
    await previous?.disconnect().catch(() => undefined);
    this.routes = { exact: [...routes.exact], globs: [...routes.globs] };
    if (routes.exact.length === 0 && routes.globs.length === 0) return ok(null);
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: this.target.allowAutoTopicCreation,
      maxWaitTimeInMs: FETCH_WAIT_MS,
      // A crash is reported instead of kafkajs restarting the consumer behind our back.
      retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5, restartOnFailure: () => Promise.resolve(false) },
    });
    this.consumer = consumer;
    this.usedGroup = true;
    try {
      await consumer.connect();
      const missing = await this.subscribe(consumer, routes);
      if (missing.length > 0) {
        await consumer.disconnect().catch(() => undefined);
        this.consumer = undefined;
        const ours = this.target.allowAutoTopicCreation ? '' : ' (this target also asks the broker not to create topics: allowAutoTopicCreation is off)';
        return fail(
          'topic-missing',
          `The topic${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'do' : 'does'} not exist on ${this.broker} and the broker does not create topics${ours}: create ${missing.length > 1 ? 'them' : 'it'}, e.g. kafka-topics --create --topic ${missing[0]}.`,
        );
      }
      // The topics the subscription covers now; new ones are read from their current end, so the
      // mock neither misses a request sent after it started nor answers old ones.
      const topics = new Set(routes.exact);
      const globs = routes.globs.map(globRegExp);
      for (const topic of await this.admin.listTopics()) if (globs.some((glob) => glob.test(topic))) topics.add(topic);
      const fresh = [...topics].filter((topic) => !this.knownTopics.has(topic));
      const ends = await Promise.all(fresh.map(async (topic) => ({ topic, partitions: await whileCreating(() => this.admin.fetchTopicOffsets(topic)) })));
      const joined = new Promise<Result<null>>((resolve) => {
        consumer.on(consumer.events.GROUP_JOIN, () => resolve(ok(null)));
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          const cause = rootCause(payload.error);
          const reason = cause?.message ?? String(payload.error);
          resolve(fail(COORDINATOR_LOADING.has(cause?.type ?? '') ? 'coordinator-loading' : 'consumer-failed', `The Kafka mock's consumer failed: ${reason}`));
          if (!this.closing && this.consumer === consumer) this.report({ message: `The Kafka mock's consumer on ${this.broker} stopped: ${reason}.`, fatal: true });
        });
      });
      const running = consumer.run({ eachMessage: ({ topic, partition, message }) => Promise.resolve(this.receive(topic, partition, message)) });
      // run() creates the group synchronously; the seeks apply at the first fetch after the join.
      for (const { topic, partitions } of ends) for (const { partition, high } of partitions) consumer.seek({ topic, partition, offset: high });
      await running;
      const result = await joined;
      if (result.ok) for (const topic of topics) this.knownTopics.add(topic);
      return result;
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      if (this.consumer === consumer) this.consumer = undefined;
      return fail('consumer-failed', `The Kafka mock could not consume ${[...routes.exact, ...routes.globs].join(', ')} on ${this.broker}: ${rootCause(error)?.message ?? String(error)}`);
    }
  }

  /** Subscribes to every route; returns the exact topics that do not exist (after giving a creating broker time). */
  private async subscribe(consumer: Consumer, routes: MockRoutes): Promise<string[]> {
    const topics: (string | RegExp)[] = [...routes.exact, ...routes.globs.map(globRegExp)];
    // A KRaft broker that creates topics on demand still answers UNKNOWN_TOPIC_OR_PARTITION to
    // the metadata request that starts the creation, and kafkajs does not retry that error.
    try {
      await whileCreating(() => consumer.subscribe({ topics }), this.target.allowAutoTopicCreation ? AUTO_CREATE_CHECKS : 1);
      return [];
    } catch (error) {
      if (rootCause(error)?.type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
      const existing = new Set(await this.admin.listTopics());
      return routes.exact.filter((topic) => !existing.has(topic));
    }
  }

  /** Decodes a message as Nest's ServerKafka does (`handleMessage`, KafkaParser). */
  private receive(topic: string, partition: number, raw: KafkaMessage): void {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw.headers ?? {})) {
      const text = headerText(value);
      if (text !== undefined) headers[name] = text;
    }
    const correlationId = headers[KAFKA_HEADERS.correlationId];
    const replyTopic = headers[KAFKA_HEADERS.replyTopic];
    const message: IncomingMessage = {
      // Without a correlation id and a reply topic, Nest takes a message as an event.
      kind: correlationId && replyTopic ? 'request' : 'event',
      pattern: topic,
      route: topic,
      // KafkaParser: JSON when it parses from `{` or `[`, else the text, so numbers arrive as strings.
      data: decodeKafkaValue(raw.value),
      ...(correlationId ? { correlationId } : {}),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      meta: { topic, partition, offset: raw.offset, ...(raw.key ? { key: decodeKafkaValue(raw.key) } : {}) },
      sizeBytes: kafkaMessageSize({ key: raw.key, value: raw.value, headers: raw.headers }),
    };
    // Not awaited: a delayed answer must not hold up the partition's other requests.
    void this.serve(message, replyTopic, headers[KAFKA_HEADERS.replyPartition]);
  }

  private async serve(message: IncomingMessage, replyTopic: string | undefined, replyPartition: string | undefined): Promise<void> {
    try {
      for await (const part of this.handler.handle(message)) {
        // Events are handled (recorded, maybe delayed) but never answered.
        if (message.kind === 'event' || this.closing || !replyTopic || !message.correlationId) continue;
        const reply = kafkaReplyMessage(part, message.correlationId, replyPartition);
        try {
          await this.producer.send({ topic: replyTopic, messages: [reply] });
        } catch (error) {
          throw new Error(explainProduceError(error, replyTopic), { cause: error });
        }
        this.handler.written(message, part, kafkaMessageSize(reply));
      }
    } catch (error) {
      if (this.closing) return;
      this.report({ message: `The Kafka mock could not answer on ${replyTopic}: ${(error as Error).message}`, fatal: false });
    }
  }
}
