import { describe, expect, it } from 'vitest';
import { decodeEnvelope, readRawBody } from './observed-envelope';

describe('decodeEnvelope', () => {
  it('reads a request with its id as the correlation id', () => {
    expect(decodeEnvelope('{"pattern":{"cmd":"sum"},"data":[1,2],"id":"abc"}', { replyRoute: false })).toEqual({ kind: 'request', pattern: { cmd: 'sum' }, correlationId: 'abc', body: [1, 2] });
  });

  it('reads a packet without id as an event', () => {
    expect(decodeEnvelope('{"pattern":"user.created","data":{"id":1}}', { replyRoute: false })).toEqual({ kind: 'event', pattern: 'user.created', body: { id: 1 } });
  });

  it('reads replies on a reply channel: value, stream item, end and error', () => {
    expect(decodeEnvelope('{"response":3,"isDisposed":true,"id":"r1"}', { replyRoute: true })).toEqual({ kind: 'reply', correlationId: 'r1', body: 3, final: true });
    expect(decodeEnvelope('{"response":1,"id":"r1"}', { replyRoute: true })).toEqual({ kind: 'reply', correlationId: 'r1', body: 1, final: false });
    expect(decodeEnvelope('{"isDisposed":true,"id":"r1"}', { replyRoute: true })).toEqual({ kind: 'reply', correlationId: 'r1', body: undefined, final: true });
    expect(decodeEnvelope('{"id":"r2","status":"error","err":"There is no matching message handler defined in the remote service."}', { replyRoute: true })).toEqual({
      kind: 'reply',
      correlationId: 'r2',
      body: undefined,
      error: 'There is no matching message handler defined in the remote service.',
      final: true,
    });
  });

  it('matches an RMQ reply by its correlationId property, its body having no id', () => {
    expect(decodeEnvelope('{"response":{"a":1},"isDisposed":true}', { replyRoute: false, correlationId: 'c9' })).toEqual({ kind: 'reply', correlationId: 'c9', body: { a: 1 }, final: true });
  });

  it('keeps anything else as a raw message: JSON, text, or hex when not UTF-8', () => {
    expect(decodeEnvelope('{"hello":"world"}', { replyRoute: false })).toEqual({ kind: 'message', body: { hello: 'world' } });
    expect(decodeEnvelope('plain words', { replyRoute: false })).toEqual({ kind: 'message', body: 'plain words', encoding: 'text' });
    expect(decodeEnvelope(Buffer.from([0xff, 0x00, 0x41]), { replyRoute: false })).toEqual({ kind: 'message', body: 'ff0041', encoding: 'hex' });
  });
});

describe('readRawBody', () => {
  it('decodes UTF-8 text strictly', () => {
    expect(readRawBody(Buffer.from('héllo'))).toEqual({ json: false, text: 'héllo', encoding: 'text' });
    expect(readRawBody(Buffer.from('[1]'))).toEqual({ json: true, value: [1] });
  });
});
