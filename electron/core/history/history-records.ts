// What a send or an emit becomes in history: the connection as it was (name, URL without its
// password), the request, and a one-line outcome.
import type { ConnectionInfo } from '../../../shared/connection';
import type { MessageOptions, Pattern, SendOutcome } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { targetToUrl } from '../../../shared/target-url';
import type { HistoryRecord } from './history-store';

export const HISTORY_SUMMARY_MAX_CHARS = 200;
/** A bigger payload is not kept: the history (in memory and on disk) stays bounded. */
export const HISTORY_PAYLOAD_MAX_BYTES = 256 * 1024;

type SentRequest = { pattern: Pattern; data: unknown; options?: MessageOptions };

export function historyConnection(info: Pick<ConnectionInfo, 'name' | 'target'>): HistoryRecord['connection'] {
  return { name: info.name, url: targetToUrl(info.target, { hidePasswords: true }) };
}

export function sentRecord(info: Pick<ConnectionInfo, 'name' | 'target'>, request: SentRequest, outcome: SendOutcome): HistoryRecord {
  return {
    kind: 'send',
    ...requestFields(info, request),
    outcome: { status: outcome.status, durationMs: outcome.totalMs, summary: sendSummary(outcome) },
  };
}

export function emittedRecord(info: Pick<ConnectionInfo, 'name' | 'target'>, request: SentRequest, result: Result<{ sizeBytes: number }>, durationMs: number): HistoryRecord {
  return {
    kind: 'emit',
    ...requestFields(info, request),
    outcome: result.ok
      ? { status: 'emitted', durationMs, summary: `Emitted, ${result.value.sizeBytes} bytes` }
      : { status: 'failure', durationMs, summary: oneLineSummary(result.error.message) },
  };
}

function requestFields(info: Pick<ConnectionInfo, 'name' | 'target'>, { pattern, data, options }: SentRequest) {
  return {
    connection: historyConnection(info),
    pattern,
    data: data as HistoryRecord['data'],
    ...(options?.headers && Object.keys(options.headers).length > 0 ? { headers: options.headers } : {}),
  };
}

function sendSummary(outcome: SendOutcome): string {
  switch (outcome.status) {
    case 'ok':
      return oneLineSummary(jsonText(outcome.values[0]));
    case 'empty':
      return 'Completed without a value';
    case 'remote-error':
      return oneLineSummary(jsonText(outcome.remoteError));
    case 'failure':
      return oneLineSummary(outcome.failure?.message ?? 'Failed');
  }
}

const jsonText = (value: unknown): string => (value === undefined ? 'undefined' : JSON.stringify(value));

/** Whitespace (newlines included) folded to single spaces, cut to HISTORY_SUMMARY_MAX_CHARS with an ellipsis. */
export function oneLineSummary(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= HISTORY_SUMMARY_MAX_CHARS) return line;
  let cut = line.slice(0, HISTORY_SUMMARY_MAX_CHARS - 1);
  // Never leave half of a surrogate pair (an emoji) at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The payload as stored: itself, or a marker saying how big it was when it is over the cap. */
export function cappedPayload(data: HistoryRecord['data']): HistoryRecord['data'] {
  const sizeBytes = Buffer.byteLength(JSON.stringify(data) ?? '', 'utf8');
  if (sizeBytes <= HISTORY_PAYLOAD_MAX_BYTES) return data;
  return `[payload not kept in history: ${formatKiB(sizeBytes)} is over the ${formatKiB(HISTORY_PAYLOAD_MAX_BYTES)} limit]`;
}

const formatKiB = (bytes: number) => `${Number.isInteger(bytes / 1024) ? bytes / 1024 : (bytes / 1024).toFixed(1)} KiB`;
