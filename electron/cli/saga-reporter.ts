// How `patchbay saga run` prints a run for people: one line per attempt and per compensation as
// it finishes, then one line for the whole saga. (`--json` prints the SagaRunReport instead.)
import type { JsonDiff } from '../../shared/json-diff';
import type { SagaAttempt, SagaRunEvent, SagaRunReport } from '../../shared/saga';

const formatMs = (ms: number) => `${Math.round(ms * 10) / 10} ms`;

/** `charge` for a step tried once, `charge attempt 2` once there are retries. */
function attemptName(stepId: string, attempt: SagaAttempt): string {
  return attempt.attempt > 1 || attempt.retryInMs !== undefined ? `${stepId} attempt ${attempt.attempt}` : stepId;
}

/** The lines an event of a run adds to the timeline (most events add none). */
export function formatSagaEvent(event: SagaRunEvent): string[] {
  if (event.type === 'step-finished') {
    if (event.step.status === 'skipped') return [`- ${event.step.id} (not run)`];
    return event.step.diff ? formatStepDiff(event.step.diff) : [];
  }
  if (event.type !== 'attempt-finished') return [];
  const { attempt, stepId } = event;
  const retry = attempt.retryInMs !== undefined ? `, retrying in ${formatMs(attempt.retryInMs)}` : '';
  if (event.phase === 'step') {
    if (attempt.status === 'ok') return [`✓ ${attemptName(stepId, attempt)} (${formatMs(attempt.durationMs)})`];
    return [`✗ ${attemptName(stepId, attempt)}: ${attempt.error?.message ?? 'failed'} (${formatMs(attempt.durationMs)})${retry}`];
  }
  const name = `compensation of ${attemptName(stepId, attempt)}`;
  if (attempt.status === 'ok') return [`↩ ${name} (${formatMs(attempt.durationMs)})`];
  return [`✗ ${name}: ${attempt.error?.message ?? 'failed'} (${formatMs(attempt.durationMs)})${retry}`];
}

/** Past this, a value in a diff line is cut: the line is for reading, `--json` has it whole. */
const MAX_DIFF_VALUE_CHARS = 80;

function diffValue(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > MAX_DIFF_VALUE_CHARS ? `${text.slice(0, MAX_DIFF_VALUE_CHARS)}…` : text;
}

/** A replayed step's reply against its recording, indented under the step: `  ≠ data.total: 40 → 45`. */
export function formatStepDiff(diff: JsonDiff): string[] {
  if (diff.equal) return ['  = same as recorded'];
  const lines = diff.differences.map((difference) => {
    const path = difference.path === '' ? '(whole reply)' : difference.path;
    if (difference.kind === 'added') return `  + ${path}: ${diffValue(difference.actual)} (not recorded)`;
    if (difference.kind === 'removed') return `  − ${path}: ${diffValue(difference.recorded)} (now missing)`;
    return `  ≠ ${path}: ${diffValue(difference.recorded)} → ${diffValue(difference.actual)}`;
  });
  return diff.omitted ? [...lines, `  … and ${diff.omitted} more`] : lines;
}

/** The last line: how the saga ended, and for a failed one the original error and what was undone. */
export function formatSagaSummary(report: SagaRunReport): string {
  const took = formatMs(report.durationMs);
  const differences = report.differences === undefined ? '' : `; ${report.differences === 0 ? 'no' : report.differences} difference${report.differences === 1 ? '' : 's'} from the recording`;
  if (report.status === 'completed') return `Saga "${report.saga}" completed: ${report.steps.length} step${report.steps.length === 1 ? '' : 's'} in ${took}${differences}.`;
  // Messages end in a full stop already: the sentence goes on after it without doubling it.
  const failedAt = `Saga "${report.saga}" failed at ${report.failedStep ?? '?'}: ${(report.error?.message ?? 'failed').replace(/\.$/, '')}`;
  const undone = report.compensated.filter((id) => report.steps.find((step) => step.id === id)?.compensation?.status === 'completed');
  const notUndone = report.compensated.filter((id) => !undone.includes(id));
  const parts = [
    ...(undone.length > 0 ? [`compensated ${undone.join(', ')}`] : []),
    ...(notUndone.length > 0 ? [`compensation failed for ${notUndone.join(', ')}`] : []),
  ];
  const sentence = parts.length > 0 ? parts.join('; ') : 'nothing to compensate';
  return `${failedAt}. ${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} (${took})${differences}.`;
}
