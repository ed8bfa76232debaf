// ioredis' own StandaloneConnector, plus a catch-all 'error' listener on every socket it opens.
// ioredis listens for a socket's errors with once(): when Patchbay drops one of its two
// connections while that one's TLS handshake is still running (because the other just failed,
// e.g. on an untrusted certificate), the socket emits the certificate error and then the
// server's alert ("tlsv1 alert decode error"). Nothing would catch the second, and an uncaught
// 'error' crashes the process. The first error still reaches ioredis, which reports it as before.
import net from 'node:net';
import tls from 'node:tls';
import type { RedisOptions } from 'ioredis';
import { AbstractConnector } from 'ioredis';

type Stream = net.Socket | tls.TLSSocket;
export type GuardedConnectorOptions = Pick<RedisOptions, 'host' | 'port' | 'family' | 'path' | 'tls' | 'disconnectTimeout'>;

export class GuardedConnector extends AbstractConnector {
  private readonly options: GuardedConnectorOptions;

  /** ioredis passes the Redis instance's whole options (typed `unknown` in its ConnectorConstructor). */
  constructor(options: unknown) {
    const own = options as GuardedConnectorOptions;
    super(own.disconnectTimeout ?? 2000);
    this.options = own;
  }

  connect(): Promise<Stream> {
    const { host, port, family, path } = this.options;
    const address = path ? { path } : { host, port: port ?? 6379, ...(family ? { family } : {}) };
    this.connecting = true;
    // As ioredis does: resolve on the next tick, so a disconnect() right after connect() wins.
    return new Promise((resolve, reject) => {
      process.nextTick(() => {
        if (!this.connecting) {
          reject(new Error('Connection is closed.'));
          return;
        }
        let stream: Stream;
        try {
          stream = this.options.tls ? tls.connect({ ...address, ...this.options.tls }) : net.createConnection(address as net.NetConnectOpts);
        } catch (error) {
          reject(error as Error);
          return;
        }
        this.stream = stream;
        stream.once('error', (error) => (this.firstError = error));
        stream.on('error', () => {}); // the guard: later errors of a socket ioredis stopped listening to
        resolve(stream);
      });
    });
  }
}
