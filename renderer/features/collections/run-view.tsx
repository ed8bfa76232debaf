// One collection run: what ran (collection, folder, environment, iterations), its totals, and each
// request's result as it comes — status, duration, the assertions that failed — opening to the
// reply, the error, every assertion and the values it captured. Run again with other options.
import '../../styles/runs-history.css';
import { useState, type FormEvent } from 'react';
import type { RequestRunResult } from '../../../shared/collection';
import { fileProblems } from '../../store/collections/collection-tree';
import { isRunActive, runTotals, type CollectionRun } from '../../store/runs-slice';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { Checkbox, SelectField, TextField } from '../../ui/form-fields';
import { formatClock, formatMs, prettyJson } from '../../ui/format';
import { CheckIcon, CloseIcon, WarningIcon } from '../../ui/icons';
import { JsonText } from '../../ui/json-text';
import { EmptyState } from '../../ui/empty-state';
import { PlayIcon } from '../traffic/traffic-icons';
import { AssertionList } from './assertion-list';
import { ProblemsAlert } from './problems-alert';

const statusLabels: Record<RequestRunResult['status'], string> = { passed: 'Passed', failed: 'Failed', errored: 'Errored', skipped: 'Skipped' };

export function RunView({ id }: { id: string }) {
  const run = useAppStore((s) => s.runs.find((candidate) => candidate.id === id));
  if (!run) {
    return (
      <section className="view" role="region" aria-label="Collection run">
        <EmptyState title="This run is no longer kept" icon={<PlayIcon size={20} />}>
          <p>Only the last few runs are kept. Run the collection again from its menu.</p>
        </EmptyState>
      </section>
    );
  }
  return <RunDetails key={run.id} run={run} />;
}

function RunDetails({ run }: { run: CollectionRun }) {
  const stopRun = useAppStore((s) => s.stopRun);
  const totals = runTotals(run);
  const expected = useAppStore((s) => plannedCount(s.collections.find((info) => info.collectionId === run.collectionId)?.collection.requests, run));
  const active = isRunActive(run);
  const done = run.results.length;
  const durationMs = run.report?.durationMs;

  return (
    <section className="view run-view" role="region" aria-label={`Run of ${run.collectionName}`}>
      <header className="view__header">
        <div className="view__heading">
          <div className="view__title-row">
            <h2 className="view__title ellipsis" title={run.collectionName}>
              Run · {run.collectionName}
              {run.folder && <span className="run-view__folder"> / {run.folder}</span>}
            </h2>
            <RunStatusPill run={run} />
          </div>
          <p className="view__subtitle">
            <span>{run.environment ? <>in environment <strong className="run-view__env">{run.environment}</strong></> : 'no environment'}</span>
            <span aria-hidden="true">·</span>
            <span>
              {run.options.iterations} iteration{run.options.iterations === 1 ? '' : 's'}
              {run.options.bail ? ', stops at the first failure' : ''}
            </span>
            {run.report && (
              <>
                <span aria-hidden="true">·</span>
                <span>started {formatClock(run.report.startedAt).slice(0, 8)}</span>
              </>
            )}
          </p>
        </div>
        <dl className="view__stats" aria-label="Totals">
          <RunStat term="Passed" value={totals.passed} tone="ok" />
          <RunStat term="Failed" value={totals.failed} tone={totals.failed > 0 ? 'error' : undefined} />
          <RunStat term="Errored" value={totals.errored} tone={totals.errored > 0 ? 'warn' : undefined} />
          <RunStat term="Skipped" value={totals.skipped} />
          <div>
            <dt>{active ? 'Progress' : 'Time'}</dt>
            <dd>{active ? `${done}${expected ? ` / ${expected}` : ''}` : durationMs === undefined ? '—' : formatMs(durationMs)}</dd>
          </div>
        </dl>
        {active && (
          <Button variant="secondary" icon={<CloseIcon />} onClick={() => void stopRun(run.id)} disabled={run.phase === 'stopping'}>
            {run.phase === 'stopping' ? 'Stopping…' : 'Stop'}
          </Button>
        )}
      </header>
      <RerunBar run={run} />
      {run.failure && <ProblemsAlert message={run.failure.message} problems={fileProblems(run.failure.detail)} className="run-view__failure" />}
      <div className="run-view__body">
        {run.results.length > 0 ? (
          <ol className="run-results" aria-label="Results">
            {run.results.map((result, index) => (
              <ResultRow key={`${result.iteration} ${result.path} ${index}`} result={result} showIteration={run.options.iterations > 1} />
            ))}
          </ol>
        ) : !run.failure ? (
          <p className="run-view__waiting" role="status">
            <span className="spinner" aria-hidden="true" /> {run.phase === 'starting' ? 'Starting the run…' : 'Waiting for the first result…'}
          </p>
        ) : null}
      </div>
    </section>
  );
}

