// Patchbay against peers that break Nest TCP framing (nest-wire §2), each a real node:net server or
// client written here: every misbehaviour fails the request at once with a message naming what the
// peer sent, the connection state says why, memory stays bounded, and the engine goes on serving.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConnectionInfo } from '../../../../shared/connection';
import { mockRulesSchema } from '../../../../shared/mock';
import type { TrafficEntry } from '../../../../shared/traffic';
import { okValue } from '../../../test-support/ok-value';
import { openTcpMockConnection } from '../../../test-support/tcp-mock-connection';
import type { Handlers } from '../../contract-handlers';
import { createContractHandlers } from '../../contract-handlers';
import type { Engine } from '../../engine';
import { createEngine } from '../../engine';
import { UNEXPECTED_REPLY_PATTERN } from '../../messaging/transport-notices';
import { encodeFrame } from '../../wire/frame-codec';
import type { HostilePeer } from '../../../test-support/hostile-peer';
import { startHostilePeer } from '../../../test-support/hostile-peer';


/** The id of the request in the first frame a peer got. */
const requestId = (request: string): string => (JSON.parse(request.slice(request.indexOf('#') + 1)) as { id: string }).id;

function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} parses`);
}

describe('a TCP connection to a misbehaving service', () => {
  let engine: Engine;
  let handlers: Handlers;
  let healthyId: string;
  const peers: HostilePeer[] = [];
  const states: ConnectionInfo[] = [];

  beforeAll(async () => {
    engine = createEngine({ reconnect: { maxAttempts: Infinity, initialDelayMs: 50, maxDelayMs: 200 } });
    handlers = createContractHandlers(engine);
    engine.onEvent((event) => {
      if (event.event === 'connection.stateChanged') states.push(event.payload);
    });
    const rules = mockRulesSchema.parse({ rules: [{ pattern: 'ping', reply: { value: 'pong' } }] });
    ({ connectionId: healthyId } = await openTcpMockConnection(engine, 'healthy', rules));
  });
  afterAll(async () => {
    await engine?.close();
    await Promise.all(peers.map((peer) => peer.close()));
  });

  async function hostile(reply: (socket: net.Socket, request: string) => void, maxFrameMiB?: number) {
    const peer = await startHostilePeer(reply);
    peers.push(peer);
    const opened = okValue(await handlers['connection.open']({ name: 'hostile', target: { kind: 'tcp', host: '127.0.0.1', port: peer.port, ...(maxFrameMiB !== undefined ? { maxFrameMiB } : {}) } }));
    okValue(await engine.connections.get(opened.id)!.client.firstAttempt());
    return { connectionId: opened.id, address: `tcp://127.0.0.1:${peer.port}` };
  }

  const send = async (connectionId: string, pattern: string, timeoutMs = 5_000) => okValue(await handlers['message.send']({ connectionId, pattern, data: {}, timeoutMs }));

  /** The healthy connection still answers: the engine stayed up. */
  async function expectEngineServes() {
    const outcome = await send(healthyId, 'ping');
    expect(outcome.values).toEqual(['pong']);
  }

  /** The failure, the state that says why, and the engine still serving. */
  async function expectProtocolError(connectionId: string, message: string, afterwards: 'reconnecting' | 'failed') {
    const outcome = await send(connectionId, 'ping');
    expect(outcome.status).toBe('failure');
    expect(outcome.failure).toEqual({ code: 'protocol-error', message });
    await vi.waitFor(() => expect(states.some((info) => info.id === connectionId && info.state === afterwards && info.lastError === message)).toBe(true), { timeout: 3_000, interval: 20 });
    await expectEngineServes();
  }

  it('fails the request at once on garbage bytes, quoting them, and reconnects', async () => {
    const { connectionId, address } = await hostile((socket) => socket.write(Buffer.concat([Buffer.from([1, 2, 0xff]), Buffer.from('garbage')])));
    await expectProtocolError(
      connectionId,
      `${address} sent "\\x01\\x02\\xffgarbage" where a Nest TCP frame (<length>#<json>) should start: it is not a Nest TCP microservice, or it uses a custom serializer. Check the host and port.`,
      'reconnecting',
    );
    await vi.waitFor(() => expect(engine.connections.get(connectionId)?.info().state).toBe('ready'), { timeout: 3_000, interval: 20 });
  });

  it('fails the request on a non-numeric length', async () => {
    const { connectionId, address } = await hostile((socket) => socket.write('abc#{"response":1}'));
    await expectProtocolError(
      connectionId,
      `${address} sent "abc#{\\"response\\":1}" where a Nest TCP frame (<length>#<json>) should start: it is not a Nest TCP microservice, or it uses a custom serializer. Check the host and port.`,
      'reconnecting',
    );
  });

  it('refuses a huge length prefix at once, without waiting for the frame', async () => {
    const { connectionId, address } = await hostile((socket) => socket.write(`${2 ** 40}#{"response":`));
    const started = performance.now();
    await expectProtocolError(
      connectionId,
      `${address} announced a frame of 1099511627776 characters, more than the 64 MiB maximum (67108864 characters), and it was refused before being read. If the service really sends messages this large, raise the connection's max frame size (maxFrameMiB); otherwise it is not a Nest TCP microservice.`,
      'reconnecting',
    );
    // The request timeout is 5 s: the refusal came from the prefix alone.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("applies the connection's own max frame size", async () => {
    // Packet ids are 21 characters, as Nest's (nest-wire §0).
    const announced = JSON.stringify({ response: 'x'.repeat(2_000), isDisposed: true, id: 'a'.repeat(21) }).length;
    const { connectionId, address } = await hostile((socket, request) => socket.write(encodeFrame({ response: 'x'.repeat(2_000), isDisposed: true, id: requestId(request) })), 0.001);
    await expectProtocolError(
      connectionId,
      `${address} announced a frame of ${announced} characters, more than the 0.001 MiB maximum (1048 characters), and it was refused before being read. If the service really sends messages this large, raise the connection's max frame size (maxFrameMiB); otherwise it is not a Nest TCP microservice.`,
      'reconnecting',
    );
  });

  it('fails the request on invalid JSON inside a well-formed frame', async () => {
    const { connectionId, address } = await hostile((socket) => socket.write('10#{"id":x12}'));
    await expectProtocolError(
      connectionId,
      `${address} sent a frame whose JSON does not parse (${jsonParseMessage('{"id":x12}')}): "{\\"id\\":x12}". Nest's default serializer never writes that: check for a custom serializer on the service.`,
      'reconnecting',
    );
  });

  it('names an HTTP server and fails the connection, since reconnecting cannot help', async () => {
    const { connectionId, address } = await hostile((socket) => socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'));
    await expectProtocolError(
      connectionId,
      `${address} is not a Nest TCP microservice: it answered in HTTP ("HTTP/1.1 400 Bad Request\\r\\nConnection: cl…"). Point the connection at the port of the service's TCP transport (Transport.TCP, 3000 by default), not at its HTTP server.`,
      'failed',
    );
    expect(engine.connections.get(connectionId)?.info().state).toBe('failed');
  });

  it('says how much of a frame arrived when the service stalls mid-reply', async () => {
    const { connectionId, address } = await hostile((socket) => socket.write('50#{"response":"par'));
    const outcome = await send(connectionId, 'ping', 300);
    expect(outcome.failure).toEqual({
      code: 'timeout',
      message: `Timed out after 300 ms waiting for a reply to ping: ${address} sent 16 of the 50 characters of a frame and then nothing. The service stalled in the middle of a reply; check it, or raise the request timeout if it is only slow.`,
    });
    expect(engine.connections.get(connectionId)?.info().state).toBe('ready');
    await expectEngineServes();
  });

  it('counts a flood of replies nobody asked for, logs only the first few, and still answers', async () => {
    const strangers = 200_000;
    const repeats = 50_000;
    const { connectionId, address } = await hostile((socket, request) => {
      const id = requestId(request);
      const frames: string[] = [];
      for (let index = 0; index < strangers; index += 1) frames.push(encodeFrame({ response: index, isDisposed: true, id: `stranger-${index}` }));
      frames.push(encodeFrame({ response: 'the answer', isDisposed: true, id }));
      // The same final reply again and again: only the first one counts.
      for (let index = 0; index < repeats; index += 1) frames.push(encodeFrame({ response: 'again', isDisposed: true, id }));
      socket.write(frames.join(''));
    });
    const outcome = await send(connectionId, 'ping', 10_000);
    expect(outcome.values).toEqual(['the answer']);

    const entriesOf = async () => okValue(await handlers['traffic.readPage']({ limit: 10_000 })).entries.filter((entry: TrafficEntry) => entry.connectionId === connectionId);
    const total = strangers + repeats;
    await vi.waitFor(async () => expect((await entriesOf()).some((entry) => entry.bodyPreview.includes(`has sent ${total} replies`))).toBe(true), { timeout: 5_000, interval: 50 });
    const entries = await entriesOf();
    const unexpected = entries.filter((entry) => entry.pattern === UNEXPECTED_REPLY_PATTERN);
    expect(unexpected.filter((entry) => entry.kind === 'reply').map((entry) => [entry.correlationId, entry.bodyPreview])).toEqual([
      ['stranger-0', '{"response":0,"isDisposed":true,"id":"stranger-0"}'],
      ['stranger-1', '{"response":1,"isDisposed":true,"id":"stranger-1"}'],
      ['stranger-2', '{"response":2,"isDisposed":true,"id":"stranger-2"}'],
    ]);
    // Summaries come at most once a second: a flood costs a handful of entries, not one per reply.
    const summaries = unexpected.filter((entry) => entry.kind === 'failure');
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    expect(summaries.length).toBeLessThanOrEqual(5);
    expect(summaries.at(-1)?.bodyPreview).toBe(
      JSON.stringify(
        `${address} has sent ${total} replies that no request was waiting for (late replies to requests that timed out or were cancelled, replies without an id, or a peer flooding the connection). The first 3 are logged; the rest are only counted.`,
      ),
    );
    expect(summaries.at(-1)?.failureCode).toBe('unexpected-replies');
    expect(entries.length).toBe(2 + 3 + summaries.length);
    expect(engine.connections.get(connectionId)?.info().state).toBe('ready');
    await expectEngineServes();
  });
});

