import { describe, expect, it } from 'vitest';
import type { MockInfo } from '../../../shared/mock';
import { mockRulesSchema } from '../../../shared/mock';
import { fail, ok } from '../../../shared/result';
import { createTrafficLog } from '../traffic/traffic-log';
import { createMockRegistry } from './mock-registry';
import { createMockTrafficRecorder } from './mock-traffic';
import type { IncomingMessage, MockAnswerPart, MockHandler, StartMockServer } from './mock-transport';

const target = { kind: 'tcp' as const, host: '127.0.0.1', port: 4000 };
const rules = mockRulesSchema.parse({ rules: [{ name: 'get', pattern: 'get', reply: { stream: [1, 2] } }, { pattern: 'ev', reply: { noReply: true } }] });

function setup(startServer?: StartMockServer) {
  let monotonic = 0;
  let ids = 0;
  const clock = { now: () => 1_000 + monotonic, monotonicMs: () => monotonic };
  const traffic = createTrafficLog({ onBatch: () => {} });
  const states: MockInfo[] = [];
  const removed: string[] = [];
  let handler: MockHandler | undefined;
  let closed = 0;
  let trouble: ((problem: { message: string; fatal: boolean }) => void) | undefined;
  const registry = createMockRegistry({
    clock,
    newId: () => `mock-${++ids}`,
    record: createMockTrafficRecorder(traffic, clock),
    startServer:
      startServer ??
      (async (_target, mockHandler) => {
        handler = mockHandler;
        return ok({ address: 'tcp://127.0.0.1:4000', onTrouble: (listener) => void (trouble = listener), setRoutes: async () => ok(null), close: async () => void (closed += 1) });
      }),
    onStateChanged: (info) => states.push(info),
    onRemoved: (mockId) => removed.push(mockId),
  });
  return {
    registry,
    traffic,
    states,
    removed,
    tick: (ms: number) => (monotonic += ms),
    handler: () => handler!,
    closed: () => closed,
    trouble: (problem: { message: string; fatal: boolean }) => trouble?.(problem),
  };
}

const message = (kind: 'request' | 'event', route: string, data: unknown = { id: 1 }): IncomingMessage => ({
  kind,
  pattern: route,
  route,
  data,
  ...(kind === 'request' ? { correlationId: 'c1' } : {}),
  sizeBytes: 30,
});

async function drain(handler: MockHandler, incoming: IncomingMessage, onPart: (part: MockAnswerPart) => void = () => {}) {
  const parts: MockAnswerPart[] = [];
  for await (const part of handler.handle(incoming)) {
    parts.push(part);
    onPart(part);
  }
  return parts;
}

