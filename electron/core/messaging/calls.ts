// Streaming calls written message by message (gRPC client-streaming and bidi), for every
// transport that has them: open calls by id, their times, the optional deadline, the traffic
// log (recorded as messenger.ts records a send), and the `call.part` / `call.finished` events.
import type { EventPayload, MessageOptions, SendOutcome } from '../../../shared/contract';
import type { Failure, Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { Connection } from '../connections/registry';
import type { OpenCall } from '../transports/transport';
import { normalizePattern } from '../../../shared/pattern-route';
import type { Clock, RecordTraffic } from './messenger';
import { addPartToOutcome, emptyOutcome, recordPart } from './messenger';

export type CallOpenRequest = { connection: Connection; pattern: unknown; options?: MessageOptions; timeoutMs?: number };
export type OpenedCall = { callId: string; correlationId: string; requestStream: boolean; responseStream: boolean };
/** A written message: its size, its place among the written ones (from 0) and ms since the call opened. */
export type WrittenMessage = { sizeBytes: number; index: number; atMs: number };

export type CallEvents = {
  onPart(payload: EventPayload<'call.part'>): void;
  onFinished(payload: EventPayload<'call.finished'>): void;
};

export interface Calls {
  open(request: CallOpenRequest): Result<OpenedCall>;
  write(callId: string, data: unknown): Result<WrittenMessage>;
  /** Half-closes: the service is told no more messages come; its replies still do. */
  end(callId: string): Result<null>;
  cancel(callId: string): Result<null>;
  /** Finishes the open calls of a connection that closed. */
  closeConnection(connectionId: string): void;
  closeAll(): void;
}

type Stop = { code: string; message: string };

type LiveCall = {
  connection: Connection;
  call: OpenCall;
  pattern: string;
  correlationId: string;
  openedAt: number;
  /** When the latest message was written (the open, before any): replies are timed from it in the log. */
  lastWrittenAt: number;
  outcome: SendOutcome;
  writtenCount: number;
  ended: boolean;
  /** Why Patchbay stopped the call (cancel, deadline, connection closed), if it did. */
  stop?: Stop;
  deadline?: NodeJS.Timeout;
};

export function createCalls({ record, clock, newId, newPacketId, events }: { record: RecordTraffic; clock: Clock; newId: () => string; newPacketId: () => string; events: CallEvents }): Calls {
  const live = new Map<string, LiveCall>();
  const sinceOpen = (entry: LiveCall) => clock.monotonicMs() - entry.openedAt;
  const ended = (callId: string) => fail('unknown-call', `This call has ended (or never existed: id ${callId}), so it takes no more messages. Open a new stream to send more.`);

  function stopCall(entry: LiveCall, stop: Stop) {
    if (entry.stop) return;
    entry.stop = stop;
    entry.call.cancel();
  }

  async function readReplies(callId: string, entry: LiveCall) {
    const { connection, pattern, correlationId, outcome } = entry;
    let finalPart = false;
    let index = 0;
    for await (const part of entry.call.parts) {
      if (part.kind === 'written') continue; // an open call reports its writes through write()
      const elapsedMs = sinceOpen(entry);
      finalPart = part.kind !== 'value' || part.last;
      addPartToOutcome(outcome, { ...part, elapsedMs });
      // The log's latency of a reply counts from the message written last, as for a single request.
      const sinceWrite = clock.monotonicMs() - entry.lastWrittenAt;
      recordPart(record, connection, pattern, correlationId, part, finalPart ? { elapsedMs: sinceWrite, firstReplyMs: outcome.firstReplyMs, totalMs: elapsedMs } : { elapsedMs: sinceWrite });
      if (part.kind === 'value') events.onPart({ callId, index: index++, value: part.value, sizeBytes: part.sizeBytes, atMs: elapsedMs });
      if (finalPart) break;
    }
    if (!finalPart) {
      // The transport stops without a final part only when we stopped the call.
      const elapsedMs = sinceOpen(entry);
      const failure: Failure = entry.stop ?? { code: 'closed', message: `The call to ${pattern} stopped without a status.` };
      record(connection, pattern, { correlationId, kind: 'failure', direction: 'local', sizeBytes: 0, failureCode: failure.code, elapsedMs, firstReplyMs: outcome.firstReplyMs, totalMs: elapsedMs }, failure.message);
      addPartToOutcome(outcome, { kind: 'failure', failure, elapsedMs });
    }
    clearTimeout(entry.deadline);
    live.delete(callId);
    events.onFinished({ callId, outcome });
  }

  return {
    open({ connection, pattern, options, timeoutMs }) {
      const client = connection.client;
      if (!client.openCall) {
        return fail('unsupported', `Only gRPC has streaming calls sent message by message; ${connection.info().target.kind} services take one message per request. Use Send instead.`);
      }
      const opened = client.openCall({ pattern, options });
      if (!opened.ok) return opened;
      const callId = newId();
      const correlationId = newPacketId();
      const routedPattern = normalizePattern(pattern);
      const openedAt = clock.monotonicMs();
      const entry: LiveCall = { connection, call: opened.value, pattern: routedPattern, correlationId, openedAt, lastWrittenAt: openedAt, outcome: emptyOutcome(correlationId), writtenCount: 0, ended: false };
      if (timeoutMs !== undefined) {
        entry.deadline = setTimeout(
          () => stopCall(entry, { code: 'timeout', message: `The call to ${routedPattern} passed its ${timeoutMs} ms deadline and was cancelled. Raise the deadline to keep the stream open longer.` }),
          timeoutMs,
        );
      }
      live.set(callId, entry);
      void readReplies(callId, entry);
      return ok({ callId, correlationId, requestStream: opened.value.requestStream, responseStream: opened.value.responseStream });
    },

    write(callId, data) {
      const entry = live.get(callId);
      if (!entry || entry.stop) return ended(callId);
      if (entry.ended) return fail('call-ended', `You ended this stream, so it takes no more messages; its replies still arrive. Open a new stream to send more.`);
      const written = entry.call.write(data);
      if (!written.ok) return written;
      const { sizeBytes } = written.value;
      entry.outcome.requestBytes += sizeBytes;
      entry.lastWrittenAt = clock.monotonicMs();
      record(entry.connection, entry.pattern, { correlationId: entry.correlationId, kind: 'request', direction: 'out', sizeBytes }, data);
      return ok({ sizeBytes, index: entry.writtenCount++, atMs: sinceOpen(entry) });
    },

    end(callId) {
      const entry = live.get(callId);
      if (!entry || entry.stop) return ended(callId);
      if (!entry.ended) entry.call.end();
      entry.ended = true;
      return ok(null);
    },

    cancel(callId) {
      const entry = live.get(callId);
      if (!entry || entry.stop) return ended(callId);
      const ms = Math.round(sinceOpen(entry));
      stopCall(entry, { code: 'cancelled', message: `You cancelled the call to ${entry.pattern} after ${ms} ms; the service was told CANCELLED.` });
      return ok(null);
    },

    closeConnection(connectionId) {
      for (const entry of live.values()) {
        if (entry.connection.info().id !== connectionId) continue;
        stopCall(entry, { code: 'closed', message: `The connection was closed while the call to ${entry.pattern} was open.` });
      }
    },

    closeAll() {
      for (const entry of live.values()) stopCall(entry, { code: 'closed', message: `Patchbay closed while the call to ${entry.pattern} was open.` });
    },
  };
}
