// `patchbay web --port 0` from the build, as the end-to-end tests start it: the engine and the
// headless host in one process, whose resident memory the UI benchmark watches.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { CLI_PATH } from './repo-paths';

export type WebEngine = { url: string; pid: number; stop(): Promise<void> };

export async function startWebEngine(): Promise<WebEngine> {
  const child = spawn(process.execPath, [CLI_PATH, 'web', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`patchbay web printed no address within 15 s: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Patchbay is running at (http:\/\/127\.0\.0\.1:\d+\/\?rpc=\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => reject(new Error(`patchbay web exited before printing its address: ${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory of a process in MB (VmRSS in /proc/<pid>/status, which counts KiB); undefined once it is gone. */
export function residentMB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? (Number(match[1]) * 1024) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's resident memory until stopped; returns the peak. */
export function watchResidentMemory(pid: number, intervalMs = 250): { peakMB(): number; stop(): void } {
  let peak = residentMB(pid) ?? 0;
  const timer = setInterval(() => (peak = Math.max(peak, residentMB(pid) ?? 0)), intervalMs);
  return { peakMB: () => peak, stop: () => clearInterval(timer) };
}
