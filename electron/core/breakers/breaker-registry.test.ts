// The breaker registry around scripted sends: opossum's own thresholds, timers and counts decide;
// these tests pin what Patchbay adds (verdicts, transitions and their sentences, the traffic log,
// fallbacks, trip and reset, scopes, coalesced events, the hammer's guarded requests).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BreakerInfo, BreakerOptions } from '../../../shared/breaker';
import { breakerOptionsSchema } from '../../../shared/breaker';
import { tcpTargetSchema } from '../../../shared/connection';
import type { SendOutcome } from '../../../shared/contract';
import type { LoadReport } from '../../../shared/load';
import { readyConnectionInfo } from '../../test-support/connection-info';
import type { Connection } from '../connections/registry';
import type { TrafficFields } from '../messaging/messenger';
import { timerScheduler } from '../runner/load-run';
import { createLoadRuns } from '../runner/load-runs';
import { createFakeClient, createFakeTime } from '../runner/fake-load-client';
import type { BreakerRegistry } from './breaker-registry';
import { createBreakerRegistry } from './breaker-registry';

const info = readyConnectionInfo('orders', tcpTargetSchema.parse({ kind: 'tcp', host: '127.0.0.1', port: 3001 }));
const connection = { info: () => info, client: {} } as unknown as Connection;

const okOutcome = (id: string): SendOutcome => ({ correlationId: id, status: 'ok', values: [6], totalMs: 3, replyBytes: 20, requestBytes: 30 });
const remoteError = (id: string): SendOutcome => ({ correlationId: id, status: 'remote-error', values: [], remoteError: { status: 'error', message: 'boom' }, totalMs: 2, replyBytes: 40, requestBytes: 30 });
const emptyCounts = { fires: 0, successes: 0, failures: 0, timeouts: 0, rejects: 0, fallbacks: 0 };

let opened: BreakerRegistry[] = [];
afterEach(() => {
  for (const registry of opened) registry.closeAll();
  opened = [];
});

function setUp(startLoad: Parameters<typeof createBreakerRegistry>[0]['startLoad'] = () => ({ ok: false, error: { code: 'no', message: 'no load runner here' } })) {
  let nowMs = 1_000_000;
  let ids = 0;
  const traffic: (TrafficFields & { pattern: string; body: unknown })[] = [];
  const published: BreakerInfo[] = [];
  const removed: string[] = [];
  const registry = createBreakerRegistry({
    connections: { get: (id) => (id === 'c1' ? connection : undefined) },
    now: () => nowMs,
    newId: () => `id-${(ids += 1)}`,
    record: (_connection, pattern, fields, body) => traffic.push({ pattern, ...fields, body }),
    startLoad,
    stopLoad: () => {},
    onStateChanged: (breaker) => published.push(breaker),
    onRemoved: (breakerId) => removed.push(breakerId),
  });
  opened.push(registry);
  /** Sends `pattern` through the guard, answered by `outcome` (counting the calls that went out). */
  const sent: string[] = [];
  const send = (pattern: unknown, outcome: (id: string) => SendOutcome) =>
    registry.guardSend({ connection, pattern, data: {} }, async () => {
      const id = `sent-${sent.length + 1}`;
      sent.push(id);
      return outcome(id);
    });
  const create = (options: Partial<BreakerOptions>, pattern?: unknown, name = 'orders-breaker') => {
    const created = registry.create({ connectionId: 'c1', name, pattern, options: breakerOptionsSchema.parse(options) });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  };
  return {
    registry,
    traffic,
    published,
    removed,
    sent,
    send,
    create,
    advance: (ms: number) => (nowMs += ms),
    now: () => nowMs,
    infoOf: (breakerId: string) => registry.list().find((breaker) => breaker.breakerId === breakerId)!,
  };
}