/** Requests the run will report: the folder's (or all), times the iterations; undefined if unknown. */
function plannedCount(requests: { folder: string[] }[] | undefined, run: CollectionRun): number | undefined {
  if (!requests) return undefined;
  const folder = run.folder?.replace(/^\/+|\/+$/g, '');
  const selected = folder ? requests.filter((request) => `${request.folder.join('/')}/`.startsWith(`${folder}/`)) : requests;
  return selected.length * run.options.iterations;
}

function RunStat({ term, value, tone }: { term: string; value: number; tone?: 'ok' | 'error' | 'warn' }) {
  return (
    <div className={tone ? `run-stat--${tone}` : undefined}>
      <dt>{term}</dt>
      <dd aria-label={`${term}: ${value}`}>{value}</dd>
    </div>
  );
}

function RunStatusPill({ run }: { run: CollectionRun }) {
  const totals = runTotals(run);
  const [tone, label] =
    run.phase === 'starting' || run.phase === 'running'
      ? ['pending', 'Running']
      : run.phase === 'stopping'
        ? ['pending', 'Stopping']
        : run.failure
          ? ['error', 'Could not run']
          : totals.failed + totals.errored > 0
            ? ['error', 'Failed']
            : run.stopped
              ? ['neutral', 'Stopped']
              : ['ok', 'Passed'];
  return (
    <span className={`pill pill--${tone}`} role="status" aria-label={`Run ${label.toLowerCase()}`}>
      {label}
    </span>
  );
}

function RerunBar({ run }: { run: CollectionRun }) {
  const rerun = useAppStore((s) => s.rerun);
  const environments = useAppStore((s) => s.collections.find((info) => info.collectionId === run.collectionId)?.collection.environments);
  const [environment, setEnvironment] = useState(run.environment ?? '');
  const [iterations, setIterations] = useState(String(run.options.iterations));
  const [bail, setBail] = useState(run.options.bail);
  const count = Number(iterations.trim());
  const iterationsError = Number.isInteger(count) && count >= 1 && count <= 10_000 ? undefined : 'A whole number from 1 to 10,000';
  const names = Object.keys(environments ?? {});
  const active = isRunActive(run);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (active || iterationsError) return;
    void rerun(run.id, { iterations: count, bail }, environment === '' ? undefined : environment);
  };

  return (
    <form className="run-options" aria-label="Run again" onSubmit={submit} noValidate>
      <SelectField label="Environment" value={environment} onChange={setEnvironment} width="200px">
        <option value="">No environment</option>
        {[...names, ...(run.environment && !names.includes(run.environment) ? [run.environment] : [])].map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </SelectField>
      <TextField label="Iterations" value={iterations} onChange={setIterations} error={iterationsError} inputMode="numeric" width="104px" />
      <div className="run-options__bail">
        <Checkbox label="Stop at the first failure" checked={bail} onChange={setBail} />
      </div>
      <Button type="submit" variant="primary" icon={<PlayIcon />} disabled={active || iterationsError !== undefined} className="run-options__submit">
        Run again
      </Button>
      <EarlierRuns current={run} />
    </form>
  );
}

/** The runs kept in this window, to go back to one. */
function EarlierRuns({ current }: { current: CollectionRun }) {
  const runs = useAppStore((s) => s.runs);
  const showView = useAppStore((s) => s.showView);
  if (runs.length < 2) return null;
  return (
    <SelectField label="Runs" value={current.id} onChange={(id) => showView({ kind: 'run', id })} width="220px">
      {runs
        .slice()
        .reverse()
        .map((run) => {
          const totals = runTotals(run);
          const started = run.report ? formatClock(run.report.startedAt).slice(0, 8) : 'now';
          const summary = run.failure ? 'could not run' : isRunActive(run) ? 'running' : `${totals.passed} passed, ${totals.failed + totals.errored} failed`;
          return (
            <option key={run.id} value={run.id}>
              {started} · {run.collectionName}
              {run.folder ? `/${run.folder}` : ''} · {summary}
            </option>
          );
        })}
    </SelectField>
  );
}

