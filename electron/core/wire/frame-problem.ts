// What a peer that breaks Nest TCP framing (nest-wire §2) is told, in words a user can act on: what
// the peer sent, and the likely fix. The first bytes of the stream often name the protocol the
// peer really speaks (an HTTP server, a TLS listener, a gRPC port), which is the usual mistake.
import type { FrameError, PartialFrame } from './frame-codec';

/** Bytes kept from the start of a stream to recognize another protocol. */
export const PROTOCOL_SNIFF_BYTES = 64;

export type ForeignProtocol = {
  /** How the protocol is named in messages: `HTTP`, `TLS`, `HTTP/2 (gRPC)`, … */
  name: string;
  /** The fix when Patchbay's connection reached it (the peer is a server). */
  fixForService: string;
  /** The fix when it connected to Patchbay's mock (the peer is a client). */
  fixForClient: string;
};

const NOT_NEST_CLIENT = 'Only Nest TCP clients (a ClientProxy with Transport.TCP) can talk to this mock.';

/** The protocol the first bytes of a stream belong to, when it is one worth naming. */
export function recognizeProtocol(head: Uint8Array): ForeignProtocol | undefined {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  const text = bytes.toString('latin1');
  if (/^HTTP\/\d(\.\d)? \d{3}/.test(text) || /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE) \S+ HTTP\/\d/.test(text)) {
    return {
      name: 'HTTP',
      fixForService: "Point the connection at the port of the service's TCP transport (Transport.TCP, 3000 by default), not at its HTTP server.",
      fixForClient: `${NOT_NEST_CLIENT} Browsers and HTTP clients cannot.`,
    };
  }
  // HTTP/2 starts with the client preface, or (from a server) a SETTINGS frame: 3-byte length, type 4.
  if (text.startsWith('PRI * HTTP/2.0') || (bytes.length >= 9 && bytes[3] === 0x04 && bytes[0] === 0 && (bytes[4] === 0 || bytes[4] === 1))) {
    return {
      name: 'HTTP/2 (gRPC)',
      fixForService: 'This port speaks HTTP/2, as gRPC services do: add it as a gRPC connection (grpc://host:port).',
      fixForClient: `${NOT_NEST_CLIENT} gRPC clients need a gRPC mock (grpc://).`,
    };
  }
  // A TLS record: content type 20-23 (handshake, alert, …), then version 3.x.
  if (bytes.length >= 3 && bytes[0]! >= 0x14 && bytes[0]! <= 0x17 && bytes[1] === 0x03 && bytes[2]! <= 0x04) {
    return {
      name: 'TLS',
      fixForService: 'The service expects TLS: turn on TLS for this connection (tcp+tls://host:port).',
      fixForClient: `${NOT_NEST_CLIENT} This client speaks TLS: start the mock with TLS (tcp+tls:// with cert and key), or turn TLS off in the client.`,
    };
  }
  if (/^(-(ERR|NOAUTH|WRONGPASS|DENIED|WRONGTYPE)\b|\+OK\r\n|\+PONG\r\n)/.test(text)) {
    return { name: 'the Redis protocol', fixForService: 'This is a Redis server: add it as a Redis connection (redis://host:port).', fixForClient: NOT_NEST_CLIENT };
  }
  if (text.startsWith('AMQP')) {
    return { name: 'AMQP', fixForService: 'This is a RabbitMQ (AMQP) broker: add it as a RabbitMQ connection (amqp://host:port).', fixForClient: NOT_NEST_CLIENT };
  }
  if (/^SSH-\d/.test(text)) {
    return { name: 'SSH', fixForService: 'This is an SSH server: check the port.', fixForClient: NOT_NEST_CLIENT };
  }
  return undefined;
}

/** Who misbehaved: the service a connection reached, or a client of a mock. */
export type FramePeer = {
  role: 'service' | 'client';
  /** `tcp://127.0.0.1:3000`, or `The client 127.0.0.1:51234`. */
  name: string;
  maxFrameChars: number;
  /** The first bytes of the stream, while no frame had been read yet (else empty). */
  head: Uint8Array;
};

/** One sentence or three: what the peer sent, and what to do about it. */
export function explainFrameError(error: FrameError, peer: FramePeer): string {
  const protocol = peer.head.length > 0 ? recognizeProtocol(peer.head) : undefined;
  const nestKind = peer.role === 'service' ? 'Nest TCP microservice' : 'Nest TCP client';
  if (protocol) {
    const verb = peer.role === 'service' ? 'answered' : 'spoke';
    return `${peer.name} is not a ${nestKind}: it ${verb} in ${protocol.name} ("${preview(peer.head, 40)}"). ${peer.role === 'service' ? protocol.fixForService : protocol.fixForClient}`;
  }
  switch (error.code) {
    case 'corrupted-length': {
      const sent = peer.head.length > 0 ? preview(peer.head, 40) : preview(error.detail.raw ?? '', 40);
      const check = peer.role === 'service' ? ' Check the host and port.' : '';
      return `${peer.name} sent "${sent}" where a Nest TCP frame (<length>#<json>) should start: it is not a ${nestKind}, or it uses a custom serializer.${check}`;
    }
    case 'frame-too-large': {
      const who = peer.role === 'service' ? 'service' : 'client';
      const where = peer.role === 'service' ? "the connection's" : "the mock's";
      return (
        `${peer.name} announced a frame of ${error.detail.announcedLength ?? '?'} characters, more than the ${formatMiB(peer.maxFrameChars)} MiB maximum (${peer.maxFrameChars} characters), ` +
        `and it was refused before being read. If the ${who} really sends messages this large, raise ${where} max frame size (maxFrameMiB); otherwise it is not a ${nestKind}.`
      );
    }
    case 'invalid-json': {
      const who = peer.role === 'service' ? 'service' : 'client';
      return `${peer.name} sent a frame whose JSON does not parse (${error.detail.parseError ?? 'invalid JSON'}): "${preview(error.detail.raw ?? '', 60)}". Nest's default serializer never writes that: check for a custom serializer on the ${who}.`;
    }
  }
}

/** Why a request still waits although bytes came: part of a frame, then nothing. */
export function describePartialFrame(partial: PartialFrame, name: string): string {
  if (partial.expectedChars === undefined) return `${name} sent the first ${partial.receivedChars} characters of a frame's length prefix and then nothing`;
  return `${name} sent ${partial.receivedChars} of the ${partial.expectedChars} characters of a frame and then nothing`;
}

/** MiB with at most 3 decimals: 64, 0.5, 0.001. */
export const formatMiB = (chars: number): string => String(Math.round((chars / 1024 / 1024) * 1000) / 1000);

/** Printable text of what a peer sent: control and non-ASCII bytes escaped, cut to `max` characters. */
export function preview(value: Uint8Array | string, max: number): string {
  const text = typeof value === 'string' ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1');
  let out = '';
  for (const char of text.slice(0, max)) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\r') out += '\\r';
    else if (char === '\n') out += '\\n';
    else if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code < 0x20 || code === 0x7f || (typeof value !== 'string' && code > 0x7e)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return text.length > max ? `${out}…` : out;
}
