// What the suite measures against: the broker rig that fixtures/with-services.mjs started, and one
// Nest 12 fixture service on every transport (TCP, Redis, RabbitMQ, Kafka, gRPC) started here.
import { startNestService, type NestService } from '../../fixtures/nest/start.mjs';

export type Brokers = { redis: { port: number }; rabbitmq: { url: string; port: number }; kafka: { brokers: string[] } };

export const BENCH_QUEUE = 'patchbay_bench';

export function rigBrokers(): Brokers {
  const raw = process.env.PATCHBAY_FIXTURES;
  const brokers = raw ? (JSON.parse(raw) as { brokers?: Brokers }).brokers : undefined;
  if (!brokers) throw new Error('No broker rig: run the suite as `npm run bench` (node fixtures/with-services.mjs -- node dist/node/bench.js), without --no-brokers.');
  return brokers;
}

export function startBenchService(brokers: Brokers): Promise<NestService> {
  return startNestService({
    major: 12,
    tcp: { port: 0 },
    redis: { port: brokers.redis.port },
    rabbitmq: { url: brokers.rabbitmq.url, queue: BENCH_QUEUE, queueOptions: { durable: false } },
    kafka: { brokers: brokers.kafka.brokers },
    grpc: { port: 0 },
    readyTimeoutMs: 120_000,
  });
}
