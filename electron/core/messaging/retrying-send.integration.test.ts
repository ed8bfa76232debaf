// Retries against a real Patchbay TCP mock that always fails: every attempt is a real request on
// the wire (its own traffic entry and correlation id), for composer sends (`message.send`) and for
// collection request files with `retry:`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../shared/contract';
import { mockRulesSchema } from '../../../shared/mock';
import type { TrafficEntry } from '../../../shared/traffic';
import { openTcpMockConnection } from '../../test-support/tcp-mock-connection';
import { loadCollection } from '../collections/collection-files';
import { createContractHandlers } from '../contract-handlers';
import type { Engine } from '../engine';
import { createEngine } from '../engine';
import { runCollection } from '../runner/collection-run';

const injected = { status: 'error', message: 'Payment service down' };

describe('retries against a failing TCP mock', () => {
  let engine: Engine;
  let port: number;
  let connectionId: string;
  let root: string;

  beforeAll(async () => {
    engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
    const rules = mockRulesSchema.parse({
      rules: [
        { pattern: 'payment.charge', reply: { value: { charged: true } }, failureRate: 1, failWith: injected },
        { pattern: 'payment.status', reply: { value: { up: true } } },
      ],
    });
    ({ port, connectionId } = await openTcpMockConnection(engine, 'payments', rules));
    root = await mkdtemp(join(tmpdir(), 'patchbay-retries-'));
  });
  afterAll(async () => {
    await engine?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** The log's entries of the patchbay client (not the mock's own), of one pattern, after `afterSeq`. */
  const clientEntries = (pattern: string, afterSeq: number): TrafficEntry[] => engine.traffic.readPage(afterSeq, 1_000).entries.filter((entry) => entry.pattern === pattern && entry.origin !== 'mock');

  it('message.send with retry {count 2, backoffMs 50} sends three times and lists three failed attempts', async () => {
    const handlers = createContractHandlers(engine);
    const before = engine.traffic.readPage(undefined, 1).lastSeq;
    const input = commands['message.send'].input.parse({ connectionId, pattern: 'payment.charge', data: { orderId: 7 }, retry: { count: 2, backoffMs: 50 } });
    const result = await handlers['message.send'](input);
    if (!result.ok) throw new Error(result.error.message);
    const outcome = commands['message.send'].output.parse(result.value);

    expect(outcome.status).toBe('remote-error');
    expect(outcome.remoteError).toEqual(injected);
    const attempts = outcome.attempts ?? [];
    expect(attempts.map(({ attempt, status, error, retryInMs }) => ({ attempt, status, error, retryInMs }))).toEqual([
      { attempt: 1, status: 'failed', error: { code: 'remote-error', message: 'Payment service down' }, retryInMs: 50 },
      { attempt: 2, status: 'failed', error: { code: 'remote-error', message: 'Payment service down' }, retryInMs: 50 },
      { attempt: 3, status: 'failed', error: { code: 'remote-error', message: 'Payment service down' }, retryInMs: undefined },
    ]);
    // Each retry starts after the previous attempt and its wait.
    expect(attempts[1]!.startMs).toBeGreaterThanOrEqual(attempts[0]!.startMs + attempts[0]!.durationMs + 50 - 1);
    expect(attempts[2]!.startMs).toBeGreaterThanOrEqual(attempts[1]!.startMs + attempts[1]!.durationMs + 50 - 1);

    const entries = clientEntries('payment.charge', before);
    const requests = entries.filter((entry) => entry.kind === 'request');
    expect(requests).toHaveLength(3);
    expect(requests.map((entry) => entry.correlationId)).toEqual(attempts.map((attempt) => attempt.correlationId));
    expect(entries.filter((entry) => entry.kind === 'remote-error')).toHaveLength(3);
    expect(outcome.correlationId).toBe(attempts[2]!.correlationId);
  });

  it('message.send with a retry policy sends once when the first attempt answers', async () => {
    const handlers = createContractHandlers(engine);
    const before = engine.traffic.readPage(undefined, 1).lastSeq;
    const result = await handlers['message.send'](commands['message.send'].input.parse({ connectionId, pattern: 'payment.status', data: {}, retry: { count: 3, backoffMs: 50 } }));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.status).toBe('ok');
    expect(result.value.values).toEqual([{ up: true }]);
    expect(result.value.attempts?.map(({ attempt, status }) => ({ attempt, status }))).toEqual([{ attempt: 1, status: 'ok' }]);
    expect(clientEntries('payment.status', before).filter((entry) => entry.kind === 'request')).toHaveLength(1);
  });

  it('message.send without a policy sends once and reports no attempts', async () => {
    const handlers = createContractHandlers(engine);
    const result = await handlers['message.send'](commands['message.send'].input.parse({ connectionId, pattern: 'payment.charge', data: {} }));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.status).toBe('remote-error');
    expect(result.value.attempts).toBeUndefined();
  });

  it('runs a request file with retry: every attempt goes out, and the result lists them', async () => {
    await writeFile(join(root, 'patchbay-collection.yaml'), `patchbay: 1\nname: Payments\nconnections:\n  payments:\n    target: tcp://127.0.0.1:${port}\n`);
    await writeFile(
      join(root, 'charge.yaml'),
      ['connection: payments', 'pattern: payment.charge', 'data: { orderId: 9 }', 'retry: { count: 1, backoffMs: 30, factor: 2, jitter: 0 }', 'assert:', '  - ok: true', ''].join('\n'),
    );
    const loaded = await loadCollection(root);
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.problems).toEqual([]);
    expect(loaded.value.requests[0]?.request.retry).toEqual({ count: 1, backoffMs: 30, factor: 2, jitter: 0 });

    const before = engine.traffic.readPage(undefined, 1).lastSeq;
    const run = await runCollection(
      loaded.value,
      { variables: {}, iterations: 1, bail: false, secrets: {} },
      { engine, now: Date.now, monotonicMs: () => performance.now(), uuid: () => 'u', random: Math.random, readFile: () => '' },
    );
    if (!run.ok) throw new Error(run.error.message);
    const [result] = run.value.report.results;
    expect(result?.status).toBe('failed');
    expect(result?.error).toEqual(injected);
    expect(result?.assertions.map((assertion) => assertion.passed)).toEqual([false]);
    expect(result?.attempts?.map(({ attempt, status, error, retryInMs }) => ({ attempt, status, error, retryInMs }))).toEqual([
      { attempt: 1, status: 'failed', error: { code: 'remote-error', message: 'Payment service down' }, retryInMs: 30 },
      { attempt: 2, status: 'failed', error: { code: 'remote-error', message: 'Payment service down' }, retryInMs: undefined },
    ]);
    const last = result!.attempts![1]!;
    expect(result?.durationMs).toBe(last.startMs + last.durationMs);
    // The run opened its own connection: two more requests on the wire, one per attempt.
    expect(clientEntries('payment.charge', before).filter((entry) => entry.kind === 'request')).toHaveLength(2);
  });
});
