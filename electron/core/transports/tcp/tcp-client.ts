// NestJS TCP client (nest-wire §2): one persistent socket, `len#json` frames, requests
// multiplexed and correlated by `id`. Unlike Nest's client, a dropped socket fails pending
// requests at once and reconnects with backoff, and nothing waits forever.
import net from 'node:net';
import tls from 'node:tls';
import type { TargetOf } from '../../../../shared/connection';
import { describeTarget } from '../../../../shared/connection';
import { fail, ok } from '../../../../shared/result';
import { closedByUserFailure, ConnectTimeoutError, explainSocketError } from '../../connections/explain-error';
import { Lifecycle } from '../../connections/lifecycle';
import { isRecord, readReply, requestPacket, tcpEventPacket } from '../../wire/envelope';
import { DEFAULT_MAX_FRAME_CHARS, FrameDecoder, encodeFrame } from '../../wire/frame-codec';
import { PendingReplies } from '../reply-queue';
import { nodeTlsOptions } from '../tls-options';
import type { ReplyPart, TransportClientOptions, TransportClient } from '../transport';
import { clientOf } from '../transport';

type TcpTarget = TargetOf<'tcp'>;

export type TcpClientOptions = TransportClientOptions & { maxFrameChars?: number };

type Link = { socket: net.Socket; pending: PendingReplies };

export function createTcpClient(target: TcpTarget, options: TcpClientOptions): TransportClient {
  const address = describeTarget(target);

  const lifecycle: Lifecycle<Link> = new Lifecycle<Link>({
    open: () => openLink(),
    // end() lets writes already queued (an emitted event) reach the service before FIN.
    closeLink: (link) => link.socket.end(),
    explain: (error) => explainSocketError(error, address),
    policy: options.reconnect,
  });

  function openLink(): Promise<Link> {
    return new Promise((resolve, reject) => {
      const socket = target.tls
        ? tls.connect({ host: target.host, port: target.port, ...nodeTlsOptions(target.tls) })
        : net.connect({ host: target.host, port: target.port });
      const timer = setTimeout(() => socket.destroy(new ConnectTimeoutError(address, options.connectTimeoutMs)), options.connectTimeoutMs);
      const onError = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      socket.once('error', onError);
      socket.once(target.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        socket.setNoDelay(true);
        resolve(attach(socket));
      });
    });
  }

  function attach(socket: net.Socket): Link {
    const link: Link = { socket, pending: new PendingReplies() };
    const decoder = new FrameDecoder(options.maxFrameChars ?? DEFAULT_MAX_FRAME_CHARS);
    let lostBecause: Error | undefined;

    socket.on('data', (chunk: Buffer) => {
      const { packets, error } = decoder.push(chunk);
      for (const { packet, sizeBytes } of packets) {
        if (!isRecord(packet) || typeof packet.id !== 'string') continue;
        link.pending.deliver(packet.id, { ...readReply(packet), sizeBytes } as ReplyPart);
      }
      if (error) {
        lostBecause = new Error(`${address} sent data that is not a Nest TCP frame: ${error.message}`);
        socket.destroy();
      }
    });
    socket.on('error', (error) => (lostBecause ??= error));
    socket.on('close', () => {
      const reason = lostBecause ? `: ${lostBecause.message}` : '';
      link.pending.failAll({
        code: 'connection-lost',
        message: `The connection to ${address} closed before the reply arrived${reason}. The service may or may not have handled the request.`,
      });
      lifecycle.linkLost(lostBecause ?? new Error('closed by the service'), link);
    });
    return link;
  }

  lifecycle.start();

  return clientOf(lifecycle, address, {
    async *send(link, request, signal) {
      const { queue, release } = link.pending.wait(request.correlationId, signal);
      try {
        const frame = encodeFrame(requestPacket(request.pattern, request.data, request.correlationId));
        writeInBatch(link.socket, frame);
        yield { kind: 'written', sizeBytes: Buffer.byteLength(frame) };
        yield* queue;
      } finally {
        release();
      }
    },

    async emit(link, event) {
      const frame = encodeFrame(tcpEventPacket(event.pattern, event.data));
      // Resolve once the frame is handed to the OS: that is all "emitted" can promise.
      const written = await new Promise<Error | undefined>((resolve) => writeInBatch(link.socket, frame, (error) => resolve(error ?? undefined)));
      if (written) return fail('connection-lost', `The event could not be written to ${address}: ${written.message}`);
      return ok({ sizeBytes: Buffer.byteLength(frame) });
    },

    async close() {
      const link = lifecycle.current;
      lifecycle.close();
      link?.pending.failAll(closedByUserFailure(address));
    },
  });
}

/**
 * Frames written in the same tick leave in one system call (writev): with many requests in flight,
 * a write per frame costs more than everything else a send does. Order is kept.
 */
function writeInBatch(socket: net.Socket, frame: string, onWritten?: (error: Error | null | undefined) => void): void {
  if (socket.writableCorked === 0) {
    socket.cork();
    process.nextTick(() => socket.uncork());
  }
  socket.write(frame, onWritten);
}
