// Runs the built `patchbay` command (dist/node/cli.js) and collects what it printed.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(process.cwd(), 'dist/node/cli.js');

export type CliRun = { code: number | null; stdout: string; stderr: string };

export function patchbay(args: string[], stdin = ''): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
