// Listening on Kafka topics (nest-wire §5) with a consumer of Patchbay's own.
//
// Why a unique group (`patchbay-listen-<random>`): Kafka hands each partition of a topic to ONE
// member of a consumer group. Joining a service's group would move partitions (and so messages)
// from the service to Patchbay, and joining a Nest client's reply group would also break its
// custom assignor. A group of our own gets its own copy of every message and its own offsets,
// so the services lose nothing; the group is deleted when the listener stops.
//
// Where it starts: a new group has no committed offsets, so `earliest` is fromBeginning. For
// `latest` the end offsets are read before the consumer runs and each partition is sought there
// (kafkajs would otherwise resolve "latest" only at its first fetch after the join, skipping
// what was written in between, e.g. right after the listener said it was listening). An offset
// or a timestamp is sought the same way (for a timestamp, the offsets from
// admin.fetchTopicOffsetsByTimestamp).
import { randomBytes } from 'node:crypto';
import type { Admin, Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { ListenSpec } from '../../../../shared/listen';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { readRawBody } from '../../wire/observed-envelope';
import type { ListenEnd, Observed, Unsubscribe } from '../transport';
import { rootCause } from './explain-kafka-error';
import type { KafkaHeaderValue } from './kafka-wire';
import { KAFKA_HEADERS, REPLY_TOPIC_SUFFIX, decodeKafkaValue, kafkaMessageSize, readKafkaReply } from './kafka-wire';

type KafkaSpec = Extract<ListenSpec, { kind: 'kafka' }>;

const LISTEN_FETCH_WAIT_MS = 200;
const JOIN_LIMIT_MS = 30_000;

/** `/regex/flags` → RegExp; anything else is a topic name. */
export function topicMatcher(text: string): string | RegExp {
  const match = /^\/(.+)\/([a-z]*)$/.exec(text);
  return match ? new RegExp(match[1]!, match[2]) : text;
}

/** The topics a spec reads: names or regexes, with `tap` each one's `.reply` as well. */
export function kafkaSubscriptions(spec: Pick<KafkaSpec, 'topics' | 'tap'>): (string | RegExp)[] {
  const topics: (string | RegExp)[] = [];
  for (const text of spec.topics) {
    const matcher = topicMatcher(text);
    topics.push(matcher);
    if (!spec.tap) continue;
    if (typeof matcher === 'string') {
      if (!matcher.endsWith(REPLY_TOPIC_SUFFIX)) topics.push(`${matcher}${REPLY_TOPIC_SUFFIX}`);
    } else topics.push(new RegExp(`(?:${matcher.source})\\.reply$`, matcher.flags));
  }
  return topics;
}

const headerText = (value: KafkaHeaderValue): string => (Array.isArray(value) ? value.map(headerText).join(',') : Buffer.isBuffer(value) ? value.toString() : String(value ?? ''));

/** One consumed message, read as a Nest service (requests, events) or client (replies) would. */
export function observeKafkaMessage(topic: string, partition: number, message: KafkaMessage): Observed {
  const rawHeaders = (message.headers ?? {}) as Record<string, KafkaHeaderValue>;
  const headers = Object.fromEntries(Object.entries(rawHeaders).map(([name, value]) => [name, headerText(value)]));
  const meta = { topic, partition, offset: message.offset, key: message.key ? message.key.toString() : null, timestamp: message.timestamp };
  const base = { route: topic, sizeBytes: kafkaMessageSize(message), meta, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
  const correlationId = headers[KAFKA_HEADERS.correlationId];
  if (topic.endsWith(REPLY_TOPIC_SUFFIX) && correlationId !== undefined) {
    const reply = readKafkaReply(message);
    if (reply) {
      const { reading } = reply;
      const value = reading.kind === 'value' ? { body: reading.value, final: reading.last } : reading.kind === 'end' ? { body: undefined, final: true } : { body: undefined, error: reading.error, final: true };
      return { kind: 'reply', correlationId: reply.correlationId, ...value, ...base };
    }
  }
  // A binary value (not UTF-8) is shown as hex, never dropped.
  if (message.value && message.value.length > 0 && message.value[0] !== 0) {
    const raw = readRawBody(message.value);
    if (!raw.json && raw.encoding === 'hex') return { kind: 'message', body: raw.text, encoding: 'hex', ...base };
  }
  const body = decodeKafkaValue(message.value);
  // §0: a request iff it carries both the correlation id and the reply topic.
  if (correlationId !== undefined && headers[KAFKA_HEADERS.replyTopic] !== undefined) return { kind: 'request', pattern: topic, correlationId, body, ...base };
  return { kind: 'event', pattern: topic, body, ...base };
}

export type KafkaListenDeps = {
  kafka: Kafka;
  admin: Admin;
  allowAutoTopicCreation: boolean;
  newGroupId?: () => string;
  /** False once the client link `kafka` and `admin` belong to has ended (its broker went away). */
  linkLive?: () => boolean;
};

export async function subscribeKafka(deps: KafkaListenDeps, spec: KafkaSpec, sink: (message: Observed) => void, onEnd?: (end: ListenEnd) => void): Promise<Result<Unsubscribe>> {
  const { kafka, admin } = deps;
  const groupId = deps.newGroupId?.() ?? `patchbay-listen-${randomBytes(6).toString('hex')}`;
  const wanted = kafkaSubscriptions(spec);
  let consumer: Consumer | undefined;
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await consumer?.disconnect().catch(() => undefined);
    // Our group is single-use: leaving it on the broker would only clutter its group list. Not
    // through a link that has ended: its disconnected admin would reconnect to the broker and
    // hold that socket forever (the broker expires the group on its own).
    if (deps.linkLive?.() === false) return;
    await admin.deleteGroups([groupId]).catch(() => undefined);
  };

  try {
    // The concrete topics: regexes are matched against the broker's topic list now (as kafkajs
    // does), and tap reply topics that do not exist are left out rather than failing the listener.
    const existing = await admin.listTopics();
    const topics = new Set<string>();
    const missing: string[] = [];
    spec.topics.forEach((text) => {
      const matcher = topicMatcher(text);
      if (typeof matcher === 'string') {
        if (existing.includes(matcher) || deps.allowAutoTopicCreation) topics.add(matcher);
        else missing.push(matcher);
      }
    });
    for (const matcher of wanted) {
      if (typeof matcher === 'string') {
        if (!spec.topics.includes(matcher) && existing.includes(matcher)) topics.add(matcher);
      } else for (const name of existing) if (matcher.test(name) && !name.startsWith('__')) topics.add(name);
    }
    if (missing.length > 0) {
      return fail('topic-missing', `The topic${missing.length > 1 ? 's' : ''} ${missing.join(', ')} do${missing.length > 1 ? '' : 'es'} not exist on the broker, and this connection does not create topics. Check the name (a Nest service creates its topics when it starts).`);
    }
    if (topics.size === 0) return fail('topic-missing', `No topic on the broker matches ${spec.topics.join(', ')}.`);
    // A named topic not there yet (listening before the first message): create it now, as the
    // broker would on the first produce, so the consumer has partitions to read from the start.
    const toCreate = [...topics].filter((topic) => !existing.includes(topic));
    if (toCreate.length > 0) await admin.createTopics({ topics: toCreate.map((topic) => ({ topic })), waitForLeaders: true });

    consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: deps.allowAutoTopicCreation,
      maxWaitTimeInMs: LISTEN_FETCH_WAIT_MS,
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 2_000, restartOnFailure: () => Promise.resolve(false) },
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: spec.from === 'earliest' });

    const seeks: { topic: string; partition: number; offset: string }[] = [];
    for (const topic of topics) {
      if (spec.from === 'latest') for (const { partition, high } of await admin.fetchTopicOffsets(topic)) seeks.push({ topic, partition, offset: high });
      else if (typeof spec.from === 'object' && 'offset' in spec.from) {
        for (const { partition } of await admin.fetchTopicOffsets(topic)) seeks.push({ topic, partition, offset: spec.from.offset });
      } else if (typeof spec.from === 'object') {
        for (const { partition, offset } of await admin.fetchTopicOffsetsByTimestamp(topic, spec.from.timestamp)) seeks.push({ topic, partition, offset });
      }
    }

    const active = consumer;
    const joined = new Promise<Result<null>>((resolve) => {
      let timer: NodeJS.Timeout | undefined = setTimeout(() => resolve(fail('listen-failed', `The broker did not let Patchbay's consumer group ${groupId} join within ${JOIN_LIMIT_MS / 1000} s.`)), JOIN_LIMIT_MS);
      active.on(active.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        timer = undefined;
        resolve(ok(null));
      });
      active.on(active.events.CRASH, ({ payload }) => {
        const reason = rootCause(payload.error)?.message ?? String(payload.error);
        if (timer) {
          clearTimeout(timer);
          resolve(fail('listen-failed', `Patchbay's consumer could not start reading: ${reason}`));
        } else if (!stopping) onEnd?.({ failed: true, reason: `Patchbay's consumer stopped reading: ${reason}.` });
      });
    });
    const running = active.run({ eachMessage: ({ topic, partition, message }) => Promise.resolve(sink(observeKafkaMessage(topic, partition, message))) });
    // run() creates the group synchronously; the seeks apply at the first fetch after the join.
    for (const seek of seeks) active.seek(seek);
    await running;
    const started = await joined;
    if (!started.ok) {
      await stop();
      return started;
    }
  } catch (error) {
    await stop();
    return fail('listen-failed', `Patchbay could not listen on ${spec.topics.join(', ')}: ${rootCause(error)?.message ?? String(error)}`);
  }
  return ok(stop);
}
