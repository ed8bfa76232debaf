// `npm run bench:soak -- --minutes 60`: the soak of issue 8. Mixed traffic at a steady rate for
// the whole run against one engine (a child process behind the headless host), sampled every
// `sampleSeconds`; then the verdict (soak-verdict.ts): no growth in memory or handles beyond the
// traffic log's bound. Writes soak.json (every sample, rewritten as it goes, so a run that dies
// still leaves its data) and soak.md to `out`, and the section of docs/benchmarks.md when asked.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webSocketRpc } from './engine-rpc';
import { describeMachine } from './machine';
import { renderTable } from './report';
import { startSoakEngine, type EngineSample } from './soak-engine';
import { formatClock, formatMB, METRIC_COLUMNS, metricRows, renderSoakSection, withSoakSection, type SoakResult } from './soak-report';
import { setUpMixedTraffic, startTrafficDriver, type MixedTraffic, type TrafficDriver } from './soak-traffic';
import { countHandles, countTimers, judgeSoak, type SoakSample } from './soak-verdict';
import { startNestService } from '../../fixtures/nest/start.mjs';
import { startBenchService, type Brokers } from './services';
import { formatNumber } from './stats';

export type SoakOptions = {
  minutes: number;
  sampleSeconds: number;
  ratePerSecond: number;
  maxInFlight: number;
  trafficEntries: number;
  out: string;
  /** docs/benchmarks.md to update, or undefined to leave it alone. */
  record: string | undefined;
  /** A folder for two heap snapshots of the engine, at the warm-up's end and at the end, to compare when memory grows. */
  heapSnapshots?: string;
  log: (line: string) => void;
};

/** Samples every this often by default: 30 s, or often enough for about 60 samples in a short run. */
export const defaultSampleSeconds = (minutes: number) => Math.min(30, Math.max(1, Math.round(minutes)));

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const { minutes, sampleSeconds, ratePerSecond, maxInFlight, trafficEntries, out, record, heapSnapshots, log } = options;
  mkdirSync(out, { recursive: true });
  if (heapSnapshots) mkdirSync(heapSnapshots, { recursive: true });
  const brokers = optionalRigBrokers();
  log(`starting the Nest 12 fixture service on ${brokers ? 'TCP, Redis, RabbitMQ, Kafka and gRPC' : 'TCP and gRPC (no broker rig: run inside fixtures/with-services.mjs without --no-brokers for Redis, RabbitMQ and Kafka)'}`);
  const service = brokers ? await startBenchService(brokers) : await startNestService({ major: 12, tcp: { port: 0 }, grpc: { port: 0 }, readyTimeoutMs: 120_000 });
  const engine = await startSoakEngine({ trafficEntries });
  let engineGone: string | undefined;
  void engine.exited.then((code) => (engineGone = `the engine process exited (code ${code})`));
  if (!engine.gcExposed) log('warning: the engine has no gc(); heap figures will include garbage');
  const { rpc, close } = await webSocketRpc(engine.url);
  let entriesDelivered = 0;
  let batchesDelivered = 0;
  const stopCounting = rpc.on('traffic.appended', ({ entries }) => {
    entriesDelivered += entries.length;
    batchesDelivered++;
  });

  const samples: SoakSample[] = [];
  let traffic: MixedTraffic | undefined;
  let driver: TrafficDriver | undefined;
  const sent = () => driver?.sent() ?? 0;
  let snapshotted = false;
  const stamp = (sample: EngineSample, atSeconds: number): SoakSample => ({ ...sample, atSeconds, sent: sent() });
  const result: SoakResult = {
    date: new Date(),
    machine: describeMachine(),
    plannedMinutes: minutes,
    durationSeconds: 0,
    sampleSeconds,
    ratePerSecond,
    maxInFlight,
    trafficEntries,
    gcExposed: engine.gcExposed,
    traffic: [],
    ops: {},
    sent: 0,
    entriesDelivered: 0,
    batchesDelivered: 0,
    idle: { before: stamp(await engine.sample(), 0) },
    samples,
    verdict: judgeSoak([], 1),
  };
  const save = () => {
    result.ops = driver?.counts() ?? {};
    result.sent = sent();
    result.entriesDelivered = entriesDelivered;
    result.batchesDelivered = batchesDelivered;
    writeFileSync(join(out, 'soak.json'), `${JSON.stringify(result, null, 1)}\n`);
  };

  try {
    traffic = await setUpMixedTraffic(rpc, { service, brokers, log });
    result.traffic = traffic.describe;
    const durationMs = minutes * 60_000;
    log(`mixed traffic at ${ratePerSecond}/s for ${minutes} min, a sample every ${sampleSeconds} s; results in ${out}`);
    driver = startTrafficDriver({ ops: traffic.ops, ratePerSecond, maxInFlight });
    const begin = performance.now();
    const elapsedSeconds = () => (performance.now() - begin) / 1_000;
    for (let next = 0; ; next += sampleSeconds) {
      const wait = begin + next * 1_000 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (engineGone) throw new Error(engineGone);
      const sample = stamp(await engine.sample(), elapsedSeconds());
      samples.push(sample);
      save();
      if (heapSnapshots && !snapshotted && sample.logEntries >= trafficEntries && sample.atSeconds >= durationMs / 10_000) {
        snapshotted = true;
        log(`heap snapshot (warm): ${await engine.snapshot(join(heapSnapshots, 'soak-warm.heapsnapshot'))}`);
      }
      const failed = Object.values(driver.counts()).reduce((sum, counts) => sum + counts.failed, 0);
      log(`${formatClock(sample.atSeconds)}  rss ${formatMB(sample.rssBytes)}  heap ${formatMB(sample.heapUsedBytes)}  ext ${formatMB(sample.externalBytes)}  handles ${countHandles(sample.resources)}  timers ${countTimers(sample.resources)}  fds ${sample.openFds}  log ${formatNumber(sample.logEntries)} (+${formatNumber(sample.logEvicted)} evicted)  sent ${formatNumber(sample.sent)}  failed ${failed}`);
      if ((next + sampleSeconds) * 1_000 > durationMs) break;
      // After a stall (a heap snapshot, a starved machine) the next sample is the next slot ahead, not a burst of late ones.
      next = Math.max(next, Math.floor(elapsedSeconds() / sampleSeconds) * sampleSeconds);
    }
    result.durationSeconds = elapsedSeconds();
    if (heapSnapshots) log(`heap snapshot (end): ${await engine.snapshot(join(heapSnapshots, 'soak-end.heapsnapshot'))}`);
    await driver.stop();
  } catch (error) {
    result.aborted = (error as Error).message;
    log(`soak stopped early: ${result.aborted}`);
    await driver?.stop();
    result.durationSeconds = samples.at(-1)?.atSeconds ?? 0;
  } finally {
    await traffic?.close().catch(() => {});
  }

  try {
    // Idle again: whatever the soak opened is closed; handles should be back where they began.
    // Sockets take a moment to finish closing, so this waits (up to 10 s) for the count to come back.
    for (let attempt = 0; !engineGone && attempt < 20; attempt++) {
      result.idle.after = stamp(await engine.sample(), result.durationSeconds);
      if (countHandles(result.idle.after.resources) <= countHandles(result.idle.before.resources)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    stopCounting();
    close();
    await engine.stop();
    await service.stop();
  }

  save();
  return finishSoak(result, { out, record, log });
}

/** Judges the samples, writes soak.json and soak.md, and the section of the document when asked. */
function finishSoak(result: SoakResult, { out, record, log }: Pick<SoakOptions, 'out' | 'record' | 'log'>): SoakResult {
  result.verdict = judgeSoak(result.samples, result.durationSeconds);
  if (result.aborted && result.verdict.verdict === 'PASS') result.verdict = { ...result.verdict, verdict: 'FAIL', reasons: [`stopped early: ${result.aborted}`] };
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'soak.json'), `${JSON.stringify(result, null, 1)}\n`);
  const section = renderSoakSection(result);
  writeFileSync(join(out, 'soak.md'), section);
  if (record) {
    writeFileSync(record, withSoakSection(readFileSync(record, 'utf8'), section));
    log(`recorded in ${record}`);
  }
  printSummary(result, log);
  return result;
}

