import { describe, expect, it } from 'vitest';
import { checkMessageOptions, emitUnavailableReason, emptyMessageOptions } from './message-options';

describe('checkMessageOptions', () => {
  const draft = { headers: [{ name: 'x-trace', value: 'abc' }, { name: '', value: '' }], key: 'order-42', partition: '3', propertiesText: '{"priority": 5}' };

  it('gives each transport only what it carries', () => {
    expect(checkMessageOptions('kafka', draft)).toEqual({ ok: true, options: { headers: { 'x-trace': 'abc' }, key: 'order-42', partition: 3 } });
    expect(checkMessageOptions('rmq', draft)).toEqual({ ok: true, options: { headers: { 'x-trace': 'abc' }, properties: { priority: 5 } } });
    expect(checkMessageOptions('grpc', { ...draft, headers: [{ name: 'Authorization', value: 'Bearer t' }] })).toEqual({ ok: true, options: { headers: { authorization: 'Bearer t' } } });
    expect(checkMessageOptions('tcp', draft)).toEqual({ ok: true, options: undefined });
    expect(checkMessageOptions('redis', draft)).toEqual({ ok: true, options: undefined });
  });

  it('sends no options when nothing is set', () => {
    expect(checkMessageOptions('kafka', emptyMessageOptions)).toEqual({ ok: true, options: undefined });
  });

  it('names each problem and its fix', () => {
    expect(checkMessageOptions('kafka', { ...emptyMessageOptions, headers: [{ name: ' ', value: 'v' }], partition: '-1' })).toEqual({
      ok: false,
      errors: { headers: 'A header has a value but no name — name it, or remove the row', partition: 'Partition must be a whole number, 0 or more — or leave it empty to let Kafka choose' },
    });
    expect(checkMessageOptions('grpc', { ...emptyMessageOptions, headers: [{ name: 'a', value: '1' }, { name: 'A', value: '2' }] })).toEqual({ ok: false, errors: { headers: '"A" appears twice — keep one row per name' } });
    expect(checkMessageOptions('rmq', { ...emptyMessageOptions, propertiesText: '{' })).toEqual({ ok: false, errors: { properties: 'Properties are not valid JSON — write an object such as {"priority": 5}, or leave it empty' } });
    expect(checkMessageOptions('rmq', { ...emptyMessageOptions, propertiesText: '5' })).toEqual({ ok: false, errors: { properties: 'Properties must be a JSON object such as {"priority": 5, "expiration": "60000"}' } });
  });

  it('offers no Emit on gRPC, and says why', () => {
    expect(emitUnavailableReason('grpc')).toBe('gRPC has no events — use Send to call the method');
    expect(emitUnavailableReason('kafka')).toBeUndefined();
  });
});
