// A collection request as the editor holds it: text and rows the user types into, and the way back
// to the `RequestFile` the engine saves. Going there and back without an edit gives exactly the
// saved value, so saving an untouched request leaves its file's bytes alone.
import type { Assertion, RequestFile } from '../../../shared/collection';
import { jsonOrText, jsonOrTextOf } from '../../../shared/json-text';
import type { Pattern } from '../../../shared/pattern';
import type { RetryPolicy } from '../../../shared/retry';
import { parsePayload } from '../parse-request';

export type AssertionKind = 'ok' | 'error' | 'equals' | 'contains' | 'matches' | 'exists' | 'latencyBelowMs' | 'parts';

/** One assertion row: its kind, the path it reads (path kinds only) and its value as typed. */
export interface AssertionDraft {
  kind: AssertionKind;
  path: string;
  /** `true`/`false` for ok and exists; JSON or plain text for equals and contains; text otherwise. */
  value: string;
}

export interface RequestDraft {
  /** Empty: the file name names it. */
  name: string;
  /** Not edited here; kept so a save does not reorder the request. */
  order?: number;
  connection: string;
  kind: 'send' | 'emit';
  patternText: string;
  /** JSON; empty for a request without data. */
  payloadText: string;
  headers: { name: string; value: string }[];
  timeoutText: string;
  /** The retry policy as typed; absent (or all empty) for a request sent once. Absent in drafts kept before retries existed. */
  retry?: RetryFieldsDraft;
  captures: { variable: string; path: string }[];
  assertions: AssertionDraft[];
  description: string;
}

/** A request's `retry:` as typed; jitter in percent (the file's fraction × 100), as the composer shows it. */
export interface RetryFieldsDraft {
  count: string;
  backoffMs: string;
  factor: string;
  jitterPercent: string;
  maxBackoffMs: string;
}

export const emptyRetryFields: RetryFieldsDraft = { count: '', backoffMs: '', factor: '', jitterPercent: '', maxBackoffMs: '' };

/** A saved policy as the editor shows it: defaults (no wait, factor 1, no jitter) as empty fields. */
export function retryFieldsOf(retry: RetryPolicy): RetryFieldsDraft {
  return {
    count: String(retry.count),
    backoffMs: retry.backoffMs === 0 ? '' : String(retry.backoffMs),
    factor: retry.factor === 1 ? '' : String(retry.factor),
    // 0.15 × 100 is 15.000000000000002 in floating point: round what is shown.
    jitterPercent: retry.jitter === 0 ? '' : String(Math.round(retry.jitter * 100 * 1_000) / 1_000),
    maxBackoffMs: retry.maxBackoffMs === undefined ? '' : String(retry.maxBackoffMs),
  };
}

const hasRetry = (retry: RetryFieldsDraft | undefined): retry is RetryFieldsDraft => retry !== undefined && Object.values(retry).some((value) => value.trim() !== '');

export const assertionKindLabels: Record<AssertionKind, string> = {
  ok: 'succeeds / fails',
  error: 'error matches',
  equals: 'path equals',
  contains: 'path contains',
  matches: 'path matches',
  exists: 'path exists',
  latencyBelowMs: 'latency below (ms)',
  parts: 'reply parts',
};

/** Kinds that read a path into the reply value. */
export const pathAssertionKinds: readonly AssertionKind[] = ['equals', 'contains', 'matches', 'exists'];

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function draftFromRequest(request: RequestFile): RequestDraft {
  return {
    name: request.name ?? '',
    ...(request.order !== undefined ? { order: request.order } : {}),
    connection: request.connection,
    kind: request.kind,
    patternText: patternToText(request.pattern),
    payloadText: request.data === null || request.data === undefined ? '' : JSON.stringify(request.data, null, 2),
    headers: Object.entries(request.headers ?? {}).map(([name, value]) => ({ name, value })),
    timeoutText: request.timeoutMs === undefined ? '' : String(request.timeoutMs),
    ...(request.retry ? { retry: retryFieldsOf(request.retry) } : {}),
    captures: request.capture.map((capture) => ({ variable: capture.variable, path: capture.path })),
    assertions: request.assert.map(assertionDraftOf),
    description: request.description ?? '',
  };
}

/** Same fields, same text: what "unsaved" compares. */
export function sameDraft(a: RequestDraft, b: RequestDraft): boolean {
  return draftKey(a) === draftKey(b);
}

