// A saga's kept runs, newest first: how each ended, when, in which environment, what failure was
// injected, how long it took. Choose one to see its timeline; re-run it as it was (environment,
// variables, injected failure); delete it; tick two and compare them side by side.
import { useState } from 'react';
import type { KeptSagaRun } from '../../../shared/saga-runs';
import { Button, IconButton } from '../../ui/button';
import { formatMs } from '../../ui/format';
import { TrashIcon } from '../../ui/icons';
import { PlayIcon } from '../traffic/traffic-icons';
import { injectionText, runOutcomeText, runStatusTones, runTime } from './saga-run-labels';

export function SagaRunsList({
  runs,
  shownRunId,
  comparing,
  onShow,
  onRerun,
  onDelete,
  onCompare,
  busy,
}: {
  runs: KeptSagaRun[];
  shownRunId?: string;
  comparing?: readonly string[];
  onShow: (runId: string) => void;
  onRerun: (runId: string) => void;
  onDelete: (runId: string) => void;
  onCompare: (runIds: [string, string]) => void;
  /** A run of this saga is going: no re-run until it ends. */
  busy: boolean;
}) {
  const [picked, setPicked] = useState<string[]>(() => [...(comparing ?? [])]);
  const kept = picked.filter((runId) => runs.some((run) => run.runId === runId));
  const toggle = (runId: string, on: boolean) => setPicked((current) => (on ? [...current.filter((id) => id !== runId), runId].slice(-2) : current.filter((id) => id !== runId)));

  return (
    <section className="saga-runs" aria-labelledby="saga-runs-title">
      <header className="saga-section__header">
        <h3 className="saga-section__title" id="saga-runs-title">
          Runs <span className="saga-section__count">{runs.length}</span>
        </h3>
        <Button size="sm" variant="secondary" disabled={kept.length !== 2} onClick={() => onCompare([kept[0]!, kept[1]!])} title={kept.length === 2 ? 'Show the two runs side by side' : 'Tick two runs to compare them'}>
          Compare
        </Button>
      </header>
      {runs.length === 0 ? (
        <p className="saga-runs__empty">No runs yet. Run the saga: each run is kept here (the newest 100), to look at again, compare and re-run.</p>
      ) : (
        <ol className="saga-runs__list" aria-label="Kept runs">
          {runs.map((run) => {
            const time = runTime(run);
            const shown = run.runId === shownRunId;
            return (
              <li key={run.runId} className={`saga-run${shown ? ' saga-run--shown' : ''}`} aria-label={`Run of ${time}`} aria-current={shown ? 'true' : undefined}>
                <input type="checkbox" className="saga-run__pick" aria-label={`Compare the run of ${time}`} checked={kept.includes(run.runId)} onChange={(event) => toggle(run.runId, event.target.checked)} />
                <button type="button" className="saga-run__main" onClick={() => onShow(run.runId)}>
                  <span className="saga-run__line">
                    <span className={`saga-run__dot saga-run__dot--${runStatusTones[run.status]}`} aria-hidden="true" />
                    <span className="saga-run__outcome ellipsis">{runOutcomeText(run)}</span>
                    <span className="saga-run__duration num mono">{run.report ? formatMs(run.report.durationMs) : run.status === 'running' ? '…' : '—'}</span>
                  </span>
                  <span className="saga-run__meta ellipsis">
                    <span className="mono">{time}</span> · {run.environment ?? 'no environment'}
                    {run.inject && <> · injected {injectionText(run.inject)}</>}
                  </span>
                </button>
                <span className="saga-run__actions">
                  <IconButton label={`Re-run the run of ${time}`} disabled={busy} onClick={() => onRerun(run.runId)}>
                    <PlayIcon />
                  </IconButton>
                  <IconButton label={`Delete the run of ${time}`} disabled={run.status === 'running'} onClick={() => onDelete(run.runId)}>
                    <TrashIcon />
                  </IconButton>
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
