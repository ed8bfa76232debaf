// A mock gRPC service (nest-wire §6): every method of every service in the target's .proto files,
// routed as `package.Service/Method`. Unary and client-streaming calls get one answer, server
// streams get every value, and in bidi calls each incoming message is answered on its own. Errors
// map to statuses the way grpc-js maps what a Nest handler throws.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { MethodDefinition, ServiceDefinition } from '@grpc/proto-loader';
import type { TargetOf } from '../../../../shared/connection';
import { describeTarget } from '../../../../shared/connection';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import type { IncomingMessage, MockAnswerPart, MockHandler, StartMockServer } from '../../mocks/mock-transport';
import { isRecord } from '../../wire/envelope';
import { metadataToRecord, recordToMetadata, toJsonSafe } from './grpc-status';
import { loadProtoFiles } from './proto-schema';

type Method = MethodDefinition<object, object>;
type StatusError = { code: number; details: string; message: string; metadata: grpc.Metadata };

const isServiceDefinition = (value: unknown): value is ServiceDefinition =>
  isRecord(value) && !('format' in value) && Object.values(value).every((method) => isRecord(method) && typeof method.path === 'string');

/** A status as grpc-js' `serverErrorToStatus` reads a thrown error. */
const statusError = (code: number, details: string, metadata: Record<string, string> = {}): StatusError => ({
  code,
  details,
  message: details,
  metadata: recordToMetadata(metadata, grpc.Metadata),
});

/**
 * What a Nest gRPC client sees for an RpcException (nest-wire §6): an object with an integer `code`
 * gives that status, with `details` if it is a string, else `message`; anything else is UNKNOWN with
 * the message (a string error is its own message; an object without one is shown as JSON).
 */
export function statusOfRpcError(error: unknown): { code: number; details: string } {
  if (typeof error === 'string') return { code: grpc.status.UNKNOWN, details: error };
  if (!isRecord(error)) return { code: grpc.status.UNKNOWN, details: JSON.stringify(error) };
  const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
  if (typeof error.code === 'number' && Number.isInteger(error.code)) return { code: error.code, details: typeof error.details === 'string' ? error.details : message };
  return { code: grpc.status.UNKNOWN, details: message };
}

function errorOf(part: Exclude<MockAnswerPart, { kind: 'value' | 'end' }>, route: string): StatusError {
  switch (part.kind) {
    case 'error': {
      const status = statusOfRpcError(part.error);
      return statusError(status.code, status.details);
    }
    case 'grpc-status':
      return statusError(part.code, part.details, part.metadata);
    case 'no-handler':
      return statusError(grpc.status.UNIMPLEMENTED, `The server does not implement the method /${route}: no mock rule matches it.`);
  }
}

export const startGrpcMockServer: StartMockServer<'grpc'> = async (target, handler) => {
  if (target.protoFiles.length === 0) {
    return fail('invalid-options', 'A gRPC mock needs the .proto files of the service it stands in for: give them with ?proto=FILE (and &import=DIR for their imports).');
  }
  const schema = loadProtoFiles(target.protoFiles, target.includeDirs, target.loader);
  if (!schema.ok) return schema;
  const server = new grpc.Server();
  let methodCount = 0;
  for (const definition of Object.values(schema.value.packageDefinition)) {
    if (!isServiceDefinition(definition)) continue;
    const implementation: grpc.UntypedServiceImplementation = {};
    for (const [name, method] of Object.entries(definition)) {
      implementation[name] = implementationOf(method, handler);
      methodCount += 1;
    }
    server.addService(definition, implementation);
  }
  if (methodCount === 0) return fail('invalid-proto', `${target.protoFiles.join(', ')} declares no service with methods: there is nothing to mock.`);

  const bound = await new Promise<Result<number>>((resolve) =>
    server.bindAsync(`${target.host}:${target.port}`, credentialsOf(target), (error, port) => (error ? resolve(fail(bindFailureCode(error), bindFailure(target, error))) : resolve(ok(port)))),
  );
  if (!bound.ok) {
    server.forceShutdown();
    return bound;
  }
  return ok({
    address: describeTarget({ ...target, port: bound.value }),
    onTrouble: () => {},
    setRoutes: async () => ok(null),
    close: async () => server.forceShutdown(),
  });
};

function credentialsOf(target: TargetOf<'grpc'>): grpc.ServerCredentials {
  const tls = target.tls;
  if (!tls?.cert || !tls.key) return grpc.ServerCredentials.createInsecure();
  // With a CA, clients must show a certificate it signed (mutual TLS).
  return grpc.ServerCredentials.createSsl(tls.ca ? Buffer.from(tls.ca) : null, [{ private_key: Buffer.from(tls.key), cert_chain: Buffer.from(tls.cert) }], Boolean(tls.ca));
}

const bindFailureCode = (error: Error) => (/EADDRINUSE/.test(error.message) ? 'address-in-use' : 'listen-failed');

