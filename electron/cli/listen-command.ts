// `patchbay listen`: watch what flows on a broker without taking it from the services, one NDJSON
// line per observed message. Redis channels and globs, Kafka topics (names or /regex/, its own
// consumer group), a RabbitMQ exchange tap, or a gRPC server stream held open.
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { ConnectionTarget } from '../../shared/connection';
import { connectionOptionsSchema, describeTarget } from '../../shared/connection';
import { payloadSchema } from '../../shared/contract';
import type { ListenSpec } from '../../shared/listen';
import { listenSpecSchema } from '../../shared/listen';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import { createEngine } from '../core/engine';
import type { ObservedMessage } from '../core/listen/listener-registry';
import { parseTargetUrl } from '../core/transports/target-url';
import { EXIT, exitCodeForFailure } from './exit-codes';
import { parseJsonArgument } from './json-argument';

export type ListenArgs = {
  target: string;
  names: string[];
  fromBeginning?: boolean;
  count?: number;
  timeout?: number;
  tap?: boolean;
  compete?: boolean;
  data?: string;
  connectTimeout: number;
};

const printError = (message: string) => process.stderr.write(`patchbay: ${message}\n`);

/** `--count`: a positive whole number of messages. */
export const positiveCount = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('Expected a positive whole number of messages.');
  return parsed;
};

/** Failures that are the user's to fix (a name, a transport): exit 2; the rest exit 3. */
const USAGE_FAILURES = new Set(['not-found', 'topic-missing', 'unsupported', 'wrong-transport', 'invalid-request', 'unknown-method', 'invalid-pattern', 'competing-consumer']);

export const COMPETING_CONSUMER_TRAP =
  'This target names a queue but no exchange. Consuming a service queue takes messages away from the service: RabbitMQ gives each message to ONE consumer, so the service would miss every message Patchbay gets. Tap the exchange the queue is bound to instead (amqp://…?exchange=NAME[&routingKey=KEY]), or pass --compete to consume the queue anyway.';

/** The listeners a command line asks for, and the target to open (exchange taps need a routing key to connect). */
export function listenSpecs(target: ConnectionTarget, args: ListenArgs): Result<{ target: ConnectionTarget; specs: ListenSpec[] }> {
  const needNames = (what: string) => fail('usage', `Give at least one ${what} to listen to.`);
  switch (target.kind) {
    case 'tcp':
      return fail('usage', 'TCP connections are point to point: there is no broker to listen on. Listen on the Redis, RabbitMQ or Kafka the services talk through, or on a gRPC server stream.');
    case 'redis':
      if (args.names.length === 0) return needNames('channel (or glob, e.g. users.*)');
      return ok({ target, specs: [{ kind: 'redis', channels: args.names, tap: Boolean(args.tap) }] });
    case 'kafka':
      if (args.names.length === 0) return needNames('topic (or /regex/)');
      return ok({ target, specs: [{ kind: 'kafka', topics: args.names, from: args.fromBeginning ? 'earliest' : 'latest', tap: Boolean(args.tap) }] });
    case 'rmq': {
      if (target.exchange) {
        // Names are routing keys (one tap each); none: the URL's routing key, or everything.
        const keys = args.names.length > 0 ? args.names : [target.routingKey ?? '#'];
        const opened: ConnectionTarget = { ...target, routingKey: target.routingKey ?? keys[0] };
        return ok({ target: opened, specs: keys.map((routingKey) => ({ kind: 'rmq-exchange' as const, exchange: target.exchange!, routingKey })) });
      }
      if (!target.queue) return fail('usage', 'Give the exchange to tap: amqp://…?exchange=NAME[&routingKey=KEY].');
      if (!args.compete) return fail('usage', COMPETING_CONSUMER_TRAP);
      return ok({ target, specs: [{ kind: 'rmq-queue', queue: target.queue, competing: true }] });
    }
    case 'grpc': {
      const [method, ...rest] = args.names;
      if (!method || rest.length > 0) return fail('usage', 'Give one server-streaming method, e.g. users.UsersService/ListUsers, and its request with --data.');
      const parsed = parseJsonArgument(args.data ?? '{}', 'the request (--data)');
      if (!parsed.ok) return parsed;
      const data = payloadSchema.safeParse(parsed.value);
      if (!data.success) return fail('usage', data.error.issues[0]?.message ?? 'Invalid request');
      return ok({ target, specs: [{ kind: 'grpc', method, data: data.data }] });
    }
  }
}

