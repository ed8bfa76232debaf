// The pieces a load run shows wherever it runs: the Load panel (the composer's request) and a
// breaker's hammer (load through the breaker). Both take a LoadPlanDraft, stream load.progress
// samples and end with a LoadReport, so the plan fields, the Start/Stop button, the status pill and
// the failures are one component each (the totals: load-run-totals.ts); the callers give names and sizes.
import type { ReactNode } from 'react';
import type { LoadPlanDraft } from '../../store/load-slice';
import { Button } from '../../ui/button';
import { Segmented, TextField } from '../../ui/form-fields';
import { CloseIcon } from '../../ui/icons';
import { ViewError } from '../../ui/view-error';
import { LoadIcon } from './load-icon';
import type { LoadRunLike } from './load-run-totals';

type PlanErrors = Partial<Record<keyof LoadPlanDraft, string>>;

/**
 * Concurrency, when to stop (a number of requests or a duration) and the rate. The Load panel adds
 * its timeout after them; the hammer, in a narrow card, sets smaller widths.
 */
export function LoadPlanFields({
  draft,
  errors,
  onChange,
  name,
  widths,
  mono,
}: {
  draft: LoadPlanDraft;
  errors: PlanErrors;
  onChange: (patch: Partial<LoadPlanDraft>) => void;
  /** The Stop after radio group's name, unique in the window. */
  name: string;
  widths: { concurrency: string; limit: string; rate: string };
  mono?: boolean;
}) {
  return (
    <>
      <TextField label="Concurrency" value={draft.concurrency} onChange={(concurrency) => onChange({ concurrency })} error={errors.concurrency} inputMode="numeric" mono={mono} width={widths.concurrency} />
      <Segmented
        legend="Stop after"
        name={name}
        value={draft.limitKind}
        options={[
          { value: 'requests', label: 'Requests' },
          { value: 'duration', label: 'Duration' },
        ]}
        onChange={(limitKind) => onChange({ limitKind })}
      />
      {draft.limitKind === 'requests' ? (
        <TextField label="Requests" value={draft.requests} onChange={(requests) => onChange({ requests })} error={errors.requests} inputMode="numeric" mono={mono} width={widths.limit} />
      ) : (
        <TextField label="Duration (s)" value={draft.durationSeconds} onChange={(durationSeconds) => onChange({ durationSeconds })} error={errors.durationSeconds} mono={mono} width={widths.limit} />
      )}
      <TextField label="Rate (req/s)" value={draft.ratePerSecond} onChange={(ratePerSecond) => onChange({ ratePerSecond })} error={errors.ratePerSecond} placeholder="unlimited" mono={mono} width={widths.rate} />
    </>
  );
}

/** The plan form's submit button: Start (or Hammer) before a run, Stop while it goes. */
export function LoadRunButton({ className, run, running, startLabel, startDisabled, startTitle }: { className: string; run: LoadRunLike | undefined; running: boolean; startLabel: string; startDisabled?: boolean; startTitle?: string }) {
  return (
    <div className={`field ${className}`}>
      {/* An empty label's height keeps the button level with the inputs, whatever shows under them. */}
      <span className="field__label" aria-hidden="true">
        &nbsp;
      </span>
      {running ? (
        <Button type="submit" variant="secondary" icon={<CloseIcon />} disabled={run?.phase === 'starting'}>
          Stop
        </Button>
      ) : (
        <Button type="submit" variant="primary" icon={<LoadIcon />} disabled={startDisabled} title={startTitle}>
          {startLabel}
        </Button>
      )}
    </div>
  );
}

/** The run's state as a pill, named after what runs ("Run completed", "Hammer running"). */
export function LoadRunBadge({ run, subject, className }: { run: LoadRunLike | undefined; subject: string; className?: string }) {
  if (!run) return null;
  const status = run.failure ? 'failed' : run.phase !== 'finished' ? 'running' : (run.report?.status ?? 'finished');
  const tone = status === 'running' ? 'pending' : status === 'completed' ? 'ok' : status === 'stopped' ? 'neutral' : 'error';
  const label = { running: 'Running', completed: 'Completed', stopped: 'Stopped', failed: 'Failed', finished: 'Finished' }[status];
  return (
    <span className={`pill pill--${tone}${className ? ` ${className}` : ''}`} role="status" aria-label={`${subject} ${label.toLowerCase()}`}>
      {label}
    </span>
  );
}

/** Why the run could not start, and why it ended early. */
export function LoadRunFailures({ run, className }: { run: LoadRunLike | undefined; className?: string }): ReactNode {
  return (
    <>
      {run?.failure && <ViewError message={run.failure.message} className={className} />}
      {run?.report?.failure && <ViewError message={run.report.failure.message} className={className} />}
    </>
  );
}
