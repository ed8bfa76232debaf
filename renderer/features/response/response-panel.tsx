// The answer to the last message: status, timings, sizes, and the value(s) as JSON text.
import { useMemo, useRef, useState } from 'react';
import type { LastOutcome } from '../../store/composer-slice';
import { checkRetryDraft, type RetryDraft } from '../../store/message-options';
import { useAppStore } from '../../store/store-context';
import { IconButton } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { isMacPlatform } from '../../ui/format';
import { CheckIcon, CopyIcon, SendIcon } from '../../ui/icons';
import { BreakerVerdictLine } from '../breakers/breaker-verdict';
import { describeOutcome } from './describe-outcome';
import { OutcomeBody, ResponseMetadata } from './outcome-body';
import { OutcomeSummary } from './outcome-summary';
import { AttemptsTimeline } from './attempts-timeline';
import { StreamResponse } from './stream-response';

export function ResponsePanel() {
  const last = useAppStore((s) => s.lastOutcome);
  const inFlight = useAppStore((s) => s.inFlight);
  const stream = useAppStore((s) => s.stream);
  const retryDraft = useAppStore((s) => s.messageOptions.retry);
  const view = useMemo(() => (last ? describeOutcome(last) : undefined), [last]);
  if (stream) return <StreamResponse stream={stream} />;

  return (
    <section className="pane response" role="region" aria-label="Response" aria-busy={inFlight ? 'true' : undefined}>
      <header className="pane__header">
        <h2 className="pane__title">Response</h2>
        {inFlight ? (
          <span className="pill pill--pending">
            <span className="spinner" aria-hidden="true" />
            {inFlight === 'send' ? pendingSendText(retryDraft) : 'Emitting…'}
          </span>
        ) : view ? (
          <OutcomeSummary view={view} />
        ) : null}
        <div className="pane__tools">{view && view.copyText !== '' && !inFlight && <CopyButton text={view.copyText} />}</div>
      </header>
      {last && <RequestSummary last={last} />}
      {last?.kind === 'sent' && last.outcome.breaker && <BreakerVerdictLine verdict={last.outcome.breaker} />}
      <div className={`pane__body response__body${inFlight ? ' response__body--stale' : ''}`}>
        {last?.kind === 'sent' && last.outcome.attempts && <AttemptsTimeline attempts={last.outcome.attempts} />}
        {last ? <OutcomeBody last={last} /> : inFlight ? null : <NoResponseYet />}
      </div>
      {last?.kind === 'sent' && (last.outcome.headers || last.outcome.trailers) && <ResponseMetadata headers={last.outcome.headers} trailers={last.outcome.trailers} />}
    </section>
  );
}

/** With retries the wait can be long (backoffs included): say how many attempts it may take. */
function pendingSendText(retryDraft: RetryDraft | undefined): string {
  const retry = checkRetryDraft(retryDraft);
  return retry.ok && retry.retry ? `Waiting for reply, up to ${retry.retry.count + 1} attempts…` : 'Waiting for reply…';
}

function RequestSummary({ last }: { last: LastOutcome }) {
  return (
    <p className="response__request">
      <span className="response__verb">{last.request.kind === 'send' ? 'Sent' : 'Emitted'}</span>
      <span className="mono response__pattern" title={last.request.patternText}>
        {last.request.patternText}
      </span>
      <span className="response__via">to {last.request.connectionName}</span>
    </p>
  );
}

function NoResponseYet() {
  const mod = isMacPlatform() ? '⌘' : 'Ctrl';
  return (
    <EmptyState title="No response yet" icon={<SendIcon size={20} />}>
      <p>
        Send a message to see its reply here, with latency and size. Press <kbd>{mod}</kbd>
        <kbd>Enter</kbd> from anywhere.
      </p>
    </EmptyState>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  return (
    <IconButton
      label={copied ? 'Copied' : 'Copy response'}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
        } catch {
          return; // Clipboard refused (page not focused, or no permission): nothing to undo.
        }
        setCopied(true);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setCopied(false), 1_500);
      }}
    >
      {copied ? <CheckIcon /> : <CopyIcon />}
    </IconButton>
  );
}
