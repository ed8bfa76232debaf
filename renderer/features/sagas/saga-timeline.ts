// A saga run as a timeline: one row per step (in the saga's order) and one per compensation (in
// the order they ran), each with its attempts as bars at their offsets from the run's start. Built
// from the report once there is one, and from the live events until then (an attempt going has
// no duration yet: it is drawn up to now). Also the axis ticks and the side-by-side comparison.
import { diffJson } from '../../../shared/json-diff';
import type { SagaAttempt, SagaRunEvent, SagaRunReport, SagaStepReport } from '../../../shared/saga';

export type TimelinePhase = 'step' | 'compensation';

export type TimelineAttempt = Omit<SagaAttempt, 'durationMs' | 'status'> & {
  /** Undefined while it goes. */
  durationMs?: number;
  status: SagaAttempt['status'] | 'running';
};

export type TimelineRowStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped';

export type TimelineRow = {
  /** `step:<id>` or `compensation:<id>`. */
  key: string;
  stepId: string;
  phase: TimelinePhase;
  label: string;
  status: TimelineRowStatus;
  attempts: TimelineAttempt[];
};

export type Timeline = {
  rows: TimelineRow[];
  /** Where the last known attempt (or retry wait) ends, in ms from the run's start. */
  endMs: number;
};

type StepHead = { id: string; name?: string };

const rowKey = (phase: TimelinePhase, stepId: string) => `${phase}:${stepId}`;

export function timelineFromReport(report: SagaRunReport): Timeline {
  const rows: TimelineRow[] = report.steps.map((step) => ({
    key: rowKey('step', step.id),
    stepId: step.id,
    phase: 'step',
    label: step.name ?? step.id,
    status: step.status,
    attempts: step.attempts,
  }));
  for (const stepId of report.compensated) {
    const step = report.steps.find((candidate) => candidate.id === stepId);
    if (!step?.compensation) continue;
    rows.push({ key: rowKey('compensation', stepId), stepId, phase: 'compensation', label: `↩ ${step.name ?? step.id}`, status: step.compensation.status, attempts: step.compensation.attempts });
  }
  return { rows, endMs: Math.max(report.durationMs, endOf(rows, 0)) };
}

/** `nowMs`: the run's clock now, for attempts still going. */
export function timelineFromEvents(steps: readonly StepHead[], events: readonly SagaRunEvent[], nowMs: number): Timeline {
  const rows: TimelineRow[] = steps.map((step) => ({ key: rowKey('step', step.id), stepId: step.id, phase: 'step', label: step.name ?? step.id, status: 'pending', attempts: [] }));
  const rowOf = (phase: TimelinePhase, stepId: string): TimelineRow => {
    const key = rowKey(phase, stepId);
    const found = rows.find((row) => row.key === key);
    if (found) return found;
    const step = steps.find((candidate) => candidate.id === stepId);
    const label = step?.name ?? stepId;
    const row: TimelineRow = { key, stepId, phase, label: phase === 'compensation' ? `↩ ${label}` : label, status: 'pending', attempts: [] };
    rows.push(row);
    return row;
  };
  for (const event of events) {
    switch (event.type) {
      case 'attempt-started': {
        const row = rowOf(event.phase, event.stepId);
        row.status = 'running';
        row.attempts = [...row.attempts.filter((attempt) => attempt.attempt !== event.attempt), { attempt: event.attempt, startMs: event.startMs, status: 'running' }];
        break;
      }
      case 'attempt-finished': {
        const row = rowOf(event.phase, event.stepId);
        row.attempts = [...row.attempts.filter((attempt) => attempt.attempt !== event.attempt.attempt), event.attempt];
        break;
      }
      case 'step-finished': {
        const row = rowOf('step', event.step.id);
        row.status = event.step.status;
        row.attempts = event.step.attempts;
        break;
      }
      case 'compensation-finished': {
        const row = rowOf('compensation', event.stepId);
        row.status = event.compensation.status;
        row.attempts = event.compensation.attempts;
        break;
      }
    }
  }
  const timeline: Timeline = { rows, endMs: 0 };
  const going = rows.some((row) => row.attempts.some((attempt) => attempt.durationMs === undefined));
  timeline.endMs = Math.max(endOf(rows, nowMs), going ? nowMs : 0);
  return timeline;
}

