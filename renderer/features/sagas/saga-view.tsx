// One saga of a collection: its name and file, the environment it runs in (the collection's
// switcher), a failure to inject, Run / Stop; the run shown as a live timeline with the details
// of the attempt chosen; the steps as the file defines them; the kept runs, to show, re-run,
// delete or compare two side by side.
import '../../styles/runs-history.css';
import '../../styles/sagas.css';
import { useEffect, useId, useMemo, useState } from 'react';
import type { Failure } from '../../../shared/result';
import type { SagaFailureInjection, SagaFile, SagaStep } from '../../../shared/saga';
import type { KeptSagaRun } from '../../../shared/saga-runs';
import { fileProblems } from '../../store/collections/collection-tree';
import { runsOfSaga, sagaKey, type LiveSagaRun } from '../../store/sagas-slice';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { formatMs } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { TableHead } from '../../ui/table-head';
import { EnvironmentSwitcher } from '../collections/environment-switcher';
import { ProblemsAlert } from '../collections/problems-alert';
import { PlayIcon } from '../traffic/traffic-icons';
import { SagaCompare } from './saga-compare';
import { SagaIcon } from './saga-icon';
import { injectionModeLabels, injectionText, runOutcomeText, runStatusLabels, runStatusTones, runTime } from './saga-run-labels';
import { SagaRunsList } from './saga-runs-list';
import { SagaStepDetails } from './saga-step-details';
import type { Timeline } from './saga-timeline';
import { timelineFromEvents, timelineFromReport } from './saga-timeline';
import type { BarRef } from './saga-timeline-chart';
import { SagaTimelineChart } from './saga-timeline-chart';

