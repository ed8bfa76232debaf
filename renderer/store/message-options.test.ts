import { describe, expect, it } from 'vitest';
import { checkMessageOptions, checkRetryDraft, emitUnavailableReason, emptyMessageOptions, emptyRetryDraft } from './message-options';

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

  it('reads the Retries group into the policy a send takes, none with no count', () => {
    const retry = (fields: Partial<typeof emptyRetryDraft>) => checkRetryDraft({ ...emptyRetryDraft, ...fields });
    expect(checkRetryDraft(undefined)).toEqual({ ok: true, retry: undefined });
    expect(retry({ backoffMs: '100' })).toEqual({ ok: true, retry: undefined });
    expect(retry({ count: '0' })).toEqual({ ok: true, retry: undefined });
    expect(retry({ count: '2' })).toEqual({ ok: true, retry: { count: 2 } });
    expect(retry({ count: '3', backoffMs: '100', factor: '2', jitterPercent: '20' })).toEqual({ ok: true, retry: { count: 3, backoffMs: 100, factor: 2, jitter: 0.2 } });
    expect(retry({ count: 'two' })).toEqual({ ok: false, error: 'Retries must be a whole number from 0 to 100 — or leave it empty to send once' });
    expect(retry({ count: '1', factor: '0.5' })).toEqual({ ok: false, error: 'Factor must be 1 (the same wait each time) or more, e.g. 2 to double each wait' });
    expect(retry({ count: '1', jitterPercent: '120' })).toEqual({ ok: false, error: 'Jitter must be a percent from 0 to 100, e.g. 20 for ±20 %' });
  });

  it('offers no Emit on gRPC, and says why', () => {
    expect(emitUnavailableReason('grpc')).toBe('gRPC has no events — use Send to call the method');
    expect(emitUnavailableReason('kafka')).toBeUndefined();
  });
});
