// The subject side of the comparisons: `patchbay bench … --json` from the built CLI, a process of
// its own like the anchor's. It prints one line, the LoadReport of shared/load.ts.
import { spawn } from 'node:child_process';
import { loadReportSchema, type LoadReport } from '../../shared/load';
import { CLI_PATH } from './repo-paths';

/** `warmup`: requests sent first and not counted, as the anchor's warm-up run (the CLI starts cold each time). */
export type CliBenchPlan = { target: string; pattern: string; data: string; concurrency: number; requests: number; warmup?: number };

export async function runPatchbayBench({ target, pattern, data, concurrency, requests, warmup }: CliBenchPlan, timeoutMs = 180_000): Promise<LoadReport> {
  const args = [CLI_PATH, 'bench', target, pattern, data, '--concurrency', String(concurrency), '--requests', String(requests), ...(warmup ? ['--warmup', String(warmup)] : []), '--json'];
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ code: exitCode, stdout: out, stderr: err });
    });
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`patchbay bench ${target} ${pattern} printed no JSON report (exit ${code}): ${(stderr || stdout).trim().slice(0, 500) || 'no output'}`);
  }
  const report = loadReportSchema.safeParse(parsed);
  if (!report.success) throw new Error(`patchbay bench printed a line that is not a LoadReport: ${line.slice(0, 300)}`);
  if (report.data.status !== 'completed') throw new Error(`patchbay bench ${target} ended ${report.data.status}: ${report.data.failure?.message ?? 'no reason given'}`);
  return report.data;
}

/** Undefined when the built CLI has `bench`; otherwise why the comparisons cannot run. */
export async function missingBenchCommand(): Promise<string | undefined> {
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, 'bench', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('close', (exitCode) => resolve({ code: exitCode, output: text }));
    child.on('error', (error) => resolve({ code: null, output: error.message }));
  });
  if (code === 0 && output.includes('--concurrency')) return undefined;
  return `the built CLI (${CLI_PATH}) has no \`patchbay bench\` command (\`bench --help\` exited ${code}: ${output.trim().split('\n')[0] ?? ''}). Build it with \`npm run build\` once electron/cli has the command.`;
}