const roundMs = (ms: number) => Math.round(ms * 100) / 100;

/** One NDJSON line: pattern, data, headers, receivedAt; kind, correlationId, latencyMs, error, meta when there are. */
export function observedLine({ message, receivedAt, elapsedMs, requestPattern }: ObservedMessage): Record<string, unknown> {
  const pattern = message.pattern ?? requestPattern ?? (message.kind === 'reply' ? message.route.replace(/\.reply$/, '') : message.route);
  return {
    pattern,
    data: message.body ?? null,
    headers: message.headers ?? {},
    receivedAt,
    kind: message.kind,
    ...(message.correlationId !== undefined ? { correlationId: message.correlationId } : {}),
    ...(elapsedMs !== undefined ? { latencyMs: roundMs(elapsedMs) } : {}),
    ...(message.error !== undefined ? { error: message.error } : {}),
    ...(message.final !== undefined && message.kind === 'reply' ? { final: message.final } : {}),
    ...(message.encoding ? { encoding: message.encoding } : {}),
    ...(message.meta ? { meta: message.meta } : {}),
  };
}

export async function listenCommand(args: ListenArgs): Promise<number> {
  const parsedTarget = parseTargetUrl(args.target, (path) => readFileSync(path, 'utf8'));
  if (!parsedTarget.ok) return printError(parsedTarget.error.message), EXIT.usage;
  const planned = listenSpecs(parsedTarget.value, args);
  if (!planned.ok) return printError(planned.error.message), EXIT.usage;
  for (const spec of planned.value.specs) {
    const valid = listenSpecSchema.safeParse(spec);
    if (!valid.success) return printError(valid.error.issues[0]?.message ?? 'Invalid listener'), EXIT.usage;
  }

  const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  const target = planned.value.target;
  const connection = engine.connections.open(describeTarget(target), target, connectionOptionsSchema.parse({ connectTimeoutMs: args.connectTimeout }));
  let seen = 0;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const ids = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const onSigint = () => finish(EXIT.ok);

  // Every listener of this engine is this command's, and a short gRPC stream can deliver messages
  // before listeners.start() has even returned its id: take them all.
  const stopObserving = engine.listeners.onObserved((observed) => {
    if (args.count !== undefined && seen >= args.count) return;
    process.stdout.write(`${JSON.stringify(observedLine(observed))}\n`);
    seen += 1;
    if (args.count !== undefined && seen >= args.count) finish(EXIT.ok);
  });
  /** A gRPC stream the service completed (the CLI itself stops listeners only on its way out). */
  const streamEnded = () => {
    process.stderr.write(`patchbay: the stream ended. ${seen} message${seen === 1 ? '' : 's'} seen.\n`);
    finish(args.count !== undefined && seen < args.count ? EXIT.connection : EXIT.ok);
  };
  const stopEvents = engine.onEvent(({ event, payload }) => {
    if (event !== 'listen.stateChanged' || !ids.has(payload.id)) return;
    if (payload.state === 'failed') {
      printError(payload.lastError ?? 'The listener stopped.');
      finish(EXIT.connection);
    } else if (payload.state === 'stopped') streamEnded();
  });

  // From the start: Ctrl+C while connecting or subscribing still closes everything cleanly.
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  try {
    const connected = await connection.client.firstAttempt();
    if (!connected.ok) return printError(connected.error.message), exitCodeForFailure(connected.error.code);
    for (const spec of planned.value.specs) {
      const started = await engine.listeners.start(connection.info().id, spec);
      if (!started.ok) return printError(started.error.message), USAGE_FAILURES.has(started.error.code) ? EXIT.usage : EXIT.connection;
      ids.add(started.value.id);
      process.stderr.write(`patchbay: listening on ${started.value.label}\n`);
      // A short stream can be over before start() returns, its 'stopped' event gone unheard.
      if (started.value.state === 'stopped') streamEnded();
    }
    if (args.timeout !== undefined) {
      timer = setTimeout(() => {
        const wanted = args.count !== undefined ? ` of the ${args.count} asked for` : '';
        process.stderr.write(`patchbay: timed out after ${args.timeout} ms; ${seen} message${seen === 1 ? '' : 's'} seen${wanted}.\n`);
        finish(args.count !== undefined && seen < args.count ? EXIT.connection : EXIT.ok);
      }, args.timeout);
    }
    return await finished;
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    stopObserving();
    stopEvents();
    await engine.close();
  }
}