function ResultRow({ result, showIteration }: { result: RequestRunResult; showIteration: boolean }) {
  const [open, setOpen] = useState(false);
  const failedAssertions = result.assertions.filter((assertion) => !assertion.passed);
  const detailsId = `run-result-${result.iteration}-${result.path.replace(/[^A-Za-z0-9]/g, '-')}`;

  return (
    <li className={`run-result run-result--${result.status}${open ? ' run-result--open' : ''}`} aria-label={result.name}>
      <button type="button" className="run-result__summary" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
        <StatusIcon status={result.status} />
        <span className="run-result__name ellipsis">{result.name}</span>
        <span className="run-result__path mono ellipsis" title={result.path}>
          {result.path}
        </span>
        {showIteration && <span className="run-result__iteration">#{result.iteration}</span>}
        <span className={`run-result__status run-result__status--${result.status}`}>{statusLabels[result.status]}</span>
        <span className="run-result__duration num mono">{result.status === 'skipped' ? '—' : formatMs(result.durationMs)}</span>
        <span className="run-result__chevron" aria-hidden="true" />
      </button>
      {!open && (failedAssertions.length > 0 || result.problem) && (
        <div className="run-result__messages">
          {result.problem && <p>{result.problem}</p>}
          {failedAssertions.map((assertion, index) => (
            <p key={index}>
              <span className="mono">{assertion.label}</span>
              {assertion.message ? `: ${assertion.message}` : ''}
            </p>
          ))}
        </div>
      )}
      {open && <ResultDetails id={detailsId} result={result} />}
    </li>
  );
}

function ResultDetails({ id, result }: { id: string; result: RequestRunResult }) {
  const captured = Object.entries(result.captured);
  return (
    <div id={id} className="run-result__details">
      {result.problem && (
        <section className="run-detail">
          <h3 className="run-detail__title">Problem</h3>
          <p className="run-detail__problem">{result.problem}</p>
        </section>
      )}
      {result.assertions.length > 0 && (
        <section className="run-detail">
          <h3 className="run-detail__title">Assertions</h3>
          <AssertionList assertions={result.assertions} label={`Assertions of ${result.name}`} />
        </section>
      )}
      {result.error !== undefined && (
        <section className="run-detail">
          <h3 className="run-detail__title">Error</h3>
          <JsonText text={prettyJson(result.error)} label={`Error of ${result.name}`} tone="error" />
        </section>
      )}
      {result.values.length > 0 && (
        <section className="run-detail">
          <h3 className="run-detail__title">{result.values.length === 1 ? 'Reply' : `Reply · ${result.values.length} parts`}</h3>
          {result.values.map((value, index) => (
            <JsonText key={index} text={prettyJson(value)} label={result.values.length === 1 ? `Reply of ${result.name}` : `Part ${index + 1} of ${result.name}`} />
          ))}
        </section>
      )}
      {captured.length > 0 && (
        <section className="run-detail">
          <h3 className="run-detail__title">Captured</h3>
          <table className="kv-table" aria-label={`Captured by ${result.name}`}>
            <tbody>
              {captured.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row" className="mono">
                    {name}
                  </th>
                  <td className="mono">{JSON.stringify(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {result.status === 'skipped' && <p className="run-detail__note">Not sent: the run stopped before it.</p>}
      {result.status !== 'skipped' && result.values.length === 0 && result.error === undefined && !result.problem && <p className="run-detail__note">No reply value (an event, or an empty reply).</p>}
    </div>
  );
}

function StatusIcon({ status }: { status: RequestRunResult['status'] }) {
  return (
    <span className={`run-status-icon run-status-icon--${status}`} aria-hidden="true">
      {status === 'passed' ? <CheckIcon size={14} /> : status === 'failed' ? <CloseIcon size={14} /> : status === 'errored' ? <WarningIcon size={14} /> : <SkipIcon />}
    </span>
  );
}

const SkipIcon = () => (
  <svg width={14} height={14} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinecap="round" aria-hidden="true" focusable="false">
    <path d="M4 8h8" />
  </svg>
);
