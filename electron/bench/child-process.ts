// Anchors, servers and producers run in child processes of the suite (the same bundle, started
// as `bench.js child <role>`), so that each side of a measurement has a process of its own, as
// the Patchbay CLI does. The child gets its config as JSON in an environment variable and
// answers with JSON lines on stdout: a server's first line says where it listens; a task's last
// line is its result.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const CHILD_CONFIG_VARIABLE = 'PATCHBAY_BENCH_CHILD_CONFIG';
/** The bench bundle itself (dist/node/bench.js), which children run with a role. */
export const benchScript = () => fileURLToPath(import.meta.url);

function spawnRole(role: string, config: unknown) {
  const child = spawn(process.execPath, [benchScript(), 'child', role], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, [CHILD_CONFIG_VARIABLE]: JSON.stringify(config) } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4_000)));
  child.stdin.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout });
  return { child, lines, exited, stderr: () => stderr };
}

/** Runs a role to completion and returns its last JSON line. */
export async function runChildTask<T>(role: string, config: unknown, timeoutMs = 120_000): Promise<T> {
  const { child, lines, exited, stderr } = spawnRole(role, config);
  let last: string | undefined;
  lines.on('line', (line) => (last = line));
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited.finally(() => clearTimeout(timer));
  if (code !== 0 || last === undefined) throw new Error(`bench child "${role}" failed (exit ${code ?? 'killed after ' + timeoutMs + ' ms'}): ${stderr().trim() || 'no output'}`);
  return JSON.parse(last) as T;
}

export type ChildServer<T> = { info: T; pid: number; stop(): Promise<void> };

/** Starts a long-lived role; it runs until stopped (its stdin closing is its signal to exit). */
export async function startChildServer<T>(role: string, config: unknown, readyTimeoutMs = 30_000): Promise<ChildServer<T>> {
  const { child, lines, exited, stderr } = spawnRole(role, config);
  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench child "${role}" not ready within ${readyTimeoutMs} ms: ${stderr()}`)), readyTimeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as T);
    });
    void exited.then((code) => reject(new Error(`bench child "${role}" exited (${code}) before it was ready: ${stderr()}`)));
  });
  return {
    info,
    pid: child.pid!,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In a child: its config, and the parent as its lifeline. */
export function childConfig<T>(): T {
  const raw = process.env[CHILD_CONFIG_VARIABLE];
  if (!raw) throw new Error(`${CHILD_CONFIG_VARIABLE} is not set: bench children are started by the suite.`);
  return JSON.parse(raw) as T;
}

export const writeLine = (value: unknown) => new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(value)}\n`, () => resolve()));

export function exitWhenParentGoes(onExit: () => void = () => process.exit(0)): void {
  process.stdin.resume();
  process.stdin.once('end', onExit);
  process.stdin.once('close', onExit);
}
