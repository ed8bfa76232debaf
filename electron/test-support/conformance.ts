// One table of scenarios that every transport runs against the real Nest fixture services of
// every major (issue 3). A transport supplies how to connect; the table says what Nest answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageOptions, SendOutcome } from '../../shared/contract';
import type { Connection } from '../core/connections/registry';
import type { Engine } from '../core/engine';
import type { NestClient } from '../../fixtures/nest/client.mjs';
import { startNestClient } from '../../fixtures/nest/client.mjs';

export type Expectation =
  | { status: 'ok'; values: unknown[] }
  | { status: 'empty' }
  | { status: 'remote-error'; remoteError: unknown };

export type Scenario = { name: string; pattern: unknown; data?: unknown; expect: Expectation };

const NO_HANDLER = 'There is no matching message handler defined in the remote service.';
const unicode = { text: 'é😀𝄞 naïve 漢字', emoji: ['🧪', '🚀'] };
const oneMegabyte = { blob: 'x'.repeat(1024 * 1024 - 16), tail: '😀' };

/** The scenarios as a TCP, Redis or RabbitMQ client sees them (object patterns, JSON types). */
export const requestScenarios: Scenario[] = [
  { name: 'string pattern', pattern: 'users.create', data: { name: 'Ada', email: 'ada@example.com' }, expect: { status: 'ok', values: [{ id: expect.any(Number), name: 'Ada', email: 'ada@example.com' }] } },
  { name: 'object pattern', pattern: { cmd: 'sum' }, data: [1, 2, 3], expect: { status: 'ok', values: [6] } },
  { name: 'object pattern, keys in another order', pattern: { cmd: 'find', role: 'user' }, expect: { status: 'ok', values: ['found'] } },
  { name: 'nested object pattern, keys in another order', pattern: { scope: { region: 'eu', tenant: 'acme' }, cmd: 'nested' }, expect: { status: 'ok', values: ['nested ok'] } },
  { name: 'number payload', pattern: { cmd: 'echo' }, data: 42.5, expect: { status: 'ok', values: [42.5] } },
  { name: 'string payload', pattern: { cmd: 'echo' }, data: 'hello', expect: { status: 'ok', values: ['hello'] } },
  { name: 'array payload', pattern: { cmd: 'echo' }, data: [1, 'two', { three: 3 }], expect: { status: 'ok', values: [[1, 'two', { three: 3 }]] } },
  { name: 'Unicode with non-BMP characters', pattern: { cmd: 'echo' }, data: unicode, expect: { status: 'ok', values: [unicode] } },
  { name: '1 MB payload', pattern: { cmd: 'echo' }, data: oneMegabyte, expect: { status: 'ok', values: [oneMegabyte] } },
  { name: 'stream reply', pattern: { cmd: 'stream' }, expect: { status: 'ok', values: [1, 2, 3] } },
  { name: 'slow stream with a separate end', pattern: { cmd: 'stream_slow' }, expect: { status: 'ok', values: [1, 2, 3] } },
  { name: 'void handler', pattern: { cmd: 'void' }, expect: { status: 'empty' } },
  { name: 'RpcException with a string', pattern: { cmd: 'fail_string' }, expect: { status: 'remote-error', remoteError: { status: 'error', message: 'bad thing' } } },
  { name: 'RpcException with an object', pattern: { cmd: 'fail_object' }, expect: { status: 'remote-error', remoteError: { status: 404, message: 'nope', extra: 1 } } },
  { name: 'plain Error', pattern: { cmd: 'fail_error' }, expect: { status: 'remote-error', remoteError: { status: 'error', message: 'Internal server error' } } },
  { name: 'unknown pattern', pattern: { cmd: 'no_such_handler' }, expect: { status: 'remote-error', remoteError: NO_HANDLER } },
];

export type ConformanceTarget = {
  engine: Engine;
  connection: Connection;
  /** The Nest version the service runs, e.g. '11.2.6'. */
  version: string;
  stop(): Promise<void>;
};

