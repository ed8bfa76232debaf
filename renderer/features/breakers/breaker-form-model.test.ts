import { describe, expect, it } from 'vitest';
import { breakerFormFor, checkBreakerForm, checkBreakerOptions, emptyBreakerForm } from './breaker-form-model';

const connections = [
  { id: 'c1', name: 'orders' },
  { id: 'c2', name: 'payments' },
];

describe('breaker form', () => {
  it("starts from opossum's defaults and names the breaker after its connection and pattern", () => {
    expect(emptyBreakerForm('c1')).toEqual({
      connectionId: 'c1',
      name: '',
      patternText: '',
      timeoutMs: '3000',
      errorThresholdPercentage: '50',
      resetTimeoutMs: '30000',
      volumeThreshold: '0',
      rollingCountTimeoutMs: '10000',
      rollingCountBuckets: '10',
      fallbackText: '',
    });
    expect(checkBreakerForm({ ...emptyBreakerForm('c2'), patternText: ' {"cmd":"charge"} ' }, connections)).toEqual({
      ok: true,
      input: {
        connectionId: 'c2',
        name: 'payments · {"cmd":"charge"}',
        pattern: { cmd: 'charge' },
        options: { timeoutMs: 3_000, errorThresholdPercentage: 50, resetTimeoutMs: 30_000, volumeThreshold: 0, rollingCountTimeoutMs: 10_000, rollingCountBuckets: 10 },
      },
    });
  });

  it('takes a typed name, no pattern, and a fallback reply', () => {
    const values = { ...emptyBreakerForm('c1'), name: ' orders ', volumeThreshold: '4', resetTimeoutMs: '1500', fallbackText: '{"status":"queued"}' };
    expect(checkBreakerForm(values, connections)).toEqual({
      ok: true,
      input: {
        connectionId: 'c1',
        name: 'orders',
        options: { timeoutMs: 3_000, errorThresholdPercentage: 50, resetTimeoutMs: 1_500, volumeThreshold: 4, rollingCountTimeoutMs: 10_000, rollingCountBuckets: 10, fallback: { status: 'queued' } },
      },
    });
  });

  it('names each field that needs fixing, with the unit and an example', () => {
    const values = {
      ...emptyBreakerForm(''),
      patternText: '{"cmd":',
      timeoutMs: '1.5',
      errorThresholdPercentage: '120',
      resetTimeoutMs: '',
      volumeThreshold: '-1',
      rollingCountTimeoutMs: 'ten',
      rollingCountBuckets: '0',
      fallbackText: '{oops}',
    };
    const check = checkBreakerForm(values, connections);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors).toEqual({
      connectionId: 'Choose the connection whose sends the breaker guards',
      patternText: 'Pattern is not a valid JSON object (value expected at line 1, column 8) — fix the JSON, or drop the leading { for a string pattern',
      timeoutMs: 'Timeout must be a whole number of milliseconds above 0, e.g. 3000',
      errorThresholdPercentage: 'Error threshold is a percentage from 1 to 100, e.g. 50',
      resetTimeoutMs: 'Reset timeout must be a whole number of milliseconds above 0, e.g. 30000',
      volumeThreshold: 'Volume threshold is a whole number of calls, 0 or more',
      rollingCountTimeoutMs: 'Rolling window must be a whole number of milliseconds above 0, e.g. 10000',
      rollingCountBuckets: 'Buckets must be a whole number of at least 1, e.g. 10',
      fallbackText: 'Fallback is not valid JSON (expected property name or \'}\' at line 1, column 2): fix it, or leave it empty for no fallback',
    });
    expect(checkBreakerForm(emptyBreakerForm(''), [])).toMatchObject({ ok: false, errors: { connectionId: 'Open a connection first: a breaker guards the sends of a connection' } });
  });

  it('asks for a bucket count that divides the rolling window', () => {
    expect(checkBreakerOptions({ ...emptyBreakerForm('c1'), rollingCountTimeoutMs: '10000', rollingCountBuckets: '3' })).toEqual({
      ok: false,
      errors: { rollingCountBuckets: '10000 ms does not split into 3 whole buckets: pick a count that divides it, e.g. 10' },
    });
  });

  it("fills Edit options from a breaker's options", () => {
    const options = { timeoutMs: 500, errorThresholdPercentage: 25, resetTimeoutMs: 2_000, volumeThreshold: 3, rollingCountTimeoutMs: 5_000, rollingCountBuckets: 5, fallback: [1, 2] };
    const values = breakerFormFor({ breakerId: 'b1', name: 'orders', connectionId: 'c1', connectionName: 'orders', pattern: 'orders.create', options, state: 'closed', counts: { fires: 0, successes: 0, failures: 0, timeouts: 0, rejects: 0, fallbacks: 0 }, transitions: [] });
    expect(values).toMatchObject({ name: 'orders', patternText: 'orders.create', timeoutMs: '500', fallbackText: '[\n  1,\n  2\n]' });
    expect(checkBreakerOptions(values)).toEqual({ ok: true, options });
  });
});
