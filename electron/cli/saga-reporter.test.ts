import { describe, expect, it } from 'vitest';
import type { SagaRunReport, SagaStepReport } from '../../shared/saga';
import { parseFailAt, sagaExitCode } from './saga-command';
import { formatSagaEvent, formatSagaSummary } from './saga-reporter';

const declined = { stage: 'remote' as const, code: 'remote-error', message: 'Payment declined' };
const step = (id: string, status: SagaStepReport['status'], extra: Partial<SagaStepReport> = {}): SagaStepReport => ({ id, kind: 'request', status, attempts: [], ...extra });
const report = (overrides: Partial<SagaRunReport>): SagaRunReport => ({
  saga: 'Place order',
  path: 'place.saga.yaml',
  collection: 'Shop',
  startedAt: 0,
  durationMs: 52.345,
  status: 'completed',
  compensated: [],
  steps: [step('createOrder', 'completed'), step('charge', 'completed')],
  ...overrides,
});

describe('formatSagaEvent', () => {
  it('prints one line per attempt, naming the attempt once there are retries', () => {
    const lines = [
      formatSagaEvent({ type: 'attempt-finished', stepId: 'createOrder', phase: 'step', attempt: { attempt: 1, startMs: 0, durationMs: 10.04, status: 'ok' } }),
      formatSagaEvent({ type: 'attempt-finished', stepId: 'charge', phase: 'step', attempt: { attempt: 1, startMs: 10, durationMs: 3, status: 'failed', error: declined, retryInMs: 125 } }),
      formatSagaEvent({ type: 'attempt-finished', stepId: 'charge', phase: 'step', attempt: { attempt: 2, startMs: 138, durationMs: 4, status: 'failed', error: declined } }),
      formatSagaEvent({ type: 'step-finished', step: step('charge', 'failed') }),
      formatSagaEvent({ type: 'step-finished', step: step('ship', 'skipped') }),
      formatSagaEvent({ type: 'attempt-finished', stepId: 'createOrder', phase: 'compensation', attempt: { attempt: 1, startMs: 142, durationMs: 2, status: 'ok' } }),
      formatSagaEvent({ type: 'attempt-finished', stepId: 'reserve', phase: 'compensation', attempt: { attempt: 1, startMs: 144, durationMs: 2, status: 'failed', error: { ...declined, message: 'gone' } } }),
      formatSagaEvent({ type: 'attempt-started', stepId: 'x', phase: 'step', attempt: 1, startMs: 0 }),
    ];
    expect(lines).toEqual([
      ['✓ createOrder (10 ms)'],
      ['✗ charge attempt 1: Payment declined (3 ms), retrying in 125 ms'],
      ['✗ charge attempt 2: Payment declined (4 ms)'],
      [],
      ['- ship (not run)'],
      ['↩ compensation of createOrder (2 ms)'],
      ['✗ compensation of reserve: gone (2 ms)'],
      [],
    ]);
  });
});

describe('formatSagaSummary and the exit code', () => {
  it('says a completed saga completed, exit 0', () => {
    const completed = report({});
    expect([formatSagaSummary(completed), sagaExitCode(completed)]).toEqual(['Saga "Place order" completed: 2 steps in 52.3 ms.', 0]);
  });

  it('gives the original error and what was compensated, exit 1', () => {
    const failed = report({
      status: 'failed',
      failedStep: 'charge',
      error: declined,
      compensated: ['createOrder'],
      steps: [step('createOrder', 'completed', { compensation: { status: 'completed', attempts: [] } }), step('charge', 'failed')],
    });
    expect([formatSagaSummary(failed), sagaExitCode(failed)]).toEqual(['Saga "Place order" failed at charge: Payment declined. Compensated createOrder (52.3 ms).', 1]);
    const first = report({ status: 'failed', failedStep: 'createOrder', error: { ...declined, message: 'Payment declined.' } });
    expect(formatSagaSummary(first)).toBe('Saga "Place order" failed at createOrder: Payment declined. Nothing to compensate (52.3 ms).');
  });

  it('names the compensations that failed', () => {
    const failed = report({
      status: 'compensation-failed',
      failedStep: 'charge',
      error: declined,
      compensated: ['reserve', 'createOrder'],
      steps: [step('createOrder', 'completed', { compensation: { status: 'failed', attempts: [] } }), step('reserve', 'completed', { compensation: { status: 'completed', attempts: [] } }), step('charge', 'failed')],
    });
    expect([formatSagaSummary(failed), sagaExitCode(failed)]).toEqual(['Saga "Place order" failed at charge: Payment declined. Compensated reserve; compensation failed for createOrder (52.3 ms).', 1]);
  });

  it('exits 3 when a connection failed and 2 on a variable problem', () => {
    expect(sagaExitCode(report({ status: 'failed', error: { stage: 'connect', code: 'connection-refused', message: 'refused' } }))).toBe(3);
    expect(sagaExitCode(report({ status: 'failed', error: { stage: 'prepare', code: 'unknown-variable', message: 'x' } }))).toBe(2);
  });
});

describe('parseFailAt', () => {
  it('takes a step and an optional mode', () => {
    expect([parseFailAt('charge'), parseFailAt('charge:timeout'), parseFailAt('charge:error')]).toEqual([
      { ok: true, value: { step: 'charge', mode: 'fail' } },
      { ok: true, value: { step: 'charge', mode: 'timeout' } },
      { ok: true, value: { step: 'charge', mode: 'error' } },
    ]);
    expect(parseFailAt('charge:later')).toEqual({
      ok: false,
      error: { code: 'usage', message: '--fail-at takes a step id, optionally with :timeout or :error, e.g. --fail-at charge or --fail-at charge:timeout; got "charge:later".' },
    });
  });
});

describe('replay diffs', () => {
  it('prints each difference from the recording under its step', () => {
    const diff = {
      equal: false,
      differences: [
        { path: 'data.total', kind: 'changed' as const, recorded: 40, actual: 45 },
        { path: 'data.coupon', kind: 'added' as const, actual: 'SPRING' },
        { path: 'data.note', kind: 'removed' as const, recorded: 'gift' },
        { path: '', kind: 'changed' as const, recorded: { values: [1] }, actual: { error: 'x'.repeat(100) } },
      ],
      omitted: 2,
    };
    expect(formatSagaEvent({ type: 'step-finished', step: step('checkout', 'completed', { diff }) })).toEqual([
      '  ≠ data.total: 40 → 45',
      '  + data.coupon: "SPRING" (not recorded)',
      '  − data.note: "gift" (now missing)',
      `  ≠ (whole reply): {"values":[1]} → {"error":"${'x'.repeat(70)}…`,
      '  … and 2 more',
    ]);
    expect(formatSagaEvent({ type: 'step-finished', step: step('checkout', 'completed', { diff: { equal: true, differences: [] } }) })).toEqual(['  = same as recorded']);
  });

  it('counts the differences in the summary, without changing the exit code', () => {
    const replayed = report({ differences: 3 });
    expect([formatSagaSummary(replayed), sagaExitCode(replayed)]).toEqual(['Saga "Place order" completed: 2 steps in 52.3 ms; 3 differences from the recording.', 0]);
    expect(formatSagaSummary(report({ differences: 0 }))).toBe('Saga "Place order" completed: 2 steps in 52.3 ms; no differences from the recording.');
    const failed = report({ status: 'failed', failedStep: 'charge', error: declined, differences: 1 });
    expect([formatSagaSummary(failed), sagaExitCode(failed)]).toEqual(['Saga "Place order" failed at charge: Payment declined. Nothing to compensate (52.3 ms); 1 difference from the recording.', 1]);
  });
});
