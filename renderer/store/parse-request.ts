// What the user typed in the composer, turned into what the contract accepts, or into a message
// that names the problem and the fix.
import type { Pattern } from '../../shared/contract';
import { parseJsonText } from '../../shared/json-text';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Text starting with `{` is a JSON object pattern; anything else is a string pattern. */
export function parsePattern(text: string): Parsed<Pattern> {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { ok: false, message: 'Pattern is empty — type a string pattern such as user.created or an object such as {"cmd":"sum"}' };
  }
  if (!trimmed.startsWith('{')) return { ok: true, value: trimmed };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { ok: false, message: `Pattern is not a valid JSON object (${jsonErrorText(error, trimmed)}) — fix the JSON, or drop the leading { for a string pattern` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: 'Pattern must be a JSON object such as {"cmd":"sum"}' };
  }
  return { ok: true, value: value as Pattern };
}

export function parsePayload(text: string): Parsed<JsonValue> {
  if (text.trim() === '') {
    return { ok: false, message: 'Payload is empty — Nest refuses empty data: send {} for "nothing"' };
  }
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (error) {
    return { ok: false, message: `Payload is not valid JSON (${jsonErrorText(error, text)}) — fix it, then press Send` };
  }
  if (value === null) {
    return { ok: false, message: 'Payload must not be null — Nest refuses null data: send {} for "nothing"' };
  }
  return { ok: true, value };
}

/** Pretty-prints valid JSON with two-space indentation; returns undefined for invalid text. */
export function formatJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

function jsonErrorText(error: unknown, text: string): string {
  // JSON.parse in Chromium names no position for some errors ("Unexpected end of JSON input") and
  // quotes the whole text for others: locate the error as the CLI does (shared/json-text.ts).
  const located = parseJsonText(text);
  const detail = located.ok ? undefined : (located.error.detail as { line: number; column: number } | undefined);
  if (!located.ok && detail) return `${located.error.message.replace(/^.*: /, '')} at line ${detail.line}, column ${detail.column}`;
  return lowerFirst(error instanceof Error ? error.message : String(error));
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
