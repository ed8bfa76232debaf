// The built CLI against TCP peers that break Nest framing: each failure is printed in words, with
// exit code 3 (the service's fault) or 2 (a flag that cannot apply); the mock drops a bad client,
// says so on stderr, and goes on serving.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { patchbay } from '../test-support/run-cli';
import { startHostilePeer } from '../test-support/hostile-peer';

const CLI = join(process.cwd(), 'dist/node/cli.js');


describe('patchbay send against a misbehaving TCP service', () => {
  const peers: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(peers.map((peer) => peer.close()));
  });
  const peer = async (reply: string) => {
    const started = await startHostilePeer(reply);
    peers.push(started);
    return started.port;
  };

  it('names an HTTP server and exits 3', async () => {
    const port = await peer('HTTP/1.1 400 Bad Request\r\n\r\n');
    expect(await patchbay(['send', `tcp://127.0.0.1:${port}`, 'ping'])).toEqual({
      code: 3,
      stdout: '',
      stderr: `patchbay: tcp://127.0.0.1:${port} is not a Nest TCP microservice: it answered in HTTP ("HTTP/1.1 400 Bad Request\\r\\n\\r\\n"). Point the connection at the port of the service's TCP transport (Transport.TCP, 3000 by default), not at its HTTP server.\n`,
    });
  });

  it('refuses a frame over --max-frame and exits 3', async () => {
    const port = await peer('2000000#{"response":');
    expect(await patchbay(['send', `tcp://127.0.0.1:${port}`, 'ping', '--max-frame', '1'])).toEqual({
      code: 3,
      stdout: '',
      stderr: `patchbay: tcp://127.0.0.1:${port} announced a frame of 2000000 characters, more than the 1 MiB maximum (1048576 characters), and it was refused before being read. If the service really sends messages this large, raise the connection's max frame size (maxFrameMiB); otherwise it is not a Nest TCP microservice.\n`,
    });
  });

  it('says how much of a frame came before the timeout, with --json too', async () => {
    const port = await peer('50#{"response":"par');
    const run = await patchbay(['send', `tcp://127.0.0.1:${port}`, 'ping', '--timeout', '300', '--json']);
    expect(run.code).toBe(3);
    const line = JSON.parse(run.stdout) as { ok: boolean; failure: unknown };
    expect(line.ok).toBe(false);
    expect(line.failure).toEqual({
      code: 'timeout',
      message: `Timed out after 300 ms waiting for a reply to ping: tcp://127.0.0.1:${port} sent 16 of the 50 characters of a frame and then nothing. The service stalled in the middle of a reply; check it, or raise the request timeout if it is only slow.`,
    });
  });

  it('rejects --max-frame for a transport without frames, and a bad value, with exit 2', async () => {
    expect(await patchbay(['send', 'redis://127.0.0.1:6379', 'ping', '--max-frame', '8'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'patchbay: --max-frame applies to TCP targets (tcp:// and tcp+tls://) only; redis has no Nest TCP frames to limit. Leave it out.\n',
    });
    expect(await patchbay(['send', 'tcp://127.0.0.1:1', 'ping', '--max-frame', '1000'])).toEqual({ code: 2, stdout: '', stderr: 'patchbay: --max-frame: Max frame size can be at most 256 MiB\n' });
  });
});

describe('patchbay mock against a misbehaving client', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-hostile-mock-'));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ rules: [{ pattern: 'ping', reply: { value: 'pong' } }] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('drops a client over --max-frame, says so on stderr, and serves the next one', async () => {
    const child = spawn(process.execPath, [CLI, 'mock', 'tcp://127.0.0.1:0', '--rules', join(dir, 'rules.json'), '--max-frame', '0.001'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      await vi.waitFor(() => expect(stderr).toMatch(/Mock serving on tcp:\/\/127\.0\.0\.1:\d+/), { timeout: 10_000, interval: 50 });
      const port = Number(/Mock serving on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1]);
      const client = await new Promise<string>((resolve) => {
        let self = '';
        const socket = net.connect({ host: '127.0.0.1', port }, () => {
          self = `${socket.localAddress}:${socket.localPort}`;
          socket.write('5000#{"pattern":');
        });
        socket.on('close', () => resolve(self));
        socket.on('error', () => {});
        socket.resume();
      });
      await vi.waitFor(() => expect(stderr).toContain(`The client ${client} announced`), { timeout: 5_000, interval: 20 });
      expect(stderr).toContain(
        `patchbay: The client ${client} announced a frame of 5000 characters, more than the 0.001 MiB maximum (1048 characters), and it was refused before being read. If the client really sends messages this large, raise the mock's max frame size (maxFrameMiB); otherwise it is not a Nest TCP client. The mock dropped this client and goes on serving the others.\n`,
      );
      expect(await patchbay(['send', `tcp://127.0.0.1:${port}`, 'ping'])).toEqual({ code: 0, stdout: '"pong"\n', stderr: '' });
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});
