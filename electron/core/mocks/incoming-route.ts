// The route a Nest server looks a handler up by (nest-wire §1, `getRouteFromPattern`): anything
// that is not a string is JSON.stringified, the string is JSON.parsed when it can be, and the
// result normalized. So object patterns match whatever their key order, a TCP event's already
// normalized string matches its object rule, and a string such as "true" matches no string rule.
import { normalizePattern } from '../../../shared/pattern-route';

export function nestRouteOf(pattern: unknown): string {
  const text = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A plain string pattern.
  }
  return normalizePattern(parsed);
}