function bindFailure(target: TargetOf<'grpc'>, error: Error): string {
  if (/EADDRINUSE/.test(error.message)) return `Port ${target.port} on ${target.host} is already in use. Stop what listens there, or pick another port (0 picks a free one).`;
  return `Cannot listen on ${target.host}:${target.port}: ${error.message}`;
}

function incoming(method: Method, call: { metadata: grpc.Metadata }, data: unknown, correlationId: string, sizeBytes: number): IncomingMessage {
  const route = method.path.replace(/^\//, '');
  return { kind: 'request', pattern: route, route, data, correlationId, headers: metadataToRecord(call.metadata), sizeBytes };
}

function sizeOf(method: Method, value: unknown, direction: 'request' | 'response'): number {
  try {
    return direction === 'request' ? method.requestSerialize(value as object).length : method.responseSerialize(value as object).length;
  } catch {
    return 0;
  }
}

const json = (value: unknown) => toJsonSafe(value);

function implementationOf(method: Method, handler: MockHandler): grpc.UntypedHandleCall {
  const route = method.path.replace(/^\//, '');
  if (!method.requestStream && !method.responseStream) {
    return ((call: grpc.ServerUnaryCall<object, object>, callback: grpc.sendUnaryData<object>) =>
      void answerOnce(method, handler, incoming(method, call, json(call.request), randomUUID(), sizeOf(method, call.request, 'request')), callback, route)) as grpc.handleUnaryCall<object, object>;
  }
  if (method.requestStream && !method.responseStream) {
    return ((call: grpc.ServerReadableStream<object, object>, callback: grpc.sendUnaryData<object>) => {
      const messages: unknown[] = [];
      let sizeBytes = 0;
      call.on('data', (message: object) => {
        messages.push(json(message));
        sizeBytes += sizeOf(method, message, 'request');
      });
      call.on('error', () => {});
      call.on('end', () => void answerOnce(method, handler, incoming(method, call, messages, randomUUID(), sizeBytes), callback, route));
    }) as grpc.handleClientStreamingCall<object, object>;
  }
  if (!method.requestStream && method.responseStream) {
    return ((call: grpc.ServerWritableStream<object, object>) => {
      const message = incoming(method, call, json(call.request), randomUUID(), sizeOf(method, call.request, 'request'));
      void answerStream(method, handler, message, call, route).then((outcome) => {
        if (outcome === 'ended') call.end();
      });
    }) as grpc.handleServerStreamingCall<object, object>;
  }
  return ((call: grpc.ServerDuplexStream<object, object>) => {
    const correlationId = randomUUID();
    let pending = 0;
    let clientEnded = false;
    let failed = false;
    const finishIfDone = () => {
      if (clientEnded && pending === 0 && !failed) call.end();
    };
    call.on('error', () => {});
    call.on('data', (data: object) => {
      if (failed) return;
      pending += 1;
      const message = incoming(method, call, json(data), correlationId, sizeOf(method, data, 'request'));
      void answerStream(method, handler, message, call, route, () => failed).then((outcome) => {
        pending -= 1;
        if (outcome === 'failed') failed = true;
        finishIfDone();
      });
    });
    call.on('end', () => {
      clientEnded = true;
      finishIfDone();
    });
  }) as grpc.handleBidiStreamingCall<object, object>;
}

/** Unary and client-streaming: the first value or error answers; a stream that ends empty leaves the call hanging, as Nest does. */
async function answerOnce(method: Method, handler: MockHandler, message: IncomingMessage, callback: grpc.sendUnaryData<object>, route: string) {
  for await (const part of handler.handle(message)) {
    if (part.kind === 'end') continue;
    if (part.kind === 'value') {
      callback(null, part.value as object);
      handler.written(message, { ...part, last: true }, sizeOf(method, part.value, 'response'));
    } else {
      callback(errorOf(part, route) as unknown as grpc.ServerErrorResponse);
      handler.written(message, part, 0);
    }
    return;
  }
}

/** Writes every value to the call's stream; says whether the answer ended cleanly, with a status, or said nothing. */
async function answerStream(
  method: Method,
  handler: MockHandler,
  message: IncomingMessage,
  call: grpc.ServerWritableStream<object, object> | grpc.ServerDuplexStream<object, object>,
  route: string,
  alreadyFailed: () => boolean = () => false,
): Promise<'ended' | 'failed' | 'cancelled' | 'silent'> {
  let parts = 0;
  try {
    for await (const part of handler.handle(message)) {
      parts += 1;
      if (call.cancelled || call.destroyed || alreadyFailed()) return 'cancelled';
      if (part.kind === 'end') {
        handler.written(message, part, 0);
        continue;
      }
      if (part.kind === 'value') {
        call.write(part.value as object);
        handler.written(message, part, sizeOf(method, part.value, 'response'));
        continue;
      }
      call.emit('error', errorOf(part, route));
      handler.written(message, part, 0);
      return 'failed';
    }
  } catch {
    return 'cancelled';
  }
  // noReply: the call is left open until the client's deadline, as a hung service leaves it.
  return parts === 0 ? 'silent' : 'ended';
}
