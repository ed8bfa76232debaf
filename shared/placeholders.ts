// `{{placeholders}}` in JSON values, written once for mock templates and collections: every
// string is filled, keys included, and a string that is exactly one placeholder becomes the value
// itself, so `"{{userId}}"` stays the number 42. What a name means is up to the caller's resolver;
// collections resolve variables by scope (electron/core/collections/variables.ts), mocks read the
// incoming message, and editors can find the placeholders to highlight.
import type { Result } from './result';
import { ok } from './result';

/** Injected so runs and mock answers are repeatable in tests (DESIGN §5.5). */
export type DynamicValueDeps = {
  /** Epoch ms: `{{$now}}` (as ISO text) and `{{$timestamp}}`. */
  now: () => number;
  /** `{{$uuid}}`. */
  uuid: () => string;
  /** Uniform in [0, 1), like Math.random: `{{$randomInt}}`. */
  random: () => number;
};

/** What a placeholder stands for; `undefined` is "nothing": null alone, empty text inside a longer string. */
export type PlaceholderResolver = (expression: string) => Result<unknown>;

const WHOLE_PLACEHOLDER = /^\{\{\s*([^{}]+?)\s*\}\}$/;
const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;
const RANDOM_INT = /^\$randomInt(?:\s+(-?\d+)\s+(-?\d+))?$/;
const RANDOM_INT_DEFAULT_MAX = 1000;

/**
 * Fills every placeholder of a JSON value; inside a longer string, non-strings are written as
 * JSON. Stops at the first placeholder the resolver fails on.
 */
export function fillPlaceholders(value: unknown, resolve: PlaceholderResolver): Result<unknown> {
  const fillString = (text: string): Result<unknown> => {
    const whole = WHOLE_PLACEHOLDER.exec(text);
    if (whole?.[1] !== undefined) {
      const found = resolve(whole[1]);
      return found.ok ? ok(found.value === undefined ? null : found.value) : found;
    }
    let failure: Result<never> | undefined;
    const filled = text.replace(PLACEHOLDER, (match, expression: string) => {
      if (failure) return match;
      const found = resolve(expression);
      if (!found.ok) {
        failure = found;
        return match;
      }
      if (found.value === undefined) return '';
      return typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
    });
    return failure ?? ok(filled);
  };
  const walk = (item: unknown): Result<unknown> => {
    if (typeof item === 'string') return fillString(item);
    if (Array.isArray(item)) return collect(item.map(walk));
    if (item === null || typeof item !== 'object') return ok(item);
    const entries: [string, unknown][] = [];
    for (const [key, child] of Object.entries(item)) {
      const filledKey = fillString(key);
      if (!filledKey.ok) return filledKey;
      const filledChild = walk(child);
      if (!filledChild.ok) return filledChild;
      entries.push([typeof filledKey.value === 'string' ? filledKey.value : JSON.stringify(filledKey.value), filledChild.value]);
    }
    return ok(Object.fromEntries(entries));
  };
  return walk(value);
}

function collect(results: Result<unknown>[]): Result<unknown[]> {
  const values: unknown[] = [];
  for (const result of results) {
    if (!result.ok) return result;
    values.push(result.value);
  }
  return ok(values);
}

/** The expressions of every `{{placeholder}}` a value uses (variable names, `$dynamic` values), in order. */
export function placeholderNames(value: unknown): string[] {
  const names: string[] = [];
  fillPlaceholders(value, (expression) => {
    names.push(expression);
    return ok(undefined);
  });
  return names;
}

/**
 * `$uuid`, `$now` (ISO), `$timestamp` (epoch ms), `$randomInt` (0 to 1000) and
 * `$randomInt MIN MAX` (both included); `undefined` when the expression is none of them.
 */
export function dynamicValue(expression: string, deps: DynamicValueDeps): unknown {
  if (expression === '$uuid') return deps.uuid();
  if (expression === '$now') return new Date(deps.now()).toISOString();
  if (expression === '$timestamp') return deps.now();
  const random = RANDOM_INT.exec(expression);
  if (random) {
    const low = random[1] === undefined ? 0 : Number(random[1]);
    const high = random[2] === undefined ? RANDOM_INT_DEFAULT_MAX : Number(random[2]);
    const [min, max] = low <= high ? [low, high] : [high, low];
    return min + Math.floor(deps.random() * (max - min + 1));
  }
  return undefined;
}
