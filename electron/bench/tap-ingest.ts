// Benchmark 3: how fast a tap puts observed messages into the traffic log. The engine runs in
// this process (as in the CLI or the headless host); a producer in a child process of its own
// feeds it: Redis live (pub/sub has no backlog), Kafka from a backlog written just before, read
// from the earliest offset, which measures what the tap can take rather than what the producer
// can give.
import { randomUUID } from 'node:crypto';
import type { ListenSpecInput } from '../../shared/listen';
import { createEngine } from '../core/engine';
import { runChildTask } from './child-process';
import { inProcessRpc, openReadyConnection, startListening, call } from './engine-rpc';
import type { KafkaProducePlan, ProduceResult, RedisPublishPlan } from './producers';
import type { BenchSection } from './report';
import type { Brokers } from './services';
import { formatNumber, judge, median, shortfall } from './stats';

const GOAL = { kind: 'at-least', value: 20_000 } as const;
/** No new entry for this long: whatever has not arrived is lost. */
const QUIET_MS = 5_000;

type Ingest = { entries: number; entriesPerSecond: number; producerPerSecond: number };

/** Counts what reaches the log, from the first entry to the last, while `feed` runs. */
async function measureIngest(expected: number, target: Parameters<typeof openReadyConnection>[2], spec: ListenSpecInput, feed: () => Promise<ProduceResult>, feedFirst: boolean): Promise<Ingest> {
  const engine = createEngine({ trafficCapacity: 100_000 });
  const { rpc, close } = inProcessRpc(engine);
  let entries = 0;
  let firstAt = 0;
  let lastAt = 0;
  let arrived = () => {};
  const stopCounting = engine.onEvent((event) => {
    if (event.event !== 'traffic.appended') return;
    const now = performance.now();
    if (entries === 0) firstAt = now;
    entries += event.payload.entries.length;
    lastAt = now;
    arrived();
  });
  try {
    const connectionId = await openReadyConnection(rpc, `ingest-${spec.kind}`, target);
    let produced: ProduceResult;
    if (feedFirst) {
      produced = await feed();
      await startListening(rpc, connectionId, spec);
    } else {
      await startListening(rpc, connectionId, spec);
      produced = await feed();
    }
    await new Promise<void>((resolve) => {
      let quiet: NodeJS.Timeout | undefined;
      arrived = () => {
        clearTimeout(quiet);
        if (entries >= expected) return resolve();
        quiet = setTimeout(resolve, QUIET_MS);
      };
      arrived();
    });
    await call(rpc, 'connection.close', { connectionId });
    return { entries, entriesPerSecond: entries > 1 ? ((entries - 1) / (lastAt - firstAt)) * 1_000 : NaN, producerPerSecond: (produced.count / produced.elapsedMs) * 1_000 };
  } finally {
    stopCounting();
    close();
    await engine.close();
  }
}

export async function tapIngest({ brokers, rounds, scale, log }: { brokers: Brokers; rounds: number; scale: number; log: (line: string) => void }): Promise<BenchSection> {
  const count = Math.round(200_000 * scale);
  const section: BenchSection = {
    title: '3. Tap ingest',
    intro: `${formatNumber(count)} Nest events per run into a tap's traffic log (engine in the suite's process, log of 100,000 entries); entries per second from the first entry logged to the last, median of ${rounds} rounds. Redis: a live producer publishing in pipelines of 1,000. Kafka: a backlog produced just before, read from the earliest offset. Goal: ≥ 20,000 entries/s each, none lost.`,
    columns: ['tap', 'goal', 'entries/s (median)', 'logged / sent', 'producer msgs/s', 'verdict'],
    rows: [],
    notes: [],
  };
  const cases: { name: string; run: () => Promise<Ingest> }[] = [
    {
      name: 'Redis tap',
      run: () => {
        const channel = `bench.ingest.${randomUUID().slice(0, 8)}`;
        return measureIngest(
          count,
          { kind: 'redis', host: '127.0.0.1', port: brokers.redis.port },
          { kind: 'redis', channels: [channel], tap: true },
          () => runChildTask<ProduceResult>('redis-publish', { port: brokers.redis.port, channel, firstIndex: 0, count } satisfies RedisPublishPlan),
          false,
        );
      },
    },
    {
      name: 'Kafka tap',
      run: () => {
        const topic = `bench.ingest.${randomUUID().slice(0, 8)}`;
        return measureIngest(
          count,
          { kind: 'kafka', brokers: brokers.kafka.brokers, clientId: 'patchbay-bench' },
          { kind: 'kafka', topics: [topic], from: 'earliest', tap: true },
          () => runChildTask<ProduceResult>('kafka-produce', { brokers: brokers.kafka.brokers, topic, count } satisfies KafkaProducePlan),
          true,
        );
      },
    },
  ];
  for (const { name, run } of cases) {
    try {
      const results: Ingest[] = [];
      for (let round = 0; round < rounds; round++) {
        results.push(await run());
        log(`${name} round ${round + 1}: ${formatNumber(results.at(-1)!.entriesPerSecond)} entries/s, ${results.at(-1)!.entries} of ${count}`);
      }
      const rate = median(results.map((result) => result.entriesPerSecond));
      const lost = results.some((result) => result.entries < count);
      const verdict = lost ? 'missed' : judge(rate, GOAL);
      section.rows.push([name, '≥ 20,000/s', formatNumber(rate), results.map((result) => `${formatNumber(result.entries)} / ${formatNumber(count)}`).join(', '), formatNumber(median(results.map((result) => result.producerPerSecond))), verdict]);
      if (judge(rate, GOAL) === 'missed') section.notes.push(`${name}: ${shortfall(rate, GOAL)} of 20,000 entries/s.`);
      if (lost) section.notes.push(`${name}: entries lost (fewer logged than sent) in ${results.filter((result) => result.entries < count).length} of ${rounds} rounds.`);
    } catch (error) {
      section.rows.push([name, '≥ 20,000/s', '–', '–', '–', 'not measured']);
      section.notes.push(`${name}: not measured: ${(error as Error).message}`);
    }
  }
  return section;
}
