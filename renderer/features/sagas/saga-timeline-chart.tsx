// A saga run drawn Gantt-like: a row per step and per compensation, each attempt a bar placed by
// its start and length on a shared millisecond axis (so two runs side by side compare by eye),
// coloured by how it went; a retry's wait is the dashed tail after a failed attempt. Bars are
// buttons: choosing one shows its details.
import type { Timeline, TimelineAttempt, TimelineRow } from './saga-timeline';
import { axisTicks, barTone, stepDurationMs } from './saga-timeline';
import { formatMs } from '../../ui/format';

export type BarRef = { rowKey: string; attempt: number };

const stepStatusLabels: Record<TimelineRow['status'], string> = { pending: 'Waiting', running: 'Running', completed: 'Completed', failed: 'Failed', skipped: 'Skipped' };
const compensationStatusLabels: Record<TimelineRow['status'], string> = { pending: 'Waiting', running: 'Compensating', completed: 'Compensated', failed: 'Compensation failed', skipped: 'Skipped' };

export function rowStatusText(row: TimelineRow): string {
  const label = (row.phase === 'compensation' ? compensationStatusLabels : stepStatusLabels)[row.status];
  const attempts = row.attempts.length;
  return attempts > 1 && row.status !== 'running' ? `${label} · ${attempts} attempts` : label;
}

function attemptText(row: TimelineRow, attempt: TimelineAttempt): string {
  const what = row.phase === 'compensation' ? `Compensation of ${row.stepId}` : row.stepId;
  if (attempt.status === 'running') return `${what}, attempt ${attempt.attempt}: running`;
  const outcome = attempt.status === 'ok' ? 'ok' : `failed${attempt.error ? ` (${attempt.error.message})` : ''}`;
  const wait = attempt.retryInMs !== undefined ? `, retried after ${formatMs(attempt.retryInMs)}` : '';
  return `${what}, attempt ${attempt.attempt}: ${outcome}, ${formatMs(attempt.durationMs ?? 0)}${wait}`;
}

export function SagaTimelineChart({
  timeline,
  label,
  scaleMs,
  nowMs = 0,
  selected,
  onSelect,
  compact = false,
}: {
  timeline: Timeline;
  label: string;
  /** A shared scale (comparing two runs); else this run's own. */
  scaleMs?: number;
  /** The run's clock now, for attempts going. */
  nowMs?: number;
  selected?: BarRef;
  onSelect?: (bar: BarRef) => void;
  /** Half a view wide (a comparison): fewer ticks, no status text (the table beside it says it). */
  compact?: boolean;
}) {
  const axis = axisTicks(Math.max(scaleMs ?? 0, timeline.endMs), compact ? 3 : 6);
  const at = (ms: number) => `${Math.min(100, (ms / axis.scaleMs) * 100)}%`;
  const gridlines = axis.ticks.slice(1, -1);

  return (
    <div className={`saga-chart${compact ? ' saga-chart--compact' : ''}`}>
      <div className="saga-chart__axis" aria-hidden="true">
        <span className="saga-chart__axis-label">Step</span>
        <div className="saga-chart__ticks">
          {axis.ticks.map((tick, index) => (
            <span key={tick} className={`saga-chart__tick${index === 0 ? ' saga-chart__tick--first' : index === axis.ticks.length - 1 ? ' saga-chart__tick--last' : ''}`} style={{ left: at(tick) }}>
              {formatTick(tick)}
            </span>
          ))}
        </div>
        <span className="saga-chart__axis-label saga-chart__axis-label--end">Time</span>
      </div>
      <ol className="saga-chart__rows" aria-label={label}>
        {timeline.rows.map((row) => {
          const duration = stepDurationMs(row.attempts);
          return (
            <li key={row.key} className={`saga-row saga-row--${row.phase} saga-row--${row.status}`} aria-label={row.label}>
              <div className="saga-row__label">
                <span className={`saga-row__dot saga-row__dot--${row.phase === 'compensation' ? 'compensation-' : ''}${row.status}`} aria-hidden="true" />
                <span className="saga-row__name ellipsis" title={row.phase === 'compensation' ? `Compensation of ${row.stepId}` : row.stepId}>
                  {row.label}
                </span>
                <span className="saga-row__status">{rowStatusText(row)}</span>
              </div>
              <div className="saga-row__track">
                {gridlines.map((tick) => (
                  <span key={tick} className="saga-row__gridline" style={{ left: at(tick) }} aria-hidden="true" />
                ))}
                {row.status === 'skipped' && <span className="saga-row__skipped">not run</span>}
                {row.attempts.map((attempt) => {
                  const length = attempt.durationMs ?? Math.max(0, nowMs - attempt.startMs);
                  const isSelected = selected?.rowKey === row.key && selected.attempt === attempt.attempt;
                  return (
                    <span key={attempt.attempt} className="saga-bar-slot">
                      <button
                        type="button"
                        className={`saga-bar saga-bar--${barTone(row, attempt)}${isSelected ? ' saga-bar--selected' : ''}`}
                        style={{ left: at(attempt.startMs), width: at(length) }}
                        aria-label={attemptText(row, attempt)}
                        title={attemptText(row, attempt)}
                        aria-pressed={onSelect ? isSelected : undefined}
                        disabled={!onSelect}
                        onClick={() => onSelect?.({ rowKey: row.key, attempt: attempt.attempt })}
                      />
                      {attempt.retryInMs !== undefined && (
                        <span className="saga-bar__wait" style={{ left: at(attempt.startMs + length), width: at(attempt.retryInMs) }} aria-hidden="true" title={`Waited ${formatMs(attempt.retryInMs)} before retrying`} />
                      )}
                    </span>
                  );
                })}
              </div>
              <span className="saga-row__duration num mono">{duration === undefined ? (row.status === 'skipped' ? '—' : '') : formatMs(duration)}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function formatTick(ms: number): string {
  if (ms === 0) return '0';
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(2))} s` : `${Number(ms.toFixed(2))} ms`;
}
