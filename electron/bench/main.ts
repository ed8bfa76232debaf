// `npm run bench`: the benchmark suite of issue 5, run inside fixtures/with-services.mjs (which
// starts the broker rig). Writes docs/benchmarks.md. The same bundle also runs the suite's child
// processes (`bench.js child <role>`): anchors, servers and producers.
//
// PATCHBAY_BENCH_ROUNDS (default 5) sets the rounds, PATCHBAY_BENCH_SCALE (default 1) scales the
// request counts, PATCHBAY_BENCH_ONLY=1,3 runs some benchmarks only, PATCHBAY_BENCH_OUT moves the
// report, PATCHBAY_GHZ points at a ghz binary.
//
// `bench.js soak [--minutes 60] …` (`npm run bench:soak`) runs the soak of issue 8 instead: see soak.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { echoClientRole, echoServerRole } from './echo-floor';
import { engineVsNest } from './engine-vs-nest';
import { grpcClientRole } from './grpc-anchor';
import { describeMachine } from './machine';
import { missingBenchCommand } from './patchbay-cli';
import { kafkaProduceRole, redisPublishRole } from './producers';
import { renderReport, type BenchSection } from './report';
import { repoPath } from './repo-paths';
import { runnerVsGhz } from './runner-vs-ghz';
import { rigBrokers, startBenchService } from './services';
import { defaultSampleSeconds, reportSavedSoak, runSoak } from './soak';
import { soakEngineRole } from './soak-engine';
import { soakSectionOf } from './soak-report';
import { tapIngest } from './tap-ingest';
import { uiUnderLoad } from './ui-under-load';

const childRoles: Record<string, () => Promise<void>> = {
  'echo-server': echoServerRole,
  'echo-client': echoClientRole,
  'grpc-client': grpcClientRole,
  'redis-publish': redisPublishRole,
  'kafka-produce': kafkaProduceRole,
  'soak-engine': soakEngineRole,
};

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

async function runSuite(): Promise<void> {
  const begin = performance.now();
  const rounds = Math.round(positiveNumber('PATCHBAY_BENCH_ROUNDS', 5));
  const scale = positiveNumber('PATCHBAY_BENCH_SCALE', 1);
  const only = new Set((process.env.PATCHBAY_BENCH_ONLY ?? '1,2,3,4').split(',').map((part) => part.trim()));
  const output = process.env.PATCHBAY_BENCH_OUT ?? repoPath('docs/benchmarks.md');
  const brokers = rigBrokers();
  const benchMissing = await missingBenchCommand();
  if (benchMissing) log(`comparisons with the load runner cannot run: ${benchMissing}`);

  log('starting the Nest 12 fixture service on TCP, Redis, RabbitMQ, Kafka and gRPC');
  const service = await startBenchService(brokers);
  const sections: BenchSection[] = [];
  try {
    if (only.has('1')) sections.push(await engineVsNest({ rounds, service, brokers, scale, log, benchMissing }));
    if (only.has('2')) sections.push(await uiUnderLoad({ brokers, log }));
    if (only.has('3')) sections.push(await tapIngest({ brokers, rounds, scale, log }));
    if (only.has('4')) sections.push(await runnerVsGhz({ rounds, service, scale, log, benchMissing }));
  } finally {
    await service.stop();
  }

  const method = [
    `Every comparison runs its two sides in processes of their own against the same Nest 12 fixture service on the broker rig (fixtures/with-services.mjs): Patchbay as \`node dist/node/cli.js bench … --json\`, the anchor as a Nest ClientProxy (fixtures/nest/client-process.mjs, send loop inside that process) or a grpc-js client. A Nest anchor process does one warm-up run first and lives through all rounds, except on Kafka, where a live Nest client would also read Patchbay's replies from the reply topic they share: there, as for each CLI run and each grpc-js anchor run, every run is a fresh process that first sends uncounted warm-up requests (\`--warmup\` for the CLI): half a throughput run's count, five times a sequential run's.`,
    ...(scale === 1 ? [] : [`Request and message counts scaled by ${scale} (PATCHBAY_BENCH_SCALE) from the suite's defaults.`]),
    `${rounds} rounds; anchor and subject take turns (A S, then S A, …). Figures are medians over the rounds; ratios are the median of the per-round ratios (Patchbay / anchor).`,
    'Both sides bound each request with a timeout (Nest: rxjs `timeout`, 10 s; Patchbay: its per-request timeout); failed requests count in the figures and are noted.',
    'Latency percentiles come from electron/core/metrics/latency-recorder.ts (HDR histogram, 3 significant digits) for every side.',
    'The machine may be shared: numbers from a busy machine are noisy; rerun `npm run bench` on a quiet one for the record.',
  ];
  const report = renderReport({ date: new Date(), machine: describeMachine(), method, sections, totalSeconds: (performance.now() - begin) / 1_000 });
  // The soak is a script of its own (an hour long); its section survives the suite's rewrite.
  const soakSection = existsSync(output) ? soakSectionOf(readFileSync(output, 'utf8')) : undefined;
  writeFileSync(output, soakSection ? `${report}\n${soakSection}` : report);
  log(`wrote ${output} in ${Math.round((performance.now() - begin) / 1_000)} s`);
}

function soakOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

async function runSoakCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      minutes: { type: 'string' },
      'sample-seconds': { type: 'string' },
      rate: { type: 'string' },
      'max-in-flight': { type: 'string' },
      'traffic-entries': { type: 'string' },
      out: { type: 'string' },
      'heap-snapshots': { type: 'string' },
      from: { type: 'string' },
      record: { type: 'boolean' },
      'no-record': { type: 'boolean' },
    },
  });
  const minutes = soakOption('minutes', values.minutes, 60);
  // A full hour is the record of issue 8; shorter runs are checks and leave the document alone unless asked.
  const record = values['no-record'] ? false : (values.record ?? minutes >= 60);
  const recordIn = process.env.PATCHBAY_BENCH_OUT ?? repoPath('docs/benchmarks.md');
  const out = values.out ?? join(tmpdir(), 'patchbay-soak');
  const log = (line: string) => process.stderr.write(`[soak] ${line}\n`);
  if (values.from) {
    // Only a saved run: recorded when asked (--record), since its length is in the file.
    const result = reportSavedSoak(values.from, { out, record: values.record ? recordIn : undefined, log });
    process.exitCode = result.verdict.verdict === 'PASS' ? 0 : 1;
    return;
  }
  const result = await runSoak({
    minutes,
    sampleSeconds: soakOption('sample-seconds', values['sample-seconds'], defaultSampleSeconds(minutes)),
    ratePerSecond: soakOption('rate', values.rate, 200),
    maxInFlight: Math.round(soakOption('max-in-flight', values['max-in-flight'], 200)),
    trafficEntries: Math.round(soakOption('traffic-entries', values['traffic-entries'], 100_000)),
    out,
    heapSnapshots: values['heap-snapshots'],
    record: record ? recordIn : undefined,
    log,
  });
  process.exitCode = result.verdict.verdict === 'PASS' ? 0 : 1;
}

const [mode, role] = process.argv.slice(2);
if (mode === 'soak') {
  await runSoakCommand(process.argv.slice(3));
  process.exit();
} else if (mode === 'child') {
  const run = childRoles[role ?? ''];
  if (!run) throw new Error(`unknown bench child role "${role}"; known: ${Object.keys(childRoles).join(', ')}`);
  await run();
} else {
  await runSuite();
  process.exit(0);
}
