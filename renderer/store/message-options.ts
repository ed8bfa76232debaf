// The "Message options" of the composer as typed (strings and rows), and what each transport
// takes of them as the contract's `options`: Kafka headers, key and partition; RabbitMQ headers and
// properties; gRPC metadata. TCP and Redis messages carry none. Retries apply to every transport:
// they are the engine's doing, not the message's.
import type { MessageOptions } from '../../shared/contract';
import type { RetryPolicyInput } from '../../shared/retry';
import type { TransportKind } from '../../shared/connection';

export interface HeaderRow {
  name: string;
  value: string;
}

export interface MessageOptionsDraft {
  headers: HeaderRow[];
  key: string;
  partition: string;
  /** RabbitMQ message properties, as a JSON object. */
  propertiesText: string;
  /** Retries of a send, as typed; absent in drafts written before retries existed. */
  retry?: RetryDraft;
}

/** The "Retries" group as typed; an empty field takes its default (no retries, no wait, factor 1, no jitter). */
export interface RetryDraft {
  count: string;
  backoffMs: string;
  factor: string;
  /** ± percent of each wait, 0 to 100 (the policy's jitter × 100). */
  jitterPercent: string;
}

export const emptyRetryDraft: RetryDraft = { count: '', backoffMs: '', factor: '', jitterPercent: '' };

export const emptyMessageOptions: MessageOptionsDraft = { headers: [], key: '', partition: '', propertiesText: '' };

export type MessageOptionsErrors = Partial<Record<'headers' | 'key' | 'partition' | 'properties' | 'retries', string>>;

export type MessageOptionsCheck = { ok: true; options: MessageOptions | undefined } | { ok: false; errors: MessageOptionsErrors };

/** Which options a transport carries; none means the composer shows no options at all. */
export function messageOptionsFor(kind: TransportKind): { headers?: 'Headers' | 'Metadata'; key: boolean; partition: boolean; properties: boolean } | undefined {
  switch (kind) {
    case 'tcp':
    case 'redis':
      return undefined;
    case 'kafka':
      return { headers: 'Headers', key: true, partition: true, properties: false };
    case 'rmq':
      return { headers: 'Headers', key: false, partition: false, properties: true };
    case 'grpc':
      return { headers: 'Metadata', key: false, partition: false, properties: false };
  }
}

export function checkMessageOptions(kind: TransportKind, draft: MessageOptionsDraft): MessageOptionsCheck {
  const carries = messageOptionsFor(kind);
  if (!carries) return { ok: true, options: undefined };
  const errors: MessageOptionsErrors = {};
  const options: MessageOptions = {};

  if (carries.headers) {
    const what = carries.headers === 'Metadata' ? 'A metadata entry' : 'A header';
    const headers: Record<string, string> = {};
    for (const row of draft.headers) {
      const name = row.name.trim();
      if (name === '' && row.value === '') continue;
      if (name === '') {
        errors.headers ??= `${what} has a value but no name — name it, or remove the row`;
        continue;
      }
      // gRPC lowercases metadata keys on the wire, so two spellings of one name would collide.
      const key = carries.headers === 'Metadata' ? name.toLowerCase() : name;
      if (key in headers) errors.headers ??= `"${name}" appears twice — keep one row per name`;
      headers[key] = row.value;
    }
    if (Object.keys(headers).length > 0) options.headers = headers;
  }

  if (carries.key && draft.key !== '') options.key = draft.key;

  if (carries.partition) {
    const partition = draft.partition.trim();
    if (partition !== '') {
      if (/^\d+$/.test(partition)) options.partition = Number(partition);
      else errors.partition = 'Partition must be a whole number, 0 or more — or leave it empty to let Kafka choose';
    }
  }

  if (carries.properties && draft.propertiesText.trim() !== '') {
    let value: unknown;
    try {
      value = JSON.parse(draft.propertiesText);
    } catch {
      errors.properties = 'Properties are not valid JSON — write an object such as {"priority": 5}, or leave it empty';
    }
    if (value !== undefined) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) errors.properties = 'Properties must be a JSON object such as {"priority": 5, "expiration": "60000"}';
      else if ('headers' in value) errors.properties = 'Put headers in the Headers rows above — remove "headers" from the properties';
      else if (Object.keys(value).length > 0) options.properties = value as MessageOptions['properties'];
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, options: Object.keys(options).length > 0 ? options : undefined };
}

export type RetryCheck = { ok: true; retry: RetryPolicyInput | undefined } | { ok: false; error: string };

/** The Retries group as a policy: none when the count is empty or 0; otherwise what the engine takes as `retry`. */
export function checkRetryDraft(draft: RetryDraft | undefined): RetryCheck {
  if (!draft) return { ok: true, retry: undefined };
  const count = draft.count.trim();
  if (count === '' || count === '0') return { ok: true, retry: undefined };
  if (!/^\d+$/.test(count) || Number(count) > 100) return { ok: false, error: 'Retries must be a whole number from 0 to 100 — or leave it empty to send once' };
  const backoff = draft.backoffMs.trim();
  if (backoff !== '' && !/^\d+$/.test(backoff)) return { ok: false, error: 'Backoff must be a whole number of milliseconds, 0 or more' };
  const factor = draft.factor.trim();
  if (factor !== '' && !(Number(factor) >= 1)) return { ok: false, error: 'Factor must be 1 (the same wait each time) or more, e.g. 2 to double each wait' };
  const jitter = draft.jitterPercent.trim().replace(/%$/, '').trim();
  if (jitter !== '' && !(Number(jitter) >= 0 && Number(jitter) <= 100)) return { ok: false, error: 'Jitter must be a percent from 0 to 100, e.g. 20 for ±20 %' };
  return {
    ok: true,
    retry: {
      count: Number(count),
      ...(backoff !== '' ? { backoffMs: Number(backoff) } : {}),
      ...(factor !== '' && Number(factor) !== 1 ? { factor: Number(factor) } : {}),
      ...(jitter !== '' && Number(jitter) !== 0 ? { jitter: Number(jitter) / 100 } : {}),
    },
  };
}

/** Why Emit is not offered on a transport, if it is not. */
export function emitUnavailableReason(kind: TransportKind): string | undefined {
  return kind === 'grpc' ? 'gRPC has no events — use Send to call the method' : undefined;
}
