// Sending and emitting for every transport, in one place: request ids, the per-request timeout
// (Nest clients can hang forever; Patchbay never does), monotonic timings, the traffic log, and
// the circuit breakers every send passes through (composer, collections, sagas all send here).
import type { MessageOptions, SendOutcome } from '../../../shared/contract';
import type { Failure, Result } from '../../../shared/result';
import { ok } from '../../../shared/result';
import type { TrafficEntry } from '../../../shared/traffic';
import type { Connection } from '../connections/registry';
import type { TrafficLog } from '../traffic/traffic-log';
import { bodyText } from '../traffic/body-text';
import type { ReplyPart } from '../transports/transport';
import { normalizePattern } from '../../../shared/pattern-route';

export type Clock = { now: () => number; monotonicMs: () => number };

/** A part with its monotonic time since the request was written (0 for `written`). */
export type TimedPart = ReplyPart & { elapsedMs: number };

export type SendRequest = { connection: Connection; pattern: unknown; data: unknown; options?: MessageOptions; timeoutMs?: number };

/**
 * Wraps every `send` (not `request`, whose parts stream to the CLI; not emits, fire-and-forget):
 * the circuit breakers decide whether `sendOnce` runs, and may cut it short through its signal
 * (the signal's reason, a Failure, becomes the send's failure).
 */
export type SendGuard = (request: SendRequest, sendOnce: (cutoff: AbortSignal) => Promise<SendOutcome>) => Promise<SendOutcome>;

export interface Messenger {
  /** Yields reply parts as they arrive; the last one finishes the request. Not guarded by breakers. */
  request(request: SendRequest): { correlationId: string; parts: AsyncIterable<TimedPart> };
  send(request: SendRequest): Promise<SendOutcome>;
  emit(request: Omit<SendRequest, 'timeoutMs'>): Promise<Result<{ sizeBytes: number }>>;
}

export type TrafficFields = Pick<TrafficEntry, 'kind' | 'direction' | 'sizeBytes'> & Partial<TrafficEntry>;
/** Appends one entry for a connection to the traffic log; the log previews its body (a value, or raw text when `fields.encoding` says so). */
export type RecordTraffic = (connection: Connection, pattern: string, fields: TrafficFields, body: unknown) => void;

export function createTrafficRecorder(traffic: TrafficLog, clock: Clock): RecordTraffic {
  return (connection, pattern, fields, body) => {
    const info = connection.info();
    traffic.append({ connectionId: info.id, connectionName: info.name, transport: info.target.kind, pattern, at: clock.now(), ...fields }, bodyText(body, fields.encoding));
  };
}

/** A reply part (not `written`) as traffic entry fields and body. */
export function recordPart(record: RecordTraffic, connection: Connection, pattern: string, correlationId: string, part: Exclude<ReplyPart, { kind: 'written' }>, timing: Partial<TrafficEntry>): void {
  record(connection, pattern, { correlationId, ...timing, ...trafficFieldsOf(part) }, bodyOf(part));
}

export const emptyOutcome = (correlationId: string): SendOutcome => ({ correlationId, status: 'empty', values: [], totalMs: 0, replyBytes: 0, requestBytes: 0 });

/** Folds one timed reply part (not `written`) into an outcome: values, status, metadata, sizes and times. */
export function addPartToOutcome(outcome: SendOutcome, part: Exclude<TimedPart, { kind: 'written' }>): void {
  outcome.totalMs = part.elapsedMs;
  if (part.kind !== 'failure' && part.meta) {
    // Transport-neutral: whatever metadata came with the parts (gRPC: headers first, trailers last).
    if (part.meta.headers) outcome.headers = { ...outcome.headers, ...part.meta.headers };
    if (part.meta.trailers) outcome.trailers = { ...outcome.trailers, ...part.meta.trailers };
  }
  if (part.kind !== 'failure') {
    outcome.replyBytes += part.sizeBytes;
    outcome.firstReplyMs ??= part.elapsedMs;
  }
  if (part.kind === 'value') {
    outcome.values.push(part.value);
    outcome.status = 'ok';
  } else if (part.kind === 'remote-error') {
    outcome.status = 'remote-error';
    outcome.remoteError = part.error;
  } else if (part.kind === 'failure') {
    outcome.status = 'failure';
    outcome.failure = part.failure;
  }
}

export type MessengerOptions = { traffic: TrafficLog; clock: Clock; newPacketId: () => string; guard?: SendGuard };

