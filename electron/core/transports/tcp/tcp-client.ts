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
import { FrameDecoder, encodeFrame, maxFrameCharsOf } from '../../wire/frame-codec';
import { describePartialFrame, explainFrameError, PROTOCOL_SNIFF_BYTES, recognizeProtocol } from '../../wire/frame-problem';
import { PendingReplies } from '../reply-queue';
import { nodeTlsOptions } from '../tls-options';
import type { ReplyPart, TransportClientOptions, TransportClient, TransportNotice } from '../transport';
import { clientOf } from '../transport';
import { createUnexpectedReplies } from './unexpected-replies';

type TcpTarget = TargetOf<'tcp'>;

/** `maxFrameChars` overrides the target's `maxFrameMiB` (tests). */
export type TcpClientOptions = TransportClientOptions & { maxFrameChars?: number };

type Link = { socket: net.Socket; pending: PendingReplies; decoder: FrameDecoder };

/**
 * The peer broke Nest framing (nest-wire §2). Not retryable when it speaks another protocol
 * (reconnecting reaches the same HTTP server again); retryable otherwise (one oversized reply).
 */
class PeerProtocolError extends Error {
  constructor(message: string, readonly retryable: boolean) {
    super(message);
  }
}

export function createTcpClient(target: TcpTarget, options: TcpClientOptions): TransportClient {
  const address = describeTarget(target);
  const maxFrameChars = options.maxFrameChars ?? maxFrameCharsOf(target.maxFrameMiB);
  const noticeListeners = new Set<(notice: TransportNotice) => void>();
  const unexpected = createUnexpectedReplies({ address, notify: (notice) => noticeListeners.forEach((listener) => listener(notice)) });

  const lifecycle: Lifecycle<Link> = new Lifecycle<Link>({
    open: () => openLink(),
    // end() lets writes already queued (an emitted event) reach the service before FIN.
    closeLink: (link) => link.socket.end(),
    explain: (error) => (error instanceof PeerProtocolError ? { retryable: error.retryable, message: error.message } : explainSocketError(error, address)),
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
    const decoder = new FrameDecoder(maxFrameChars);
    const link: Link = { socket, pending: new PendingReplies(), decoder };
    // The first bytes, until a frame decodes: they name the protocol of a peer that is not Nest.
    let head: Buffer | undefined = Buffer.alloc(0);
    let lostBecause: Error | undefined;

    socket.on('data', (chunk: Buffer) => {
      if (head && head.length < PROTOCOL_SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, PROTOCOL_SNIFF_BYTES - head.length)]);
      const { packets, error } = decoder.push(chunk);
      if (packets.length > 0) head = undefined;
      for (const { packet, sizeBytes } of packets) {
        const id = isRecord(packet) && typeof packet.id === 'string' ? packet.id : undefined;
        const delivered = id !== undefined && isRecord(packet) && link.pending.deliver(id, { ...readReply(packet), sizeBytes } as ReplyPart);
        if (!delivered) unexpected.add(id, packet, sizeBytes);
      }
      if (error && !lostBecause) {
        const peerHead = head ?? Buffer.alloc(0);
        const message = explainFrameError(error, { role: 'service', name: address, maxFrameChars, head: peerHead });
        lostBecause = new PeerProtocolError(message, recognizeProtocol(peerHead) === undefined);
        socket.destroy();
      }
    });
    socket.on('error', (error) => (lostBecause ??= error));
    socket.on('close', () => {
      if (lostBecause instanceof PeerProtocolError) {
        link.pending.failAll({ code: 'protocol-error', message: lostBecause.message });
      } else {
        // A socket error (a TLS alert such as "certificate required", a reset) gets the same plain words as a failed connect.
        const reason = lostBecause ? `: ${explainSocketError(lostBecause, address).message.replace(/\.?$/, '')}` : '';
        link.pending.failAll({
          code: 'connection-lost',
          message: `The connection to ${address} closed before the reply arrived${reason}. The service may or may not have handled the request.`,
        });
      }
      lifecycle.linkLost(lostBecause ?? new Error('closed by the service'), link);
    });
    return link;
  }

  lifecycle.start();

  const client = clientOf(lifecycle, address, {
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
      unexpected.dispose();
      noticeListeners.clear();
      link?.pending.failAll(closedByUserFailure(address));
    },
  });
  // Assigned, not spread: `status` is a getter.
  return Object.assign(client, {
    onNotice(listener: (notice: TransportNotice) => void) {
      noticeListeners.add(listener);
      return () => void noticeListeners.delete(listener);
    },
    describeWait() {
      const partial = lifecycle.current?.decoder.partialFrame;
      return partial ? describePartialFrame(partial, address) : undefined;
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