/** Judges and writes again from a run's soak.json (`--from`): a changed report or tolerance needs no new hour. */
export function reportSavedSoak(file: string, options: Pick<SoakOptions, 'out' | 'record' | 'log'>): SoakResult {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as SoakResult & { date: string };
  const result: SoakResult = { ...saved, date: new Date(saved.date) };
  // A file written mid-run (the run was killed) has samples but no duration yet.
  const lastAt = saved.samples.at(-1)?.atSeconds ?? 0;
  if (result.durationSeconds === 0 && lastAt > 0) Object.assign(result, { durationSeconds: lastAt, aborted: result.aborted ?? `the run ended after ${formatClock(lastAt)} of the ${result.plannedMinutes} minutes planned` });
  return finishSoak(result, options);
}

/** The rig's brokers when fixtures/with-services.mjs started them; without them the soak runs on TCP, gRPC and the mock only. */
function optionalRigBrokers(): Brokers | undefined {
  const raw = process.env.PATCHBAY_FIXTURES;
  return raw ? (JSON.parse(raw) as { brokers?: Brokers }).brokers : undefined;
}

function printSummary(result: SoakResult, log: (line: string) => void): void {
  const { verdict } = result;
  log(`verdict: ${verdict.verdict}${verdict.reasons.length ? ` — ${verdict.reasons.join('; ')}` : ''}`);
  process.stdout.write(`\n${renderTable(METRIC_COLUMNS, metricRows(verdict)).join('\n')}\n\n`);
  const totals = Object.values(result.ops).reduce((sum, counts) => ({ ok: sum.ok + counts.ok, failed: sum.failed + counts.failed, skipped: sum.skipped + counts.skipped }), { ok: 0, failed: 0, skipped: 0 });
  process.stdout.write(`sent ${formatNumber(result.sent)} in ${formatNumber(result.durationSeconds)} s: ${formatNumber(totals.ok)} as expected, ${formatNumber(totals.failed)} failed, ${formatNumber(totals.skipped)} skipped\n`);
}
