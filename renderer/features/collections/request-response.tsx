// What came back from a tab's last send: the reply as the composer shows it (status, timings,
// value), and above it what the collection asked of it: each assertion held (✓) or not (✗, with
// why), and the values captured into variables for the requests after it.
import { useMemo } from 'react';
import type { LastOutcome } from '../../store/composer-slice';
import { EmptyState } from '../../ui/empty-state';
import { isMacPlatform, prettyJson } from '../../ui/format';
import { SendIcon } from '../../ui/icons';
import { describeOutcome } from '../response/describe-outcome';
import { OutcomeBody, ResponseMetadata } from '../response/outcome-body';
import { OutcomeSummary } from '../response/outcome-summary';
import { AttemptsTimeline } from '../response/attempts-timeline';
import type { TabSend } from '../../store/collections/request-tab';

/** A tab's send as the composer's response views take it. */
export function lastOutcomeOf(send: TabSend): LastOutcome {
  const request = { kind: send.kind, connectionName: send.connectionName, patternText: send.patternText };
  if (send.failure) return { kind: 'refused', request, failure: send.failure };
  const result = send.result;
  if (result?.outcome) return { kind: 'sent', request, outcome: result.outcome };
  if (result?.emittedBytes !== undefined && !result.result.problem) return { kind: 'emitted', request, sizeBytes: result.emittedBytes };
  return { kind: 'refused', request, failure: { code: 'not-sent', message: result?.result.problem ?? 'The request was not sent.' } };
}

const statusWords = { passed: 'Checks passed', failed: 'Checks failed', errored: 'Not run', skipped: 'Skipped' } as const;

export function RequestResponse({ send, sending }: { send?: TabSend; sending: boolean }) {
  const last = useMemo(() => (send ? lastOutcomeOf(send) : undefined), [send]);
  const view = useMemo(() => (last ? describeOutcome(last) : undefined), [last]);
  const result = send?.result?.result;
  const captured = Object.entries(result?.captured ?? {});
  const failedChecks = result?.assertions.filter((assertion) => !assertion.passed).length ?? 0;

  return (
    <section className="pane response" role="region" aria-label="Response" aria-busy={sending ? 'true' : undefined}>
      <header className="pane__header">
        <h2 className="pane__title">Response</h2>
        {sending ? (
          <span className="pill pill--pending">
            <span className="spinner" aria-hidden="true" />
            Waiting for reply…
          </span>
        ) : view ? (
          <OutcomeSummary view={view} />
        ) : null}
      </header>
      {last && (
        <p className="response__request">
          <span className="response__verb">{last.request.kind === 'send' ? 'Sent' : 'Emitted'}</span>
          <span className="mono response__pattern" title={last.request.patternText}>
            {last.request.patternText}
          </span>
          <span className="response__via">over {last.request.connectionName}</span>
        </p>
      )}
      <div className={`pane__body response__body${sending ? ' response__body--stale' : ''}`}>
        {result && (result.assertions.length > 0 || captured.length > 0) && (
          <div className="req-checks">
            {result.assertions.length > 0 && (
              <section aria-label="Assertions" className="req-checks__group">
                <h3 className="req-checks__title">
                  <span className={`req-checks__status req-checks__status--${result.status}`}>{failedChecks > 0 ? `${failedChecks} of ${result.assertions.length} failed` : statusWords[result.status]}</span>
                </h3>
                <ul className="req-checks__list">
                  {result.assertions.map((assertion, index) => (
                    <li key={index} className={`req-check req-check--${assertion.passed ? 'passed' : 'failed'}`}>
                      <span className="req-check__mark" role="img" aria-label={assertion.passed ? 'passed' : 'failed'}>
                        {assertion.passed ? '✓' : '✗'}
                      </span>
                      <span className="req-check__label mono">{assertion.label}</span>
                      {assertion.message && <span className="req-check__message">{assertion.message}</span>}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {captured.length > 0 && (
              <section aria-label="Captured" className="req-checks__group">
                <h3 className="req-checks__title">Captured for the next requests</h3>
                <table className="kv-table" aria-label="Captured values">
                  <tbody>
                    {captured.map(([name, value]) => (
                      <tr key={name}>
                        <th scope="row" className="mono">{`{{${name}}}`}</th>
                        <td className="mono">{prettyJson(value)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
          </div>
        )}
        {last?.kind === 'sent' && last.outcome.attempts && <AttemptsTimeline attempts={last.outcome.attempts} />}
        {last ? <OutcomeBody last={last} /> : sending ? null : <NoResponseYet />}
      </div>
      {last?.kind === 'sent' && (last.outcome.headers || last.outcome.trailers) && <ResponseMetadata headers={last.outcome.headers} trailers={last.outcome.trailers} />}
    </section>
  );
}

function NoResponseYet() {
  const mod = isMacPlatform() ? '⌘' : 'Ctrl';
  return (
    <EmptyState title="Not sent yet" icon={<SendIcon size={20} />}>
      <p>
        Send it to see the reply, and whether its assertions hold. Press <kbd>{mod}</kbd>
        <kbd>Enter</kbd>; <kbd>{mod}</kbd>
        <kbd>S</kbd> saves it.
      </p>
    </EmptyState>
  );
}
