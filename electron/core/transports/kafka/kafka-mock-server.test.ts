import { describe, expect, it } from 'vitest';
import { kafkaReplyMessage } from './kafka-mock-server';

const NO_HANDLER = 'There is no matching message handler defined in the remote service.';
const ID = Buffer.from('cid1');
const DISPOSED = Buffer.alloc(1);

describe('kafkaReplyMessage', () => {
  it("writes Nest's reply messages (nest-wire §5 captured examples)", () => {
    expect(kafkaReplyMessage({ kind: 'value', value: 3, last: true }, 'cid1', '0')).toEqual({ value: '3', partition: 0, headers: { kafka_correlationId: ID, 'kafka_nest-is-disposed': DISPOSED } });
    expect(kafkaReplyMessage({ kind: 'value', value: 1, last: false }, 'cid1', '2')).toEqual({ value: '1', partition: 2, headers: { kafka_correlationId: ID } });
    expect(kafkaReplyMessage({ kind: 'value', value: { a: [1] }, last: true }, 'cid1', undefined)).toEqual({ value: '{"a":[1]}', headers: { kafka_correlationId: ID, 'kafka_nest-is-disposed': DISPOSED } });
    expect(kafkaReplyMessage({ kind: 'end' }, 'cid1', '0')).toEqual({ value: null, partition: 0, headers: { kafka_correlationId: ID, 'kafka_nest-is-disposed': DISPOSED } });
    expect(kafkaReplyMessage({ kind: 'error', error: { status: 'error', message: 'bad thing' } }, 'cid1', '0')).toEqual({
      value: null,
      partition: 0,
      headers: { kafka_correlationId: ID, 'kafka_nest-err': Buffer.from('{"status":"error","message":"bad thing"}'), 'kafka_nest-is-disposed': DISPOSED },
    });
    // No is-disposed header on the no-handler reply: the error alone ends the call.
    expect(kafkaReplyMessage({ kind: 'no-handler' }, 'cid1', '0')).toEqual({ value: null, partition: 0, headers: { kafka_correlationId: ID, 'kafka_nest-err': Buffer.from(NO_HANDLER) } });
  });

  it('sends a value with a key or value property as a Kafka message, as KafkaRequestSerializer does', () => {
    expect(kafkaReplyMessage({ kind: 'value', value: { key: 'k1', value: { n: 1 } }, last: true }, 'cid1', '0')).toEqual({
      key: 'k1',
      value: '{"n":1}',
      partition: 0,
      headers: { kafka_correlationId: ID, 'kafka_nest-is-disposed': DISPOSED },
    });
  });
});
