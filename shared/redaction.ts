// Hiding secrets where data leaves the engine for a screen or a file: the values of the secrets a
// collection resolved, and passwords written in connection URLs. One marker, REDACTED, stands for
// every hidden value, so the traffic log, exports, reports, errors and crash output all agree.
//
// Short values: a secret of fewer than MIN_SUBSTRING_SECRET_CHARS characters (a PIN, `42`, `x`)
// is hidden only where it stands alone (a whole word, bounded by characters that are not letters
// or digits), not inside longer words: hiding every `x` or `42` in every message would make the
// log unreadable and tell an onlooker the secret anyway (every gap is it). Longer values are hidden
// wherever they appear, also as written inside JSON text and in URLs (percent-encoded).
import type { ConnectionTarget } from './connection';

/** What every hidden value is shown as. */
export const REDACTED = '••••••';

/** Secrets shorter than this are hidden only as whole words (see above). */
export const MIN_SUBSTRING_SECRET_CHARS = 4;

export interface Redactor {
  /** False when there is nothing to hide: callers skip the work. */
  readonly active: boolean;
  /** `text` with every known secret value replaced by REDACTED. */
  text(text: string): string;
  /** A JSON-like value with every string (and object key) holding a secret redacted; the same object when nothing changed. */
  value<T>(value: T): T;
}

export const noRedaction: Redactor = { active: false, text: (text) => text, value: (value) => value };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The forms a value takes in the texts the engine writes: as is, inside a JSON string, percent-encoded in a URL. */
function writtenForms(value: string): string[] {
  const forms = new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)]);
  return [...forms];
}

/**
 * A redactor for these secret values (empty ones are ignored). Longest first, so a secret that
 * contains another is hidden whole rather than leaving its rest readable.
 */
export function createRedactor(values: Iterable<string>): Redactor {
  const forms = new Set<string>();
  for (const value of values) if (value !== '') for (const form of writtenForms(value)) forms.add(form);
  if (forms.size === 0) return noRedaction;
  const alternatives = [...forms]
    .sort((a, b) => b.length - a.length)
    .map((form) => (form.length < MIN_SUBSTRING_SECRET_CHARS ? `(?<![\\p{L}\\p{N}])${escapeRegExp(form)}(?![\\p{L}\\p{N}])` : escapeRegExp(form)));
  const pattern = new RegExp(alternatives.join('|'), 'gu');
  // Most texts hold no secret: a test for the bare forms (no look-arounds, not sticky) is about
  // twice as fast as the replacing pattern and than one substring search per form (~1.6 µs per KB).
  const anyForm = new RegExp([...forms].map(escapeRegExp).join('|'));
  const text = (input: string) => (anyForm.test(input) ? input.replace(pattern, REDACTED) : input);
  const value = <T>(input: T): T => redactValue(input, text) as T;
  return { active: true, text, value };
}

function redactValue(input: unknown, text: (input: string) => string): unknown {
  if (typeof input === 'string') return text(input);
  if (Array.isArray(input)) {
    // Copied only from the first change on: the common case (nothing to hide) allocates nothing.
    let copy: unknown[] | undefined;
    for (let index = 0; index < input.length; index++) {
      const item: unknown = input[index];
      const redacted = redactValue(item, text);
      if (redacted !== item) copy ??= input.slice();
      if (copy) copy[index] = redacted;
    }
    return copy ?? input;
  }
  if (input !== null && typeof input === 'object' && Object.getPrototypeOf(input) === Object.prototype) {
    const record = input as Record<string, unknown>;
    let changed = false;
    for (const key in record) {
      if (text(key) !== key || redactValue(record[key], text) !== record[key]) {
        changed = true;
        break;
      }
    }
    if (!changed) return input;
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [text(key), redactValue(item, text)]));
  }
  return input;
}

/** Two redactors in turn (either may be inactive). */
export function combineRedactors(first: Redactor, second: Redactor): Redactor {
  if (!first.active) return second;
  if (!second.active) return first;
  return { active: true, text: (input) => second.text(first.text(input)), value: (input) => second.value(first.value(input)) };
}

// `scheme://user:password@` anywhere in a text (a driver's message, a stack), and the query
// parameters Patchbay's URLs carry passwords in (`?password=` for Kafka SASL and Redis).
const URL_USER_INFO = /([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@'"`]*:)[^\s/?#@'"`]+@/gi;
const PASSWORD_QUERY = /([?&](?:password|pass|pwd)=)[^&#\s'"`]+/gi;

/** `text` with the password of every URL in it replaced by REDACTED. */
export function redactUrlPasswords(text: string): string {
  if (!text.includes('://') && !/[?&](?:password|pass|pwd)=/i.test(text)) return text;
  return text.replace(URL_USER_INFO, `$1${REDACTED}@`).replace(PASSWORD_QUERY, `$1${REDACTED}`);
}

/** The passwords written in the URLs in `text` (user info and `?password=`), decoded as well as written. */
export function urlPasswords(text: string): string[] {
  const found = [...text.matchAll(new RegExp(URL_USER_INFO.source, 'gi'))].map((match) => match[0].slice(match[1]!.length, -1));
  found.push(...[...text.matchAll(new RegExp(PASSWORD_QUERY.source, 'gi'))].map((match) => match[0].slice(match[1]!.length)));
  return [...new Set(found.flatMap((password) => [password, safeDecode(password)]))].filter((password) => password !== '' && password !== REDACTED);
}

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** A redactor that hides URL passwords, then the given secret values. */
export function messageRedactor(values: Iterable<string> = []): Redactor {
  const secrets = createRedactor(values);
  const text = (input: string) => secrets.text(redactUrlPasswords(input));
  return { active: true, text, value: <T>(input: T): T => redactValue(input, text) as T };
}

/** The passwords a target holds (RabbitMQ's public default `guest` is none). */
export function targetPasswords(target: ConnectionTarget): string[] {
  switch (target.kind) {
    case 'redis':
      return target.password ? [target.password] : [];
    case 'rmq':
      return target.password && !(target.username === 'guest' && target.password === 'guest') ? [target.password] : [];
    case 'kafka':
      return target.sasl?.password ? [target.sasl.password] : [];
    case 'tcp':
    case 'grpc':
      return [];
  }
}

/** A target as it may be shown or sent to a UI: each password replaced by REDACTED. */
export function redactTarget(target: ConnectionTarget): ConnectionTarget {
  if (targetPasswords(target).length === 0) return target;
  switch (target.kind) {
    case 'redis':
    case 'rmq':
      return { ...target, password: REDACTED };
    case 'kafka':
      return target.sasl ? { ...target, sasl: { ...target.sasl, password: REDACTED } } : target;
    case 'tcp':
    case 'grpc':
      return target;
  }
}

/**
 * What a connection (or mock) says about itself, fit to leave the engine: its target's password
 * hidden, and that password and any URL password hidden in its last error.
 */
export function redactConnectionInfo<T extends { target: ConnectionTarget; lastError?: string }>(info: T): T {
  const passwords = targetPasswords(info.target);
  if (passwords.length === 0 && info.lastError === undefined) return info;
  const redacted = { ...info, target: redactTarget(info.target) } as T;
  if (info.lastError !== undefined) redacted.lastError = messageRedactor(passwords).text(info.lastError);
  return redacted;
}
