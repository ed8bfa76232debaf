// The soak's engine: one engine behind the headless host, as `patchbay web` runs it, in a child
// process of its own started with --expose-gc, so a sample can force a full collection first and
// count what is still reachable. The parent drives it over the host's WebSocket (the contract,
// with its event batching, as the UI would) and asks for a sample by writing a line on stdin; the
// child answers with one JSON line on stdout. stdin closing is its signal to shut down.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { createEngine, type Engine } from '../core/engine';
import { startHeadlessHost } from '../headless/host';
import { benchScript, CHILD_CONFIG_VARIABLE, childConfig, writeLine } from './child-process';
import { repoPath } from './repo-paths';
import type { SoakSample } from './soak-verdict';

export type SoakEnginePlan = { trafficEntries: number };
/** What the child measures; the parent adds the time and its own counts. */
export type EngineSample = Omit<SoakSample, 'atSeconds' | 'sent'>;

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1; // not Linux: no /proc
  }
}

function sampleEngine(engine: Engine, trafficEntries: number): EngineSample {
  // Twice: the first pass may only queue finalizers whose memory the second frees.
  globalThis.gc?.();
  globalThis.gc?.();
  const memory = process.memoryUsage();
  const resources: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
  const log = engine.traffic;
  let logBodyBytes = 0;
  for (let ordinal = log.firstOrdinal; ordinal < log.nextOrdinal; ordinal++) {
    const entry = log.atOrdinal(ordinal);
    logBodyBytes += (entry.bodyPreview.length + (entry.bodyTruncated ? (log.keptBody(entry.seq)?.length ?? 0) : 0)) * 2;
  }
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
    arrayBuffersBytes: memory.arrayBuffers,
    heapSpaces: Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, space.space_used_size])),
    resources,
    openFds: openFds(),
    logEntries: log.nextOrdinal - log.firstOrdinal,
    logCapacity: trafficEntries,
    logEvicted: log.evictedCount,
    logBodyBytes,
  };
}

/** Child role: the engine and its host; prints `{url, pid, gc}` first, then answers each line read: `sample`, or `snapshot <file>` (a heap snapshot, after a full GC). */
export async function soakEngineRole(): Promise<void> {
  const { trafficEntries } = childConfig<SoakEnginePlan>();
  const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-soak-data-'));
  const engine = createEngine({ trafficCapacity: trafficEntries, dataDir });
  const host = await startHeadlessHost({ engine, rendererDir: repoPath('dist/renderer') });
  await writeLine({ url: host.url, pid: process.pid, gc: typeof globalThis.gc === 'function' });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [command, argument] = line.trim().split(/ (.*)/s);
    if (command === 'sample') void writeLine(sampleEngine(engine, trafficEntries));
    if (command === 'snapshot' && argument) {
      globalThis.gc?.();
      void writeLine({ file: writeHeapSnapshot(argument) });
    }
  });
  lines.once('close', () => {
    void (async () => {
      await host.close();
      await engine.close();
      await rm(dataDir, { recursive: true, force: true });
      process.exit(0);
    })();
  });
}

export type SoakEngine = {
  url: string;
  pid: number;
  gcExposed: boolean;
  sample(): Promise<EngineSample>;
  /** Writes a heap snapshot of the engine (for Chrome DevTools' Memory panel, to compare two of them). */
  snapshot(file: string): Promise<string>;
  stop(): Promise<void>;
  exited: Promise<number | null>;
};

/** Starts the engine child; `sample` asks for one sample and waits for it. */
export async function startSoakEngine(plan: SoakEnginePlan, readyTimeoutMs = 30_000): Promise<SoakEngine> {
  const child = spawn(process.execPath, ['--expose-gc', benchScript(), 'child', 'soak-engine'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, [CHILD_CONFIG_VARIABLE]: JSON.stringify(plan) },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-8_000)));
  child.stdin.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  const queued: string[] = [];
  lines.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queued.push(line);
  });
  const nextLine = (timeoutMs: number, what: string) =>
    new Promise<string>((resolve, reject) => {
      const ready = queued.shift();
      if (ready !== undefined) return resolve(ready);
      const timer = setTimeout(() => reject(new Error(`soak engine gave no ${what} within ${timeoutMs} ms: ${stderr.trim() || 'no output'}`)), timeoutMs);
      const taker = (line: string) => (clearTimeout(timer), resolve(line));
      waiting.push(taker);
      void exited.then((code) => {
        const index = waiting.indexOf(taker);
        if (index < 0) return;
        waiting.splice(index, 1);
        clearTimeout(timer);
        reject(new Error(`soak engine exited (${code}) before its ${what}: ${stderr.trim() || 'no output'}`));
      });
    });
  const hello = JSON.parse(await nextLine(readyTimeoutMs, 'address')) as { url: string; pid: number; gc: boolean };
  return {
    url: hello.url,
    pid: hello.pid,
    gcExposed: hello.gc,
    exited,
    async sample() {
      child.stdin.write('sample\n');
      return JSON.parse(await nextLine(30_000, 'sample')) as EngineSample;
    },
    async snapshot(file) {
      child.stdin.write(`snapshot ${file}\n`);
      return (JSON.parse(await nextLine(900_000, 'heap snapshot')) as { file: string }).file;
    },
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
