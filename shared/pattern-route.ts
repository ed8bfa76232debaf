// Nest's pattern normalization (`transformPatternToRoute`, nest-wire §1), as in 11.1.15+ and
// v12: object keys sorted with localeCompare (ICU collation, not code-unit order), arrays as
// index-keyed objects, `"` and `\` escaped, depth and key-count limits. Servers store handlers
// under this string, Redis routes by it and TCP events carry it, so it must match to the byte.

const MAX_DEPTH = 5;
const MAX_KEYS = 20;

const escapeRoutePart = (text: string): string => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

export function normalizePattern(pattern: unknown): string {
  return String(transform(pattern, 0));
}

function transform(pattern: unknown, depth: number): unknown {
  if (typeof pattern === 'string') return pattern;
  if (typeof pattern === 'number') return `${pattern}`;
  if (pattern === null || typeof pattern !== 'object') return pattern;
  if (depth > MAX_DEPTH) return '[MAX_DEPTH_REACHED]';
  const record = pattern as Record<string, unknown>;
  const keys = Object.keys(record).sort((a, b) => a.localeCompare(b));
  if (keys.length > MAX_KEYS) return '[TOO_MANY_KEYS]';
  const parts = keys.map((key) => {
    const value = record[key];
    const rendered = typeof value === 'string' ? `"${escapeRoutePart(value)}"` : `${transform(value, depth + 1) as string}`;
    return `"${escapeRoutePart(key)}":${rendered}`;
  });
  return `{${parts.join(',')}}`;
}
