// How a kept saga run is named on screen: its status, what was injected, when it ran.
import type { SagaFailureInjection } from '../../../shared/saga';
import type { KeptSagaRun } from '../../../shared/saga-runs';
import { formatClock } from '../../ui/format';

export const runStatusLabels: Record<KeptSagaRun['status'], string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  'compensation-failed': 'Compensation failed',
  error: 'Could not run',
};

export const runStatusTones: Record<KeptSagaRun['status'], 'pending' | 'ok' | 'error' | 'warning'> = {
  running: 'pending',
  completed: 'ok',
  failed: 'error',
  'compensation-failed': 'error',
  error: 'warning',
};

const modeLabels: Record<SagaFailureInjection['mode'], string> = { fail: 'fail', timeout: 'time out', error: 'error reply' };

/** `processPayment: time out`; with an error's message, `confirmOrder: error reply "warehouse closed"`. */
export function injectionText(inject: SagaFailureInjection | undefined): string {
  if (!inject) return 'none';
  return `${inject.step}: ${modeLabels[inject.mode]}${inject.message ? ` "${inject.message}"` : ''}`;
}

export const injectionModeLabels = modeLabels;

/** `13:04:05`. */
export const runTime = (run: Pick<KeptSagaRun, 'startedAt'>) => formatClock(run.startedAt).slice(0, 8);

/** One line: `Failed at processPayment`, `Completed`, `Could not run`. */
export function runOutcomeText(run: KeptSagaRun): string {
  if (run.report?.failedStep && run.status !== 'completed') return `${runStatusLabels[run.status]} at ${run.report.failedStep}`;
  return runStatusLabels[run.status];
}
