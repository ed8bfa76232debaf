import { describe, expect, it } from 'vitest';
import { KAFKA_HEADERS, decodeKafkaValue, encodeKafkaValue, kafkaMessageSize, readKafkaReply, requestMessage, serializeKafkaMessage, topicOfPattern } from './kafka-wire';

describe('topicOfPattern', () => {
  it('routes a string pattern to the topic of that name and replies on <topic>.reply', () => {
    expect(topicOfPattern('orders.create', 'request')).toEqual({ ok: true, value: { topic: 'orders.create', replyTopic: 'orders.create.reply' } });
    expect(topicOfPattern(42, 'event')).toEqual({ ok: true, value: { topic: '42', replyTopic: '42.reply' } });
  });

  it('refuses an object pattern, saying Nest Kafka handlers use string patterns', () => {
    expect(topicOfPattern({ cmd: 'sum' }, 'request')).toEqual({
      ok: false,
      error: {
        code: 'invalid-pattern',
        message:
          'Kafka routes by topic name and {"cmd":"sum"} cannot be one (topics may only contain letters, digits, ".", "_" and "-"). Nest Kafka handlers use string patterns, e.g. @MessagePattern(\'sum\'): send to that string instead of an object pattern.',
      },
    });
  });

  it.each([
    ['user created', '"user created" is not a valid Kafka topic name: topics may only contain letters, digits, ".", "_" and "-". Use the handler\'s string pattern as Nest registers it.'],
    ['..', '".." is not a valid Kafka topic name. Give the string pattern of the handler, e.g. sum.'],
    ['', '"" is not a valid Kafka topic name. Give the string pattern of the handler, e.g. sum.'],
  ])('refuses the topic name %j', (pattern, message) => {
    expect(topicOfPattern(pattern, 'event')).toEqual({ ok: false, error: { code: 'invalid-pattern', message } });
  });

  it('keeps room for the .reply suffix on requests but not on events', () => {
    const name = 'a'.repeat(249);
    expect(topicOfPattern(name, 'event').ok).toBe(true);
    expect(topicOfPattern('a'.repeat(243), 'request').ok).toBe(true);
    const refused = topicOfPattern('a'.repeat(244), 'request');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('has 244 characters; Kafka allows at most 243 (the reply topic');
  });
});

describe('serializing a payload as Nest ClientKafka does', () => {
  it.each([
    ['a string as is', 'hello', 'hello'],
    ['an object as JSON', { a: 1 }, '{"a":1}'],
    ['an array as JSON', [1, 2, 3], '[1,2,3]'],
    ['a number as its text', 42.5, '42.5'],
    ['a boolean as its text', true, 'true'],
    ['undefined as null', undefined, null],
    ['null as null', null, null],
  ])('encodes %s', (_name, value, encoded) => {
    expect(encodeKafkaValue(value)).toEqual(encoded);
  });

  it('wraps a plain payload as the value with empty headers', () => {
    expect(serializeKafkaMessage({ id: 1 }, undefined)).toEqual({ value: '{"id":1}', headers: {} });
  });

  it('takes a payload with a key or value property as a Kafka message, like Nest', () => {
    expect(serializeKafkaMessage({ key: 'k1', value: { a: 1 }, headers: { h: 'v' } }, undefined)).toEqual({ key: 'k1', value: '{"a":1}', headers: { h: 'v' } });
    expect(serializeKafkaMessage({ value: 1 }, undefined)).toEqual({ value: '1', headers: {} });
  });

  it('puts the message options on top: key, headers and partition', () => {
    expect(serializeKafkaMessage([1, 2], { key: 'user-7', headers: { 'x-trace': 't1' }, partition: 2 })).toEqual({ key: 'user-7', value: '[1,2]', headers: { 'x-trace': 't1' }, partition: 2 });
  });

  it("adds Nest's correlation, reply topic and reply partition headers to a request, over any user header of the same name", () => {
    expect(requestMessage([1, 2], { headers: { kafka_correlationId: 'spoofed', 'x-a': 'b' } }, 'cdf9287f7b412ab86f7b7', 'sum.reply', 3)).toEqual({
      value: '[1,2]',
      headers: { kafka_correlationId: 'cdf9287f7b412ab86f7b7', 'x-a': 'b', kafka_replyTopic: 'sum.reply', kafka_replyPartition: '3' },
    });
  });
});

describe("reading replies as Nest's KafkaParser and response deserializer do", () => {
  it.each([
    ['a number reply as a string', Buffer.from('6'), '6'],
    ['a JSON object', Buffer.from('{"id":7,"name":"x"}'), { id: 7, name: 'x' }],
    ['a JSON array', Buffer.from('[1,"two"]'), [1, 'two']],
    ['text that only looks like JSON', Buffer.from('{not json'), '{not json'],
    ['a quoted string, quotes kept', Buffer.from('"hi"'), '"hi"'],
    ['null as null', null, null],
    ['bytes starting with 0x00 as bytes', Buffer.from([0, 1, 2]), { type: 'Buffer', data: [0, 1, 2] }],
  ])('decodes %s', (_name, raw, decoded) => {
    expect(decodeKafkaValue(raw)).toEqual(decoded);
  });

  const id = Buffer.from('cdf9287f7b412ab86f7b7');
  const disposed = Buffer.alloc(1);

  it('reads a final value', () => {
    expect(readKafkaReply({ value: Buffer.from('3'), headers: { [KAFKA_HEADERS.correlationId]: id, [KAFKA_HEADERS.nestIsDisposed]: disposed } })).toEqual({
      correlationId: 'cdf9287f7b412ab86f7b7',
      reading: { kind: 'value', value: '3', last: true },
    });
  });

  it('reads a stream item without the disposed header as not final', () => {
    expect(readKafkaReply({ value: Buffer.from('1'), headers: { [KAFKA_HEADERS.correlationId]: id } })?.reading).toEqual({ kind: 'value', value: '1', last: false });
  });

  it('emits null for a final message without a value, as a Nest client does', () => {
    expect(readKafkaReply({ value: null, headers: { [KAFKA_HEADERS.correlationId]: id, [KAFKA_HEADERS.nestIsDisposed]: disposed } })?.reading).toEqual({ kind: 'value', value: null, last: true });
  });

  it('reads the error header as JSON when it is an object, as a string otherwise, final either way', () => {
    expect(readKafkaReply({ value: null, headers: { [KAFKA_HEADERS.correlationId]: id, [KAFKA_HEADERS.nestError]: Buffer.from('{"status":"error","message":"bad thing"}'), [KAFKA_HEADERS.nestIsDisposed]: disposed } })?.reading).toEqual({
      kind: 'remote-error',
      error: { status: 'error', message: 'bad thing' },
    });
    expect(readKafkaReply({ value: null, headers: { [KAFKA_HEADERS.correlationId]: id, [KAFKA_HEADERS.nestError]: Buffer.from('There is no matching message handler defined in the remote service.') } })?.reading).toEqual({
      kind: 'remote-error',
      error: 'There is no matching message handler defined in the remote service.',
    });
  });

  it('ignores a message without a correlation id', () => {
    expect(readKafkaReply({ value: Buffer.from('3'), headers: {} })).toBeUndefined();
  });

  it('counts key, value and header bytes', () => {
    expect(kafkaMessageSize({ key: 'k', value: Buffer.from('é'), headers: { ab: Buffer.alloc(1) } })).toBe(1 + 2 + 2 + 1);
  });
});
