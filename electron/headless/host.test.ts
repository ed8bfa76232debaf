// The headless host end to end over a real WebSocket: the contract works, and only a caller
// with the token, from our own origin and host, gets in.
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine } from '../core/engine';
import type { Engine } from '../core/engine';
import type { HeadlessHost } from './host';
import { startHeadlessHost } from './host';

let engine: Engine;
let host: HeadlessHost;
let rpcUrl: URL;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'patchbay-ui-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Patchbay</title>');
  engine = createEngine();
  host = await startHeadlessHost({ engine, rendererDir });
  rpcUrl = new URL(new URL(host.url).searchParams.get('rpc')!);
});
afterAll(async () => {
  await host.close();
  await engine.close();
});

/** A GET with a Host header of our choosing (fetch would not let us set it). */
function rawGet(path: string, hostHeader: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port: host.port, path, headers: { Host: hostHeader } }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
}

/** Opens a socket and resolves with the HTTP status it was refused with, or 101 if accepted. */
function handshake(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => resolve(-1));
  });
}

describe('headless host', () => {
  it('serves the UI on 127.0.0.1 with a strict CSP', async () => {
    const response = await fetch(new URL('/', host.url));
    expect(response.status).toBe(200);
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<title>Patchbay</title>');
  });

  it('answers contract calls and validates their input', async () => {
    const socket = new WebSocket(rpcUrl, { headers: { Origin: new URL(host.url).origin } });
    await new Promise((resolve) => socket.on('open', resolve));
    const replies: unknown[] = [];
    socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
    socket.send(JSON.stringify({ type: 'call', id: 1, command: 'connection.list', input: {} }));
    socket.send(JSON.stringify({ type: 'call', id: 2, command: 'connection.open', input: { name: '', target: { kind: 'tcp', host: 'h', port: 70000 } } }));
    socket.send(JSON.stringify({ type: 'call', id: 3, command: 'nope', input: {} }));
    while (replies.length < 3) await new Promise((resolve) => socket.once('message', resolve));
    socket.close();
    // Calls run concurrently, so results may arrive in any order.
    replies.sort((a, b) => (a as { id: number }).id - (b as { id: number }).id);
    expect(replies).toEqual([
      { type: 'result', id: 1, result: { ok: true, value: [] } },
      {
        type: 'result',
        id: 2,
        result: { ok: false, error: { code: 'invalid-input', message: 'name: Name is required; target.port: Port must be 1 to 65535', detail: expect.any(Array) } },
      },
      { type: 'result', id: 3, result: { ok: false, error: { code: 'unknown-command', message: 'Unknown command "nope". The UI and the engine may be from different versions; restart Patchbay.' } } },
    ]);
  });

  it('refuses a wrong token, a foreign origin and a rebinding host name', async () => {
    const wrongToken = new URL(rpcUrl);
    wrongToken.searchParams.set('token', 'guess');
    expect(await handshake(wrongToken.href)).toBe(401);
    expect(await handshake(rpcUrl.href, { Origin: 'https://evil.example' })).toBe(403);
    expect(await handshake(rpcUrl.href, { Host: `evil.example:${host.port}` })).toBe(403);
    expect(await handshake(rpcUrl.href, { Origin: new URL(host.url).origin })).toBe(101);
  });

  it('refuses a missing token, an opaque origin, another path and a foreign Host for the page itself', async () => {
    const noToken = new URL(rpcUrl);
    noToken.searchParams.delete('token');
    expect(await handshake(noToken.href)).toBe(401);
    expect(await handshake(rpcUrl.href, { Origin: 'null' })).toBe(403);
    expect(await handshake(rpcUrl.href, { Origin: `http://localhost.evil.example:${host.port}` })).toBe(403);
    const otherPath = new URL(rpcUrl);
    otherPath.pathname = '/socket';
    expect(await handshake(otherPath.href)).toBe(404);
    const page = await rawGet('/', `evil.example:${host.port}`);
    expect(page).toEqual({ status: 403, body: 'Forbidden: unexpected Host header' });
  });

  it('never writes its token to the console, whoever knocks', async () => {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) => {
      const original = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => (written.push(String(chunk)), original(chunk, ...rest))) as typeof stream.write;
      return () => void (stream.write = original);
    };
    const restore = [capture(process.stdout), capture(process.stderr)];
    try {
      const wrongToken = new URL(rpcUrl);
      wrongToken.searchParams.set('token', 'guess');
      await handshake(wrongToken.href);
      await handshake(rpcUrl.href, { Origin: 'https://evil.example' });
      await handshake(rpcUrl.href);
    } finally {
      restore.forEach((undo) => undo());
    }
    expect(written.filter((line) => line.includes(rpcUrl.searchParams.get('token')!))).toEqual([]);
  });
});