export function SagaView({ collectionId, path }: { collectionId: string; path: string }) {
  const key = sagaKey(collectionId, path);
  const info = useAppStore((s) => s.collections.find((collection) => collection.collectionId === collectionId));
  const definitionState = useAppStore((s) => s.sagaDefinitions[key]);
  const allRuns = useAppStore((s) => s.sagaRuns);
  const view = useAppStore((s) => s.sagaViews[key]);
  const loadSagaDefinition = useAppStore((s) => s.loadSagaDefinition);
  const showSagaRun = useAppStore((s) => s.showSagaRun);
  const compareSagaRuns = useAppStore((s) => s.compareSagaRuns);
  const rerunSaga = useAppStore((s) => s.rerunSaga);
  const deleteSagaRun = useAppStore((s) => s.deleteSagaRun);
  const [problem, setProblem] = useState<Failure>();

  useEffect(() => {
    if (definitionState === undefined) void loadSagaDefinition(collectionId, path);
  }, [collectionId, path, definitionState, loadSagaDefinition]);

  const runs = useMemo(() => runsOfSaga(allRuns, info, path), [allRuns, info, path]);
  const shown = (view?.shownRunId && runs.find((run) => run.runId === view.shownRunId)) || runs[0];
  const going = runs.find((run) => run.status === 'running');
  const compared = view?.compare?.map((runId) => runs.find((run) => run.runId === runId)).filter((run): run is KeptSagaRun => run !== undefined);

  if (!info) {
    return (
      <section className="view" role="region" aria-label="Saga">
        <EmptyState title="This collection is closed" icon={<SagaIcon size={20} />}>
          <p>Open its folder again to run its sagas; their kept runs come back with it.</p>
        </EmptyState>
      </section>
    );
  }

  const definition = definitionState?.status === 'ready' ? definitionState.definition.saga : undefined;
  const fileName = info.collection.sagas?.find((saga) => saga.path === path)?.name ?? path;
  const title = definition?.name ?? fileName;
  const act = (promise: Promise<{ ok: boolean; error?: Failure }>) => void promise.then((result) => setProblem(result.ok ? undefined : result.error));

  return (
    <section className="view saga-view" role="region" aria-label={`Saga ${title}`}>
      <header className="view__header">
        <div className="view__heading">
          <div className="view__title-row">
            <SagaIcon size={16} className="saga-view__icon" />
            <h2 className="view__title ellipsis" title={title}>
              {title}
            </h2>
            {shown && (
              <span className={`pill pill--${runStatusTones[shown.status]}`} role="status" aria-label={`Saga ${runStatusLabels[shown.status].toLowerCase()}`}>
                {runStatusLabels[shown.status]}
              </span>
            )}
          </div>
          <p className="view__subtitle">
            <span className="mono ellipsis" title={`${info.root}/${path}`}>
              {path}
            </span>
            {definition && (
              <>
                <span aria-hidden="true">·</span>
                <span>
                  {definition.steps.length} step{definition.steps.length === 1 ? '' : 's'}, {definition.steps.filter((step) => step.compensate).length} with a compensation
                </span>
              </>
            )}
            {definition?.description && (
              <>
                <span aria-hidden="true">·</span>
                <span className="ellipsis" title={definition.description}>
                  {definition.description}
                </span>
              </>
            )}
          </p>
        </div>
        {shown?.report && (
          <dl className="view__stats" aria-label="Shown run">
            <div>
              <dt>Steps</dt>
              <dd>
                {shown.report.steps.filter((step) => step.status === 'completed').length} / {shown.report.steps.length}
              </dd>
            </div>
            <div>
              <dt>Compensated</dt>
              <dd>{shown.report.compensated.length}</dd>
            </div>
            <div>
              <dt>Time</dt>
              <dd>{formatMs(shown.report.durationMs)}</dd>
            </div>
          </dl>
        )}
      </header>
      <RunBar collectionId={collectionId} path={path} definition={definition} going={going} onProblem={setProblem} />
      {definitionState?.status === 'failed' && <FailureBanner failure={definitionState.failure} />}
      {problem && <FailureBanner failure={problem} />}
      <div className="saga-view__body">
        <div className="saga-view__main">
          {compared && compared.length === 2 ? (
            <SagaCompare left={compared[0]!} right={compared[1]!} onClose={() => compareSagaRuns(collectionId, path, undefined)} />
          ) : (
            <RunTimeline key={shown?.runId ?? 'none'} run={shown} definition={definition} />
          )}
          {definition && <StepsTable saga={definition} />}
        </div>
        <aside className="saga-view__aside">
          <SagaRunsList
            key={view?.compare?.join(' ') ?? ''}
            runs={runs}
            shownRunId={shown?.runId}
            comparing={view?.compare}
            busy={going !== undefined}
            onShow={(runId) => {
              compareSagaRuns(collectionId, path, undefined);
              showSagaRun(collectionId, path, runId);
            }}
            onRerun={(runId) => act(rerunSaga(collectionId, runId))}
            onDelete={(runId) => act(deleteSagaRun(runId))}
            onCompare={(runIds) => compareSagaRuns(collectionId, path, runIds)}
          />
        </aside>
      </div>
    </section>
  );
}

