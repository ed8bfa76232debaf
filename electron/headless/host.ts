// Browser mode: serves the built renderer and the contract over a WebSocket, on 127.0.0.1 only.
// The token in the URL keeps other local programs out; the Origin and Host checks keep web
// pages and DNS-rebinding sites out (a browser sends both and cannot forge them).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import type { ServerFrame } from '../../shared/rpc';
import type { Engine } from '../core/engine';
import { contentSecurityPolicy } from '../core/content-security-policy';
import { serveRpc } from '../core/rpc/rpc-server';

export type HeadlessHostOptions = {
  engine: Engine;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Extra origins allowed to open the socket, e.g. a Vite dev server. */
  allowedOrigins?: string[];
};

export type HeadlessHost = { url: string; port: number; close(): Promise<void> };

const HOST = '127.0.0.1';

export async function startHeadlessHost({ engine, rendererDir, port = 0, allowedOrigins = [] }: HeadlessHostOptions): Promise<HeadlessHost> {
  const token = randomBytes(24).toString('base64url');
  const serveStatic = sirv(rendererDir, { etag: true, dev: false });
  let actualPort = port;
  const ownHosts = () => [`${HOST}:${actualPort}`, `localhost:${actualPort}`];
  const ownOrigins = () => ownHosts().map((host) => `http://${host}`);

  const server = http.createServer((request, response) => {
    if (!ownHosts().includes(request.headers.host ?? '')) {
      response.writeHead(403).end('Forbidden: unexpected Host header');
      return;
    }
    response.setHeader('Content-Security-Policy', contentSecurityPolicy({ connectSources: [`ws://${HOST}:${actualPort}`, `ws://localhost:${actualPort}`] }));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    serveStatic(request, response, () => {
      response.writeHead(404).end('Not found');
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    const origin = request.headers.origin ?? '';
    const refuse = (status: string) => socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    if (url.pathname !== '/rpc') return refuse('404 Not Found');
    if (!ownHosts().includes(request.headers.host ?? '')) return refuse('403 Forbidden');
    if (!tokenMatches(url.searchParams.get('token') ?? '', token)) return refuse('401 Unauthorized');
    if (origin && ![...ownOrigins(), ...allowedOrigins].includes(origin)) return refuse('403 Forbidden');
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const listeners = new Set<(frame: unknown) => void>();
      ws.on('message', (data) => {
        let frame: unknown;
        try {
          frame = JSON.parse(data.toString());
        } catch {
          return; // not JSON: not one of our frames
        }
        for (const listener of listeners) listener(frame);
      });
      const stop = serveRpc(engine, {
        send: (frame: ServerFrame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame)),
        onFrame: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      });
      ws.on('close', stop);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve());
  });
  actualPort = (server.address() as AddressInfo).port;
  const rpcUrl = `ws://${HOST}:${actualPort}/rpc?token=${token}`;

  return {
    url: `http://${HOST}:${actualPort}/?rpc=${encodeURIComponent(rpcUrl)}`,
    port: actualPort,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