describe('breaker registry', () => {
  it('lets sends through while closed and says so on the outcome', async () => {
    const { create, send, infoOf } = setUp();
    const breaker = create({ volumeThreshold: 4 }, { cmd: 'sum' });
    expect(await send({ cmd: 'sum' }, okOutcome)).toEqual({ ...okOutcome('sent-1'), breaker: { breakerId: breaker.breakerId, name: 'orders-breaker', state: 'closed', result: 'passed' } });
    expect(await send({ cmd: 'sum' }, remoteError)).toMatchObject({ status: 'remote-error', breaker: { result: 'passed', state: 'closed' } });
    expect(infoOf(breaker.breakerId).counts).toEqual({ ...emptyCounts, fires: 2, successes: 1, failures: 1 });
    expect(infoOf(breaker.breakerId).latency).toBeDefined();
  });

  it('opens when the failed share passes the threshold, and says why in the transitions and the log', async () => {
    const { create, send, infoOf, traffic, now, published } = setUp();
    const breaker = create({ volumeThreshold: 5, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 }, 'orders.create');
    for (const outcome of [okOutcome, remoteError, okOutcome, remoteError]) await send('orders.create', outcome);
    expect(infoOf(breaker.breakerId).state).toBe('closed');
    await send('orders.create', remoteError);
    const opened = { at: now(), from: 'closed', to: 'open', reason: 'threshold', summary: '3 of 5 calls failed (60 % > 50 %)' };
    expect(infoOf(breaker.breakerId).transitions).toEqual([opened]);
    // Published at once, not after the coalescing interval.
    expect(published.at(-1)).toMatchObject({ state: 'open', counts: { fires: 5, failures: 3, successes: 2 } });
    expect(traffic).toEqual([
      { pattern: 'orders.create', kind: 'breaker', direction: 'local', sizeBytes: 0, meta: { breakerId: breaker.breakerId, breaker: 'orders-breaker' }, body: opened },
    ]);
  });

  it('rejects while open without sending, naming the breaker and when it half-opens', async () => {
    const { create, send, sent, advance, traffic, infoOf } = setUp();
    const breaker = create({ volumeThreshold: 2, resetTimeoutMs: 1_500 }, 'orders.create');
    await send('orders.create', remoteError);
    await send('orders.create', remoteError);
    advance(300);
    const outcome = await send('orders.create', okOutcome);
    const message = 'Circuit breaker "orders-breaker" is open: 2 of 2 calls failed; it lets a trial call through in 1.2 s. Reset it to send now.';
    expect(outcome).toEqual({
      correlationId: 'id-2',
      status: 'failure',
      values: [],
      failure: { code: 'breaker-open', message },
      totalMs: 0,
      replyBytes: 0,
      requestBytes: 0,
      breaker: { breakerId: breaker.breakerId, name: 'orders-breaker', state: 'open', result: 'rejected' },
    });
    expect(sent).toEqual(['sent-1', 'sent-2']);
    expect(traffic.at(-1)).toEqual({ pattern: 'orders.create', kind: 'failure', direction: 'local', sizeBytes: 0, correlationId: 'id-2', failureCode: 'breaker-open', body: message });
    expect(infoOf(breaker.breakerId).counts).toEqual({ ...emptyCounts, fires: 3, failures: 2, rejects: 1 });
  });

  it('half-opens after the reset timeout, closes on a good trial call, and opens again on a bad one', async () => {
    const { create, send, infoOf } = setUp();
    const breaker = create({ volumeThreshold: 1, resetTimeoutMs: 60 }, 'orders.create');
    const state = () => infoOf(breaker.breakerId).state;
    await send('orders.create', remoteError);
    await vi.waitFor(() => expect(state()).toBe('half-open'), { timeout: 2_000, interval: 10 });
    await send('orders.create', remoteError);
    expect(state()).toBe('open');
    await vi.waitFor(() => expect(state()).toBe('half-open'), { timeout: 2_000, interval: 10 });
    expect(await send('orders.create', okOutcome)).toMatchObject({ status: 'ok', breaker: { state: 'closed', result: 'passed' } });
    expect(infoOf(breaker.breakerId).transitions.map(({ from, to, reason, summary }) => ({ from, to, reason, summary }))).toEqual([
      { from: 'closed', to: 'open', reason: 'threshold', summary: '1 of 1 calls failed (100 % > 50 %)' },
      { from: 'open', to: 'half-open', reason: 'reset-timeout', summary: 'reset timeout of 60 ms passed: one trial call goes through' },
      { from: 'half-open', to: 'open', reason: 'trial-failed', summary: 'trial call failed: open again for 60 ms' },
      { from: 'open', to: 'half-open', reason: 'reset-timeout', summary: 'reset timeout of 60 ms passed: one trial call goes through' },
      { from: 'half-open', to: 'closed', reason: 'trial-succeeded', summary: 'trial call succeeded' },
    ]);
  });

  it('rejects other calls while the half-open trial call is under way', async () => {
    const { registry, create, send, infoOf } = setUp();
    const breaker = create({ volumeThreshold: 1, resetTimeoutMs: 50 }, 'orders.create');
    await send('orders.create', remoteError);
    await vi.waitFor(() => expect(infoOf(breaker.breakerId).state).toBe('half-open'), { timeout: 2_000, interval: 10 });
    let answerTrial!: (outcome: SendOutcome) => void;
    const trial = registry.guardSend({ connection, pattern: 'orders.create', data: {} }, () => new Promise((resolve) => (answerTrial = resolve)));
    expect(await send('orders.create', okOutcome)).toMatchObject({
      status: 'failure',
      failure: {
        code: 'breaker-open',
        message: 'Circuit breaker "orders-breaker" is half-open: its trial call is under way, and other calls are rejected until it succeeds. Wait for it, or reset the breaker to send now.',
      },
      breaker: { state: 'half-open', result: 'rejected' },
    });
    answerTrial(okOutcome('trial'));
    expect(await trial).toMatchObject({ correlationId: 'trial', status: 'ok', breaker: { state: 'closed', result: 'passed' } });
  });

  it('answers the fallback for a failed call and while open, logging the short-circuited one', async () => {
    const { create, send, sent, infoOf, traffic } = setUp();
    const breaker = create({ volumeThreshold: 1, fallback: { cached: true } }, 'orders.create');
    expect(await send('orders.create', remoteError)).toEqual({
      correlationId: 'sent-1',
      status: 'ok',
      values: [{ cached: true }],
      totalMs: 2,
      replyBytes: 0,
      requestBytes: 30,
      breaker: { breakerId: breaker.breakerId, name: 'orders-breaker', state: 'open', result: 'fallback' },
    });
    expect(await send('orders.create', okOutcome)).toMatchObject({ correlationId: 'id-2', status: 'ok', values: [{ cached: true }], requestBytes: 0, breaker: { result: 'fallback' } });
    expect(sent).toEqual(['sent-1']);
    expect(infoOf(breaker.breakerId).counts).toEqual({ ...emptyCounts, fires: 2, failures: 1, rejects: 1, fallbacks: 2 });
    expect(traffic.at(-1)).toMatchObject({ kind: 'failure', failureCode: 'breaker-open', correlationId: 'id-2', body: 'Circuit breaker "orders-breaker" is open: answered its fallback instead.' });
  });

  it("cuts a call short at the breaker's own timeout and counts it as a timeout", async () => {
    const { registry, create, infoOf } = setUp();
    const breaker = create({ timeoutMs: 40, volumeThreshold: 10 });
    const outcome = await registry.guardSend({ connection, pattern: 'slow', data: {} }, (cutoff) =>
      new Promise((resolve) => cutoff.addEventListener('abort', () => resolve({ ...okOutcome('slow-1'), status: 'failure', values: [], failure: cutoff.reason as SendOutcome['failure'] }))),
    );
    expect(outcome).toMatchObject({
      correlationId: 'slow-1',
      status: 'failure',
      failure: {
        code: 'timeout',
        message: 'Timed out after 40 ms: circuit breaker "orders-breaker" allows 40 ms per call and counts slower ones as failures. Raise its timeout to wait longer.',
      },
      breaker: { result: 'passed' },
    });
    expect(infoOf(breaker.breakerId).counts).toEqual({ ...emptyCounts, fires: 1, failures: 1, timeouts: 1 });
  });

  it('trips by hand, rejects until reset, and resets to closed with empty counts', async () => {
    const { registry, create, send, infoOf, now } = setUp();
    const breaker = create({ resetTimeoutMs: 60_000 });
    await send('anything', okOutcome);
    expect(registry.trip(breaker.breakerId)).toMatchObject({ ok: true, value: { state: 'open' } });
    expect(await send('anything', okOutcome)).toMatchObject({
      failure: { message: 'Circuit breaker "orders-breaker" is open: it was tripped by hand; it lets a trial call through in 60.0 s. Reset it to send now.' },
    });
    const reset = registry.reset(breaker.breakerId);
    expect(reset).toMatchObject({ ok: true, value: { state: 'closed', counts: emptyCounts } });
    expect(infoOf(breaker.breakerId).transitions).toEqual([
      { at: now(), from: 'closed', to: 'open', reason: 'tripped', summary: 'tripped by hand' },
      { at: now(), from: 'open', to: 'closed', reason: 'reset', summary: 'reset by hand' },
    ]);
    expect(await send('anything', okOutcome)).toMatchObject({ status: 'ok', breaker: { result: 'passed' } });
  });

  it('updates the options into a fresh breaker: closed, counts empty', async () => {
    const { registry, create, send } = setUp();
    const breaker = create({ volumeThreshold: 1, resetTimeoutMs: 60_000 });
    await send('x', remoteError);
    const updated = registry.update(breaker.breakerId, breakerOptionsSchema.parse({ volumeThreshold: 3, resetTimeoutMs: 2_000 }));
    expect(updated).toMatchObject({ ok: true, value: { state: 'closed', counts: emptyCounts, options: { volumeThreshold: 3, resetTimeoutMs: 2_000 } } });
    expect(updated.ok && updated.value.transitions.at(-1)).toMatchObject({ from: 'open', to: 'closed', reason: 'reset', summary: 'options changed: starts again closed' });
    await send('x', remoteError);
    expect(registry.list()[0]!.state).toBe('closed');
  });

  it("prefers a pattern's breaker to its connection's, whatever the object pattern's key order", async () => {
    const { registry, create, send } = setUp();
    const wide = create({}, undefined, 'all of orders');
    const narrow = create({}, { cmd: 'sum', v: 1 }, 'sum only');
    expect(narrow.pattern).toBe('{"cmd":"sum","v":1}');
    expect((await send({ v: 1, cmd: 'sum' }, okOutcome)).breaker?.breakerId).toBe(narrow.breakerId);
    expect((await send('orders.list', okOutcome)).breaker?.breakerId).toBe(wide.breakerId);
    expect(registry.find('c1', '{"cmd":"sum","v":1}')?.name).toBe('sum only');
    expect(registry.find('c2', 'orders.list')).toBeUndefined();
  });

  it('refuses a second breaker for the same scope, and unknown connections and breakers', () => {
    const { registry, create } = setUp();
    create({}, 'orders.create', 'first');
    create({}, undefined, 'wide');
    const options = breakerOptionsSchema.parse({});
    expect(registry.create({ connectionId: 'c1', name: 'again', pattern: 'orders.create', options })).toEqual({
      ok: false,
      error: { code: 'duplicate-breaker', message: 'Connection orders already has a breaker for pattern orders.create ("first"): update it instead.' },
    });
    expect(registry.create({ connectionId: 'c1', name: 'again', options })).toMatchObject({
      ok: false,
      error: { message: 'Connection orders already has a breaker for all its sends ("wide"): update it instead.' },
    });
    expect(registry.create({ connectionId: 'gone', name: 'x', options })).toMatchObject({ ok: false, error: { code: 'unknown-connection' } });
    expect(registry.trip('nope')).toEqual({
      ok: false,
      error: { code: 'unknown-breaker', message: 'No circuit breaker has id nope. It may have been deleted, or its connection closed; create it again.' },
    });
  });

  it("removes a connection's breakers when it closes, and sends then go unguarded", async () => {
    const { registry, create, send, removed } = setUp();
    const one = create({}, 'a', 'a');
    const two = create({}, undefined, 'wide');
    registry.closeConnection('c1');
    expect(removed).toEqual([one.breakerId, two.breakerId]);
    expect(registry.list()).toEqual([]);
    expect(await send('a', okOutcome)).toEqual(okOutcome('sent-1'));
  });

  it('publishes counts at most once per interval while calls come, and transitions at once', async () => {
    const { create, send, published } = setUp();
    const breaker = create({ volumeThreshold: 100 });
    expect(published).toHaveLength(1);
    for (let i = 0; i < 10; i++) await send('x', okOutcome);
    expect(published).toHaveLength(1);
    await vi.waitFor(() => expect(published).toHaveLength(2), { timeout: 2_000, interval: 10 });
    expect(published[1]).toMatchObject({ breakerId: breaker.breakerId, state: 'closed', counts: { fires: 10, successes: 10 } });
  });

  it('hammers through the breaker: the service sees calls until it opens, the rest count as breaker-open', async () => {
    const time = createFakeTime();
    const { client, seen } = createFakeClient(time, () => [{ kind: 'remote-error', error: { message: 'down' }, sizeBytes: 30 }]);
    const reports: LoadReport[] = [];
    const loads = createLoadRuns({
      connections: { get: () => ({ ...connection, client }) as unknown as Connection },
      newId: () => 'run-1',
      newPacketId: () => 'p',
      monotonicMs: () => performance.now(),
      scheduler: timerScheduler,
      onProgress: () => {},
      onFinished: (report) => reports.push(report),
    });
    const { registry, create, published } = setUp((start) => loads.start(start));
    const breaker = create({ volumeThreshold: 4, resetTimeoutMs: 60_000 }, 'orders.create');
    expect(registry.hammer({ breakerId: breaker.breakerId, pattern: 'other', data: {}, plan: { concurrency: 1, requests: 10, timeoutMs: 1_000 } })).toMatchObject({
      ok: false,
      error: { code: 'pattern-mismatch', message: 'Circuit breaker "orders-breaker" covers pattern orders.create only: hammer that pattern (leave the pattern empty).' },
    });
    expect(registry.hammer({ breakerId: breaker.breakerId, data: {}, plan: { concurrency: 1, requests: 10, timeoutMs: 1_000 } })).toEqual({ ok: true, value: { runId: 'run-1' } });
    expect(published.at(-1)).toMatchObject({ hammerRunId: 'run-1' });
    await vi.waitFor(() => expect(reports).toHaveLength(1), { timeout: 5_000, interval: 10 });
    expect(reports[0]).toMatchObject({ status: 'completed', completed: 10, ok: 0, errorsByKind: { 'remote-error': 4, 'breaker-open': 6 } });
    expect(seen.startTimesMs).toHaveLength(4);
    await vi.waitFor(() => expect(published.at(-1)?.hammerRunId).toBeUndefined(), { timeout: 2_000, interval: 10 });
    expect(registry.list()[0]).toMatchObject({ state: 'open', counts: { fires: 10, failures: 4, rejects: 6 } });
  });
});