const draftKey = (draft: RequestDraft) =>
  JSON.stringify([
    draft.name,
    draft.order ?? null,
    draft.connection,
    draft.kind,
    draft.patternText,
    draft.payloadText,
    draft.headers.map((row) => [row.name, row.value]),
    draft.timeoutText,
    hasRetry(draft.retry) ? Object.values(draft.retry) : null,
    draft.captures.map((row) => [row.variable, row.path]),
    draft.assertions.map((row) => [row.kind, row.path, row.value]),
    draft.description,
  ]);

export interface DraftErrors {
  connection?: string;
  pattern?: string;
  payload?: string;
  headers?: string;
  timeout?: string;
  retry?: string;
  /** By row. */
  captures?: (string | undefined)[];
  assertions?: (string | undefined)[];
}

export type DraftCheck = { ok: true; request: RequestFile } | { ok: false; errors: DraftErrors; /** The first problem, for a status line. */ message: string };

/**
 * The request the draft describes. `base` is the saved request it came from: where text cannot
 * tell two saved forms apart (a number pattern, `headers: {}`, an empty description), an
 * untouched field keeps the saved form.
 */
export function requestFromDraft(draft: RequestDraft, base?: RequestFile): DraftCheck {
  const errors: DraftErrors = {};
  if (draft.connection.trim() === '') errors.connection = 'Choose one of the collection\'s connections';

  const pattern = patternFromText(draft.patternText, base?.pattern);
  if (!pattern.ok) errors.pattern = pattern.message;

  const data = dataFromText(draft.payloadText);
  if (!data.ok) errors.payload = data.message;

  const headers = headersFromRows(draft.headers, base?.headers);
  if (!headers.ok) errors.headers = headers.message;

  let timeoutMs: number | undefined;
  const timeoutText = draft.timeoutText.trim();
  if (timeoutText !== '') {
    if (/^[0-9]+$/.test(timeoutText) && Number(timeoutText) > 0) timeoutMs = Number(timeoutText);
    else errors.timeout = 'Timeout is a whole number of milliseconds above 0, such as 5000; leave it empty for the connection\'s';
  }

  const retry = retryFromFields(draft.retry, base?.retry);
  if (!retry.ok) errors.retry = retry.message;

  const captureRows = draft.captures.filter((row) => row.variable.trim() !== '' || row.path.trim() !== '');
  const captureErrors = captureRows.map((row) => (VARIABLE_NAME.test(row.variable.trim()) ? undefined : row.variable.trim() === '' ? 'Name the variable to capture into, such as userId' : 'A variable name starts with a letter or _ and holds letters, digits, _, . or -'));
  if (captureErrors.some(Boolean)) errors.captures = draft.captures.map((row) => captureErrors[captureRows.indexOf(row)]);

  const assertions = draft.assertions.map(assertionFromDraft);
  if (assertions.some((assertion) => !assertion.ok)) errors.assertions = assertions.map((assertion) => (assertion.ok ? undefined : assertion.message));

  const message = firstProblem(errors);
  if (message !== undefined || !pattern.ok || !data.ok || !headers.ok || !retry.ok) return { ok: false, errors, message: message ?? 'Fix the request to save it' };

  const request: RequestFile = {
    ...(draft.name !== '' ? { name: draft.name } : {}),
    ...(draft.order !== undefined ? { order: draft.order } : {}),
    connection: draft.connection.trim(),
    kind: draft.kind,
    pattern: pattern.value,
    data: data.value,
    ...(headers.value !== undefined ? { headers: headers.value } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(retry.value !== undefined ? { retry: retry.value } : {}),
    capture: captureRows.map((row) => ({ variable: row.variable.trim(), path: row.path.trim() === '' ? '$' : row.path.trim() })),
    assert: assertions.flatMap((assertion) => (assertion.ok ? [assertion.value] : [])),
    ...(draft.description !== '' || base?.description === '' ? { description: draft.description } : {}),
  };
  return { ok: true, request };
}

function firstProblem(errors: DraftErrors): string | undefined {
  if (errors.connection) return errors.connection;
  if (errors.pattern) return errors.pattern;
  if (errors.payload) return errors.payload;
  if (errors.headers) return errors.headers;
  if (errors.timeout) return errors.timeout;
  if (errors.retry) return errors.retry;
  const capture = errors.captures?.findIndex(Boolean) ?? -1;
  if (capture !== -1) return `Capture ${capture + 1}: ${errors.captures?.[capture]}`;
  const assertion = errors.assertions?.findIndex(Boolean) ?? -1;
  if (assertion !== -1) return `Assertion ${assertion + 1}: ${errors.assertions?.[assertion]}`;
  return undefined;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

// ── pattern ──────────────────────────────────────────────────────────────────────────────────

/**
 * An object pattern as compact JSON, a string as itself unless it would read back as something
 * else (then as a JSON string), a number as its digits.
 */
export function patternToText(pattern: Pattern): string {
  if (typeof pattern === 'number') return String(pattern);
  if (typeof pattern === 'string') return pattern === '' || pattern.trim() !== pattern || pattern.startsWith('{') || pattern.startsWith('"') ? JSON.stringify(pattern) : pattern;
  return JSON.stringify(pattern);
}

/** Text starting with `{` is a JSON object pattern, with `"` a JSON string; anything else is a string pattern. */
export function patternFromText(text: string, basePattern?: Pattern): Parsed<Pattern> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Pattern is empty — type a string pattern such as users.create or an object such as {"cmd":"sum"}' };
  // A number pattern has no text form of its own: unchanged, it stays the number.
  if (typeof basePattern === 'number' && trimmed === String(basePattern)) return { ok: true, value: basePattern };
  if (!trimmed.startsWith('{') && !trimmed.startsWith('"')) return { ok: true, value: trimmed };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { ok: false, message: trimmed.startsWith('{') ? 'Pattern is not a valid JSON object — fix the JSON, or drop the leading { for a string pattern' : 'Pattern is not a valid JSON string — close the quote, or drop the leading " for a plain string pattern' };
  }
  if (typeof value === 'string') return value === '' ? { ok: false, message: 'Pattern is an empty string — type a pattern such as users.create' } : { ok: true, value };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'Pattern must be a JSON object such as {"cmd":"sum"}' };
  return { ok: true, value: value as Pattern };
}

