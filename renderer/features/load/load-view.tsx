// The Load panel: the composer's request (connection, pattern, payload) sent many times with a
// plan — concurrency, a request count or a duration, an optional rate, a timeout — with a live
// chart while it runs and the same report as `patchbay bench` when it ends.
import '../../styles/load.css';
import { useMemo, useState, type FormEvent } from 'react';
import { checkRequest } from '../../store/composer-slice';
import { checkLoadPlan, isLoadRunning, type LoadRunView } from '../../store/load-slice';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { Segmented, TextField } from '../../ui/form-fields';
import { formatMs } from '../../ui/format';
import { CloseIcon, WarningIcon } from '../../ui/icons';
import { LoadChart } from './load-chart';
import { LoadIcon } from './load-icon';
import { LoadReportView } from './load-report-view';

export function LoadView() {
  const connections = useAppStore((s) => s.connections);
  const selectedConnectionId = useAppStore((s) => s.selectedConnectionId);
  const patternText = useAppStore((s) => s.patternText);
  const payloadText = useAppStore((s) => s.payloadText);
  const messageOptions = useAppStore((s) => s.messageOptions);
  const draft = useAppStore((s) => s.loadPlan);
  const setLoadPlan = useAppStore((s) => s.setLoadPlan);
  const run = useAppStore((s) => s.loadRun);
  const startLoad = useAppStore((s) => s.startLoad);
  const stopLoad = useAppStore((s) => s.stopLoad);
  const showView = useAppStore((s) => s.showView);
  const [triedStart, setTriedStart] = useState(false);

  const request = checkRequest({ connections, selectedConnectionId, patternText, payloadText, messageOptions });
  const planCheck = useMemo(() => checkLoadPlan(draft), [draft]);
  const running = isLoadRunning(run);
  const errors = !planCheck.ok && triedStart ? planCheck.errors : {};
  const connectionName = connections.find((c) => c.id === selectedConnectionId)?.name;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTriedStart(true);
    if (running) void stopLoad();
    else if (request.ready && planCheck.ok) void startLoad();
  };

  return (
    <section className="view load-view" role="region" aria-label="Load test">
      <header className="view__header">
        <div className="view__heading">
          <div className="view__title-row">
            <h2 className="view__title ellipsis" title={patternText}>
              Load · <span className="mono">{patternText.trim() || 'no pattern'}</span>
            </h2>
            <RunBadge run={run} />
          </div>
          <p className="view__subtitle">{connectionName ? <>via {connectionName} · the composer's payload and options</> : 'Pick a connection in the composer'}</p>
        </div>
        <LiveStats run={run} />
        <Button variant="secondary" icon={<CloseIcon />} onClick={() => showView({ kind: 'composer' })} title="Back to the composer (a run keeps going)">
          Close
        </Button>
      </header>

      <form className="load-plan" aria-label="Load plan" onSubmit={submit} noValidate>
        <TextField label="Concurrency" value={draft.concurrency} onChange={(concurrency) => setLoadPlan({ concurrency })} error={errors.concurrency} inputMode="numeric" width="112px" />
        <Segmented
          legend="Stop after"
          name="load-limit"
          value={draft.limitKind}
          options={[
            { value: 'requests', label: 'Requests' },
            { value: 'duration', label: 'Duration' },
          ]}
          onChange={(limitKind) => setLoadPlan({ limitKind })}
        />
        {draft.limitKind === 'requests' ? (
          <TextField label="Requests" value={draft.requests} onChange={(requests) => setLoadPlan({ requests })} error={errors.requests} inputMode="numeric" width="120px" />
        ) : (
          <TextField label="Duration (s)" value={draft.durationSeconds} onChange={(durationSeconds) => setLoadPlan({ durationSeconds })} error={errors.durationSeconds} width="120px" />
        )}
        <TextField label="Rate (req/s)" value={draft.ratePerSecond} onChange={(ratePerSecond) => setLoadPlan({ ratePerSecond })} error={errors.ratePerSecond} placeholder="unlimited" width="120px" />
        <TextField label="Timeout (ms)" value={draft.timeoutMs} onChange={(timeoutMs) => setLoadPlan({ timeoutMs })} error={errors.timeoutMs} inputMode="numeric" width="120px" />
        <div className="field load-plan__actions">
          {/* An empty label's height keeps the button level with the inputs, whatever shows under them. */}
          <span className="field__label" aria-hidden="true">
            &nbsp;
          </span>
          {running ? (
            <Button type="submit" variant="secondary" icon={<CloseIcon />} disabled={run?.phase === 'starting'}>
              Stop
            </Button>
          ) : (
            <Button type="submit" variant="primary" icon={<LoadIcon />} disabled={!request.ready} title={request.ready ? 'Start the load run' : request.reason}>
              Start
            </Button>
          )}
        </div>
      </form>
      {!request.ready && !running && <p className="load-plan__reason">{request.reason}</p>}

      <div className="load-view__body">
        {run?.failure ? (
          <p className="view__error" role="alert">
            <WarningIcon />
            <span>{run.failure.message}</span>
          </p>
        ) : null}
        {run?.report?.failure ? (
          <p className="view__error" role="alert">
            <WarningIcon />
            <span>{run.report.failure.message}</span>
          </p>
        ) : null}
        {run && !run.failure ? (
          <>
            <LoadChart samples={run.samples} />
            {run.report ? <LoadReportView report={run.report} /> : <p className="load-view__waiting" role="status">Running… the report comes when the run ends.</p>}
          </>
        ) : !run ? (
          <EmptyState title="No load run yet" icon={<LoadIcon size={20} />}>
            <p>
              Sends the composer's request {draft.limitKind === 'requests' ? 'a number of times' : 'for a while'}, {draft.concurrency || 'N'} at a time, and reports throughput, latency percentiles, a histogram and
              errors by kind — like <span className="mono">patchbay bench</span>.
            </p>
          </EmptyState>
        ) : null}
      </div>
    </section>
  );
}

