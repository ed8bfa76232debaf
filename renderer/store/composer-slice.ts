// The request being composed, and what came back from the last one.
import type { MessageOptions, Pattern, SendOutcome } from '../../shared/contract';
import type { ConnectionInfo } from '../../shared/connection';
import type { Failure } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import type { AppState, SliceCreator } from './app-store';
import { methodsOf, templateText } from './catalogue-slice';
import type { RetryPolicyInput } from '../../shared/retry';
import { checkMessageOptions, checkRetryDraft, emitUnavailableReason, emptyMessageOptions, type MessageOptionsDraft, type MessageOptionsErrors } from './message-options';
import { parsePattern, parsePayload, type JsonValue } from './parse-request';

export type MessageKind = 'send' | 'emit';

/** What was asked, kept with its outcome so the response can say what it answers. */
export interface SentRequest {
  kind: MessageKind;
  connectionName: string;
  patternText: string;
}

export type LastOutcome =
  | { kind: 'sent'; request: SentRequest; outcome: SendOutcome }
  | { kind: 'emitted'; request: SentRequest; sizeBytes: number }
  /** The engine did not carry the message at all (not connected, invalid input…). */
  | { kind: 'refused'; request: SentRequest; failure: Failure };

export interface ComposerSlice {
  selectedConnectionId?: string;
  patternText: string;
  payloadText: string;
  /** Headers, Kafka key and partition, RabbitMQ properties: sent when the transport carries them. */
  messageOptions: MessageOptionsDraft;
  /** The message in flight, if any. */
  inFlight?: MessageKind;
  lastOutcome?: LastOutcome;
  selectConnection(connectionId: string): void;
  setPatternText(text: string): void;
  setPayloadText(text: string): void;
  setMessageOptions(patch: Partial<MessageOptionsDraft>): void;
  /**
   * Payloads the user wrote for gRPC methods, by `connectionId method`: picking a method again
   * brings back its draft rather than overwriting it with the template.
   */
  payloadDrafts: Record<string, string>;
  /** Picks a described gRPC method: sets the pattern and fills the payload with its draft or template. */
  pickMethod(methodName: string): void;
  send(): Promise<void>;
  emit(): Promise<void>;
}

export const DEFAULT_PAYLOAD_TEXT = '{}';

export type RequestCheck =
  /** `retry` applies to Send only: an event is fired once. */
  | { ready: true; connection: ConnectionInfo; pattern: Pattern; data: JsonValue; options?: MessageOptions; retry?: RetryPolicyInput }
  | { ready: false; reason: string; patternError?: string; payloadError?: string; optionsErrors?: MessageOptionsErrors };

/** Whether the composed message can go out now, and if not, why — in words for the user. */
export function checkRequest(state: Pick<AppState, 'connections' | 'selectedConnectionId' | 'patternText' | 'payloadText'> & { messageOptions?: MessageOptionsDraft }): RequestCheck {
  const pattern = parsePattern(state.patternText);
  const payload = parsePayload(state.payloadText);
  const patternError = pattern.ok || state.patternText.trim() === '' ? undefined : pattern.message;
  const payloadError = payload.ok ? undefined : payload.message;
  const connection = state.connections.find((c) => c.id === state.selectedConnectionId);
  const notReady = (reason: string): RequestCheck => ({ ready: false, reason, patternError, payloadError });

  if (!connection) return notReady(state.connections.length === 0 ? 'Add a connection to send messages' : 'Select a connection to send messages');
  // A failed connection stays failed (no more retries): waiting would not help; its error says what to fix.
  if (connection.state === 'failed') return notReady(`${connection.name} could not connect — see why below`);
  if (connection.state !== 'ready') return notReady(`${connection.name} is ${connection.state} — wait until it is ready`);
  const grpc = connection.target.kind === 'grpc';
  if (!pattern.ok) return notReady(patternError ? `Fix the ${grpc ? 'method' : 'pattern'} to send` : grpc ? 'Pick a method to send' : 'Type a pattern to send');
  if (!payload.ok) return notReady('Fix the payload JSON to send');
  const options = checkMessageOptions(connection.target.kind, state.messageOptions ?? emptyMessageOptions);
  if (!options.ok) return { ready: false, reason: 'Fix the message options to send', optionsErrors: options.errors };
  const retry = checkRetryDraft(state.messageOptions?.retry);
  if (!retry.ok) return { ready: false, reason: 'Fix the retries to send', optionsErrors: { retries: retry.error } };
  return { ready: true, connection, pattern: pattern.value, data: payload.value, ...(options.options ? { options: options.options } : {}), ...(retry.retry ? { retry: retry.retry } : {}) };
}

export const createComposerSlice =
  (rpc: RpcClient): SliceCreator<ComposerSlice> =>
  (set, get) => {
    const dispatch = async (kind: MessageKind) => {
      const state = get();
      // While a stream is open, its own controls send (stream-slice.ts).
      if (state.inFlight || (state.stream && state.stream.phase !== 'finished')) return;
      const check = checkRequest(state);
      if (!check.ready) return;
      if (kind === 'emit' && emitUnavailableReason(check.connection.target.kind)) return;
      const request: SentRequest = { kind, connectionName: check.connection.name, patternText: state.patternText.trim() };
      const input = { connectionId: check.connection.id, pattern: check.pattern, data: check.data, ...(check.options ? { options: check.options } : {}) };
      set({ inFlight: kind, stream: undefined });
      if (kind === 'send') {
        const result = await rpc.call('message.send', { ...input, ...(check.retry ? { retry: check.retry } : {}) });
        set({ inFlight: undefined, lastOutcome: result.ok ? { kind: 'sent', request, outcome: result.value } : { kind: 'refused', request, failure: result.error } });
      } else {
        const result = await rpc.call('message.emit', input);
        set({ inFlight: undefined, lastOutcome: result.ok ? { kind: 'emitted', request, sizeBytes: result.value.sizeBytes } : { kind: 'refused', request, failure: result.error } });
      }
    };

    return {
      patternText: '',
      payloadText: DEFAULT_PAYLOAD_TEXT,
      messageOptions: emptyMessageOptions,
      selectConnection: (selectedConnectionId) => set({ selectedConnectionId }),
      setPatternText: (patternText) => set({ patternText }),
      setPayloadText: (payloadText) => set({ payloadText }),
      setMessageOptions: (patch) => set((state) => ({ messageOptions: { ...state.messageOptions, ...patch } })),
      payloadDrafts: {},
      pickMethod(methodName) {
        const state = get();
        const connectionId = state.selectedConnectionId;
        if (!connectionId) return;
        const methods = methodsOf(state.catalogues[connectionId]);
        const picked = methods.find((method) => method.name === methodName);
        if (!picked) return;
        const draftKey = (name: string) => `${connectionId} ${name}`;
        const current = methods.find((method) => method.name === state.patternText.trim());
        const payloadDrafts = { ...state.payloadDrafts };
        // Keep what was written for the method being left, unless it is still its untouched template.
        if (current && current.name !== picked.name) {
          if (state.payloadText === templateText(current)) delete payloadDrafts[draftKey(current.name)];
          else payloadDrafts[draftKey(current.name)] = state.payloadText;
        }
        const payloadText = current?.name === picked.name ? state.payloadText : (payloadDrafts[draftKey(picked.name)] ?? templateText(picked));
        set({ patternText: picked.name, payloadText, payloadDrafts });
      },
      send: () => dispatch('send'),
      emit: () => dispatch('emit'),
    };
  };
