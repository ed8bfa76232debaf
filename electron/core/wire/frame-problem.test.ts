import { describe, expect, it } from 'vitest';
import { FrameDecoder } from './frame-codec';
import { describePartialFrame, explainFrameError, preview, recognizeProtocol } from './frame-problem';

const errorOf = (text: string, maxFrameChars?: number) => {
  const error = new FrameDecoder(maxFrameChars).push(Buffer.from(text)).error;
  if (!error) throw new Error('expected a frame error');
  return error;
};
const service = (head = '', maxFrameChars = 1024) => ({ role: 'service' as const, name: 'tcp://127.0.0.1:4000', maxFrameChars, head: Buffer.from(head, 'latin1') });

describe('recognizeProtocol', () => {
  it('names the protocols a wrong port usually speaks', () => {
    expect(recognizeProtocol(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))?.name).toBe('HTTP');
    expect(recognizeProtocol(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n'))?.name).toBe('HTTP');
    expect(recognizeProtocol(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'))?.name).toBe('HTTP/2 (gRPC)');
    expect(recognizeProtocol(Buffer.from([0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 5]))?.name).toBe('HTTP/2 (gRPC)');
    expect(recognizeProtocol(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32]))?.name).toBe('TLS');
    expect(recognizeProtocol(Buffer.from("-ERR unknown command '75#{'\r\n"))?.name).toBe('the Redis protocol');
    expect(recognizeProtocol(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]))?.name).toBe('AMQP');
    expect(recognizeProtocol(Buffer.from('SSH-2.0-OpenSSH_9.6\r\n'))?.name).toBe('SSH');
  });

  it('names nothing for plain garbage or a Nest frame', () => {
    expect(recognizeProtocol(Buffer.from('garbage!'))).toBeUndefined();
    expect(recognizeProtocol(Buffer.from('30#{"isDisposed":true,"id":"a"}'))).toBeUndefined();
  });
});

describe('explainFrameError', () => {
  it('says which other protocol the service speaks, and where to point the connection', () => {
    expect(explainFrameError(errorOf('HTTP/1.1 400 Bad Request\r\n'), service('HTTP/1.1 400 Bad Request\r\n'))).toBe(
      `tcp://127.0.0.1:4000 is not a Nest TCP microservice: it answered in HTTP ("HTTP/1.1 400 Bad Request\\r\\n"). Point the connection at the port of the service's TCP transport (Transport.TCP, 3000 by default), not at its HTTP server.`,
    );
  });

  it('quotes garbage and a non-numeric length as sent', () => {
    expect(explainFrameError(errorOf('\u0001\u0002garbage'), service('\u0001\u0002garbage'))).toBe(
      'tcp://127.0.0.1:4000 sent "\\x01\\x02garbage" where a Nest TCP frame (<length>#<json>) should start: it is not a Nest TCP microservice, or it uses a custom serializer. Check the host and port.',
    );
    expect(explainFrameError(errorOf('abc#{}'), service())).toBe(
      'tcp://127.0.0.1:4000 sent "abc#{}" where a Nest TCP frame (<length>#<json>) should start: it is not a Nest TCP microservice, or it uses a custom serializer. Check the host and port.',
    );
  });

  it('names the announced length and the limit to raise', () => {
    expect(explainFrameError(errorOf('99999999999#{', 1024 * 1024), service('', 1024 * 1024))).toBe(
      "tcp://127.0.0.1:4000 announced a frame of 99999999999 characters, more than the 1 MiB maximum (1048576 characters), and it was refused before being read. If the service really sends messages this large, raise the connection's max frame size (maxFrameMiB); otherwise it is not a Nest TCP microservice.",
    );
  });

  it('quotes JSON that does not parse, for a client of the mock', () => {
    expect(explainFrameError(errorOf('5#{x:1}'), { role: 'client', name: 'The client 127.0.0.1:5000', maxFrameChars: 1024, head: Buffer.alloc(0) })).toBe(
      `The client 127.0.0.1:5000 sent a frame whose JSON does not parse (${jsonParseMessage('{x:1}')}): "{x:1}". Nest's default serializer never writes that: check for a custom serializer on the client.`,
    );
  });
});

describe('describePartialFrame', () => {
  it('counts what arrived of the frame', () => {
    expect(describePartialFrame({ receivedChars: 12, expectedChars: 50 }, 'tcp://h:1')).toBe('tcp://h:1 sent 12 of the 50 characters of a frame and then nothing');
    expect(describePartialFrame({ receivedChars: 2 }, 'tcp://h:1')).toBe("tcp://h:1 sent the first 2 characters of a frame's length prefix and then nothing");
  });
});

describe('preview', () => {
  it('escapes control bytes, quotes and bytes above ASCII, and cuts long text', () => {
    expect(preview(Buffer.from([0x16, 0x03, 0x01, 0xff, 0x22]), 10)).toBe('\\x16\\x03\\x01\\xff\\"');
    expect(preview('abcdef', 3)).toBe('abc…');
  });
});

function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}