// ── payload ──────────────────────────────────────────────────────────────────────────────────

/** Empty text is a request without data; anything else is JSON, `{{variables}}` inside strings. */
export function dataFromText(text: string): Parsed<RequestFile['data']> {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as RequestFile['data'] };
  } catch {
    // The composer's parser words JSON errors with line and column.
    const parsed = parsePayload(text);
    return { ok: false, message: parsed.ok ? 'Payload is not valid JSON' : parsed.message.replace(', then press Send', '') };
  }
}

// ── headers ──────────────────────────────────────────────────────────────────────────────────

function headersFromRows(rows: RequestDraft['headers'], baseHeaders: Record<string, string> | undefined): Parsed<Record<string, string> | undefined> {
  const filled = rows.filter((row) => row.name.trim() !== '' || row.value !== '');
  if (filled.length === 0) return { ok: true, value: baseHeaders && Object.keys(baseHeaders).length === 0 ? {} : undefined };
  const headers: Record<string, string> = {};
  for (const [index, row] of filled.entries()) {
    const name = row.name.trim();
    if (name === '') return { ok: false, message: `Header ${index + 1} has a value but no name — name it, or remove the row` };
    if (Object.hasOwn(headers, name)) return { ok: false, message: `Header "${name}" is set twice — keep one row per name` };
    headers[name] = row.value;
  }
  return { ok: true, value: headers };
}

// ── retry ────────────────────────────────────────────────────────────────────────────────────