function RunBadge({ run }: { run: LoadRunView | undefined }) {
  if (!run) return null;
  const status = run.failure ? 'failed' : run.phase !== 'finished' ? 'running' : (run.report?.status ?? 'finished');
  const tone = status === 'running' ? 'pending' : status === 'completed' ? 'ok' : status === 'stopped' ? 'neutral' : 'error';
  const label = { running: 'Running', completed: 'Completed', stopped: 'Stopped', failed: 'Failed', finished: 'Finished' }[status];
  return (
    <span className={`pill pill--${tone}`} role="status" aria-label={`Run ${label.toLowerCase()}`}>
      {label}
    </span>
  );
}

/** Totals so far and the latest sample's rate and latency, while a run goes and after. */
function LiveStats({ run }: { run: LoadRunView | undefined }) {
  if (!run || run.failure) return null;
  const completed = run.report?.completed ?? run.samples.reduce((sum, sample) => sum + sample.completed, 0);
  const errors = run.report ? run.report.completed - run.report.ok : run.samples.reduce((sum, sample) => sum + sample.errors, 0);
  const last = run.samples.at(-1);
  const rate = run.report?.throughputPerSecond ?? last?.throughputPerSecond;
  const p50 = run.report?.latency.count ? run.report.latency.p50Ms : last?.p50Ms;
  const p99 = run.report?.latency.count ? run.report.latency.p99Ms : last?.p99Ms;
  const stats: [string, string, boolean?][] = [
    ['Completed', completed.toLocaleString('en-US')],
    ['Req/s', rate === undefined ? '—' : Math.round(rate).toLocaleString('en-US')],
    ['p50', p50 === undefined ? '—' : formatMs(p50)],
    ['p99', p99 === undefined ? '—' : formatMs(p99)],
    ['Errors', errors.toLocaleString('en-US'), errors > 0],
  ];
  return (
    <dl className="view__stats" aria-label="Run totals">
      {stats.map(([term, value, warn]) => (
        <div key={term} className={warn ? 'view__stat--warn' : undefined}>
          <dt>{term}</dt>
          <dd aria-label={term === 'Req/s' ? 'Requests per second' : term}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
