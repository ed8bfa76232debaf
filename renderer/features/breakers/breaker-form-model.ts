// The New breaker / Edit options form as typed (text per field), checked into what breaker.create
// and breaker.update take, with a message per field that names the problem and the fix.
import { breakerOptionsSchema, type BreakerInfo, type BreakerOptions } from '../../../shared/breaker';
import type { ConnectionInfo } from '../../../shared/connection';
import type { CommandInput } from '../../../shared/contract';
import type { FormCheck } from '../../ui/dialog';
import { parsePattern } from '../../store/parse-request';

export type BreakerFormValues = {
  connectionId: string;
  name: string;
  patternText: string;
  timeoutMs: string;
  errorThresholdPercentage: string;
  resetTimeoutMs: string;
  volumeThreshold: string;
  rollingCountTimeoutMs: string;
  rollingCountBuckets: string;
  /** JSON text; empty: no fallback, a call the breaker stops fails. */
  fallbackText: string;
};
export type BreakerField = keyof BreakerFormValues;

/** opossum's own defaults (shared/breaker.ts), as the form shows them. */
const defaults = breakerOptionsSchema.parse({});

export function optionsToValues(options: BreakerOptions): Pick<BreakerFormValues, Exclude<BreakerField, 'connectionId' | 'name' | 'patternText'>> {
  return {
    timeoutMs: String(options.timeoutMs),
    errorThresholdPercentage: String(options.errorThresholdPercentage),
    resetTimeoutMs: String(options.resetTimeoutMs),
    volumeThreshold: String(options.volumeThreshold),
    rollingCountTimeoutMs: String(options.rollingCountTimeoutMs),
    rollingCountBuckets: String(options.rollingCountBuckets),
    fallbackText: options.fallback === undefined ? '' : JSON.stringify(options.fallback, null, 2),
  };
}

export const emptyBreakerForm = (connectionId = ''): BreakerFormValues => ({ connectionId, name: '', patternText: '', ...optionsToValues(defaults) });

export const breakerFormFor = (breaker: BreakerInfo): BreakerFormValues => ({ connectionId: breaker.connectionId, name: breaker.name, patternText: breaker.pattern ?? '', ...optionsToValues(breaker.options) });

/** The name used when the Name field is left empty: the connection, and the pattern if any. */
export function defaultBreakerName(connectionName: string | undefined, patternText: string): string {
  const pattern = patternText.trim();
  return [connectionName ?? 'breaker', pattern].filter(Boolean).join(' · ');
}

type Errors = Partial<Record<BreakerField, string>>;

/** The options part alone: what Edit options sends. */
export function checkBreakerOptions(values: BreakerFormValues): { ok: true; options: BreakerOptions } | { ok: false; errors: Errors } {
  const errors: Errors = {};
  const number = (field: BreakerField, check: (value: number) => boolean, message: string) => {
    const text = values[field].trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || !check(value)) errors[field] = message;
    return value;
  };
  const wholeAbove = (min: number) => (value: number) => Number.isInteger(value) && value >= min;
  const timeoutMs = number('timeoutMs', wholeAbove(1), 'Timeout must be a whole number of milliseconds above 0, e.g. 3000');
  const errorThresholdPercentage = number('errorThresholdPercentage', (value) => value >= 1 && value <= 100, 'Error threshold is a percentage from 1 to 100, e.g. 50');
  const resetTimeoutMs = number('resetTimeoutMs', wholeAbove(1), 'Reset timeout must be a whole number of milliseconds above 0, e.g. 30000');
  const volumeThreshold = number('volumeThreshold', wholeAbove(0), 'Volume threshold is a whole number of calls, 0 or more');
  const rollingCountTimeoutMs = number('rollingCountTimeoutMs', wholeAbove(1), 'Rolling window must be a whole number of milliseconds above 0, e.g. 10000');
  const rollingCountBuckets = number('rollingCountBuckets', wholeAbove(1), 'Buckets must be a whole number of at least 1, e.g. 10');
  if (!errors.rollingCountTimeoutMs && !errors.rollingCountBuckets && rollingCountTimeoutMs % rollingCountBuckets !== 0) {
    errors.rollingCountBuckets = `${rollingCountTimeoutMs} ms does not split into ${rollingCountBuckets} whole buckets: pick a count that divides it, e.g. 10`;
  }
  let fallback: BreakerOptions['fallback'];
  if (values.fallbackText.trim() !== '') {
    try {
      fallback = JSON.parse(values.fallbackText) as BreakerOptions['fallback'];
    } catch (error) {
      errors.fallbackText = `Fallback is not valid JSON (${jsonProblem(error, values.fallbackText)}): fix it, or leave it empty for no fallback`;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    options: { timeoutMs, errorThresholdPercentage, resetTimeoutMs, volumeThreshold, rollingCountTimeoutMs, rollingCountBuckets, ...(fallback === undefined ? {} : { fallback }) },
  };
}

/** V8's JSON.parse message with the line and column a person uses, e.g. "expected ',' or '}' after property value at line 1, column 40". */
function jsonProblem(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  const what = message.replace(/\s*in JSON at position \d+.*$/, '');
  const lowered = `${what.charAt(0).toLowerCase()}${what.slice(1)}`;
  if (!position) return lowered;
  const before = text.slice(0, Number(position[1]));
  return `${lowered} at line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
}

/** The whole New breaker form. */
export function checkBreakerForm(values: BreakerFormValues, connections: readonly Pick<ConnectionInfo, 'id' | 'name'>[]): FormCheck<BreakerField, CommandInput<'breaker.create'>> {
  const options = checkBreakerOptions(values);
  const errors: Errors = options.ok ? {} : { ...options.errors };
  const connection = connections.find((c) => c.id === values.connectionId);
  if (!connection) errors.connectionId = connections.length === 0 ? 'Open a connection first: a breaker guards the sends of a connection' : 'Choose the connection whose sends the breaker guards';
  const pattern = values.patternText.trim() === '' ? undefined : parsePattern(values.patternText);
  if (pattern && !pattern.ok) errors.patternText = pattern.message;
  if (!options.ok || Object.keys(errors).length > 0 || !connection) return { ok: false, errors };
  const name = values.name.trim() || defaultBreakerName(connection.name, values.patternText);
  return { ok: true, input: { connectionId: connection.id, name, ...(pattern?.ok ? { pattern: pattern.value } : {}), options: options.options } };
}
