// The TCP client against hand-driven peers on loopback: the cases a real Nest service cannot be
// made to produce on demand (dropped sockets, garbage, silence, restarts).
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame } from '../../wire/frame-codec';
import type { ReplyPart, TransportClient } from '../transport';
import { createTcpClient } from './tcp-client';

type Peer = { port: number; sockets: net.Socket[]; received: unknown[]; server: net.Server; close(): Promise<void> };

/** A loopback server that records decoded frames and lets the test answer by hand. */
async function startPeer(onPacket: (packet: Record<string, unknown>, socket: net.Socket) => void = () => {}, port = 0): Promise<Peer> {
  const sockets: net.Socket[] = [];
  const received: unknown[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    const decoder = new FrameDecoder();
    socket.on('data', (chunk) => {
      for (const { packet } of decoder.push(chunk).packets) {
        received.push(packet);
        onPacket(packet as Record<string, unknown>, socket);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    sockets,
    received,
    server,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

async function connect(port: number, options: Partial<Parameters<typeof createTcpClient>[1]> = {}): Promise<TransportClient> {
  const client = createTcpClient({ kind: 'tcp', host: '127.0.0.1', port }, { connectTimeoutMs: 2000, reconnect: { maxAttempts: Infinity, initialDelayMs: 20, maxDelayMs: 50 }, ...options });
  opened.push(client);
  expect(await client.firstAttempt()).toEqual({ ok: true, value: null });
  return client;
}

async function collect(parts: AsyncIterable<ReplyPart>): Promise<ReplyPart[]> {
  const all: ReplyPart[] = [];
  for await (const part of parts) all.push(part);
  return all;
}

const waitFor = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

describe('TCP client', () => {
  it('multiplexes concurrent requests on one socket and routes replies by id', async () => {
    const peer = await startPeer((packet, socket) => {
      // Answer in reverse arrival order to prove correlation by id.
      if (packet.pattern === 'slow') setTimeout(() => socket.write(encodeFrame({ response: 'slow', isDisposed: true, id: packet.id })), 30);
      else socket.write(encodeFrame({ response: 'fast', isDisposed: true, id: packet.id }));
    });
    opened.push(peer);
    const client = await connect(peer.port);
    const never = new AbortController().signal;
    const [slow, fast] = await Promise.all([
      collect(client.send({ pattern: 'slow', data: {}, correlationId: 'a'.repeat(21) }, never)),
      collect(client.send({ pattern: 'fast', data: {}, correlationId: 'b'.repeat(21) }, never)),
    ]);
    expect(slow.at(-1)).toMatchObject({ kind: 'value', value: 'slow', last: true });
    expect(fast.at(-1)).toMatchObject({ kind: 'value', value: 'fast', last: true });
    expect(peer.sockets).toHaveLength(1);
    expect(peer.received).toEqual([
      { pattern: 'slow', data: {}, id: 'aaaaaaaaaaaaaaaaaaaaa' },
      { pattern: 'fast', data: {}, id: 'bbbbbbbbbbbbbbbbbbbbb' },
    ]);
  });

  it('fails pending requests at once when the socket drops, then reconnects', async () => {
    const peer = await startPeer((packet, socket) => {
      if (packet.pattern === 'drop') socket.destroy();
      else socket.write(encodeFrame({ response: 'back', isDisposed: true, id: packet.id }));
    });
    opened.push(peer);
    const client = await connect(peer.port);
    const states: string[] = [];
    client.onStatus((status) => states.push(status.state));

    const parts = await collect(client.send({ pattern: 'drop', data: {}, correlationId: 'c'.repeat(21) }, new AbortController().signal));
    expect(parts.at(-1)).toEqual({
      kind: 'failure',
      failure: {
        code: 'connection-lost',
        message: `The connection to tcp://127.0.0.1:${peer.port} closed before the reply arrived. The service may or may not have handled the request.`,
      },
    });
    await waitFor(() => client.status.state === 'ready');
    expect(states).toEqual(['reconnecting', 'ready']);
    const again = await collect(client.send({ pattern: 'ping', data: {}, correlationId: 'd'.repeat(21) }, new AbortController().signal));
    expect(again.at(-1)).toMatchObject({ kind: 'value', value: 'back' });
  });

  it('drops a peer that sends garbage and says why', async () => {
    const peer = await startPeer((_packet, socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    opened.push(peer);
    const client = await connect(peer.port);
    const parts = await collect(client.send({ pattern: 'x', data: {}, correlationId: 'e'.repeat(21) }, new AbortController().signal));
    expect(parts.at(-1)).toEqual({
      kind: 'failure',
      failure: {
        code: 'protocol-error',
        message: `tcp://127.0.0.1:${peer.port} is not a Nest TCP microservice: it answered in HTTP ("HTTP/1.1 400 Bad Request\\r\\n\\r\\n"). Point the connection at the port of the service's TCP transport (Transport.TCP, 3000 by default), not at its HTTP server.`,
      },
    });
    // Reconnecting would reach the same HTTP server: the connection fails and says why.
    await waitFor(() => client.status.state === 'failed');
    expect(client.status.lastError).toBe((parts.at(-1) as Extract<ReplyPart, { kind: 'failure' }>).failure.message);
  });

  it('stops waiting when the caller aborts, and ignores the late reply', async () => {
    let answer: (() => void) | undefined;
    const peer = await startPeer((packet, socket) => {
      answer = () => socket.write(encodeFrame({ response: 'late', isDisposed: true, id: packet.id }));
    });
    opened.push(peer);
    const client = await connect(peer.port);
    const abort = new AbortController();
    const pending = collect(client.send({ pattern: 'x', data: {}, correlationId: 'f'.repeat(21) }, abort.signal));
    await waitFor(() => answer !== undefined);
    abort.abort();
    expect(await pending).toEqual([{ kind: 'written', sizeBytes: 57 }]);
    answer!();
    expect(client.status.state).toBe('ready');
  });

  it('refuses to send while not connected, without writing anything', async () => {
    const peer = await startPeer();
    const port = peer.port;
    await peer.close();
    const client = createTcpClient({ kind: 'tcp', host: '127.0.0.1', port }, { connectTimeoutMs: 1000, reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
    opened.push(client);
    const first = await client.firstAttempt();
    expect(first).toEqual({ ok: false, error: { code: 'connect-failed', message: `Nothing is listening on tcp://127.0.0.1:${port} (connection refused). Start the service, or check the port.` } });
    expect(client.status.state).toBe('failed');
    const parts = await collect(client.send({ pattern: 'x', data: {}, correlationId: 'g'.repeat(21) }, new AbortController().signal));
    expect(parts).toEqual([
      { kind: 'failure', failure: { code: 'not-connected', message: `Not connected to tcp://127.0.0.1:${port} (failed), so nothing was sent. Last error: Nothing is listening on tcp://127.0.0.1:${port} (connection refused). Start the service, or check the port.` } },
    ]);
  });

  it('gives up connecting after the connect timeout when the handshake never completes', async () => {
    // A plain TCP listener that never answers: a TLS client waits for a handshake that never comes.
    const peer = await startPeer();
    opened.push(peer);
    const client = createTcpClient(
      { kind: 'tcp', host: '127.0.0.1', port: peer.port, tls: { rejectUnauthorized: true } },
      { connectTimeoutMs: 150, reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } },
    );
    opened.push(client);
    expect(await client.firstAttempt()).toEqual({
      ok: false,
      error: { code: 'connect-failed', message: `No answer from tcp+tls://127.0.0.1:${peer.port} within 150 ms. Check the host and port, and that no firewall drops the connection.` },
    });
    expect(client.status.state).toBe('failed');
  });

  it('keeps retrying with backoff until the service comes up', async () => {
    const placeholder = await startPeer();
    const port = placeholder.port;
    await placeholder.close();
    const client = createTcpClient({ kind: 'tcp', host: '127.0.0.1', port }, { connectTimeoutMs: 1000, reconnect: { maxAttempts: Infinity, initialDelayMs: 10, maxDelayMs: 40 } });
    opened.push(client);
    await client.firstAttempt();
    expect(client.status.state).toBe('reconnecting');
    expect(client.status.lastError).toContain('connection refused');
    opened.push(await startPeer(() => {}, port));
    await waitFor(() => client.status.state === 'ready');
    expect(client.status).toEqual({ state: 'ready' });
  });
});
