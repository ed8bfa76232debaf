// Load runs against real Nest 12 services over TCP and gRPC: exact counts of ok requests and of
// errors by kind, the report on the event stream, and stopping a duration run early.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionOptionsSchema } from '../../../shared/connection';
import type { LoadReport } from '../../../shared/load';
import { loadReportSchema } from '../../../shared/load';
import type { NestService } from '../../../fixtures/nest/start.mjs';
import { startNestService } from '../../../fixtures/nest/start.mjs';
import { fixtureServices } from '../../test-support/fixture-services';
import type { Engine } from '../engine';
import { createEngine } from '../engine';
import type { LoadStart } from './load-runs';
import { parseTargetUrl } from '../transports/target-url';

const services = fixtureServices();

async function openEngine(url: string) {
  const target = parseTargetUrl(url, (path) => readFileSync(path, 'utf8'));
  if (!target.ok) throw new Error(target.error.message);
  const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  const connection = engine.connections.open('load', target.value, connectionOptionsSchema.parse({}));
  const first = await connection.client.firstAttempt();
  if (!first.ok) throw new Error(first.error.message);
  return { engine, connectionId: connection.info().id };
}

async function runLoad(engine: Engine, request: LoadStart): Promise<LoadReport> {
  const started = engine.loads.start(request);
  if (!started.ok) throw new Error(started.error.message);
  return started.value.finished;
}

describe('load runs over Nest TCP', () => {
  let engine: Engine;
  let connectionId: string;
  beforeAll(async () => ({ engine, connectionId } = await openEngine(`tcp://127.0.0.1:${services.nest['12'].tcp.port}`)));
  afterAll(() => engine?.close());

  it('completes every request of {"cmd":"sum"}, all ok', async () => {
    const report = await runLoad(engine, { connectionId, pattern: { cmd: 'sum' }, data: [1, 2, 3], plan: { concurrency: 20, requests: 2_000, timeoutMs: 10_000 } });
    expect(report).toMatchObject({ status: 'completed', completed: 2_000, ok: 2_000, errorsByKind: {} });
    expect(report.latency.count).toBe(2_000);
    expect(report.latency.histogram.counts.reduce((sum, count) => sum + count, 0)).toBe(2_000);
    expect(report.timeline.reduce((sum, sample) => sum + sample.completed, 0)).toBe(2_000);
  });

  it('counts every RpcException as a remote error', async () => {
    const report = await runLoad(engine, { connectionId, pattern: { cmd: 'fail_object' }, data: {}, plan: { concurrency: 10, requests: 300, timeoutMs: 10_000 } });
    expect(report).toMatchObject({ status: 'completed', completed: 300, ok: 0, errorsByKind: { 'remote-error': 300 } });
  });

  it('counts a stream as one ok request once its last value came', async () => {
    const report = await runLoad(engine, { connectionId, pattern: { cmd: 'stream' }, data: {}, plan: { concurrency: 5, requests: 50, timeoutMs: 10_000 } });
    expect(report).toMatchObject({ completed: 50, ok: 50, errorsByKind: {} });
  });

  it('counts requests the service never answers as timeouts', async () => {
    const report = await runLoad(engine, { connectionId, pattern: { cmd: 'silent' }, data: {}, plan: { concurrency: 4, requests: 8, timeoutMs: 100 } });
    expect(report).toMatchObject({ status: 'completed', completed: 8, ok: 0, errorsByKind: { timeout: 8 } });
    expect(report.latency.minMs).toBeGreaterThanOrEqual(100);
  });

  it('publishes progress and the report as events, in the contract shape', async () => {
    const events: string[] = [];
    let finished: unknown;
    const unsubscribe = engine.onEvent((event) => {
      if (event.event === 'load.progress') events.push(event.event);
      if (event.event === 'load.finished') finished = event.payload;
    });
    const report = await runLoad(engine, { connectionId, pattern: { cmd: 'sum' }, data: [1], plan: { concurrency: 2, durationMs: 600, timeoutMs: 10_000 } });
    await Promise.resolve();
    unsubscribe();
    expect(loadReportSchema.parse(finished)).toEqual(report);
    expect(report.status).toBe('completed');
    expect(report.durationMs).toBeGreaterThanOrEqual(600);
    expect(events.length).toBe(report.timeline.length);
    expect(report.timeline.length).toBeGreaterThanOrEqual(2);
  });

  it('stops a duration run early when asked', async () => {
    const started = engine.loads.start({ connectionId, pattern: { cmd: 'sum' }, data: [1], plan: { concurrency: 4, durationMs: 60_000, timeoutMs: 10_000 } });
    if (!started.ok) throw new Error(started.error.message);
    expect(engine.loads.stop(started.value.runId)).toEqual({ ok: true, value: null });
    const report = await started.value.finished;
    expect(report.status).toBe('stopped');
    expect(engine.loads.stop(started.value.runId)).toEqual({
      ok: false,
      error: { code: 'unknown-load-run', message: `No load run has id ${started.value.runId}; it may have finished already.` },
    });
  });
});

describe('load runs over Nest gRPC', () => {
  let nest: NestService;
  let engine: Engine;
  let connectionId: string;
  beforeAll(async () => {
    nest = await startNestService({ major: 12, grpc: { port: 0 } });
    ({ engine, connectionId } = await openEngine(`grpc://127.0.0.1:${nest.grpc!.port}?proto=fixtures/nest/app/proto/users.proto`));
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    await nest?.stop();
  });

  it('completes every GetUser call, all ok', async () => {
    const report = await runLoad(engine, { connectionId, pattern: 'users.UsersService/GetUser', data: { id: 1 }, plan: { concurrency: 20, requests: 500, timeoutMs: 10_000 } });
    expect(report).toMatchObject({ status: 'completed', completed: 500, ok: 500, errorsByKind: {} });
  });

  it('counts NOT_FOUND statuses as remote errors', async () => {
    const report = await runLoad(engine, { connectionId, pattern: 'users.UsersService/GetUser', data: { id: 1000 }, plan: { concurrency: 10, requests: 100, timeoutMs: 10_000 } });
    expect(report).toMatchObject({ status: 'completed', completed: 100, ok: 0, errorsByKind: { 'remote-error': 100 } });
  });
});