/** The policy the fields describe: none when they are all empty; the saved one when they still show it (so its file keeps its bytes). */
export function retryFromFields(fields: RetryFieldsDraft | undefined, baseRetry: RetryPolicy | undefined): Parsed<RetryPolicy | undefined> {
  if (!hasRetry(fields)) return { ok: true, value: undefined };
  if (baseRetry && Object.entries(retryFieldsOf(baseRetry)).every(([key, value]) => fields[key as keyof RetryFieldsDraft].trim() === value)) return { ok: true, value: baseRetry };
  const count = fields.count.trim();
  if (!/^[0-9]+$/.test(count) || Number(count) > 100) return { ok: false, message: 'Retries is a whole number from 0 to 100, such as 2; clear the retry fields to send once' };
  const backoff = fields.backoffMs.trim();
  if (backoff !== '' && !/^[0-9]+$/.test(backoff)) return { ok: false, message: 'Backoff is a whole number of milliseconds, such as 100; empty for no wait' };
  const factor = fields.factor.trim();
  if (factor !== '' && !(Number(factor) >= 1)) return { ok: false, message: 'Factor is 1 (the same wait each time) or more, such as 2 to double each wait' };
  const jitter = fields.jitterPercent.trim().replace(/%$/, '').trim();
  if (jitter !== '' && !(Number(jitter) >= 0 && Number(jitter) <= 100)) return { ok: false, message: 'Jitter is a percent from 0 to 100, such as 20 for ±20 %' };
  const maxBackoff = fields.maxBackoffMs.trim();
  if (maxBackoff !== '' && !(/^[0-9]+$/.test(maxBackoff) && Number(maxBackoff) > 0)) return { ok: false, message: 'Max backoff is a whole number of milliseconds above 0, such as 2000; empty for no cap' };
  return {
    ok: true,
    value: {
      count: Number(count),
      backoffMs: backoff === '' ? 0 : Number(backoff),
      factor: factor === '' ? 1 : Number(factor),
      jitter: jitter === '' ? 0 : Number(jitter) / 100,
      ...(maxBackoff !== '' ? { maxBackoffMs: Number(maxBackoff) } : {}),
    },
  };
}

// ── assertions ───────────────────────────────────────────────────────────────────────────────

export function assertionDraftOf(assertion: Assertion): AssertionDraft {
  const path = assertion.path ?? '';
  if (assertion.ok !== undefined) return { kind: 'ok', path: '', value: String(assertion.ok) };
  if (assertion.error !== undefined) return { kind: 'error', path: '', value: assertion.error };
  if (assertion.latencyBelowMs !== undefined) return { kind: 'latencyBelowMs', path: '', value: String(assertion.latencyBelowMs) };
  if (assertion.parts !== undefined) return { kind: 'parts', path: '', value: String(assertion.parts) };
  if (assertion.equals !== undefined) return { kind: 'equals', path, value: jsonOrTextOf(assertion.equals) };
  if (assertion.contains !== undefined) return { kind: 'contains', path, value: jsonOrTextOf(assertion.contains) };
  if (assertion.matches !== undefined) return { kind: 'matches', path, value: assertion.matches };
  return { kind: 'exists', path, value: String(assertion.exists ?? true) };
}

/** A fresh row of a kind, with the value it most often takes. */
export function newAssertionDraft(kind: AssertionKind, previous?: AssertionDraft): AssertionDraft {
  const path = pathAssertionKinds.includes(kind) ? (previous?.path ?? '') : '';
  const value = kind === 'ok' || kind === 'exists' ? 'true' : kind === 'latencyBelowMs' ? '1000' : kind === 'parts' ? '1' : previous && !['ok', 'exists', 'latencyBelowMs', 'parts'].includes(previous.kind) ? previous.value : '';
  return { kind, path, value };
}

function assertionFromDraft(draft: AssertionDraft): Parsed<Assertion> {
  const path = draft.path.trim();
  const needsPath = pathAssertionKinds.includes(draft.kind);
  if (needsPath && path === '') return { ok: false, message: 'Give the path to check, such as name or items[0].id ($ for the whole reply)' };
  switch (draft.kind) {
    case 'ok':
      return { ok: true, value: { ok: draft.value !== 'false' } };
    case 'error':
      return regexProblem(draft.value) ?? { ok: true, value: { error: draft.value } };
    case 'equals':
      return { ok: true, value: { path, equals: jsonOrText(draft.value) as RequestFile['data'] } };
    case 'contains':
      return { ok: true, value: { path, contains: jsonOrText(draft.value) as RequestFile['data'] } };
    case 'matches':
      return regexProblem(draft.value) ?? { ok: true, value: { path, matches: draft.value } };
    case 'exists':
      return { ok: true, value: { path, exists: draft.value !== 'false' } };
    case 'latencyBelowMs': {
      const ms = Number(draft.value.trim());
      return draft.value.trim() !== '' && Number.isFinite(ms) && ms > 0 ? { ok: true, value: { latencyBelowMs: ms } } : { ok: false, message: 'Latency is a number of milliseconds above 0, such as 500' };
    }
    case 'parts': {
      const text = draft.value.trim();
      return /^[0-9]+$/.test(text) ? { ok: true, value: { parts: Number(text) } } : { ok: false, message: 'Parts is a whole number: how many values the reply streams, such as 1' };
    }
  }
}

function regexProblem(source: string): { ok: false; message: string } | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (error) {
    return { ok: false, message: `Not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}` };
  }
}

