// gRPC client (nest-wire §6): plain gRPC over HTTP/2 with @grpc/grpc-js; the schema comes from
// .proto files or from server reflection. Every call, whatever its method kind, runs on the
// channel's call API through one `startCall`, so the parts read the same; client-streaming and
// bidi calls can also be written message by message (`openCall`).
import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition, ServiceDefinition } from '@grpc/proto-loader';
import type protobuf from 'protobufjs';
import type { TargetOf } from '../../../../shared/connection';
import { describeTarget } from '../../../../shared/connection';
import type { ConnectionDescription } from '../../../../shared/description';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { closedByUserFailure, ConnectTimeoutError, explainSocketError, notConnectedFailure } from '../../connections/explain-error';
import type { LinkError } from '../../connections/lifecycle';
import { DEFAULT_RECONNECT_POLICY } from '../../connections/lifecycle';
import { ReplyQueue } from '../reply-queue';
import type { OpenCall, OutgoingCall, ReplyPart, StateSnapshot, TransportClient, TransportClientOptions } from '../transport';
import type { GrpcCatalogue, GrpcMethodInfo } from './catalogue';
import { buildCatalogue, findMethod } from './catalogue';
import { metadataToRecord, recordToMetadata, remoteErrorOf, statusName, toJsonSafe, trailersOf } from './grpc-status';
import type { ProtoSchema } from './proto-schema';
import { fixInt64MapKeys, loadProtoFiles, schemaFromFileDescriptors } from './proto-schema';
import { fetchFileDescriptors } from './reflection-client';
import { requestTemplate } from './request-template';
import { newPacketId } from '../../wire/packet-id';
import { subscribeGrpc } from './grpc-listener';
import { describeCatalogue } from './schema-description';

type GrpcTarget = TargetOf<'grpc'>;

/** gRPC frames each message with a 5-byte prefix (compressed flag + length). */
const MESSAGE_PREFIX_BYTES = 5;

/** A call whose request messages are written one by one: for client and bidi streams. */
export type GrpcCall = Omit<OpenCall, 'requestStream' | 'responseStream'>;

export interface GrpcClient extends TransportClient {
  /** The services and methods, once connected. */
  catalogue(): Result<GrpcCatalogue>;
  /** The catalogue with a request template per method, as `connection.describe` answers. */
  describe(): Promise<Result<ConnectionDescription>>;
  /** A request message with every field at a typed default, for `package.Service/Method`. */
  requestTemplate(pattern: string): Result<Record<string, unknown>>;
  /** Opens a client-streaming or bidi call, written message by message. */
  openCall(request: OutgoingCall): Result<OpenCall>;
  /** The loaded schema (for describing message shapes). */
  readonly schema: ProtoSchema | undefined;
}

