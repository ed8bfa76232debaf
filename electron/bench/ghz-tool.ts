// ghz, the gRPC load tool the load runner is compared with. Found on PATCHBAY_GHZ, on PATH, or in
// the suite's cache; otherwise installed there from the Go module proxy (`go install`, about two
// minutes the first time). Without Go or the proxy, the benchmark says so instead of skipping.
import { execFile, type ExecFileException } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import { repoPath } from './repo-paths';

export const GHZ_MODULE = 'github.com/bojand/ghz/cmd/ghz@v0.93.0';
const CACHE_BIN = repoPath('node_modules/.cache/patchbay-bench/bin');
const INSTALL_TIMEOUT_MS = 6 * 60_000;

const run = (file: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }) =>
  new Promise<{ code: number | null; stdout: string; stderr: string; error?: ExecFileException }>((resolve) => {
    execFile(file, args, { env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr, error: error ?? undefined }),
    );
  });

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

/** The ghz binary to use, installing it into the cache when it is nowhere to be found. */
export async function ensureGhz(log: (line: string) => void): Promise<Result<{ path: string; installedNow: boolean; installSeconds?: number }>> {
  const known = process.env.PATCHBAY_GHZ ?? findOnPath('ghz') ?? (existsSync(join(CACHE_BIN, 'ghz')) ? join(CACHE_BIN, 'ghz') : undefined);
  if (known) return ok({ path: known, installedNow: false });
  const go = findOnPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) return fail('go-missing', `ghz is not installed and Go is not available to install it: install Go (https://go.dev/dl/) and rerun, or put ghz on PATH, or set PATCHBAY_GHZ to its path.`);
  mkdirSync(CACHE_BIN, { recursive: true });
  log(`installing ${GHZ_MODULE} into ${CACHE_BIN} (go install; about two minutes the first time)`);
  const begin = performance.now();
  const installed = await run(go, ['install', GHZ_MODULE], { env: { ...process.env, GOBIN: CACHE_BIN }, timeoutMs: INSTALL_TIMEOUT_MS });
  if (installed.code !== 0 || !existsSync(join(CACHE_BIN, 'ghz'))) {
    const why = installed.error?.killed ? `it did not finish within ${INSTALL_TIMEOUT_MS / 60_000} minutes` : installed.stderr.trim().split('\n').slice(-3).join(' ') || `exit ${installed.code}`;
    return fail('ghz-install-failed', `Could not install ghz with \`go install ${GHZ_MODULE}\`: ${why}. Check that the Go module proxy (GOPROXY, default proxy.golang.org) is reachable, or put ghz on PATH / set PATCHBAY_GHZ.`);
  }
  return ok({ path: join(CACHE_BIN, 'ghz'), installedNow: true, installSeconds: (performance.now() - begin) / 1_000 });
}

export type GhzPlan = { ghz: string; address: string; protoPath: string; call: string; data: unknown; concurrency: number; requests: number };
export type GhzFigures = { requestsPerSecond: number; count: number; errors: number };

/** One ghz run over one connection (ghz's default), like the load runner. */
export async function runGhz({ ghz, address, protoPath, call, data, concurrency, requests }: GhzPlan): Promise<GhzFigures> {
  const args = ['--insecure', '--proto', protoPath, '--call', call, '-d', JSON.stringify(data), '-c', String(concurrency), '-n', String(requests), '--connections', '1', '--format', 'json', address];
  const result = await run(ghz, args, { timeoutMs: 180_000 });
  let report: { rps?: number; count?: number; errorDistribution?: Record<string, number> };
  try {
    report = JSON.parse(result.stdout) as typeof report;
  } catch {
    throw new Error(`ghz printed no JSON report (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 400)}`);
  }
  if (typeof report.rps !== 'number') throw new Error(`ghz's report has no rps: ${result.stdout.slice(0, 300)}`);
  const errors = Object.values(report.errorDistribution ?? {}).reduce((sum, count) => sum + count, 0);
  return { requestsPerSecond: report.rps, count: report.count ?? 0, errors };
}