export function createMessenger({ traffic, clock, newPacketId, guard }: MessengerOptions): Messenger {
  const record = createTrafficRecorder(traffic, clock);

  function request({ connection, pattern, data, options, timeoutMs }: SendRequest, cutoff?: AbortSignal) {
    const correlationId = newPacketId();
    const routedPattern = normalizePattern(pattern);
    const limitMs = timeoutMs ?? connection.info().options.requestTimeoutMs;

    async function* parts(): AsyncIterable<TimedPart> {
      const abort = new AbortController();
      // A breaker's own timeout cuts the request short with its reason (a Failure naming the breaker).
      let cutoffFailure: Failure | undefined;
      const onCutoff = () => {
        const reason: unknown = cutoff?.reason;
        cutoffFailure = isFailure(reason) ? reason : undefined;
        abort.abort();
      };
      if (cutoff?.aborted) onCutoff();
      else cutoff?.addEventListener('abort', onCutoff, { once: true });
      let timer: NodeJS.Timeout | undefined;
      // The limit counts from the moment the request is on the wire; until then it bounds the write.
      const startTimer = () => {
        clearTimeout(timer);
        timer = setTimeout(() => abort.abort(), limitMs);
      };
      startTimer();
      let writtenAt = clock.monotonicMs();
      let firstReplyMs: number | undefined;
      try {
        for await (const part of connection.client.send({ pattern, data, correlationId, options }, abort.signal)) {
          if (part.kind === 'written') {
            writtenAt = clock.monotonicMs();
            startTimer();
            record(connection, routedPattern, { correlationId, kind: 'request', direction: 'out', sizeBytes: part.sizeBytes }, data);
            yield { ...part, elapsedMs: 0 };
            continue;
          }
          const elapsedMs = clock.monotonicMs() - writtenAt;
          const final = part.kind !== 'value' || part.last;
          if (part.kind !== 'failure') firstReplyMs ??= elapsedMs;
          const timing = final ? { elapsedMs, firstReplyMs, totalMs: elapsedMs } : { elapsedMs };
          recordPart(record, connection, routedPattern, correlationId, part, timing);
          yield { ...part, elapsedMs };
          if (final) return;
        }
        // The transport stops yielding without a final part only when we aborted: a timeout.
        if (abort.signal.aborted) {
          const elapsedMs = clock.monotonicMs() - writtenAt;
          // A transport that saw part of a reply says so: a stalled peer is not a slow handler.
          const stalled = connection.client.describeWait?.();
          const failure: Failure = cutoffFailure ?? {
            code: 'timeout',
            message: stalled
              ? `Timed out after ${limitMs} ms waiting for a reply to ${routedPattern}: ${stalled}. The service stalled in the middle of a reply; check it, or raise the request timeout if it is only slow.`
              : `Timed out after ${limitMs} ms waiting for a reply to ${routedPattern}. The handler may be slow or never answer; raise the request timeout to wait longer.`,
          };
          record(connection, routedPattern, { correlationId, kind: 'failure', direction: 'local', sizeBytes: 0, failureCode: failure.code, elapsedMs, firstReplyMs, totalMs: elapsedMs }, failure.message);
          yield { kind: 'failure', failure, elapsedMs };
        }
      } finally {
        clearTimeout(timer);
        cutoff?.removeEventListener('abort', onCutoff);
      }
    }
    return { correlationId, parts: parts() };
  }

  async function sendOnce(sendRequest: SendRequest, cutoff?: AbortSignal): Promise<SendOutcome> {
    const { correlationId, parts } = request(sendRequest, cutoff);
    const outcome = emptyOutcome(correlationId);
    for await (const part of parts) {
      if (part.kind === 'written') outcome.requestBytes = part.sizeBytes;
      else addPartToOutcome(outcome, part);
    }
    return outcome;
  }

  return {
    request: (sendRequest) => request(sendRequest),
    send: (sendRequest) => (guard ? guard(sendRequest, (cutoff) => sendOnce(sendRequest, cutoff)) : sendOnce(sendRequest)),
    async emit({ connection, pattern, data, options }) {
      const routedPattern = normalizePattern(pattern);
      const result = await connection.client.emit({ pattern, data, options });
      if (!result.ok) {
        record(connection, routedPattern, { kind: 'failure', direction: 'local', sizeBytes: 0, failureCode: result.error.code }, result.error.message);
        return result;
      }
      record(connection, routedPattern, { kind: 'event', direction: 'out', sizeBytes: result.value.sizeBytes }, data);
      return ok(result.value);
    },
  };
}

const isFailure = (value: unknown): value is Failure =>
  typeof value === 'object' && value !== null && typeof (value as Failure).code === 'string' && typeof (value as Failure).message === 'string';

function trafficFieldsOf(part: Exclude<ReplyPart, { kind: 'written' }>): Pick<TrafficEntry, 'kind' | 'direction' | 'sizeBytes'> & Partial<TrafficEntry> {
  switch (part.kind) {
    case 'value':
      return { kind: 'reply', direction: 'in', sizeBytes: part.sizeBytes };
    case 'end':
      return { kind: 'end', direction: 'in', sizeBytes: part.sizeBytes };
    case 'remote-error':
      return { kind: 'remote-error', direction: 'in', sizeBytes: part.sizeBytes };
    case 'failure':
      return { kind: 'failure', direction: 'local', sizeBytes: 0, failureCode: part.failure.code };
  }
}

function bodyOf(part: Exclude<ReplyPart, { kind: 'written' }>): unknown {
  switch (part.kind) {
    case 'value':
      return part.value;
    case 'end':
      return undefined;
    case 'remote-error':
      return part.error;
    case 'failure':
      return part.failure.message;
  }
}

