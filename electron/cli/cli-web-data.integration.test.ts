// `patchbay web --data-dir` (as the e2e harness starts it): a send through its WebSocket contract
// lands in the folder's history.jsonl, a draft in its drafts.json, and the harness removes the
// folder when it stops the host.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RpcClient } from '../../shared/rpc';
import { call, openReadyConnection, webSocketRpc } from '../bench/engine-rpc';
import { fixtureServices } from '../test-support/fixture-services';
import type { WebHost } from '../test-support/web-host';
import { startWebHost } from '../test-support/web-host';

const nest12 = fixtureServices().nest['12'].tcp;

describe('patchbay web with a data folder', () => {
  let host: WebHost;
  let socket: { rpc: RpcClient; close(): void };
  beforeAll(async () => {
    host = await startWebHost(join(process.cwd(), 'dist/node/cli.js'));
    socket = await webSocketRpc(host.url);
  });
  afterAll(async () => {
    socket?.close();
    await host?.stop();
  });

  it('keeps history and drafts in the folder it was given', async () => {
    const connectionId = await openReadyConnection(socket.rpc, 'nest12', { kind: 'tcp', host: '127.0.0.1', port: nest12.port });
    expect((await call(socket.rpc, 'message.send', { connectionId, pattern: { cmd: 'sum' }, data: [2, 3] })).values).toEqual([5]);
    expect(await call(socket.rpc, 'drafts.save', { key: 'composer', value: { pattern: 'users.get' } })).toBeNull();

    // Drafts are on disk when the save answers; history is written behind, within a few ms.
    expect(JSON.parse(await readFile(join(host.dataDir, 'drafts.json'), 'utf8'))).toEqual({ composer: { pattern: 'users.get' } });
    const historyLines = async () => (await readFile(join(host.dataDir, 'history.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
    await vi.waitFor(async () => expect(await historyLines()).toHaveLength(1), { timeout: 5_000, interval: 10 });
    expect(JSON.parse((await historyLines())[0]!)).toEqual({
      id: expect.any(String),
      at: expect.any(Number),
      kind: 'send',
      connection: { name: 'nest12', url: `tcp://127.0.0.1:${nest12.port}` },
      pattern: { cmd: 'sum' },
      data: [2, 3],
      outcome: { status: 'ok', durationMs: expect.any(Number), summary: '5' },
    });
    expect((await call(socket.rpc, 'history.list', { limit: 10 })).total).toBe(1);
  });

  it('leaves nothing behind once stopped', async () => {
    socket.close();
    await host.stop();
    await expect(access(host.dataDir)).rejects.toThrow(/ENOENT/);
  });
});