function endOf(rows: readonly TimelineRow[], nowMs: number): number {
  let end = 0;
  for (const row of rows) {
    for (const attempt of row.attempts) end = Math.max(end, attempt.startMs + (attempt.durationMs ?? Math.max(0, nowMs - attempt.startMs)) + (attempt.retryInMs ?? 0));
  }
  return end;
}

/** How an attempt's bar is coloured. */
export function barTone(row: Pick<TimelineRow, 'phase'>, attempt: TimelineAttempt): 'ok' | 'failed' | 'retried' | 'compensation' | 'compensation-failed' | 'running' {
  if (attempt.status === 'running') return 'running';
  if (row.phase === 'compensation') return attempt.status === 'ok' ? 'compensation' : 'compensation-failed';
  if (attempt.status === 'ok') return 'ok';
  return attempt.retryInMs !== undefined ? 'retried' : 'failed';
}

/** Round tick steps (1, 2 or 5 × 10ⁿ ms) so about `wanted` ticks span `endMs`; the scale's end is the last tick. */
export function axisTicks(endMs: number, wanted = 6): { stepMs: number; ticks: number[]; scaleMs: number } {
  const span = Math.max(endMs, 1);
  const rough = span / wanted;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const stepMs = [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const count = Math.ceil(span / stepMs);
  const ticks = Array.from({ length: count + 1 }, (_, index) => Math.round(index * stepMs * 1000) / 1000);
  return { stepMs, ticks, scaleMs: count * stepMs };
}

/** From its first attempt's start to its last one's end. */
export function stepDurationMs(attempts: readonly TimelineAttempt[]): number | undefined {
  if (attempts.length === 0 || attempts.some((attempt) => attempt.durationMs === undefined)) return undefined;
  const first = attempts[0]!;
  const last = attempts[attempts.length - 1]!;
  return Math.round((last.startMs + last.durationMs! - first.startMs) * 100) / 100;
}

/** `only`: one run has a reply and the other none (it failed, or never got there). */
export type ResponseComparison = { kind: 'equal' } | { kind: 'different'; paths: string[]; more: number } | { kind: 'only'; side: 'left' | 'right' } | { kind: 'none' };

export type ComparedStep = {
  stepId: string;
  label: string;
  left?: SagaStepReport;
  right?: SagaStepReport;
  response: ResponseComparison;
};

/** The steps of two runs, row by row (the left run's order, then steps only the right has). */
export function compareSteps(left: SagaRunReport | undefined, right: SagaRunReport | undefined): ComparedStep[] {
  const ids = [...(left?.steps ?? []), ...(right?.steps ?? [])].map((step) => step.id).filter((id, index, all) => all.indexOf(id) === index);
  return ids.map((stepId) => {
    const a = left?.steps.find((step) => step.id === stepId);
    const b = right?.steps.find((step) => step.id === stepId);
    return { stepId, label: a?.name ?? b?.name ?? stepId, ...(a ? { left: a } : {}), ...(b ? { right: b } : {}), response: compareResponses(a?.response, b?.response) };
  });
}

const SHOWN_PATHS = 3;

function compareResponses(left: unknown, right: unknown): ResponseComparison {
  if (left === undefined && right === undefined) return { kind: 'none' };
  if (left === undefined || right === undefined) return { kind: 'only', side: left === undefined ? 'right' : 'left' };
  const diff = diffJson(left, right);
  if (diff.equal) return { kind: 'equal' };
  const paths = diff.differences.map((difference) => difference.path || 'the whole reply');
  return { kind: 'different', paths: paths.slice(0, SHOWN_PATHS), more: paths.length - Math.min(paths.length, SHOWN_PATHS) + (diff.omitted ?? 0) };
}
