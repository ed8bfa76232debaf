// Command-line JSON arguments, parsed with errors that say where and what to do.
import { parseJsonText } from '../../shared/json-text';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';

export function parseJsonArgument(text: string, what: string): Result<unknown> {
  const parsed = parseJsonText(text, what);
  return parsed.ok ? parsed : fail('invalid-json', `${parsed.error.message}. Quote it for your shell, e.g. '{"id":1}'.`);
}

/** A pattern starting with `{` is a JSON object; anything else is a string pattern. */
export function parsePatternArgument(text: string): Result<unknown> {
  return text.trimStart().startsWith('{') ? parseJsonArgument(text, 'the pattern') : ok(text);
}
