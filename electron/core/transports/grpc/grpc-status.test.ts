import { Metadata } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { grpcTargetSchema } from '../../../../shared/connection';
import { describe, expect, it } from 'vitest';
import { explainGrpcConnectError } from './grpc-client';
import { recordToMetadata, remoteErrorOf, statusName, toJsonSafe } from './grpc-status';
import { fixInt64MapKeys, loadProtoFiles } from './proto-schema';

describe('remoteErrorOf', () => {
  it('names the status and keeps details and trailers, without the HTTP/2 headers of a trailers-only reply', () => {
    const metadata = new Metadata();
    metadata.set('content-type', 'application/grpc+proto');
    metadata.set('date', 'Thu, 26 Nov 2026 23:26:05 GMT');
    metadata.set('x-why', 'because');
    metadata.set('x-blob-bin', Buffer.from([1, 2, 3]));
    expect(remoteErrorOf({ code: 5, details: 'nope', metadata })).toEqual({ code: 5, codeName: 'NOT_FOUND', details: 'nope', metadata: { 'x-why': 'because', 'x-blob-bin': 'AQID' } });
  });

  it('names every standard code, and says when a code is not one', () => {
    expect([0, 1, 2, 4, 12, 14, 16].map(statusName)).toEqual(['OK', 'CANCELLED', 'UNKNOWN', 'DEADLINE_EXCEEDED', 'UNIMPLEMENTED', 'UNAVAILABLE', 'UNAUTHENTICATED']);
    expect(statusName(42)).toBe('CODE_42');
  });
});

describe('recordToMetadata', () => {
  it('lower-cases keys and decodes -bin values from base64', () => {
    const metadata = recordToMetadata({ 'X-Trace': 'abc', 'x-blob-bin': 'AQID' }, Metadata);
    expect(metadata.get('x-trace')).toEqual(['abc']);
    expect(metadata.get('x-blob-bin')).toEqual([Buffer.from([1, 2, 3])]);
  });
});

describe('toJsonSafe', () => {
  it('turns int64 values, int64 map keys and bytes into decimal strings and base64, deeply', () => {
    const loaded = loadProtoFiles(['electron/core/transports/grpc/test-protos/every-kind.proto'], [], grpcTargetSchema.parse({ kind: 'grpc', host: 'h', port: 1 }).loader);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const method = (loaded.value.packageDefinition['kinds.v1.KindsService'] as Record<string, { requestSerialize(value: object): Buffer; requestDeserialize(bytes: Buffer): unknown }>).Everything!;
    const decoded = fixInt64MapKeys(loaded.value.root.lookupType('kinds.v1.Everything'), method.requestDeserialize(method.requestSerialize({ anInt64: '9007199254740993', someBytes: 'aGk=', innerById: { '-1': { label: 'x' } } })));
    expect(toJsonSafe(decoded)).toEqual({ anInt64: '9007199254740993', someBytes: 'aGk=', innerById: { '-1': { label: 'x' } } });
    expect(toJsonSafe({ long: protobuf.util.LongBits.from(-5).toLong(false), list: [Buffer.from([1])] })).toEqual({ long: '-5', list: ['AQ=='] });
  });
});

describe('explainGrpcConnectError', () => {
  it.each([
    ['No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1', { retryable: true, message: 'Nothing is listening on grpc://h:1 (connection refused). Start the service, or check the port.' }],
    ['No connection established. Last error: getaddrinfo ENOTFOUND nowhere', { retryable: true, message: 'The host of grpc://h:1 could not be resolved (ENOTFOUND). Check the host name.' }],
    ['No connection established. Last error: self-signed certificate', { retryable: false, message: expect.stringMatching(/^TLS handshake with grpc:\/\/h:1 failed: self-signed certificate\. Give the CA certificate/) }],
    ['something else', { retryable: true, message: 'Connection to grpc://h:1 failed: something else' }],
  ])('explains %s', (details, explained) => {
    expect(explainGrpcConnectError(details, 'grpc://h:1')).toEqual(explained);
  });
});