export type ConformanceSuite = {
  transport: string;
  majors: readonly ('10' | '11' | '12')[];
  /** Starts (or reaches) the fixture service of one major and opens a ready connection to it. */
  connect(major: '10' | '11' | '12'): Promise<ConformanceTarget>;
  /** The table, adapted where the transport itself differs (say why in the adaptation). */
  scenarios?: Scenario[];
  /** How to ask the service which events it recorded, and to forget them. */
  eventsQuery?: { list: unknown; reset: unknown };
  eventPattern?: unknown;
  /** The pattern of the fixture's sum handler, used for the concurrency check. */
  sumPattern?: unknown;
  /** Kafka carries numbers as strings (nest-wire §9.5). */
  numbersAreStrings?: boolean;
  options?: MessageOptions;
  /**
   * How a real Nest ClientProxy of the same major reaches the same service (Nest's client options).
   * Every scenario then also goes through it, and must come out the same: "the replies a Nest
   * ClientProxy gets", checked literally rather than against our reading of the wire.
   */
  nestClient?: { transport: 'TCP' | 'REDIS' | 'RMQ' | 'KAFKA'; options: (major: '10' | '11' | '12') => Record<string, unknown> };
};

const outcomeOf = ({ status, values, remoteError }: SendOutcome): Expectation =>
  status === 'ok' ? { status, values } : status === 'remote-error' ? { status, remoteError } : status === 'empty' ? { status } : ({ status, values } as never);

/** A ClientProxy's result as the same expectation: it errors with `err`, or emits values (none: completed empty). */
const nestOutcomeOf = ({ values, error }: { values: unknown[]; error?: unknown }): Expectation =>
  error !== undefined ? { status: 'remote-error', remoteError: error } : values.length === 0 ? { status: 'empty' } : { status: 'ok', values };

export function defineConformanceSuite(suite: ConformanceSuite): void {
  const scenarios = suite.scenarios ?? requestScenarios;
  const events = suite.eventsQuery ?? { list: { cmd: 'events' }, reset: { cmd: 'events_reset' } };

  describe.each(suite.majors)(`${suite.transport} against Nest %s`, (major) => {
    let target: ConformanceTarget;
    let nestClient: NestClient | undefined;
    const send = (pattern: unknown, data: unknown = {}) => target.engine.messenger.send({ connection: target.connection, pattern, data, options: suite.options });

    beforeAll(async () => {
      target = await suite.connect(major);
      if (suite.nestClient) {
        nestClient = await startNestClient({
          major: Number(major) as 10 | 11 | 12,
          transport: suite.nestClient.transport,
          options: suite.nestClient.options(major),
          // Kafka clients must subscribe to every reply topic before connecting (nest-wire §5).
          replyPatterns: scenarios.map((scenario) => scenario.pattern),
        });
      }
    }, 120_000);
    afterAll(async () => {
      await nestClient?.close();
      await target?.stop();
    });

    it('talks to the expected major', () => {
      expect(target.version.split('.')[0]).toBe(major);
    });

    it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
      const outcome = await send(scenario.pattern, scenario.data ?? {});
      if (outcome.status === 'failure') throw new Error(`${outcome.failure?.code}: ${outcome.failure?.message}`);
      expect(outcomeOf(outcome)).toEqual(scenario.expect);
      if (nestClient) {
        const nest = await nestClient.send(scenario.pattern, scenario.data ?? {}, { timeoutMs: 15_000 });
        expect(nestOutcomeOf(nest), `what a Nest ${target.version} ClientProxy got`).toEqual(scenario.expect);
      }
    });

    it('delivers events, as the service records them', async () => {
      await send(events.reset);
      const emitted = await target.engine.messenger.emit({ connection: target.connection, pattern: suite.eventPattern ?? 'user.created', data: { id: 7 }, options: suite.options });
      expect(emitted.ok).toBe(true);
      // Events are fire-and-forget: poll the service until it has handled this one.
      await expect.poll(async () => ((await send(events.list)).values[0] as { data: unknown }[] | undefined)?.map((event) => event.data), { timeout: 10_000 }).toEqual([{ id: 7 }]);
    });

    it('correlates 200 concurrent requests', async () => {
      const outcomes = await Promise.all(Array.from({ length: 200 }, (_, index) => send(suite.sumPattern ?? { cmd: 'sum' }, [index, 1])));
      const expected = Array.from({ length: 200 }, (_, index) => (suite.numbersAreStrings ? String(index + 1) : index + 1));
      expect(outcomes.map((outcome) => outcome.values[0])).toEqual(expected);
    });
  });
}
