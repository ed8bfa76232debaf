import { describe, expect, it } from 'vitest';
import type { LoadPlan, LoadProgress } from '../../../shared/load';
import type { ReplyPart } from '../transports/transport';
import { startLoadRun } from './load-run';
import { createFakeClient, createFakeTime } from './fake-load-client';

const value = (last = true): ReplyPart => ({ kind: 'value', value: 6, last, sizeBytes: 20 });
const remoteError: ReplyPart = { kind: 'remote-error', error: { status: 404 }, sizeBytes: 30 };

function run(time: ReturnType<typeof createFakeTime>, client: ReturnType<typeof createFakeClient>['client'], plan: Partial<LoadPlan>) {
  const progress: LoadProgress[] = [];
  const started = startLoadRun(
    { client, pattern: { cmd: 'sum' }, data: [1, 2, 3], plan: { concurrency: 1, timeoutMs: 10_000, ...plan } as LoadPlan },
    { runId: 'run-1', monotonicMs: time.monotonicMs, scheduler: time.scheduler, correlationPrefix: 'abc-', onProgress: (sample) => progress.push(sample) },
  );
  if (!started.ok) throw new Error(started.error.message);
  return { loadRun: started.value, progress };
}

describe('load run', () => {
  it('completes exactly the requested number, never more than the concurrency in flight', async () => {
    const time = createFakeTime();
    const { client, seen } = createFakeClient(time, () => [value()], 2);
    const { loadRun } = run(time, client, { concurrency: 4, requests: 10 });
    await time.advanceTo(100);
    const report = await loadRun.finished;
    expect(seen.startTimesMs).toEqual([0, 0, 0, 0, 2, 2, 2, 2, 4, 4]);
    expect(seen.maxInFlight).toBe(4);
    expect(seen.correlationIds.slice(0, 3)).toEqual(['abc-1', 'abc-2', 'abc-3']);
    expect(report).toMatchObject({ runId: 'run-1', status: 'completed', completed: 10, ok: 10, errorsByKind: {}, durationMs: 6, throughputPerSecond: 10_000 / 6 });
    expect(report.plan).toEqual({ concurrency: 4, requests: 10, durationMs: undefined, ratePerSecond: undefined, timeoutMs: 10_000 });
    expect(report.latency).toMatchObject({ count: 10, minMs: 2, maxMs: 2, meanMs: 2, p50Ms: 2, p99Ms: 2, histogram: { upperBoundsMs: [2], counts: [10] } });
  });

  it('spaces starts evenly at the rate, without waiting for replies while slots are free', async () => {
    const time = createFakeTime();
    const { client, seen } = createFakeClient(time, () => [value()], 25);
    const { loadRun } = run(time, client, { concurrency: 10, requests: 5, ratePerSecond: 100 });
    await time.advanceTo(200);
    expect(seen.startTimesMs).toEqual([0, 10, 20, 30, 40]);
    expect(seen.maxInFlight).toBe(3);
    expect((await loadRun.finished).durationMs).toBe(65);
  });

  it('holds starts back at the concurrency cap even when the rate says they are due', async () => {
    const time = createFakeTime();
    const { client, seen } = createFakeClient(time, () => [value()], 25);
    run(time, client, { concurrency: 1, requests: 3, ratePerSecond: 1_000 });
    await time.advanceTo(200);
    expect(seen.startTimesMs).toEqual([0, 25, 50]);
  });

  it('counts remote errors, failures by code and timeouts by kind', async () => {
    const time = createFakeTime();
    const failure: ReplyPart = { kind: 'failure', failure: { code: 'invalid-request', message: 'no' } };
    const answers: (ReplyPart[] | 'silent')[] = [[value(false), value(false), value()], [remoteError], 'silent', [failure], [{ kind: 'end', sizeBytes: 4 }]];
    const { client } = createFakeClient(time, ({ index }) => answers[index]!);
    const { loadRun } = run(time, client, { concurrency: 1, requests: 5, timeoutMs: 100 });
    await time.advanceTo(1_000);
    const report = await loadRun.finished;
    expect(report).toMatchObject({ status: 'completed', completed: 5, ok: 2, errorsByKind: { 'remote-error': 1, timeout: 1, 'invalid-request': 1 } });
    // The timeout is noticed by the sweep, every tenth of the timeout.
    expect(report.latency.maxMs).toBe(100);
  });

  it('uses a fresh signal after a timeout, so later requests are not aborted at once', async () => {
    const time = createFakeTime();
    const { client } = createFakeClient(time, ({ index }) => (index === 0 ? 'silent' : [value()]), 1);
    const { loadRun } = run(time, client, { concurrency: 1, requests: 3, timeoutMs: 50 });
    await time.advanceTo(1_000);
    expect(await loadRun.finished).toMatchObject({ completed: 3, ok: 2, errorsByKind: { timeout: 1 } });
  });

  it('stops early: status stopped, in-flight requests abandoned, no more starts', async () => {
    const time = createFakeTime();
    const { client, seen } = createFakeClient(time, () => [value()], 10);
    const { loadRun } = run(time, client, { concurrency: 2, requests: 1_000 });
    await time.advanceTo(35);
    loadRun.stop();
    await time.advanceTo(1_000);
    const report = await loadRun.finished;
    expect(report).toMatchObject({ status: 'stopped', completed: 6, ok: 6, durationMs: 35 });
    expect(seen.startTimesMs).toHaveLength(8);
  });

  it('runs for the duration, then ends as completed', async () => {
    const time = createFakeTime();
    const { client } = createFakeClient(time, () => [value()], 12);
    const { loadRun, progress } = run(time, client, { concurrency: 1, durationMs: 605 });
    await time.advanceTo(2_000);
    const report = await loadRun.finished;
    expect(report).toMatchObject({ status: 'completed', completed: 50, ok: 50, durationMs: 605, throughputPerSecond: 50_000 / 605 });
    expect(report.plan.durationMs).toBe(605);
    // Samples every 250 ms: what happened in each interval, and the remainder at the end.
    expect(report.timeline).toEqual([
      { elapsedMs: 250, completed: 20, errors: 0, throughputPerSecond: 80, p50Ms: 12, p99Ms: 12 },
      { elapsedMs: 500, completed: 21, errors: 0, throughputPerSecond: 84, p50Ms: 12, p99Ms: 12 },
      { elapsedMs: 605, completed: 9, errors: 0, throughputPerSecond: 9_000 / 105, p50Ms: 12, p99Ms: 12 },
    ]);
    expect(progress).toEqual(report.timeline.map((sample) => ({ runId: 'run-1', ...sample })));
  });

  it('folds a remainder of a few ms into the last sample, so the chart shows no spike', async () => {
    const time = createFakeTime();
    const { client } = createFakeClient(time, () => [value()], 12);
    const { loadRun, progress } = run(time, client, { concurrency: 1, requests: 21 });
    await time.advanceTo(1_000);
    const report = await loadRun.finished;
    expect(progress).toEqual([{ runId: 'run-1', elapsedMs: 250, completed: 20, errors: 0, throughputPerSecond: 80, p50Ms: 12, p99Ms: 12 }]);
    expect(report.timeline).toEqual([{ elapsedMs: 252, completed: 21, errors: 0, throughputPerSecond: 21_000 / 252, p50Ms: 12, p99Ms: 12 }]);
  });

  it('fails when the connection goes away during the run', async () => {
    const time = createFakeTime();
    const { client } = createFakeClient(time, () => [value()], 10);
    const { loadRun } = run(time, client, { concurrency: 1, requests: 100 });
    await time.advanceTo(30);
    client.setState({ state: 'reconnecting', lastError: 'read ECONNRESET' });
    const report = await loadRun.finished;
    expect(report).toMatchObject({
      status: 'failed',
      completed: 3,
      failure: { code: 'connection-lost', message: 'The connection became reconnecting during the load run: read ECONNRESET. Check the service, reconnect, and start the run again.' },
    });
  });

  it('refuses to start on a connection that is not ready', () => {
    const time = createFakeTime();
    const { client } = createFakeClient(time, () => [value()]);
    client.setState({ state: 'connecting' });
    const started = startLoadRun(
      { client, pattern: 'p', data: {}, plan: { concurrency: 1, requests: 1, timeoutMs: 1_000 } },
      { runId: 'r', monotonicMs: time.monotonicMs, scheduler: time.scheduler, correlationPrefix: 'x-', onProgress: () => {} },
    );
    expect(started).toEqual({
      ok: false,
      error: { code: 'not-connected', message: 'The connection is connecting, so the load run cannot start. Wait until it is ready (or reopen it), then start again.' },
    });
  });
});