export function createGrpcClient(target: GrpcTarget, options: TransportClientOptions): GrpcClient {
  const address = describeTarget(target);
  const policy = options.reconnect ?? DEFAULT_RECONNECT_POLICY;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  const client = new grpc.Client(`${host}:${target.port}`, credentialsOf(target), channelOptionsOf(target));
  const channel = client.getChannel();

  let snapshot: StateSnapshot = { state: 'connecting' };
  let schema: ProtoSchema | undefined;
  let catalogue: GrpcCatalogue | undefined;
  let everReady = false;
  let loadingSchema = false;
  let failedAttempts = 0;
  let finished = false; // closed by the user, or failed for good
  const listeners = new Set<(status: StateSnapshot) => void>();
  const pending = new Set<ReplyQueue>();
  let settleFirst!: (result: Result<null>) => void;
  let firstSettled = false;
  // Set further down, once the channel is watched; settling earlier (a bad .proto) finds none.
  const timers: { connect?: NodeJS.Timeout } = {};
  const firstAttempt = new Promise<Result<null>>((resolve) => (settleFirst = resolve));
  const settle = (result: Result<null>) => {
    if (firstSettled) return;
    firstSettled = true;
    clearTimeout(timers.connect);
    settleFirst(result);
  };

  const set = (next: StateSnapshot) => {
    if (snapshot.state === next.state && snapshot.lastError === next.lastError) return;
    snapshot = next;
    for (const listener of listeners) listener(next);
  };

  /** Gives up for good: the error cannot be fixed by retrying, or the attempts ran out. */
  const giveUp = (message: string, code = 'connect-failed') => {
    finished = true;
    set({ state: 'failed', lastError: message });
    settle(fail(code, message));
    client.close();
  };

  const attemptFailed = (error: LinkError) => {
    if (finished) return;
    failedAttempts += 1;
    settle(fail('connect-failed', error.message));
    if (!error.retryable || failedAttempts >= policy.maxAttempts) return giveUp(error.message);
    // grpc-js reconnects on its own, with its own backoff; we only report it.
    set({ state: 'reconnecting', lastError: error.message });
  };

  if (target.protoFiles.length) {
    const loaded = loadProtoFiles(target.protoFiles, target.includeDirs, target.loader);
    if (loaded.ok) schema = loaded.value;
    else {
      snapshot = { state: 'failed', lastError: loaded.error.message };
      finished = true;
      settle(fail(loaded.error.code, loaded.error.message));
      client.close();
    }
  }

  async function loadSchemaByReflection(): Promise<void> {
    loadingSchema = true;
    const fetched = await fetchFileDescriptors(client);
    loadingSchema = false;
    if (finished) return;
    if (!fetched.ok) {
      if (fetched.error.code === 'no-reflection') return giveUp(`${address}: ${fetched.error.message}`, 'no-schema');
      return attemptFailed({ retryable: true, message: `${address}: ${fetched.error.message}` });
    }
    try {
      schema = schemaFromFileDescriptors(fetched.value, target.loader);
    } catch (error) {
      return giveUp(`${address} sent descriptors that cannot be loaded: ${(error as Error).message}. Give its .proto files instead.`, 'no-schema');
    }
    becomeReady();
  }

  function becomeReady() {
    everReady = true;
    failedAttempts = 0;
    set({ state: 'ready' });
    settle(ok(null));
  }

  /** grpc-js does not say why a connection failed; a call made now fails with the last error. */
  function explainFailure(): Promise<LinkError> {
    return new Promise((resolve) => {
      client.makeUnaryRequest('/patchbay.Probe/Why', (value: Buffer) => value, (value: Buffer) => value, Buffer.alloc(0), { deadline: Date.now() + 1000 }, (error) => {
        resolve(explainGrpcConnectError(error?.details ?? 'unknown reason', address));
      });
    });
  }

  function onChannelState(state: grpc.connectivityState) {
    if (finished) return;
    switch (state) {
      case grpc.connectivityState.READY:
        if (schema) becomeReady();
        else if (!loadingSchema) void loadSchemaByReflection();
        return;
      case grpc.connectivityState.CONNECTING:
      case grpc.connectivityState.IDLE:
        // IDLE after READY: the connection dropped; watch() asks grpc-js to connect again.
        set(everReady || failedAttempts ? { state: 'reconnecting', lastError: snapshot.lastError } : { state: 'connecting' });
        return;
      case grpc.connectivityState.TRANSIENT_FAILURE:
        void explainFailure().then(attemptFailed);
        return;
      case grpc.connectivityState.SHUTDOWN:
        return;
    }
  }

  function watch() {
    if (finished) return;
    const state = channel.getConnectivityState(true); // true: connect when idle
    onChannelState(state);
    if (state !== grpc.connectivityState.SHUTDOWN && !finished) channel.watchConnectivityState(state, Infinity, () => watch());
  }

  timers.connect = setTimeout(() => {
    if (firstSettled || finished) return;
    attemptFailed(explainSocketError(new ConnectTimeoutError(address, options.connectTimeoutMs), address));
  }, options.connectTimeoutMs);
  if (!finished) watch();

  const notReady = () => notConnectedFailure(address, snapshot);

  type ResolvedMethod = { method: GrpcMethodInfo; definition: MethodDefinition<object, object>; responseType: protobuf.Type | undefined };
  /** Methods already found, by pattern: a load run asks for the same one thousands of times a second. */
  const resolved = new Map<string, ResolvedMethod>();

  function methodOf(pattern: unknown): Result<ResolvedMethod> {
    if (!schema) return fail(notReady().code, notReady().message);
    const known = typeof pattern === 'string' ? resolved.get(pattern) : undefined;
    if (known) return ok(known);
    catalogue ??= buildCatalogue(schema.root);
    const found = findMethod(catalogue, pattern);
    if (!found.ok) return found;
    const service = found.value.name.slice(0, found.value.name.lastIndexOf('/'));
    const definition = (schema.packageDefinition[service] as ServiceDefinition | undefined)?.[found.value.method];
    if (!definition) return fail('unknown-method', `The schema has no definition for ${found.value.name}.`);
    const method = { method: found.value, definition, responseType: schema.root.lookupType(found.value.responseType) };
    if (typeof pattern === 'string') resolved.set(pattern, method);
    return ok(method);
  }

  /**
   * Starts a call on the channel's own call API, the layer grpc-js' Client wraps: every method kind
   * goes the same way, without the Client's per-call interceptor chain and stream objects (a load
   * run's calls cost a quarter less CPU). What grpc-js reports becomes reply parts on one queue,
   * after `first` if given: response headers ride on the first value, every message is a value,
   * and the status ends it (`end`, a remote error, or connection lost). The call is cancelled when
   * `signal` aborts or the reader breaks off.
   */
  function startCall({ method, definition, responseType }: ResolvedMethod, headers: Record<string, string> | undefined, signal?: AbortSignal, first?: ReplyPart): GrpcCall & { writeEncoded(bytes: Buffer): void } {
    let over = false; // cancelled by us, or the status came
    const cancel = () => {
      if (over) return;
      over = true;
      pending.delete(queue);
      signal?.removeEventListener('abort', cancel);
      call.cancelWithStatus(grpc.status.CANCELLED, 'Cancelled on client');
      queue.close();
    };
    const queue = new ReplyQueue(cancel);
    if (first) queue.push(first);
    pending.add(queue);
    signal?.addEventListener('abort', cancel);
    let responseHeaders: Record<string, string> | undefined;
    let headersShown = false;
    let messages = 0;
    const call = channel.createCall(method.path, Infinity, undefined, null, null);
    call.start(recordToMetadata(headers, grpc.Metadata), {
      onReceiveMetadata(metadata) {
        responseHeaders = metadataToRecord(metadata);
      },
      onReceiveMessage(bytes: Buffer) {
        let value: unknown;
        try {
          value = definition.responseDeserialize(bytes);
          if (responseType) value = fixInt64MapKeys(responseType, value);
        } catch (error) {
          // As grpc-js' Client does: a reply that does not parse ends the call with INTERNAL.
          call.cancelWithStatus(grpc.status.INTERNAL, `Response message parsing error: ${(error as Error).message}`);
          return;
        }
        const meta = headersShown ? {} : { meta: { headers: responseHeaders ?? {} } };
        headersShown = true;
        messages += 1;
        queue.push({ kind: 'value', value: toJsonSafe(value), last: false, sizeBytes: bytes.length + MESSAGE_PREFIX_BYTES, ...meta });
        call.startRead();
      },
      // grpc-js holds an OK status back until every message was read.
      onReceiveStatus(status) {
        if (over) return;
        over = true;
        pending.delete(queue);
        signal?.removeEventListener('abort', cancel);
        const meta = { headers: responseHeaders ?? {}, trailers: trailersOf(status.metadata) };
        if (status.code === grpc.status.OK) queue.push({ kind: 'end', sizeBytes: 0, meta });
        else if ((status.code === grpc.status.UNAVAILABLE || status.code === grpc.status.CANCELLED) && !responseHeaders) {
          // No response headers and not cancelled by us: the status is grpc-js' own, the connection
          // went away (UNAVAILABLE), or a server shutting down reset the stream (CANCELLED).
          queue.push({
            kind: 'failure',
            failure: { code: 'connection-lost', message: `The connection to ${address} was lost before the reply arrived (${status.details}). The service may or may not have handled the call.` },
          });
        } else if (messages > 0 && status.code === grpc.status.UNAVAILABLE && status.details === GRPC_JS_CONNECTION_DROPPED) {
          queue.push({
            kind: 'failure',
            failure: {
              code: 'connection-lost',
              message: `The connection to ${address} dropped after ${countOf(messages, 'message')} of the reply (UNAVAILABLE ${status.details}). The messages before it are kept; the service may or may not have finished the call.`,
            },
          });
        } else {
          // A stream cut short after some messages: say so, so the parts shown are not taken for the whole reply.
          const error = messages > 0 ? { ...remoteErrorOf(status), message: streamClosedMessage(messages, status) } : remoteErrorOf(status);
          queue.push({ kind: 'remote-error', error, sizeBytes: 0, meta });
        }
      },
    });
    call.startRead();

    // The call takes one message at a time: the next goes once grpc-js has written the last.
    const outbox: Buffer[] = [];
    let writing = false;
    let ending = false;
    const writeNext = () => {
      const bytes = outbox.shift();
      writing = bytes !== undefined;
      if (bytes) call.sendMessageWithContext({ callback: writeNext }, bytes);
      else if (ending) call.halfClose();
    };
    const writeEncoded = (bytes: Buffer) => {
      outbox.push(bytes);
      if (!writing) writeNext();
    };
    return {
      write(message) {
        const bytes = serialize(method, definition, message);
        if (!bytes.ok) return bytes;
        writeEncoded(bytes.value);
        return ok({ sizeBytes: bytes.value.length + MESSAGE_PREFIX_BYTES });
      },
      writeEncoded,
      end() {
        if (ending) return;
        ending = true;
        if (!writing) call.halfClose();
      },
      cancel,
      parts: queue,
    };
  }

  const grpcClient: GrpcClient = {
    get status() {
      return snapshot;
    },
    get schema() {
      return schema;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    firstAttempt: () => firstAttempt,

    catalogue() {
      if (!schema) return fail(notReady().code, notReady().message);
      catalogue ??= buildCatalogue(schema.root);
      return ok(catalogue);
    },

    async describe() {
      if (!schema) return fail(notReady().code, notReady().message);
      catalogue ??= buildCatalogue(schema.root);
      return ok(describeCatalogue(schema.root, catalogue));
    },

    requestTemplate(pattern) {
      const found = methodOf(pattern);
      if (!found.ok || !schema) return found.ok ? fail(notReady().code, notReady().message) : found;
      return ok(requestTemplate(schema.root, found.value.method.requestType));
    },

    openCall({ pattern, options }) {
      if (snapshot.state !== 'ready') return fail(notReady().code, notReady().message);
      const found = methodOf(pattern);
      if (!found.ok) return found;
      const { method } = found.value;
      if (!method.requestStream) {
        return fail('unsupported', `${method.name} takes one request message, so it cannot be opened as a stream. Send it instead; only client-streaming and bidi methods are written message by message.`);
      }
      const { write, end, cancel, parts } = startCall(found.value, options?.headers);
      return ok({ requestStream: method.requestStream, responseStream: method.responseStream, write, end, cancel, parts });
    },

    send(request, signal) {
      if (snapshot.state !== 'ready') return ReplyQueue.of({ kind: 'failure', failure: notReady() });
      const found = methodOf(request.pattern);
      if (!found.ok) return ReplyQueue.of({ kind: 'failure', failure: found.error });
      const { method, definition } = found.value;
      if (!method.requestStream && Array.isArray(request.data)) {
        return ReplyQueue.of({ kind: 'failure', failure: { code: 'invalid-request', message: `${method.name} takes one request message (a JSON object), not an array. Arrays are for client-streaming and bidi methods.` } });
      }
      // Every message is encoded before the call starts: one that does not fit sends nothing.
      const messages = method.requestStream && Array.isArray(request.data) ? request.data : [request.data];
      const encoded: Buffer[] = [];
      let sizeBytes = 0;
      for (const message of messages) {
        const bytes = serialize(method, definition, message);
        if (!bytes.ok) return ReplyQueue.of({ kind: 'failure', failure: bytes.error });
        encoded.push(bytes.value);
        sizeBytes += bytes.value.length + MESSAGE_PREFIX_BYTES;
      }
      const call = startCall(found.value, request.options?.headers, signal, { kind: 'written', sizeBytes });
      for (const bytes of encoded) call.writeEncoded(bytes);
      call.end();
      return call.parts;
    },

    async emit() {
      return fail('unsupported', 'gRPC has no fire-and-forget events: every call is a method call with a reply. Use Send with a package.Service/Method pattern.');
    },

    /** A server-streaming call held open until unsubscribed: gRPC's way to listen. */
    async subscribe(spec, sink, onEnd) {
      if (spec.kind !== 'grpc') return fail('wrong-transport', `A ${spec.kind} listener needs its own transport; gRPC listens to a server-streaming method.`);
      return subscribeGrpc((request, signal) => grpcClient.send(request, signal), spec, newPacketId(), sink, onEnd);
    },

    async close() {
      for (const queue of pending) queue.push({ kind: 'failure', failure: closedByUserFailure(address) });
      pending.clear();
      finished = true;
      clearTimeout(timers.connect);
      set({ state: 'closed' });
      settle(fail('closed', 'The connection was closed'));
      client.close();
    },
  };
  return grpcClient;
}

/** Serializes one request message; a message that does not fit the request type is refused, nothing sent. */
function serialize(method: GrpcMethodInfo, definition: MethodDefinition<object, object>, message: unknown): Result<Buffer> {
  try {
    return ok(definition.requestSerialize(message as object));
  } catch (error) {
    return fail('invalid-request', `The request does not fit ${method.requestType}: ${(error as Error).message}. Compare it with the method's request template.`);
  }
}

function credentialsOf(target: GrpcTarget): grpc.ChannelCredentials {
  if (!target.tls) return grpc.credentials.createInsecure();
  const pem = (text: string | undefined) => (text ? Buffer.from(text) : null);
  return grpc.credentials.createSsl(pem(target.tls.ca), pem(target.tls.key), pem(target.tls.cert), { rejectUnauthorized: target.tls.rejectUnauthorized });
}

function channelOptionsOf(target: GrpcTarget): grpc.ChannelOptions {
  return {
    ...(target.tls?.servername ? { 'grpc.ssl_target_name_override': target.tls.servername, 'grpc.default_authority': target.tls.servername } : {}),
    // Replies are shown whole; 4 MB (grpc-js' default) is too small for an inspector.
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    // Channelz counts and timestamps every call for an admin service Patchbay never serves.
    'grpc.enable_channelz': 0,
  };
}

/** grpc-js' own details when the HTTP/2 session went away mid-call. */
const GRPC_JS_CONNECTION_DROPPED = 'Connection dropped';

const countOf = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** A stream that ended in an error after some messages; an RST_STREAM means the server sent no status at all. */
function streamClosedMessage(messages: number, status: { code: number; details: string }): string {
  const reason = `${statusName(status.code)} ${status.details}`;
  if (/^Received RST_STREAM/.test(status.details)) return `Stream closed by the server after ${countOf(messages, 'message')} without a status (it reset the stream; grpc-js reports ${reason})`;
  return `Stream closed by the server after ${countOf(messages, 'message')}: ${reason}`;
}

/** grpc-js' "Last error" text to the same advice the other transports give. */
export function explainGrpcConnectError(details: string, address: string): LinkError {
  const code = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/.exec(details)?.[1];
  if (code) return explainSocketError(Object.assign(new Error(details), { code }), address);
  if (/ssl|tls|certificate|handshake/i.test(details)) return explainSocketError(new Error(details.replace(/^No connection established\. Last error: /, '')), address);
  return { retryable: true, message: `Connection to ${address} failed: ${details}` };
}
