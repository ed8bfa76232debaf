// Parsing JSON that a person typed, with errors that say where: JSON.parse on Node 20 and in
// Chromium does not name the position, so the error is located with jsonc-parser (VS Code's).
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import type { Result } from './result';
import { fail, ok } from './result';

const readable = (code: string) => code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

export function parseJsonText(text: string, what = 'JSON'): Result<unknown> {
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    const errors: ParseError[] = [];
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (!first) return fail('invalid-json', `Invalid ${what}: ${(error as Error).message}`);
    const before = text.slice(0, first.offset).split('\n');
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    return fail('invalid-json', `Invalid JSON in ${what} at line ${line}, column ${column} (position ${first.offset}): ${readable(printParseErrorCode(first.error))}`, {
      offset: first.offset,
      line,
      column,
    });
  }
}

/**
 * A value as a person types it where JSON is optional (an expected value, a variable, `--var`):
 * JSON when it reads as JSON (`6`, `true`, `{"a":1}`, `"6"`), else the text itself, so `Ada` needs
 * no quotes.
 */
export function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The text `jsonOrText` reads back as `value`: text as it is, unless it would read as something else (then quoted). */
export function jsonOrTextOf(value: unknown): string {
  return typeof value === 'string' && jsonOrText(value) === value ? value : JSON.stringify(value);
}

/** JSON a file of ours holds, when it is JSON and has `schema`'s shape; else undefined (the caller moves the file aside or skips the line). */
export function parseJsonAs<S extends z.ZodType>(text: string, schema: S): z.infer<S> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
