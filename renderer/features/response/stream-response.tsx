// The Response panel for a stream sent message by message: what was sent and received, in order,
// with ms since the call opened; then the status, like a single request's.
import type { StreamCall, StreamMessage } from '../../store/stream-slice';
import { formatMs, prettyJson } from '../../ui/format';
import { JsonText } from '../../ui/json-text';
import { describeOutcome } from './describe-outcome';
import { Callout, OutcomeBody, ResponseMetadata } from './outcome-body';
import { OutcomeSummary } from './outcome-summary';

const phaseLabels = { opening: 'Opening stream…', open: 'Stream open', ended: 'Ended, waiting for replies…' } as const;

export function StreamResponse({ stream }: { stream: StreamCall }) {
  const request = { kind: 'send' as const, connectionName: stream.connectionName, patternText: stream.patternText };
  const last = stream.outcome ? { kind: 'sent' as const, request, outcome: stream.outcome } : undefined;
  const view = last ? describeOutcome(last) : undefined;
  const live = stream.phase !== 'finished';

  return (
    <section className="pane response" role="region" aria-label="Response">
      <header className="pane__header">
        <h2 className="pane__title">Response</h2>
        {live ? (
          <output className="pill pill--pending" aria-label="Stream state">
            <span className="spinner" aria-hidden="true" />
            {phaseLabels[stream.phase as keyof typeof phaseLabels]}
          </output>
        ) : view ? (
          <OutcomeSummary view={view} />
        ) : (
          <output className="pill pill--error" aria-label="Outcome">
            Not opened
          </output>
        )}
      </header>
      <p className="response__request">
        <span className="response__verb">Stream</span>
        <span className="mono response__pattern" title={stream.patternText}>
          {stream.patternText}
        </span>
        <span className="response__via">to {stream.connectionName}</span>
      </p>
      <div className="pane__body response__body stream-body">
        {stream.refused ? (
          <Callout tone="error" title="The stream was not opened" text={stream.refused.message} />
        ) : (
          <>
            <StreamLog messages={stream.messages} live={live} />
            {last && last.outcome.status !== 'ok' && <OutcomeBody last={last} />}
          </>
        )}
      </div>
      {stream.outcome && (stream.outcome.headers || stream.outcome.trailers) && <ResponseMetadata headers={stream.outcome.headers} trailers={stream.outcome.trailers} />}
    </section>
  );
}

function StreamLog({ messages, live }: { messages: StreamMessage[]; live: boolean }) {
  if (messages.length === 0) {
    return <p className="note">{live ? 'No messages yet. Write one in the payload and press Send message.' : 'No messages were sent or received.'}</p>;
  }
  return (
    <ol className="stream-log" aria-label="Stream messages">
      {messages.map((message) => {
        const name = `${message.direction === 'sent' ? 'Sent' : 'Received'} message ${message.index + 1}`;
        return (
          <li key={`${message.direction}-${message.index}`} className={`stream-log__item stream-log__item--${message.direction}`} aria-label={name}>
            <span className="stream-log__arrow" aria-hidden="true">
              {message.direction === 'sent' ? '↑' : '↓'}
            </span>
            <span className="stream-log__index mono" aria-hidden="true">
              #{message.index + 1}
            </span>
            <span className="stream-log__time mono" aria-label="Time since open">
              +{formatMs(message.atMs)}
            </span>
            <JsonText label={name} text={compactJson(message.value)} />
          </li>
        );
      })}
    </ol>
  );
}

/** Short messages on one line, like a chat; longer ones pretty-printed. */
function compactJson(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  return text !== undefined && text.length <= 80 ? text : prettyJson(value);
}
