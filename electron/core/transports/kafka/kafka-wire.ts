// Nest's Kafka wire rules (nest-wire §5), as pure functions: topic names, how a Nest client
// serializes a payload into a kafkajs message, the request headers, and how it reads a reply.
import type { MessageOptions } from '../../../../shared/contract';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import type { ReplyReading } from '../../wire/envelope';
import { readReply } from '../../wire/envelope';
import { normalizePattern } from '../../../../shared/pattern-route';

/** Header names from Nest's `enums/kafka-headers.enum.js` (Spring-compatible). */
export const KAFKA_HEADERS = {
  correlationId: 'kafka_correlationId',
  replyTopic: 'kafka_replyTopic',
  replyPartition: 'kafka_replyPartition',
  nestError: 'kafka_nest-err',
  nestIsDisposed: 'kafka_nest-is-disposed',
} as const;

export const REPLY_TOPIC_SUFFIX = '.reply';
const MAX_TOPIC_LENGTH = 249;
const TOPIC_NAME = /^[A-Za-z0-9._-]+$/;

export type KafkaHeaderValue = Buffer | string | (Buffer | string)[] | undefined;
/** A kafkajs message as Patchbay produces it. */
export type OutgoingKafkaMessage = { key?: string | Buffer | null; value: string | Buffer | null; headers: Record<string, string | Buffer>; partition?: number };
export type IncomingKafkaMessage = { key?: Buffer | null; value: Buffer | null; headers?: Record<string, KafkaHeaderValue> };

export type TopicRoute = { topic: string; replyTopic: string };

/**
 * The topic of a pattern (its normalized string, as Nest routes it), refused before anything is
 * sent when Kafka would reject the name. Requests need room for the `.reply` suffix too.
 */
export function topicOfPattern(pattern: unknown, purpose: 'request' | 'event'): Result<TopicRoute> {
  const topic = normalizePattern(pattern);
  const maxLength = purpose === 'request' ? MAX_TOPIC_LENGTH - REPLY_TOPIC_SUFFIX.length : MAX_TOPIC_LENGTH;
  const route = { topic, replyTopic: `${topic}${REPLY_TOPIC_SUFFIX}` };
  if (typeof pattern === 'object' && pattern !== null) {
    return fail(
      'invalid-pattern',
      `Kafka routes by topic name and ${topic} cannot be one (topics may only contain letters, digits, ".", "_" and "-"). Nest Kafka handlers use string patterns, e.g. @MessagePattern('sum'): send to that string instead of an object pattern.`,
    );
  }
  if (topic === '' || topic === '.' || topic === '..') return fail('invalid-pattern', `"${topic}" is not a valid Kafka topic name. Give the string pattern of the handler, e.g. sum.`);
  if (!TOPIC_NAME.test(topic)) {
    return fail('invalid-pattern', `"${topic}" is not a valid Kafka topic name: topics may only contain letters, digits, ".", "_" and "-". Use the handler's string pattern as Nest registers it.`);
  }
  if (topic.length > maxLength) {
    const why = purpose === 'request' ? ` (the reply topic ${route.replyTopic} must also fit in ${MAX_TOPIC_LENGTH})` : '';
    return fail('invalid-pattern', `The topic "${topic.slice(0, 40)}…" has ${topic.length} characters; Kafka allows at most ${maxLength}${why}. Use a shorter pattern.`);
  }
  return ok(route);
}

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === null || prototype === Object.prototype;
};

/** `KafkaRequestSerializer.encode`: strings and Buffers as is, objects and arrays as JSON, the rest via toString. */
export function encodeKafkaValue(value: unknown): string | Buffer | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  if (typeof value === 'object' && (isPlainObject(value) || Array.isArray(value) || value.toString === Object.prototype.toString)) return JSON.stringify(value);
  return String(value);
}

/**
 * The message a Nest ClientKafka produces for `data` (`KafkaRequestSerializer.serialize`),
 * then Patchbay's message options on top: an explicit key, extra headers and a partition.
 * Like Nest, a payload with a `key` or `value` property is taken as a kafkajs message itself
 * (nest-wire §9.5): `{"value": 1}` goes out as the value "1".
 */
