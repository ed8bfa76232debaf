// A mock Nest TCP service (nest-wire §2, §10): `len#json` frames in, Nest's reply packets out,
// exactly as Nest 10 to 12 write them (key order response/err, isDisposed, id). Many clients,
// many concurrent requests per socket; the rules decide, this only speaks the wire.
import net from 'node:net';
import tls from 'node:tls';
import type { TargetOf } from '../../../../shared/connection';
import { describeTarget } from '../../../../shared/connection';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { nestRouteOf } from '../../mocks/incoming-route';
import type { IncomingMessage, MockHandler, MockServer, StartMockServer } from '../../mocks/mock-transport';
import { isRecord } from '../../wire/envelope';
import { encodeFrame, FrameDecoder, maxFrameCharsOf } from '../../wire/frame-codec';
import { describePartialFrame, explainFrameError, PROTOCOL_SNIFF_BYTES } from '../../wire/frame-problem';
import { envelopePart, replyPacket } from '../../wire/reply-packet';

export const startTcpMockServer: StartMockServer<'tcp'> = (target, handler) =>
  new Promise<Result<MockServer>>((resolve) => {
    const sockets = new Set<net.Socket>();
    const troubleListeners = new Set<(problem: { message: string; fatal: boolean }) => void>();
    const maxFrameChars = maxFrameCharsOf(target.maxFrameMiB);
    const onConnection = (socket: net.Socket) => serveSocket(socket, handler, sockets, maxFrameChars);
    const server = target.tls ? tls.createServer(tlsServerOptions(target.tls), onConnection) : net.createServer(onConnection);
    let listening = false;

    server.on('error', (error: NodeJS.ErrnoException) => {
      if (!listening) {
        resolve(fail(error.code === 'EADDRINUSE' ? 'address-in-use' : 'listen-failed', listenFailure(target, error)));
        return;
      }
      for (const listener of troubleListeners) listener({ message: `The mock stopped listening: ${error.message}`, fatal: true });
    });
    if (target.tls) {
      // A client that fails the handshake (no or wrong certificate) is refused; the mock goes on.
      server.on('tlsClientError', () => {});
    }
    server.listen(target.port, target.host, () => {
      listening = true;
      const address = server.address() as net.AddressInfo;
      resolve(
        ok({
          address: describeTarget({ ...target, port: address.port }),
          onTrouble: (listener) => void troubleListeners.add(listener),
          setRoutes: async () => ok(null),
          close: () =>
            new Promise<void>((done) => {
              for (const socket of sockets) socket.destroy();
              server.close(() => done());
            }),
        }),
      );
    });
  });

function tlsServerOptions(options: NonNullable<TargetOf<'tcp'>['tls']>): tls.TlsOptions {
  return {
    cert: options.cert || undefined,
    key: options.key || undefined,
    // With a CA, clients must show a certificate it signed (mutual TLS).
    ...(options.ca ? { ca: options.ca, requestCert: true, rejectUnauthorized: true } : {}),
  };
}

function listenFailure(target: TargetOf<'tcp'>, error: NodeJS.ErrnoException): string {
  const where = `${target.host}:${target.port}`;
  if (error.code === 'EADDRINUSE') return `Port ${target.port} on ${target.host} is already in use. Stop what listens there, or pick another port (0 picks a free one).`;
  if (error.code === 'EACCES') return `Not allowed to listen on ${where}: ports below 1024 need privileges. Pick a port from 1024 up.`;
  if (error.code === 'EADDRNOTAVAIL') return `Cannot listen on ${where}: ${target.host} is not an address of this machine. Use 127.0.0.1 or 0.0.0.0.`;
  return `Cannot listen on ${where}: ${error.message}`;
}

/**
 * One client. A client that breaks the framing is dropped with a note in the mock's traffic (what
 * it sent, and why that is not Nest TCP); the mock goes on serving the others.
 */
function serveSocket(socket: net.Socket, handler: MockHandler, sockets: Set<net.Socket>, maxFrameChars: number) {
  sockets.add(socket);
  const decoder = new FrameDecoder(maxFrameChars);
  const client = `The client ${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
  // The first bytes, until a frame decodes: they name the protocol of a client that is not Nest.
  let head: Buffer | undefined = Buffer.alloc(0);
  let dropped = false;
  socket.on('close', () => {
    sockets.delete(socket);
    const partial = decoder.partialFrame;
    if (!dropped && partial) {
      handler.note?.({ code: 'incomplete-frame', message: `${describePartialFrame(partial, client)}, then closed the connection. The message was incomplete and is ignored.` });
    }
  });
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    if (dropped) return;
    if (head && head.length < PROTOCOL_SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, PROTOCOL_SNIFF_BYTES - head.length)]);
    const { packets, error } = decoder.push(chunk);
    if (packets.length > 0) head = undefined;
    for (const { packet, sizeBytes } of packets) {
      if (!isRecord(packet)) continue;
      // nest-wire §0: no `id` key makes an event; `"id": null` is still a request.
      const isRequest = packet.id !== undefined;
      const message: IncomingMessage = {
        kind: isRequest ? 'request' : 'event',
        pattern: packet.pattern,
        route: nestRouteOf(packet.pattern),
        data: packet.data,
        ...(isRequest ? { correlationId: typeof packet.id === 'string' ? packet.id : JSON.stringify(packet.id) } : {}),
        ...(packet.metadata !== undefined ? { meta: { metadata: packet.metadata } } : {}),
        sizeBytes,
      };
      void answer(socket, handler, message, packet.id);
    }
    // A corrupt frame ends the socket, as Nest's JsonSocket does; nothing more is read from it.
    if (error) {
      dropped = true;
      const why = explainFrameError(error, { role: 'client', name: client, maxFrameChars, head: head ?? Buffer.alloc(0) });
      handler.note?.({ code: 'protocol-error', message: `${why} The mock dropped this client and goes on serving the others.` });
      socket.end();
      // A client that keeps writing after the end must not hold the socket open.
      socket.destroySoon();
    }
  });
}

async function answer(socket: net.Socket, handler: MockHandler, message: IncomingMessage, id: unknown) {
  try {
    for await (const part of handler.handle(message)) {
      if (message.kind === 'event') continue;
      if (socket.destroyed || !socket.writable) return;
      const frame = encodeFrame(replyPacket(envelopePart(part), id, 'tcp'));
      socket.write(frame);
      handler.written(message, part, Buffer.byteLength(frame));
    }
  } catch {
    // The socket went away mid-answer: nothing left to write to.
  }
}
