// Two runs of a saga side by side: their timelines on the same time scale, then step by step
// what each did (status, time, attempts) and whether the replies were the same.
import type { KeptSagaRun } from '../../../shared/saga-runs';
import { Button } from '../../ui/button';
import { formatMs } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { ColumnHeadings } from '../../ui/table-head';
import { injectionText, runOutcomeText, runStatusTones, runTime } from './saga-run-labels';
import type { ComparedStep, Timeline } from './saga-timeline';
import { compareSteps, stepDurationMs, timelineFromReport } from './saga-timeline';
import { SagaTimelineChart } from './saga-timeline-chart';

const stepStatusLabels = { completed: 'Completed', failed: 'Failed', skipped: 'Skipped' } as const;
/** What each run shows of a step, under the run's time. */
const runColumns = ['Status', 'Took', 'Attempts'];

export function SagaCompare({ left, right, onClose }: { left: KeptSagaRun; right: KeptSagaRun; onClose: () => void }) {
  const empty: Timeline = { rows: [], endMs: 0 };
  const timelines = [left.report ? timelineFromReport(left.report) : empty, right.report ? timelineFromReport(right.report) : empty] as const;
  const scaleMs = Math.max(timelines[0].endMs, timelines[1].endMs);
  const steps = compareSteps(left.report, right.report);
  const runs = [left, right] as const;

  return (
    <section className="saga-compare" aria-label="Comparison">
      <header className="saga-section__header">
        <h3 className="saga-section__title">
          Comparing the runs of {runTime(left)} and {runTime(right)}
        </h3>
        <Button size="sm" variant="ghost" icon={<CloseIcon />} onClick={onClose}>
          Close comparison
        </Button>
      </header>
      <div className="saga-compare__sides">
        {runs.map((run, index) => (
          <div key={run.runId} className="saga-compare__side" role="group" aria-label={`Run of ${runTime(run)}`}>
            <p className="saga-compare__caption">
              <span className={`pill pill--${runStatusTones[run.status]}`}>{runOutcomeText(run)}</span>
              <span className="mono">{runTime(run)}</span>
              <span>{run.environment ?? 'no environment'}</span>
              {run.inject && <span>injected {injectionText(run.inject)}</span>}
              <span className="saga-compare__duration num mono">{run.report ? formatMs(run.report.durationMs) : '—'}</span>
            </p>
            {run.report ? (
              <SagaTimelineChart timeline={timelines[index]!} scaleMs={scaleMs} label={`Timeline of the run of ${runTime(run)}`} compact />
            ) : (
              <p className="saga-compare__none">{run.failure?.message ?? 'This run has no report.'}</p>
            )}
          </div>
        ))}
      </div>
      <table className="saga-compare__table" aria-label="Step by step">
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Step
            </th>
            <th scope="colgroup" colSpan={3}>
              {runTime(left)}
            </th>
            <th scope="colgroup" colSpan={3}>
              {runTime(right)}
            </th>
            <th scope="col" rowSpan={2}>
              Response
            </th>
          </tr>
          <tr>
            <ColumnHeadings columns={[...runColumns, ...runColumns]} />
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.stepId}>
              <th scope="row" className="mono">
                {step.label}
              </th>
              <StepCells step={step.left} />
              <StepCells step={step.right} />
              <ResponseCell step={step} left={left} right={right} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function StepCells({ step }: { step: ComparedStep['left'] }) {
  if (!step) {
    return (
      <>
        <td className="saga-compare__absent">not in this run</td>
        <td />
        <td />
      </>
    );
  }
  const duration = stepDurationMs(step.attempts);
  const compensated = step.compensation ? (step.compensation.status === 'completed' ? ', compensated' : ', compensation failed') : '';
  return (
    <>
      <td className={`saga-compare__status saga-compare__status--${step.status}`}>
        {stepStatusLabels[step.status]}
        {compensated}
      </td>
      <td className="num mono">{duration === undefined ? '—' : formatMs(duration)}</td>
      <td className="num mono">{step.attempts.length}</td>
    </>
  );
}

function ResponseCell({ step, left, right }: { step: ComparedStep; left: KeptSagaRun; right: KeptSagaRun }) {
  const { response } = step;
  if (response.kind === 'none') return <td className="saga-compare__response saga-compare__response--none">—</td>;
  if (response.kind === 'only') return <td className="saga-compare__response saga-compare__response--different">Only the run of {runTime(response.side === 'left' ? left : right)} has one</td>;
  if (response.kind === 'equal') return <td className="saga-compare__response saga-compare__response--equal">Equal</td>;
  const paths = response.paths.join(', ') + (response.more > 0 ? ` and ${response.more} more` : '');
  return (
    <td className="saga-compare__response saga-compare__response--different" title={`Differs at ${paths}`}>
      Different: <span className="mono">{paths}</span>
    </td>
  );
}
