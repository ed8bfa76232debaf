// A circuit breaker around a real Patchbay TCP mock whose rule fails every call: it opens at the
// configured threshold, rejects while open (nothing reaches the mock), half-opens after the reset
// timeout and closes once the mock answers again; every transition is in the traffic log. And a
// hammer drives the whole cycle through the load runner.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BreakerInfo } from '../../../shared/breaker';
import type { CommandName, CommandOutput } from '../../../shared/contract';
import { commands } from '../../../shared/contract';
import type { LoadReport } from '../../../shared/load';
import type { MockRuleInput } from '../../../shared/mock';
import { mockRulesSchema } from '../../../shared/mock';
import type { TrafficEntry } from '../../../shared/traffic';
import { openTcpMockConnection } from '../../test-support/tcp-mock-connection';
import type { Handlers } from '../contract-handlers';
import { createContractHandlers } from '../contract-handlers';
import type { Engine } from '../engine';
import { createEngine } from '../engine';

const injected = { status: 'error', message: 'Orders service down' };

describe('circuit breaker around a failing TCP mock', () => {
  let engine: Engine;
  let handlers: Handlers;
  let mockId: string;
  let connectionId: string;
  const published: BreakerInfo[] = [];
  const removed: string[] = [];
  const reports: LoadReport[] = [];

  const rulesWith = (failureRate: number) =>
    mockRulesSchema.parse({
      rules: [
        { pattern: 'orders.create', reply: { value: { created: true } }, failureRate, failWith: injected },
        { pattern: { cmd: 'pay' }, reply: { value: { paid: true } }, failureRate: 1, failWith: injected },
        { pattern: 'orders.slow', reply: { value: { late: true } }, delayMs: 2_000 },
      ] satisfies MockRuleInput[],
    });

  /** Runs a command through the contract (input parsed as a carrier would), failing the test on an error. */
  async function call<C extends CommandName>(name: C, input: unknown): Promise<CommandOutput<C>> {
    const handler = handlers[name] as (parsed: unknown) => Promise<{ ok: true; value: CommandOutput<C> } | { ok: false; error: { message: string } }>;
    const result = await handler(commands[name].input.parse(input));
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  beforeAll(async () => {
    engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
    engine.onEvent(({ event, payload }) => {
      if (event === 'breaker.stateChanged') published.push(payload);
      if (event === 'breaker.removed') removed.push(payload.breakerId);
      if (event === 'load.finished') reports.push(payload);
    });
    handlers = createContractHandlers(engine);
    ({ mockId, connectionId } = await openTcpMockConnection(engine, 'orders', rulesWith(1)));
  });
  afterAll(async () => {
    await engine?.close();
  });

  const mockEntries = (afterSeq: number): TrafficEntry[] => engine.traffic.readPage(afterSeq, 1_000).entries.filter((entry) => entry.origin === 'mock');
  const lastSeq = () => engine.traffic.readPage(undefined, 1).lastSeq;
  const send = (pattern: unknown) => call('message.send', { connectionId, pattern, data: { orderId: 7 } });
  const stateOf = (breakerId: string) => engine.breakers.list().find((breaker) => breaker.breakerId === breakerId)?.state;

  it('opens after the 4th failure, rejects without reaching the mock, half-opens after 300 ms and closes on success', async () => {
    const startSeq = lastSeq();
    const breaker = await call('breaker.create', { connectionId, name: 'orders', pattern: 'orders.create', options: { errorThresholdPercentage: 50, volumeThreshold: 4, resetTimeoutMs: 300 } });
    expect(breaker).toMatchObject({ connectionName: 'orders', pattern: 'orders.create', state: 'closed', transitions: [] });

    for (let i = 1; i <= 3; i++) {
      expect(await send('orders.create')).toMatchObject({ status: 'remote-error', remoteError: injected, breaker: { name: 'orders', state: 'closed', result: 'passed' } });
    }
    expect(await send('orders.create')).toMatchObject({ status: 'remote-error', breaker: { state: 'open', result: 'passed' } });
    expect(stateOf(breaker.breakerId)).toBe('open');

    const beforeReject = lastSeq();
    const rejected = await send('orders.create');
    expect(rejected).toMatchObject({ status: 'failure', values: [], breaker: { state: 'open', result: 'rejected' }, failure: { code: 'breaker-open' } });
    expect(rejected.failure?.message).toMatch(/^Circuit breaker "orders" is open: 4 of 4 calls failed; it lets a trial call through in 0\.[0-3] s\. Reset it to send now\.$/);
    // Nothing reached the mock; the log has the rejection alone.
    expect(mockEntries(beforeReject)).toEqual([]);
    expect(engine.traffic.readPage(beforeReject, 100).entries.map(({ kind, failureCode, pattern, correlationId }) => ({ kind, failureCode, pattern, correlationId }))).toEqual([
      { kind: 'failure', failureCode: 'breaker-open', pattern: 'orders.create', correlationId: rejected.correlationId },
    ]);
    expect(engine.mocks.list().find((mock) => mock.id === mockId)?.stats.perRule[0]).toBe(4);

    await call('mock.update', { mockId, rules: rulesWith(0) });
    await vi.waitFor(() => expect(stateOf(breaker.breakerId)).toBe('half-open'), { timeout: 3_000, interval: 20 });
    expect(await send('orders.create')).toMatchObject({ status: 'ok', values: [{ created: true }], breaker: { state: 'closed', result: 'passed' } });

    const transitions = engine.breakers.list().find((info) => info.breakerId === breaker.breakerId)!.transitions;
    expect(transitions.map(({ from, to, reason, summary }) => ({ from, to, reason, summary }))).toEqual([
      { from: 'closed', to: 'open', reason: 'threshold', summary: '4 of 4 calls failed (100 % > 50 %)' },
      { from: 'open', to: 'half-open', reason: 'reset-timeout', summary: 'reset timeout of 300 ms passed: one trial call goes through' },
      { from: 'half-open', to: 'closed', reason: 'trial-succeeded', summary: 'trial call succeeded' },
    ]);
    expect(transitions[1]!.at - transitions[0]!.at).toBeGreaterThanOrEqual(299);
    expect(counts(breaker.breakerId)).toEqual({ fires: 6, successes: 1, failures: 4, timeouts: 0, rejects: 1, fallbacks: 0 });

    engine.traffic.flush();
    const breakerEntries = engine.traffic.readPage(startSeq, 1_000).entries.filter((entry) => entry.kind === 'breaker');
    expect(breakerEntries.map(({ kind, direction, connectionId: id, connectionName, transport, pattern, meta, bodyPreview }) => ({ kind, direction, id, connectionName, transport, pattern, meta, body: JSON.parse(bodyPreview) as unknown }))).toEqual(
      transitions.map((transition) => ({
        kind: 'breaker',
        direction: 'local',
        id: connectionId,
        connectionName: 'orders',
        transport: 'tcp',
        pattern: 'orders.create',
        meta: { breakerId: breaker.breakerId, breaker: 'orders' },
        body: transition,
      })),
    );
    // The UI heard each transition as it happened.
    const heardStates = published.filter((info) => info.breakerId === breaker.breakerId).map((info) => info.state);
    expect(heardStates.filter((state, i) => state !== heardStates[i - 1])).toEqual(['closed', 'open', 'half-open', 'closed']);
    await call('breaker.delete', { breakerId: breaker.breakerId });
    expect(removed).toEqual([breaker.breakerId]);
    removed.length = 0;
  });

  it("cuts a slow call short at the breaker's timeout, on the wire and in the log, and counts a timeout", async () => {
    const breaker = await call('breaker.create', { connectionId, name: 'slow orders', pattern: 'orders.slow', options: { timeoutMs: 100, volumeThreshold: 10 } });
    const startSeq = lastSeq();
    const startedMs = performance.now();
    const outcome = await send('orders.slow');
    expect(performance.now() - startedMs).toBeLessThan(1_500);
    const message = 'Timed out after 100 ms: circuit breaker "slow orders" allows 100 ms per call and counts slower ones as failures. Raise its timeout to wait longer.';
    expect(outcome).toMatchObject({ status: 'failure', failure: { code: 'timeout', message }, breaker: { result: 'passed', state: 'closed' } });
    expect(counts(breaker.breakerId)).toEqual({ fires: 1, successes: 0, failures: 1, timeouts: 1, rejects: 0, fallbacks: 0 });
    engine.traffic.flush();
    const clientEntries = engine.traffic.readPage(startSeq, 100).entries.filter((entry) => entry.origin !== 'mock' && entry.correlationId === outcome.correlationId);
    expect(clientEntries.map(({ kind, failureCode, bodyPreview }) => ({ kind, failureCode, bodyPreview }))).toEqual([
      { kind: 'request', failureCode: undefined, bodyPreview: '{"orderId":7}' },
      { kind: 'failure', failureCode: 'timeout', bodyPreview: JSON.stringify(message) },
    ]);
    await call('breaker.delete', { breakerId: breaker.breakerId });
  });

  it('hammers through a connection-wide breaker: 4 calls reach the mock, the other 16 are rejected', async () => {
    const breaker = await call('breaker.create', { connectionId, name: 'all orders', options: { volumeThreshold: 4, resetTimeoutMs: 60_000 } });
    const perRuleBefore = engine.mocks.list().find((mock) => mock.id === mockId)!.stats.perRule[1]!;
    await expect(handlers['breaker.hammer'](commands['breaker.hammer'].input.parse({ breakerId: breaker.breakerId, data: {}, plan: { concurrency: 1, requests: 20 } }))).resolves.toMatchObject({
      ok: false,
      error: { code: 'pattern-required', message: 'Circuit breaker "all orders" covers every send of connection orders: give the pattern to hammer it with.' },
    });
    const { runId } = await call('breaker.hammer', { breakerId: breaker.breakerId, pattern: { cmd: 'pay' }, data: { orderId: 7 }, plan: { concurrency: 1, requests: 20, timeoutMs: 2_000 } });
    expect(published.at(-1)).toMatchObject({ breakerId: breaker.breakerId, hammerRunId: runId });
    await vi.waitFor(() => expect(reports.map((report) => report.runId)).toContain(runId), { timeout: 10_000, interval: 20 });
    expect(reports.find((report) => report.runId === runId)).toMatchObject({ status: 'completed', completed: 20, ok: 0, errorsByKind: { 'remote-error': 4, 'breaker-open': 16 } });
    expect(engine.mocks.list().find((mock) => mock.id === mockId)!.stats.perRule[1]! - perRuleBefore).toBe(4);
    expect(counts(breaker.breakerId)).toEqual({ fires: 20, successes: 0, failures: 4, timeouts: 0, rejects: 16, fallbacks: 0 });
    await vi.waitFor(() => expect(engine.breakers.list().find((info) => info.breakerId === breaker.breakerId)?.hammerRunId).toBeUndefined(), { timeout: 2_000, interval: 20 });
    expect(published.at(-1)).not.toHaveProperty('hammerRunId');
  });

  it("closing the connection removes its breakers", async () => {
    const breakerIds = engine.breakers.list().map((info) => info.breakerId);
    expect(breakerIds).toHaveLength(1);
    await call('connection.close', { connectionId });
    expect(engine.breakers.list()).toEqual([]);
    expect(removed.slice(-1)).toEqual(breakerIds);
  });

  function counts(breakerId: string) {
    return engine.breakers.list().find((info) => info.breakerId === breakerId)?.counts;
  }
});