/** The environment, the failure to inject, Run or Stop. */
function RunBar({ collectionId, path, definition, going, onProblem }: { collectionId: string; path: string; definition?: SagaFile; going?: KeptSagaRun; onProblem: (failure: Failure | undefined) => void }) {
  const environment = useAppStore((s) => s.activeEnvironments[collectionId]);
  const runSaga = useAppStore((s) => s.runSaga);
  const stopSaga = useAppStore((s) => s.stopSaga);
  const loadSagaDefinition = useAppStore((s) => s.loadSagaDefinition);
  const injectId = useId();
  const [inject, setInject] = useState('');
  const [message, setMessage] = useState('');
  const [starting, setStarting] = useState(false);
  const [stopping, setStopping] = useState<string>();
  const steps = definition?.steps ?? [];
  const injection = parseInjection(inject, message);

  const run = async () => {
    setStarting(true);
    onProblem(undefined);
    // The file may have changed since it was shown: the run reads it again, and so does the view.
    void loadSagaDefinition(collectionId, path);
    const started = await runSaga(collectionId, path, { environment, ...(injection ? { inject: injection } : {}) });
    setStarting(false);
    if (!started.ok) onProblem(started.error);
  };
  const stop = async (runId: string) => {
    setStopping(runId);
    const stopped = await stopSaga(runId);
    if (!stopped.ok) onProblem(stopped.error);
  };

  return (
    <form
      className="saga-run-bar"
      aria-label="Run the saga"
      onSubmit={(event) => {
        event.preventDefault();
        if (!going && !starting) void run();
      }}
    >
      <EnvironmentSwitcher collectionId={collectionId} />
      <div className="saga-run-bar__inject">
        <label className="saga-run-bar__label" htmlFor={injectId}>
          Inject failure
        </label>
        <select id={injectId} className="saga-run-bar__select" value={inject} onChange={(event) => setInject(event.target.value)}>
          <option value="">None</option>
          {steps.map((step) => (
            <optgroup key={step.id} label={step.name ?? step.id}>
              {(['fail', 'timeout', 'error'] as const).map((mode) => (
                <option key={mode} value={`${step.id}:${mode}`}>
                  {step.id}: {injectionModeLabels[mode]}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {injection?.mode === 'error' && (
          <input className="saga-run-bar__message" aria-label="Error message" placeholder="Error message (optional)" value={message} onChange={(event) => setMessage(event.target.value)} />
        )}
      </div>
      <div className="saga-run-bar__actions">
        {going ? (
          <Button variant="secondary" icon={<CloseIcon />} onClick={() => void stop(going.runId)} disabled={stopping === going.runId}>
            {stopping === going.runId ? 'Stopping…' : 'Stop'}
          </Button>
        ) : (
          <Button type="submit" variant="primary" icon={<PlayIcon />} disabled={starting}>
            {starting ? 'Starting…' : 'Run'}
          </Button>
        )}
      </div>
    </form>
  );
}

function parseInjection(value: string, message: string): SagaFailureInjection | undefined {
  const at = value.lastIndexOf(':');
  if (at === -1) return undefined;
  const mode = value.slice(at + 1) as SagaFailureInjection['mode'];
  return { step: value.slice(0, at), mode, ...(mode === 'error' && message.trim() !== '' ? { message: message.trim() } : {}) };
}

/** The shown run: live from its events while it goes, from its report after. */
function RunTimeline({ run, definition }: { run?: KeptSagaRun; definition?: SagaFile }) {
  const live = useAppStore((s) => (run ? s.sagaLive[run.runId] : undefined));
  const nowMs = useRunClock(run?.status === 'running' ? live : undefined);
  const [chosen, setChosen] = useState<BarRef>();

  const timeline: Timeline | undefined = useMemo(() => {
    if (!run) return undefined;
    if (run.report) return timelineFromReport(run.report);
    if (run.status !== 'running') return undefined;
    const heads = (definition?.steps ?? []).map((step) => ({ id: step.id, ...(step.name ? { name: step.name } : {}) }));
    return timelineFromEvents(heads, live?.events ?? [], nowMs);
  }, [run, definition, live, nowMs]);

  if (!run) {
    return (
      <section className="saga-timeline" aria-label="Timeline">
        <EmptyState title="Not run yet" icon={<SagaIcon size={20} />} compact>
          <p>Run the saga to see each step and compensation on a timeline. Inject a failure to watch the compensations run in reverse order.</p>
        </EmptyState>
      </section>
    );
  }

  // By default, the attempt that failed the run: that is what one wants to read first.
  const failedRow = run.report?.failedStep ? timeline?.rows.find((row) => row.key === `step:${run.report?.failedStep}`) : undefined;
  const selected = chosen ?? (failedRow && failedRow.attempts.length > 0 ? { rowKey: failedRow.key, attempt: failedRow.attempts[failedRow.attempts.length - 1]!.attempt } : undefined);
  const selectedRow = selected ? timeline?.rows.find((row) => row.key === selected.rowKey) : undefined;
  const selectedAttempt = selectedRow?.attempts.find((attempt) => attempt.attempt === selected?.attempt);
  const stepReport = selectedRow ? (run.report?.steps.find((step) => step.id === selectedRow.stepId) ?? liveStepReport(live, selectedRow.stepId)) : undefined;
  const stepDefinition = selectedRow ? definition?.steps.find((step) => step.id === selectedRow.stepId) : undefined;

  return (
    <section className="saga-timeline" aria-label="Timeline">
      <header className="saga-section__header">
        <h3 className="saga-section__title">Timeline</h3>
        <p className="saga-timeline__meta">
          <span className="mono">{runTime(run)}</span>
          <span aria-hidden="true">·</span>
          <span>{run.environment ? <>in environment <strong>{run.environment}</strong></> : 'no environment'}</span>
          <span aria-hidden="true">·</span>
          <span>injected failure: {injectionText(run.inject)}</span>
        </p>
        <Legend />
      </header>
      {run.failure && <FailureBanner failure={run.failure} />}
      {run.report && run.status !== 'completed' && run.report.error && (
        <p className="saga-timeline__outcome" role="note" aria-label="Outcome">
          <strong>{runOutcomeText(run)}:</strong> {run.report.error.message}
          {run.report.compensated.length > 0 ? <> — compensated {run.report.compensated.join(', ')}.</> : ' — nothing to compensate.'}
        </p>
      )}
      {timeline && <SagaTimelineChart timeline={timeline} label="Steps and compensations" nowMs={nowMs} selected={selected} onSelect={setChosen} />}
      {selectedRow && selectedAttempt ? (
        <SagaStepDetails row={selectedRow} attempt={selectedAttempt} report={stepReport} definition={stepDefinition} />
      ) : (
        timeline && <p className="saga-timeline__hint">Choose a bar to see its request, reply, error and attempts.</p>
      )}
    </section>
  );
}

function Legend() {
  const items = [
    ['ok', 'OK'],
    ['retried', 'Failed, retried'],
    ['failed', 'Failed'],
    ['compensation', 'Compensation'],
  ] as const;
  return (
    <ul className="saga-legend" aria-label="Legend">
      {items.map(([tone, label]) => (
        <li key={tone}>
          <span className={`saga-legend__swatch saga-bar--${tone}`} aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}

/** The run's clock, ticking while it goes so the bars of attempts in flight grow. */
function useRunClock(live: LiveSagaRun | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [live]);
  return live ? Math.max(0, now - live.originMs) : 0;
}

function liveStepReport(live: LiveSagaRun | undefined, stepId: string) {
  const finished = live?.events.filter((event) => event.type === 'step-finished' && event.step.id === stepId);
  const last = finished?.[finished.length - 1];
  return last?.type === 'step-finished' ? last.step : undefined;
}

/** The steps as the file defines them. */
function StepsTable({ saga }: { saga: SagaFile }) {
  return (
    <section className="saga-steps" aria-labelledby="saga-steps-title">
      <header className="saga-section__header">
        <h3 className="saga-section__title" id="saga-steps-title">
          Steps <span className="saga-section__count">{saga.steps.length}</span>
        </h3>
      </header>
      <table className="saga-steps__table" aria-label="Steps as defined">
        <TableHead columns={['#', 'Step', 'Does', 'Connection', 'Pattern', 'Compensation']} />
        <tbody>
          {saga.steps.map((step, index) => (
            <tr key={step.id}>
              <td className="num mono">{index + 1}</td>
              <th scope="row" className="saga-steps__id" title={step.description}>
                <span className="mono">{step.id}</span>
                {step.name && <span className="saga-steps__name">{step.name}</span>}
              </th>
              <td>{stepKind(step)}</td>
              <td className="mono">{step.request?.connection ?? step.expect?.connection}</td>
              <td className="mono saga-steps__pattern">{patternText(step.request?.pattern ?? step.expect?.event)}</td>
              <td className="mono saga-steps__pattern">{step.compensate ? `${step.compensate.connection} · ${patternText(step.compensate.pattern)}${step.compensateOnFailure ? ' (also on its own failure)' : ''}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function stepKind(step: SagaStep): string {
  if (step.expect) return `expect within ${formatMs(step.expect.withinMs)}`;
  const retry = step.retry ? `, retry ×${step.retry.count}` : '';
  return `${step.request?.kind === 'emit' ? 'emit' : 'request'}${retry}`;
}

const patternText = (pattern: unknown) => (typeof pattern === 'string' ? pattern : JSON.stringify(pattern));

function FailureBanner({ failure }: { failure: Failure }) {
  const problems = fileProblems(failure.detail);
  return (
    <ProblemsAlert
      // The message repeats each problem on a line of its own first; the list shows them.
      message={problems.length > 0 ? failure.message.split('\n').slice(problems.length).join('\n') || failure.message : failure.message}
      problems={problems}
      className="saga-view__failure"
    />
  );
}
