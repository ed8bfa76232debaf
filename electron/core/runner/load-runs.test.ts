import { describe, expect, it } from 'vitest';
import type { LoadProgress, LoadReport } from '../../../shared/load';
import type { Connection } from '../connections/registry';
import type { ReplyPart } from '../transports/transport';
import { createFakeClient, createFakeTime } from './fake-load-client';
import { createLoadRuns } from './load-runs';

const value: ReplyPart = { kind: 'value', value: 6, last: true, sizeBytes: 20 };

function setUp() {
  const time = createFakeTime();
  const { client, seen } = createFakeClient(time, () => [value], 2);
  const progress: LoadProgress[] = [];
  const reports: LoadReport[] = [];
  const loads = createLoadRuns({
    connections: { get: (id) => (id === 'c1' ? ({ client } as unknown as Connection) : undefined) },
    newId: () => 'run-1',
    newPacketId: () => 'abc',
    monotonicMs: time.monotonicMs,
    scheduler: time.scheduler,
    onProgress: (sample) => progress.push(sample),
    onFinished: (report) => reports.push(report),
  });
  return { time, seen, loads, progress, reports };
}

describe('load runs', () => {
  it('sends the warm-up requests first and measures only the ones after them', async () => {
    const { time, seen, loads, progress, reports } = setUp();
    const started = loads.start({ connectionId: 'c1', pattern: 'sum', data: [1], plan: { concurrency: 2, requests: 4, timeoutMs: 1_000, warmupRequests: 6 } });
    expect(started.ok).toBe(true);
    await time.advanceTo(1_000);
    // Six warm-up requests (three rounds of two, 2 ms each), then four measured from 6 ms on.
    expect(seen.startTimesMs).toEqual([0, 0, 2, 2, 4, 4, 6, 6, 8, 8]);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ runId: 'run-1', status: 'completed', completed: 4, ok: 4, durationMs: 4, plan: { concurrency: 2, requests: 4, timeoutMs: 1_000, warmupRequests: 6 } });
    expect(progress.every((sample) => sample.runId === 'run-1')).toBe(true);
    expect(progress.reduce((sum, sample) => sum + sample.completed, 0)).toBe(4);
  });

  it('stops during the warm-up without starting the measured run', async () => {
    const { time, seen, loads, reports } = setUp();
    const started = loads.start({ connectionId: 'c1', pattern: 'sum', data: [1], plan: { concurrency: 1, requests: 4, timeoutMs: 1_000, warmupRequests: 100 } });
    if (!started.ok) throw new Error(started.error.message);
    await time.advanceTo(3);
    expect(loads.stop('run-1')).toEqual({ ok: true, value: null });
    await time.advanceTo(1_000);
    expect(seen.startTimesMs).toEqual([0, 2]);
    expect(reports).toMatchObject([{ status: 'stopped', completed: 1 }]);
  });
});
