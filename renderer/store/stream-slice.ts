// A gRPC client-streaming or bidi call sent message by message: opened from the composer, each
// message written with "Send message", half-closed with "End stream". The log interleaves what
// was sent and received, in order, with ms since the call opened.
import type { EventPayload, SendOutcome } from '../../shared/contract';
import type { DescribedMethod } from '../../shared/description';
import type { Failure } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import type { AppState, SliceCreator } from './app-store';
import { methodsOf } from './catalogue-slice';
import { checkRequest } from './composer-slice';

export interface StreamMessage {
  direction: 'sent' | 'received';
  /** From 0, counted per direction. */
  index: number;
  /** Ms since the call opened, as the engine timed it. */
  atMs: number;
  value: unknown;
}

export type StreamPhase = 'opening' | 'open' | 'ended' | 'finished';

export interface StreamCall {
  callId?: string;
  connectionName: string;
  patternText: string;
  /** open: taking messages; ended: half-closed, replies still coming; finished: the status came. */
  phase: StreamPhase;
  messages: StreamMessage[];
  outcome?: SendOutcome;
  /** The engine refused to open the call. */
  refused?: Failure;
  /** Why the last message was not sent (not JSON, does not fit the schema…). */
  writeError?: string;
  /** A write, end or cancel is on its way to the engine. */
  busy: boolean;
}

export interface StreamSlice {
  /** The latest streamed call; the Response panel shows it until the next Send or Open stream. */
  stream?: StreamCall;
  openStream(): Promise<void>;
  sendStreamMessage(): Promise<void>;
  endStream(): Promise<void>;
  cancelStream(): Promise<void>;
  applyCallPart(part: EventPayload<'call.part'>): void;
  applyCallFinished(finished: EventPayload<'call.finished'>): void;
}

/** The picked gRPC method, when it is one whose messages can be written one by one. */
export function streamableMethod(state: Pick<AppState, 'selectedConnectionId' | 'catalogues' | 'patternText'>): DescribedMethod | undefined {
  if (!state.selectedConnectionId) return undefined;
  const method = methodsOf(state.catalogues[state.selectedConnectionId]).find((m) => m.name === state.patternText.trim());
  return method?.clientStreaming ? method : undefined;
}

export const isStreamLive = (stream: StreamCall | undefined) => stream !== undefined && stream.phase !== 'finished';

export const createStreamSlice =
  (rpc: RpcClient): SliceCreator<StreamSlice> =>
  (set, get) => {
    const update = (callId: string | undefined, patch: (stream: StreamCall) => Partial<StreamCall>) =>
      set((state) => (state.stream && state.stream.callId === callId ? { stream: { ...state.stream, ...patch(state.stream) } } : {}));

    return {
      async openStream() {
        const state = get();
        if (state.inFlight || isStreamLive(state.stream)) return;
        const method = streamableMethod(state);
        const check = checkRequest(state);
        if (!method || !check.ready) return;
        const stream: StreamCall = { connectionName: check.connection.name, patternText: method.name, phase: 'opening', messages: [], busy: true };
        // The editor now holds the next message: one message, not the array Send takes.
        const payloadText = Array.isArray(check.data) ? JSON.stringify(check.data[0] ?? method.requestTemplate, null, 2) : state.payloadText;
        set({ stream, lastOutcome: undefined, payloadText });
        const result = await rpc.call('call.open', { connectionId: check.connection.id, pattern: method.name, ...(check.options ? { options: check.options } : {}) });
        if (get().stream !== stream) return;
        set({ stream: result.ok ? { ...stream, callId: result.value.callId, phase: 'open', busy: false } : { ...stream, phase: 'finished', refused: result.error, busy: false } });
      },

      async sendStreamMessage() {
        const stream = get().stream;
        if (!stream?.callId || stream.phase !== 'open' || stream.busy) return;
        let data: unknown;
        try {
          data = JSON.parse(get().payloadText);
        } catch {
          update(stream.callId, () => ({ writeError: 'Fix the message JSON to send it' }));
          return;
        }
        update(stream.callId, () => ({ busy: true, writeError: undefined }));
        const result = await rpc.call('call.write', { callId: stream.callId, data: data as never });
        update(stream.callId, (current) =>
          result.ok
            ? { busy: false, messages: [...current.messages, { direction: 'sent' as const, index: result.value.index, atMs: result.value.atMs, value: data }].sort(byTime) }
            : { busy: false, writeError: result.error.message },
        );
      },

      async endStream() {
        const stream = get().stream;
        if (!stream?.callId || stream.phase !== 'open') return;
        update(stream.callId, () => ({ phase: 'ended' }));
        const result = await rpc.call('call.end', { callId: stream.callId });
        if (!result.ok) update(stream.callId, (current) => (current.phase === 'finished' ? {} : { writeError: result.error.message }));
      },

      async cancelStream() {
        const stream = get().stream;
        if (!stream?.callId || stream.phase === 'finished') return;
        const result = await rpc.call('call.cancel', { callId: stream.callId });
        if (!result.ok) update(stream.callId, (current) => (current.phase === 'finished' ? {} : { writeError: result.error.message }));
      },

      applyCallPart({ callId, index, value, atMs }) {
        update(callId, (current) => ({ messages: [...current.messages, { direction: 'received' as const, index, atMs, value }].sort(byTime) }));
      },

      applyCallFinished({ callId, outcome }) {
        update(callId, () => ({ phase: 'finished', outcome, busy: false }));
      },
    };
  };

/** Engine time order; a write's answer can come back after the replies it caused. */
const byTime = (a: StreamMessage, b: StreamMessage) => a.atMs - b.atMs;
