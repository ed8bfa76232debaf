// A small dotted path into a JSON value: `data.user.id`, `data.items[0].sku`, `headers.x-tenant`,
// `[2]`. Used by mock rule conditions and templates, and by collections' assertions. A key is any
// run of characters other than `.`, `[` and `]`; `[n]` indexes an array.
import type { Result } from './result';
import { fail, ok } from './result';

export type PathSegment = string | number;

export function parseJsonPath(path: string): Result<PathSegment[]> {
  const segments: PathSegment[] = [];
  let position = 0;
  const problem = (what: string) => fail('invalid-path', `Invalid path "${path}" at character ${position + 1}: ${what}. Write it like data.items[0].id`);
  if (path.length === 0) return problem('the path is empty');
  while (position < path.length) {
    const char = path[position];
    if (char === '[') {
      const close = path.indexOf(']', position);
      const digits = close === -1 ? '' : path.slice(position + 1, close);
      if (!/^[0-9]+$/.test(digits)) return problem('an index is a whole number in brackets, like [0]');
      segments.push(Number(digits));
      position = close + 1;
    } else if (char === '.') {
      if (segments.length === 0 || position + 1 >= path.length || path[position + 1] === '.' || path[position + 1] === '[') return problem('a dot must sit between two keys');
      position += 1;
    } else {
      const match = /^[^.[\]]+/.exec(path.slice(position));
      if (!match) return problem('unexpected "]"');
      // A key straight after an index needs a dot: items[0]id is a typo.
      if (segments.length > 0 && path[position - 1] !== '.') return problem('a key after an index needs a dot, like [0].id');
      segments.push(match[0]);
      position += match[0].length;
    }
  }
  return ok(segments);
}

/** The value at `path`, or `found: false` when any step is missing (or the path is malformed). */
export function readJsonPath(root: unknown, path: string | PathSegment[]): { found: true; value: unknown } | { found: false } {
  const segments = typeof path === 'string' ? parseJsonPath(path) : ok(path);
  if (!segments.ok) return { found: false };
  let current: unknown = root;
  for (const segment of segments.value) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return { found: false };
      current = current[segment];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, segment)) return { found: false };
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current === undefined ? { found: false } : { found: true, value: current };
}

/** JSON equality: same type and value, objects whatever their key order. */
export function jsonEquals(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) return left.length === right.length && left.every((item, index) => jsonEquals(item, right[index]));
  const leftRecord = left as Record<string, unknown>;
  const rightRecord = right as Record<string, unknown>;
  const keys = Object.keys(leftRecord).filter((key) => leftRecord[key] !== undefined);
  const otherKeys = Object.keys(rightRecord).filter((key) => rightRecord[key] !== undefined);
  return keys.length === otherKeys.length && keys.every((key) => Object.hasOwn(rightRecord, key) && jsonEquals(leftRecord[key], rightRecord[key]));
}
