import { describe, expect, it } from 'vitest';
import { checkMockForm, emptyMockForm } from './mock-form-model';
import { sampleRulesText } from './mock-rules-text';

const rules = '{"rules": [{"pattern": {"cmd": "sum"}, "reply": {"value": 6}}]}';

describe('checkMockForm', () => {
  it('builds a TCP mock from the connection form and the rules', () => {
    expect(checkMockForm({ ...emptyMockForm, name: ' users-mock ', port: '4010' }, rules)).toEqual({
      ok: true,
      input: {
        name: 'users-mock',
        target: { kind: 'tcp', host: '127.0.0.1', port: 4010 },
        rules: { rules: [{ pattern: { cmd: 'sum' }, when: [], reply: { value: 6 }, failureRate: 0 }], unmatched: 'nest-error' },
      },
    });
  });

  it('speaks of the port the mock listens on', () => {
    expect(checkMockForm({ ...emptyMockForm, name: 'm', port: '' }, rules)).toEqual({ ok: false, errors: { port: 'Port is required — the port the mock listens on, such as 3001; callers connect to it' } });
    expect(checkMockForm({ ...emptyMockForm, name: 'm', port: '70000' }, rules)).toEqual({ ok: false, errors: { port: 'Port must be a whole number from 1 to 65535' } });
  });

  it('needs .proto files for a gRPC mock', () => {
    expect(checkMockForm({ ...emptyMockForm, transport: 'grpc', name: 'm', port: '5001' }, sampleRulesText('grpc'))).toEqual({
      ok: false,
      errors: { protoFiles: 'A gRPC mock needs its .proto files, one path per line: they say which methods it serves' },
    });
  });

  it('joins a broker: RabbitMQ with its queue, Kafka with its brokers', () => {
    expect(checkMockForm({ ...emptyMockForm, transport: 'rmq', name: 'm', port: '5672', queue: 'orders' }, rules)).toMatchObject({ ok: true, input: { target: { kind: 'rmq', host: '127.0.0.1', port: 5672, queue: 'orders' } } });
    expect(checkMockForm({ ...emptyMockForm, transport: 'kafka', name: 'm', brokers: 'kafka:9092' }, rules)).toMatchObject({ ok: true, input: { target: { kind: 'kafka', brokers: ['kafka:9092'] } } });
  });

  it('puts a rules problem, with its path, under the rules', () => {
    expect(checkMockForm({ ...emptyMockForm, name: 'm', port: '4010' }, '{"rules": [{"pattern": "a", "reply": {}}]}')).toEqual({
      ok: false,
      errors: { rules: 'rules[0].reply: A reply has exactly one of: value, template, sequence, stream, error, grpcStatus, noReply. For example {"value": {"id": 1}}' },
    });
  });
});