describe("Patchbay's TCP mock against misbehaving clients", () => {
  let engine: Engine;
  let handlers: Handlers;
  let mockId: string;
  let port: number;
  let healthyId: string;

  beforeAll(async () => {
    engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
    handlers = createContractHandlers(engine);
    const rules = mockRulesSchema.parse({ rules: [{ pattern: 'ping', reply: { value: 'pong' } }] });
    const mock = okValue(await engine.mocks.start('target', { kind: 'tcp', host: '127.0.0.1', port: 0, maxFrameMiB: 0.001 }, rules));
    mockId = mock.id;
    port = Number(/:(\d+)$/.exec(mock.address ?? '')?.[1]);
    const opened = okValue(await handlers['connection.open']({ name: 'healthy', target: { kind: 'tcp', host: '127.0.0.1', port } }));
    healthyId = opened.id;
    okValue(await engine.connections.get(healthyId)!.client.firstAttempt());
  });
  afterAll(async () => {
    await engine?.close();
  });

  /** Connects, writes `bytes`, and resolves with the client's own address once the mock hung up. */
  function misbehave(bytes: Buffer | string, { close = false } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        const self = `${socket.localAddress}:${socket.localPort}`;
        socket.on('close', () => resolve(self));
        socket.write(bytes);
        if (close) socket.end();
      });
      socket.on('error', reject);
      socket.resume();
    });
  }

  async function mockNote(client: string): Promise<TrafficEntry> {
    let found: TrafficEntry | undefined;
    await vi.waitFor(
      async () => {
        const { entries } = okValue(await handlers['traffic.readPage']({ limit: 10_000 }));
        found = entries.find((entry) => entry.connectionId === mockId && entry.kind === 'failure' && entry.bodyPreview.includes(`The client ${client} `));
        expect(found).toBeDefined();
      },
      { timeout: 3_000, interval: 20 },
    );
    return found!;
  }

  async function expectDropped(bytes: Buffer | string, code: string, message: (client: string) => string) {
    const client = await misbehave(bytes);
    const note = await mockNote(client);
    expect(note.failureCode).toBe(code);
    expect(note.origin).toBe('mock');
    expect(JSON.parse(note.bodyPreview)).toBe(message(client));
    expect(engine.mocks.get(mockId)?.state).toBe('serving');
    const outcome = okValue(await handlers['message.send']({ connectionId: healthyId, pattern: 'ping', data: {} }));
    expect(outcome.values).toEqual(['pong']);
  }

  const dropped = ' The mock dropped this client and goes on serving the others.';

  it('drops a client sending garbage and goes on serving the others', async () => {
    await expectDropped(Buffer.from([0, 1, 2, 0x41]), 'protocol-error', (client) => `The client ${client} sent "\\x00\\x01\\x02A" where a Nest TCP frame (<length>#<json>) should start: it is not a Nest TCP client, or it uses a custom serializer.${dropped}`);
  });

  it('drops a client with a non-numeric length', async () => {
    await expectDropped('x1#{}', 'protocol-error', (client) => `The client ${client} sent "x1#{}" where a Nest TCP frame (<length>#<json>) should start: it is not a Nest TCP client, or it uses a custom serializer.${dropped}`);
  });

  it("drops a client announcing a frame over the mock's maximum", async () => {
    await expectDropped(
      '5000#{"pattern":',
      'protocol-error',
      (client) =>
        `The client ${client} announced a frame of 5000 characters, more than the 0.001 MiB maximum (1048 characters), and it was refused before being read. If the client really sends messages this large, raise the mock's max frame size (maxFrameMiB); otherwise it is not a Nest TCP client.${dropped}`,
    );
  });

  it('drops a client sending invalid JSON', async () => {
    await expectDropped(
      '6#{nope}',
      'protocol-error',
      (client) => `The client ${client} sent a frame whose JSON does not parse (${jsonParseMessage('{nope}')}): "{nope}". Nest's default serializer never writes that: check for a custom serializer on the client.${dropped}`,
    );
  });

  it('names a browser that found the port', async () => {
    await expectDropped(
      'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'protocol-error',
      (client) => `The client ${client} is not a Nest TCP client: it spoke in HTTP ("GET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n"). Only Nest TCP clients (a ClientProxy with Transport.TCP) can talk to this mock. Browsers and HTTP clients cannot.${dropped}`,
    );
  });

  it('notes a client that hangs up in the middle of a frame', async () => {
    const client = await misbehave('40#{"pattern":"ping"', { close: true });
    const note = await mockNote(client);
    expect(note.failureCode).toBe('incomplete-frame');
    expect(JSON.parse(note.bodyPreview)).toBe(`The client ${client} sent 17 of the 40 characters of a frame and then nothing, then closed the connection. The message was incomplete and is ignored.`);
    expect(engine.mocks.get(mockId)?.state).toBe('serving');
  });
});
