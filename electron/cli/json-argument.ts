// Command-line JSON arguments, parsed with errors that say where and what to do.
import { parseJsonText } from '../../shared/json-text';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';

/** JSON typed on the command line usually breaks at the shell's quoting; `fix` says otherwise for files. */
export function parseJsonArgument(text: string, what: string, fix = `Quote it for your shell, e.g. '{"id":1}'.`): Result<unknown> {
  const parsed = parseJsonText(text, what);
  return parsed.ok ? parsed : fail('invalid-json', `${parsed.error.message}. ${fix}`);
}

/** A pattern starting with `{` is a JSON object; anything else is a string pattern. */
export function parsePatternArgument(text: string): Result<unknown> {
  return text.trimStart().startsWith('{') ? parseJsonArgument(text, 'the pattern') : ok(text);
}
