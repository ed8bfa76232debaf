// Fast producers for the tap benchmarks, each in a child process of its own: Redis PUBLISH in
// pipelines (optionally at a steady rate) and Kafka batches. Each message is a Nest event with
// a sequence number and one of ten tags, so filters have a known share to find.
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { childConfig, writeLine } from './child-process';

export const benchEvent = (index: number) => ({ i: index, tag: `k${index % 10}` });

export type RedisPublishPlan = { port: number; channel: string; firstIndex: number; count: number; ratePerSecond?: number };
export type KafkaProducePlan = { brokers: string[]; topic: string; count: number };
export type ProduceResult = { elapsedMs: number; count: number };

const PIPELINE = 1_000;
const RATE_TICK_MS = 10;

/** Child role: publishes `count` Nest events on a Redis channel, as fast as it can or at a rate. */
export async function redisPublishRole(): Promise<void> {
  const { port, channel, firstIndex, count, ratePerSecond } = childConfig<RedisPublishPlan>();
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
  await redis.connect();
  const publish = async (from: number, to: number) => {
    const pipeline = redis.pipeline();
    for (let index = from; index < to; index++) pipeline.publish(channel, JSON.stringify({ pattern: channel, data: benchEvent(firstIndex + index) }));
    await pipeline.exec();
  };
  const begin = performance.now();
  let sent = 0;
  while (sent < count) {
    // At a rate, each tick catches up to where the clock says we should be, so the rate holds
    // on average even when a tick comes late.
    const due = ratePerSecond === undefined ? count : Math.min(count, Math.floor(((performance.now() - begin) / 1_000) * ratePerSecond));
    const to = Math.min(due, sent + PIPELINE);
    if (to > sent) {
      await publish(sent, to);
      sent = to;
    } else {
      await new Promise((resolve) => setTimeout(resolve, RATE_TICK_MS));
    }
  }
  const result: ProduceResult = { elapsedMs: performance.now() - begin, count: sent };
  redis.disconnect();
  await writeLine(result);
}

/** Child role: creates the topic (and its .reply) and produces `count` events in batches. */
export async function kafkaProduceRole(): Promise<void> {
  const { brokers, topic, count } = childConfig<KafkaProducePlan>();
  const kafka = new Kafka({ clientId: 'patchbay-bench-producer', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic }, { topic: `${topic}.reply` }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const begin = performance.now();
  const batches: Promise<unknown>[] = [];
  for (let from = 0; from < count; from += PIPELINE) {
    const messages = Array.from({ length: Math.min(PIPELINE, count - from) }, (_, offset) => ({ value: JSON.stringify(benchEvent(from + offset)) }));
    batches.push(producer.send({ topic, acks: 1, messages }));
    if (batches.length >= 8) await batches.shift();
  }
  await Promise.all(batches);
  const result: ProduceResult = { elapsedMs: performance.now() - begin, count };
  await producer.disconnect();
  await writeLine(result);
}
