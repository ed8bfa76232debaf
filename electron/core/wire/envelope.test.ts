import { describe, expect, it } from 'vitest';
import { readReply, requestPacket, tcpEventPacket } from './envelope';

describe('Nest envelopes', () => {
  it('writes requests with the raw pattern and events with the normalized one (nest-wire §1)', () => {
    expect(JSON.stringify(requestPacket({ cmd: 'get_user' }, { id: 1 }, 'ID'))).toBe('{"pattern":{"cmd":"get_user"},"data":{"id":1},"id":"ID"}');
    expect(JSON.stringify(tcpEventPacket({ cmd: 'created' }, { id: 1 }))).toBe('{"pattern":"{\\"cmd\\":\\"created\\"}","data":{"id":1}}');
  });

  it.each([
    [{ response: 3, isDisposed: true, id: 'I' }, { kind: 'value', value: 3, last: true }],
    [{ response: 1, id: 'I' }, { kind: 'value', value: 1, last: false }],
    [{ response: null, isDisposed: true, id: 'I' }, { kind: 'value', value: null, last: true }],
    [{ isDisposed: true, id: 'I' }, { kind: 'end' }],
    [{ err: { status: 'error', message: 'bad thing' }, isDisposed: true, id: 'I' }, { kind: 'remote-error', error: { status: 'error', message: 'bad thing' } }],
    [
      { id: 'I', status: 'error', err: 'There is no matching message handler defined in the remote service.' },
      { kind: 'remote-error', error: 'There is no matching message handler defined in the remote service.' },
    ],
  ])('reads %j as a Nest client does', (packet, reading) => {
    expect(readReply(packet)).toEqual(reading);
  });
});
