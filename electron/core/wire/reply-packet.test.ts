import { describe, expect, it } from 'vitest';
import { looksLikeReply, replyPacket } from './reply-packet';

const NO_HANDLER = 'There is no matching message handler defined in the remote service.';
const wire = (...args: Parameters<typeof replyPacket>) => JSON.stringify(replyPacket(...args));

describe('replyPacket', () => {
  it("writes TCP and Redis replies in Nest's key order, id last (nest-wire §0 captured packets)", () => {
    expect(wire({ kind: 'value', value: 3, last: true }, 'ID1', 'redis')).toBe('{"response":3,"isDisposed":true,"id":"ID1"}');
    expect(wire({ kind: 'value', value: 1, last: false }, 'ID1', 'tcp')).toBe('{"response":1,"id":"ID1"}');
    expect(wire({ kind: 'end' }, 'ID1', 'redis')).toBe('{"isDisposed":true,"id":"ID1"}');
    expect(wire({ kind: 'value', value: undefined, last: true }, 'ID1', 'redis')).toBe('{"isDisposed":true,"id":"ID1"}');
    expect(wire({ kind: 'error', error: { status: 'error', message: 'bad thing' } }, 'ID1', 'redis')).toBe('{"err":{"status":"error","message":"bad thing"},"isDisposed":true,"id":"ID1"}');
    expect(wire({ kind: 'no-handler' }, 'ID1', 'redis')).toBe(`{"id":"ID1","status":"error","err":"${NO_HANDLER}"}`);
  });

  it('writes RMQ replies without id, except the no-handler reply, built {id, err, status} as server-rmq.js does', () => {
    expect(wire({ kind: 'value', value: { id: 3 }, last: true }, 'ID1', 'rmq')).toBe('{"response":{"id":3},"isDisposed":true}');
    expect(wire({ kind: 'value', value: 2, last: false }, 'ID1', 'rmq')).toBe('{"response":2}');
    expect(wire({ kind: 'end' }, 'ID1', 'rmq')).toBe('{"isDisposed":true}');
    expect(wire({ kind: 'error', error: 'nope' }, 'ID1', 'rmq')).toBe('{"err":"nope","isDisposed":true}');
    expect(wire({ kind: 'no-handler' }, 'ID1', 'rmq')).toBe(`{"id":"ID1","err":"${NO_HANDLER}","status":"error"}`);
  });
});

describe('looksLikeReply', () => {
  it('tells a reply envelope from a request, an event or a foreign body', () => {
    expect(looksLikeReply({ response: 1, isDisposed: true, id: 'a' })).toBe(true);
    expect(looksLikeReply({ id: 'a', status: 'error', err: NO_HANDLER })).toBe(true);
    expect(looksLikeReply({ pattern: 'x', data: 1, id: 'a' })).toBe(false);
    expect(looksLikeReply({ id: 'a' })).toBe(false);
    expect(looksLikeReply('text')).toBe(false);
  });
});
