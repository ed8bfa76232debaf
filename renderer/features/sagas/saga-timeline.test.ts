import { describe, expect, it } from 'vitest';
import type { SagaRunEvent, SagaRunReport } from '../../../shared/saga';
import { axisTicks, barTone, compareSteps, stepDurationMs, timelineFromEvents, timelineFromReport } from './saga-timeline';

const declined = { stage: 'remote' as const, code: 'remote-error', message: 'card declined' };
const report: SagaRunReport = {
  saga: 'Place order',
  path: 'place-order.saga.yaml',
  collection: 'order-saga',
  startedAt: 1_700_000_000_000,
  durationMs: 120,
  status: 'failed',
  failedStep: 'pay',
  error: declined,
  compensated: ['pay', 'create'],
  steps: [
    { id: 'create', kind: 'request', status: 'completed', attempts: [{ attempt: 1, startMs: 0, durationMs: 10, status: 'ok' }], response: { id: 7, status: 'pending' }, compensation: { status: 'completed', attempts: [{ attempt: 1, startMs: 100, durationMs: 8, status: 'ok' }] } },
    {
      id: 'pay',
      name: 'Take payment',
      kind: 'request',
      status: 'failed',
      attempts: [
        { attempt: 1, startMs: 12, durationMs: 5, status: 'failed', error: declined, retryInMs: 50 },
        { attempt: 2, startMs: 67, durationMs: 6, status: 'failed', error: declined },
      ],
      compensation: { status: 'completed', attempts: [{ attempt: 1, startMs: 80, durationMs: 9, status: 'ok' }] },
    },
    { id: 'confirm', kind: 'request', status: 'skipped', attempts: [] },
  ],
};

describe('saga timeline', () => {
  it('draws a report: steps in order, then compensations in the order they ran', () => {
    const timeline = timelineFromReport(report);
    expect(timeline.rows.map((row) => [row.key, row.label, row.status, row.attempts.length])).toEqual([
      ['step:create', 'create', 'completed', 1],
      ['step:pay', 'Take payment', 'failed', 2],
      ['step:confirm', 'confirm', 'skipped', 0],
      ['compensation:pay', '↩ Take payment', 'completed', 1],
      ['compensation:create', '↩ create', 'completed', 1],
    ]);
    expect(timeline.endMs).toBe(120);
  });

  it('colours a retried attempt apart from the last failure and from compensations', () => {
    const [, pay, , compensation] = timelineFromReport(report).rows;
    expect(pay!.attempts.map((attempt) => barTone(pay!, attempt))).toEqual(['retried', 'failed']);
    expect(barTone(compensation!, compensation!.attempts[0]!)).toBe('compensation');
  });

  it('draws a run going from its events, an attempt in flight reaching now', () => {
    const events: SagaRunEvent[] = [
      { type: 'attempt-started', stepId: 'create', phase: 'step', attempt: 1, startMs: 0 },
      { type: 'attempt-finished', stepId: 'create', phase: 'step', attempt: { attempt: 1, startMs: 0, durationMs: 10, status: 'ok' } },
      { type: 'step-finished', step: report.steps[0]! },
      { type: 'attempt-started', stepId: 'pay', phase: 'step', attempt: 1, startMs: 12 },
    ];
    const timeline = timelineFromEvents([{ id: 'create' }, { id: 'pay', name: 'Take payment' }, { id: 'confirm' }], events, 40);
    expect(timeline.rows.map((row) => [row.key, row.status, row.attempts.map((attempt) => [attempt.startMs, attempt.durationMs, attempt.status])])).toEqual([
      ['step:create', 'completed', [[0, 10, 'ok']]],
      ['step:pay', 'running', [[12, undefined, 'running']]],
      ['step:confirm', 'pending', []],
    ]);
    expect(timeline.endMs).toBe(40);
    expect(stepDurationMs(timeline.rows[1]!.attempts)).toBeUndefined();
  });

  it('picks round ticks covering the run', () => {
    expect(axisTicks(120)).toEqual({ stepMs: 20, ticks: [0, 20, 40, 60, 80, 100, 120], scaleMs: 120 });
    expect(axisTicks(1234)).toEqual({ stepMs: 500, ticks: [0, 500, 1000, 1500], scaleMs: 1500 });
    expect(axisTicks(0).scaleMs).toBe(1);
  });

  it('times a step from its first attempt to the end of its last', () => {
    expect(stepDurationMs(timelineFromReport(report).rows[1]!.attempts)).toBe(61);
  });

  it('compares two runs step by step, saying where replies differ', () => {
    const other: SagaRunReport = { ...report, status: 'completed', steps: [{ ...report.steps[0]!, response: { id: 8, status: 'pending' } }, { ...report.steps[1]!, status: 'completed', response: { paid: true } }, report.steps[2]!] };
    expect(compareSteps(report, other).map((step) => [step.stepId, step.left?.status, step.right?.status, step.response])).toEqual([
      ['create', 'completed', 'completed', { kind: 'different', paths: ['id'], more: 0 }],
      ['pay', 'failed', 'completed', { kind: 'only', side: 'right' }],
      ['confirm', 'skipped', 'skipped', { kind: 'none' }],
    ]);
    expect(compareSteps(report, report)[0]?.response).toEqual({ kind: 'equal' });
  });
});
