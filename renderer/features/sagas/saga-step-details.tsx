// One attempt of a saga run, chosen on its timeline: how it went and where it broke, the request
// sent (a compensation's as the saga defines it), the reply or event, its assertions, every
// attempt of the step with its retry waits, and, for a replayed step, the diff to the recording.
import type { SagaError, SagaErrorStage, SagaStep, SagaStepReport } from '../../../shared/saga';
import { formatMs, prettyJson } from '../../ui/format';
import { JsonText } from '../../ui/json-text';
import { TableHead } from '../../ui/table-head';
import { AssertionList } from '../collections/assertion-list';
import type { TimelineAttempt, TimelineRow } from './saga-timeline';
import { StepDiff } from './step-diff';

export const stageLabels: Record<SagaErrorStage, string> = {
  prepare: 'Preparing the message (variables, connection)',
  connect: 'Connecting',
  send: 'Sending (no answer)',
  remote: 'The service answered with an error',
  capture: 'Capturing a value',
  assert: 'Assertions',
  expect: 'Waiting for the event',
  injected: 'Injected failure',
  stopped: 'Stopped',
};

export function SagaStepDetails({ row, attempt, report, definition }: { row: TimelineRow; attempt: TimelineAttempt; report?: SagaStepReport; definition?: SagaStep }) {
  const compensation = row.phase === 'compensation';
  const title = compensation ? `Compensation of ${row.stepId}` : row.stepId;
  const sentAsDefined = compensation ? definition?.compensate : undefined;
  const isLastAttempt = attempt.attempt === row.attempts[row.attempts.length - 1]?.attempt;

  return (
    <section className="saga-details" aria-label={`Details of ${title}, attempt ${attempt.attempt}`}>
      <header className="saga-details__header">
        <h3 className="saga-details__title">
          {title} <span className="saga-details__attempt">· attempt {attempt.attempt} of {row.attempts.length}</span>
        </h3>
        <span className={`pill pill--${attempt.status === 'ok' ? 'ok' : attempt.status === 'running' ? 'pending' : 'error'}`}>{attempt.status === 'ok' ? 'OK' : attempt.status === 'running' ? 'Running' : 'Failed'}</span>
        <span className="saga-details__timing mono">
          at {formatMs(attempt.startMs)}
          {attempt.durationMs !== undefined && <> · took {formatMs(attempt.durationMs)}</>}
          {attempt.retryInMs !== undefined && <> · retried after {formatMs(attempt.retryInMs)}</>}
        </span>
      </header>
      {attempt.error && <ErrorBlock error={attempt.error} />}
      {attempt.assertions && attempt.assertions.length > 0 && (
        <div className="saga-details__block">
          <h4 className="saga-details__label">Assertions</h4>
          <AssertionList assertions={attempt.assertions} label={`Assertions of ${title}`} />
        </div>
      )}
      <div className="saga-details__columns">
        {!compensation && report?.request && (
          <div className="saga-details__block">
            <h4 className="saga-details__label">Request sent</h4>
            <JsonText text={prettyJson(report.request)} label={`Request sent by ${title}`} />
          </div>
        )}
        {sentAsDefined && (
          <div className="saga-details__block">
            <h4 className="saga-details__label">Request, as defined</h4>
            <JsonText text={prettyJson({ connection: sentAsDefined.connection, pattern: sentAsDefined.pattern, data: sentAsDefined.data })} label={`Request of ${title}`} />
          </div>
        )}
        {!compensation && isLastAttempt && report?.response !== undefined && (
          <div className="saga-details__block">
            <h4 className="saga-details__label">{report.kind === 'expect' ? 'Event' : 'Reply'}</h4>
            <JsonText text={prettyJson(report.response)} label={`${report.kind === 'expect' ? 'Event' : 'Reply'} of ${title}`} />
          </div>
        )}
      </div>
      {!compensation && report?.diff && (
        <div className="saga-details__block">
          <h4 className="saga-details__label">Against the recording</h4>
          <StepDiff diff={report.diff} label={`Differences of ${title} from the recording`} />
        </div>
      )}
      <div className="saga-details__block">
        <h4 className="saga-details__label">Attempts</h4>
        <table className="saga-attempts" aria-label={`Attempts of ${title}`}>
          <TableHead columns={['#', 'Started', 'Took', 'Result', 'Then']} />
          <tbody>
            {row.attempts.map((each) => (
              <tr key={each.attempt} aria-current={each.attempt === attempt.attempt ? 'true' : undefined}>
                <td className="num mono">{each.attempt}</td>
                <td className="num mono">{formatMs(each.startMs)}</td>
                <td className="num mono">{each.durationMs === undefined ? '…' : formatMs(each.durationMs)}</td>
                <td className={`saga-attempts__result saga-attempts__result--${each.status}`}>{each.status === 'ok' ? 'OK' : each.status === 'running' ? 'Running' : (each.error?.message ?? 'Failed')}</td>
                <td className="mono">{each.retryInMs !== undefined ? `waited ${formatMs(each.retryInMs)}` : each.status === 'failed' && each.attempt === row.attempts.length ? 'gave up' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ErrorBlock({ error }: { error: SagaError }) {
  return (
    <div className="saga-details__error" role="note" aria-label="Error">
      <span className="saga-details__stage">{stageLabels[error.stage]}</span>
      <span className="saga-details__code mono">{error.code}</span>
      <p className="saga-details__message">{error.message}</p>
    </div>
  );
}
