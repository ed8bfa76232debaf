// Starts the built `patchbay web --port 0` (the engine and the headless host in one process) and
// waits for the line with its address: the end-to-end tests and the UI benchmark both drive it.
// Each host gets a fresh data folder (history, drafts), removed on stop, so runs never share them.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type WebHost = {
  /** The address `patchbay web` printed, with its `?rpc=` WebSocket URL and token. */
  url: string;
  pid: number;
  /** Its own temporary data folder (history.jsonl, drafts.json), removed by `stop`. */
  dataDir: string;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone and its data folder removed. */
  stop(): Promise<void>;
};

export async function startWebHost(cliPath: string, cwd?: string): Promise<WebHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-web-data-'));
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  const child = spawn(process.execPath, [cliPath, 'web', '--port', '0', '--data-dir', dataDir], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`patchbay web printed no address within 15 s. Output so far:\n${output}`)), 15_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Patchbay is running at (http:\/\/127\.0\.0\.1:\d+\/\?rpc=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => fail(new Error(`patchbay web exited (${signal ?? `code ${code}`}) before printing its address. Output:\n${output}`)));
    child.once('error', (error) => fail(error));
  }).catch(async (error: unknown) => {
    // A process that never started (spawn error) never exits either.
    if (child.pid !== undefined) await exited;
    await removeDataDir();
    throw error;
  });
  return {
    url,
    pid: child.pid!,
    dataDir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killTimer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(killTimer);
      }
      await removeDataDir();
    },
  };
}