export function serializeKafkaMessage(data: unknown, options: MessageOptions | undefined): OutgoingKafkaMessage {
  const isMessage = typeof data === 'object' && data !== null && ('key' in data || 'value' in data);
  const source = (isMessage ? data : { value: data }) as { key?: unknown; value?: unknown; headers?: unknown; partition?: unknown };
  const message: OutgoingKafkaMessage = { value: encodeKafkaValue(source.value), headers: {} };
  if (source.key !== undefined && source.key !== null) message.key = encodeKafkaValue(source.key);
  if (typeof source.headers === 'object' && source.headers !== null) {
    for (const [name, value] of Object.entries(source.headers)) message.headers[name] = Buffer.isBuffer(value) ? value : String(value);
  }
  if (typeof source.partition === 'number') message.partition = source.partition;
  if (options?.key !== undefined) message.key = options.key;
  Object.assign(message.headers, options?.headers ?? {});
  if (options?.partition !== undefined) message.partition = options.partition;
  return message;
}

/** A request: the serialized payload plus Nest's three headers, which win over user headers. */
export function requestMessage(data: unknown, options: MessageOptions | undefined, correlationId: string, replyTopic: string, replyPartition: number): OutgoingKafkaMessage {
  const message = serializeKafkaMessage(data, options);
  message.headers[KAFKA_HEADERS.correlationId] = correlationId;
  message.headers[KAFKA_HEADERS.replyTopic] = replyTopic;
  message.headers[KAFKA_HEADERS.replyPartition] = String(replyPartition);
  return message;
}

/**
 * `KafkaParser.decode`: null stays null; a Buffer starting with byte 0x00 stays binary (shown
 * as Node prints a Buffer in JSON, `{"type":"Buffer","data":[…]}`); anything else is text,
 * parsed as JSON only when it starts with `{` or `[`. So numbers and booleans come back as
 * strings, exactly as a Nest client sees them (nest-wire §9.5).
 */
export function decodeKafkaValue(value: KafkaHeaderValue | null): unknown {
  if (value === undefined || value === null) return null;
  if (Buffer.isBuffer(value) && value.length > 0 && value[0] === 0) return value.toJSON();
  const text = Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * One reply message, read as Nest's `KafkaResponseDeserializer` + `createObserver` read it:
 * undefined when it has no correlation id; `kafka_nest-err` is the error (and final);
 * `kafka_nest-is-disposed` marks the final message, whose value is emitted even when null.
 */
export function readKafkaReply(message: IncomingKafkaMessage): { correlationId: string; reading: ReplyReading } | undefined {
  const headers = message.headers ?? {};
  const rawId = headers[KAFKA_HEADERS.correlationId];
  if (rawId === undefined) return undefined;
  const correlationId = String(decodeKafkaValue(rawId));
  const value = decodeKafkaValue(message.value);
  if (headers[KAFKA_HEADERS.nestError] !== undefined) {
    return { correlationId, reading: readReply({ err: decodeKafkaValue(headers[KAFKA_HEADERS.nestError]), isDisposed: true }) };
  }
  return { correlationId, reading: readReply({ response: value, isDisposed: headers[KAFKA_HEADERS.nestIsDisposed] !== undefined }) };
}

const sizeOf = (value: KafkaHeaderValue | null): number => {
  if (value === undefined || value === null) return 0;
  if (Array.isArray(value)) return value.reduce((total, item) => total + sizeOf(item), 0);
  return Buffer.isBuffer(value) ? value.length : Buffer.byteLength(value);
};

/** Bytes of key, value and headers (names and values): what the user's payload costs on the wire. */
export function kafkaMessageSize(message: { key?: KafkaHeaderValue | null; value: KafkaHeaderValue | null; headers?: Record<string, KafkaHeaderValue> }): number {
  let total = sizeOf(message.key ?? null) + sizeOf(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) total += Buffer.byteLength(name) + sizeOf(value);
  return total;
}