describe('mock registry', () => {
  it('starts a mock: starting, then serving at the server address', async () => {
    const { registry, states } = setup();
    const started = await registry.start('users', target, rules);
    const serving: MockInfo = { id: 'mock-1', name: 'users', target, rules, state: 'serving', address: 'tcp://127.0.0.1:4000', stats: { requests: 0, events: 0, unmatched: 0, perRule: [0, 0] } };
    expect(started).toEqual({ ok: true, value: serving });
    expect(states.map((info) => info.state)).toEqual(['starting', 'serving']);
    expect(registry.list()).toEqual([serving]);
  });

  it('reports a failed start in plain words and lists the mock as failed', async () => {
    const { registry, states } = setup(async () => fail('address-in-use', 'Port 4000 on 127.0.0.1 is already in use.'));
    expect(await registry.start('users', target, rules)).toEqual({ ok: false, error: { code: 'address-in-use', message: 'Port 4000 on 127.0.0.1 is already in use.' } });
    expect(states.at(-1)).toMatchObject({ state: 'failed', lastError: 'Port 4000 on 127.0.0.1 is already in use.' });
  });

  it('records requests with their rule and every written part with its elapsed time', async () => {
    const { registry, traffic, handler, tick } = setup();
    await registry.start('users', target, rules);
    const incoming = message('request', 'get');
    await drain(handler(), incoming, (part) => {
      tick(5);
      handler().written(incoming, part, 40);
    });
    const entries = traffic.readPage(undefined, 100).entries.map(({ seq: _seq, ...entry }) => entry);
    const base = { connectionId: 'mock-1', connectionName: 'users', transport: 'tcp', origin: 'mock', pattern: 'get', correlationId: 'c1', bodyTruncated: false };
    expect(entries).toEqual([
      { ...base, at: 1_000, kind: 'request', direction: 'in', sizeBytes: 30, rule: 'get', bodyPreview: '{"id":1}' },
      { ...base, at: 1_005, kind: 'reply', direction: 'out', sizeBytes: 40, elapsedMs: 5, bodyPreview: '1' },
      { ...base, at: 1_010, kind: 'reply', direction: 'out', sizeBytes: 40, elapsedMs: 10, firstReplyMs: 5, totalMs: 10, bodyPreview: '2' },
    ]);
  });

  it('records unmatched requests and events, and counts them', async () => {
    const { registry, traffic, handler } = setup();
    const { value } = (await registry.start('users', target, rules)) as { value: MockInfo };
    expect(await drain(handler(), message('request', 'nope'))).toEqual([{ kind: 'no-handler' }]);
    expect(await drain(handler(), message('event', 'ev'))).toEqual([]);
    expect(await drain(handler(), message('event', 'other'))).toEqual([]);
    expect(await drain(handler(), message('request', 'get'))).toHaveLength(2);
    const entries = traffic.readPage(undefined, 100).entries;
    expect(entries.map(({ kind, pattern, rule, unmatched }) => ({ kind, pattern, rule, unmatched }))).toEqual([
      { kind: 'request', pattern: 'nope', rule: undefined, unmatched: true },
      { kind: 'event', pattern: 'ev', rule: 'ev', unmatched: undefined },
      { kind: 'event', pattern: 'other', rule: undefined, unmatched: true },
      { kind: 'request', pattern: 'get', rule: 'get', unmatched: undefined },
    ]);
    expect(registry.get(value.id)?.stats).toEqual({ requests: 2, events: 2, unmatched: 2, perRule: [1, 1] });
  });

  it('tells exchange listeners what the rules made of each message', async () => {
    const { registry, handler } = setup();
    await registry.start('users', target, rules);
    const seen: unknown[] = [];
    const unsubscribe = registry.onExchange(({ mock, plan, at }) => seen.push({ mockId: mock.id, rule: plan.rule?.name, parts: plan.steps.length, at }));
    await drain(handler(), message('request', 'get'));
    unsubscribe();
    await drain(handler(), message('request', 'get'));
    expect(seen).toEqual([{ mockId: 'mock-1', rule: 'get', parts: 2, at: 1_000 }]);
  });

  it('replaces the rules on update: sequences and stats start over', async () => {
    const { registry, handler } = setup();
    await registry.start('users', target, mockRulesSchema.parse({ rules: [{ pattern: 'n', reply: { sequence: [1, 2, 3] } }] }));
    await drain(handler(), message('request', 'n'));
    const updated = await registry.update('mock-1', mockRulesSchema.parse({ rules: [{ pattern: 'n', reply: { sequence: [1, 2, 3] } }, { pattern: 'm', reply: { value: 0 } }] }));
    expect(updated.ok && updated.value.stats).toEqual({ requests: 0, events: 0, unmatched: 0, perRule: [0, 0] });
    expect(await drain(handler(), message('request', 'n'))).toEqual([{ kind: 'value', value: 1, last: true }]);
  });

  it('shows trouble after start as the state', async () => {
    const { registry, trouble } = setup();
    await registry.start('users', target, rules);
    trouble({ message: 'The mock stopped listening: boom', fatal: true });
    expect(registry.get('mock-1')).toMatchObject({ state: 'failed', lastError: 'The mock stopped listening: boom' });
  });

  it('rejoins a broker that dropped a Redis mock: starting with the reason, then serving again on a new server', async () => {
    const redisTarget = { kind: 'redis' as const, mode: 'standalone' as const, host: '127.0.0.1', port: 6379, db: 0 };
    let starts = 0;
    let trouble: ((problem: { message: string; fatal: boolean }) => void) | undefined;
    let closed = 0;
    const registry = createMockRegistry({
      clock: { now: () => 1_000, monotonicMs: () => 0 },
      newId: () => 'mock-1',
      record: createMockTrafficRecorder(createTrafficLog({ onBatch: () => {} }), { now: () => 1_000 }),
      rejoinBackoff: { initialDelayMs: 1, maxDelayMs: 1 },
      startServer: async () => {
        starts += 1;
        // The first rejoin finds the broker still down.
        if (starts === 2) return fail('mock-start-failed', 'Nothing is listening on redis://127.0.0.1:6379.');
        return ok({ address: `redis://127.0.0.1:6379 (server ${starts})`, onTrouble: (listener) => void (trouble = listener), setRoutes: async () => ok(null), close: async () => void (closed += 1) });
      },
      onStateChanged: () => {},
      onRemoved: () => {},
    });
    await registry.start('cache', redisTarget, rules);
    trouble?.({ message: 'The Redis mock\'s subscriber connection to redis://127.0.0.1:6379 was lost', fatal: true });
    expect(registry.get('mock-1')).toMatchObject({ state: 'starting', lastError: 'The Redis mock\'s subscriber connection to redis://127.0.0.1:6379 was lost. The mock joins redis://127.0.0.1:6379 again once it is back.' });
    await expect.poll(() => registry.get('mock-1')?.state).toBe('serving');
    expect(registry.get('mock-1')).toMatchObject({ address: 'redis://127.0.0.1:6379 (server 3)' });
    expect(registry.get('mock-1')?.lastError).toBeUndefined();
    expect({ starts, closed }).toEqual({ starts: 3, closed: 1 });
    await registry.closeAll();
    expect(closed).toBe(2);
  });

  it('stops a mock: closes its server, forgets it, and ends pending delays', async () => {
    const { registry, removed, handler, closed } = setup();
    await registry.start('users', target, mockRulesSchema.parse({ rules: [{ pattern: 'slow', delayMs: 60_000, reply: { value: 1 } }] }));
    const pending = drain(handler(), message('request', 'slow'));
    expect(await registry.stop('mock-1')).toEqual({ ok: true, value: null });
    expect(await pending).toEqual([]);
    expect(closed()).toBe(1);
    expect(removed).toEqual(['mock-1']);
    expect(registry.list()).toEqual([]);
    expect(await registry.stop('mock-1')).toEqual({ ok: false, error: { code: 'unknown-mock', message: 'No mock has id mock-1. It may have been stopped; start it again.' } });
  });
});
