// Starts the built `patchbay web --port 0` (the engine and the headless host in one process) and
// waits for the line with its address: the end-to-end tests and the UI benchmark both drive it.
import { spawn } from 'node:child_process';

export type WebHost = {
  /** The address `patchbay web` printed, with its `?rpc=` WebSocket URL and token. */
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
  stop(): Promise<void>;
};

export async function startWebHost(cliPath: string, cwd?: string): Promise<WebHost> {
  const child = spawn(process.execPath, [cliPath, 'web', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
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
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(killTimer);
    },
  };
}
