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
import { TextField } from '../../ui/form-fields';
import { formatCount } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { StatList } from '../../ui/stat-list';
import { LoadChart } from './load-chart';
import { LoadIcon } from './load-icon';
import { LoadReportView } from './load-report-view';
import { LoadPlanFields, LoadRunBadge, LoadRunButton, LoadRunFailures } from './load-run-parts';
import { formatOptionalMs, formatRate, loadRunTotals, loadStat } from './load-run-totals';

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
            <LoadRunBadge run={run} subject="Run" />
          </div>
          <p className="view__subtitle">{connectionName ? <>via {connectionName} · the composer's payload and options</> : 'Pick a connection in the composer'}</p>
        </div>
        <LiveStats run={run} />
        <Button variant="secondary" icon={<CloseIcon />} onClick={() => showView({ kind: 'composer' })} title="Back to the composer (a run keeps going)">
          Close
        </Button>
      </header>

      <form className="load-plan" aria-label="Load plan" onSubmit={submit} noValidate>
        <LoadPlanFields draft={draft} errors={errors} onChange={setLoadPlan} name="load-limit" widths={{ concurrency: '112px', limit: '120px', rate: '120px' }} />
        <TextField label="Timeout (ms)" value={draft.timeoutMs} onChange={(timeoutMs) => setLoadPlan({ timeoutMs })} error={errors.timeoutMs} inputMode="numeric" width="120px" />
        <LoadRunButton className="load-plan__actions" run={run} running={running} startLabel="Start" startDisabled={!request.ready} startTitle={request.ready ? 'Start the load run' : request.reason} />
      </form>
      {!request.ready && !running && <p className="load-plan__reason">{request.reason}</p>}

      <div className="load-view__body">
        <LoadRunFailures run={run} />
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

/** Totals so far and the latest sample's rate and latency, while a run goes and after. */
function LiveStats({ run }: { run: LoadRunView | undefined }) {
  if (!run || run.failure) return null;
  const { completed, errors, rate, p50, p99 } = loadRunTotals(run);
  const stats = [loadStat('Completed', formatCount(completed)), loadStat('Req/s', formatRate(rate)), loadStat('p50', formatOptionalMs(p50)), loadStat('p99', formatOptionalMs(p99)), loadStat('Errors', formatCount(errors), errors > 0)];
  return <StatList stats={stats} label="Run totals" />;
}
