// A structural diff of two JSON values, for replays: what a reply was when it was recorded
// against what it is now. Objects are compared key by key (whatever their order), arrays index by
// index (a replay's reply is the same list or it is not: no move detection that would guess), and
// a value whose type changed is one `changed` difference at its path, not a cascade below it.
//
// Paths are written as shared/json-path.ts reads them (`data.items[0].sku`); the root is `""`.
// `ignore` lists volatile values (ids, timestamps) as a key or a dotted path that matches at any
// depth, together with everything under it: `id` skips every key named id, `items[*].createdAt`
// the createdAt of every item (`*` is any key, `[*]` any index).
import { z } from 'zod';
import { jsonEquals } from './json-path';

export const jsonDifferenceKinds = ['changed', 'added', 'removed'] as const;
export type JsonDifferenceKind = (typeof jsonDifferenceKinds)[number];

/** `added`: only the actual value has it (no `recorded`); `removed`: only the recorded one (no `actual`). */
export const jsonDifferenceSchema = z.object({
  path: z.string(),
  kind: z.enum(jsonDifferenceKinds),
  recorded: z.json().optional(),
  actual: z.json().optional(),
});
export type JsonDifference = z.infer<typeof jsonDifferenceSchema>;

export const jsonDiffSchema = z.object({
  equal: z.boolean(),
  differences: z.array(jsonDifferenceSchema),
  /** How many more differences there were past JSON_DIFF_LIMIT (not listed, still counted in `equal`). */
  omitted: z.number().int().positive().optional(),
});
export type JsonDiff = z.infer<typeof jsonDiffSchema>;

/** A reply that changed wholesale (a list replaced) would otherwise list thousands of lines nobody reads. */
export const JSON_DIFF_LIMIT = 200;

export type JsonDiffOptions = {
  /** Keys or paths whose values are not compared (see the note on top). */
  ignore?: readonly string[];
  /** At most this many differences are listed; default JSON_DIFF_LIMIT. */
  limit?: number;
};

type Segment = string | number;

export function diffJson(recorded: unknown, actual: unknown, options: JsonDiffOptions = {}): JsonDiff {
  const ignore = (options.ignore ?? []).map(parseIgnorePath).filter((segments) => segments.length > 0);
  const limit = options.limit ?? JSON_DIFF_LIMIT;
  const differences: JsonDifference[] = [];
  let total = 0;
  const add = (difference: JsonDifference) => {
    total += 1;
    if (differences.length < limit) differences.push(difference);
  };

  function walk(left: unknown, right: unknown, path: Segment[]): void {
    if (ignore.some((pattern) => matchesSomewhere(pattern, path))) return;
    if (Array.isArray(left) && Array.isArray(right)) {
      const length = Math.max(left.length, right.length);
      for (let index = 0; index < length; index++) {
        const at = [...path, index];
        if (index >= right.length) removed(left[index], at);
        else if (index >= left.length) added(right[index], at);
        else walk(left[index], right[index], at);
      }
      return;
    }
    if (isRecord(left) && isRecord(right)) {
      for (const key of Object.keys(left)) {
        const at = [...path, key];
        if (Object.hasOwn(right, key)) walk(left[key], right[key], at);
        else removed(left[key], at);
      }
      for (const key of Object.keys(right)) if (!Object.hasOwn(left, key)) added(right[key], [...path, key]);
      return;
    }
    if (left === undefined && right === undefined) return;
    if (left === undefined) return added(right, path);
    if (right === undefined) return removed(left, path);
    if (!jsonEquals(left, right)) add({ path: formatPath(path), kind: 'changed', recorded: left as JsonValue, actual: right as JsonValue });
  }
  const added = (value: unknown, path: Segment[]) => {
    if (!ignore.some((pattern) => matchesSomewhere(pattern, path))) add({ path: formatPath(path), kind: 'added', actual: value as JsonValue });
  };
  const removed = (value: unknown, path: Segment[]) => {
    if (!ignore.some((pattern) => matchesSomewhere(pattern, path))) add({ path: formatPath(path), kind: 'removed', recorded: value as JsonValue });
  };

  walk(recorded, actual, []);
  return { equal: total === 0, differences, ...(total > differences.length ? { omitted: total - differences.length } : {}) };
}

type JsonValue = z.infer<ReturnType<typeof z.json>>;

/** `data.items[0].sku`; a key that the path syntax cannot hold (a dot, a bracket, empty) as `["a.b"]`. */
export function formatPath(path: readonly Segment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[^.[\]]+$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

const ANY_KEY = Symbol('any key');
const ANY_INDEX = Symbol('any index');
type PatternSegment = Segment | typeof ANY_KEY | typeof ANY_INDEX;

/** `items[*].createdAt` → ['items', ANY_INDEX, 'createdAt']. Lenient: an ignore list is a filter, not a program. */
function parseIgnorePath(text: string): PatternSegment[] {
  const segments: PatternSegment[] = [];
  for (const match of text.trim().matchAll(/\[(\d+|\*)\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) segments.push(match[1] === '*' ? ANY_INDEX : Number(match[1]));
    else if (match[2] !== undefined) segments.push(match[2] === '*' ? ANY_KEY : match[2]);
  }
  return segments;
}

/** Whether the pattern is a run of consecutive segments anywhere in the path (so also every path under a match). */
function matchesSomewhere(pattern: readonly PatternSegment[], path: readonly Segment[]): boolean {
  for (let start = 0; start + pattern.length <= path.length; start++) {
    if (pattern.every((segment, offset) => segmentMatches(segment, path[start + offset]!))) return true;
  }
  return false;
}

function segmentMatches(pattern: PatternSegment, segment: Segment): boolean {
  if (pattern === ANY_KEY) return typeof segment === 'string';
  if (pattern === ANY_INDEX) return typeof segment === 'number';
  return pattern === segment;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
