// The answer to the last message: status, timings, sizes, and the value(s) as JSON text.
import { useId, useMemo, useRef, useState } from 'react';
import type { LastOutcome } from '../../store/composer-slice';
import { useAppStore } from '../../store/store-context';
import { IconButton } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { isMacPlatform, prettyJson } from '../../ui/format';
import { CheckIcon, CopyIcon, SendIcon, WarningIcon } from '../../ui/icons';
import { JsonText } from '../../ui/json-text';
import { describeOutcome } from './describe-outcome';

export function ResponsePanel() {
  const last = useAppStore((s) => s.lastOutcome);
  const inFlight = useAppStore((s) => s.inFlight);
  const view = useMemo(() => (last ? describeOutcome(last) : undefined), [last]);

  return (
    <section className="pane response" role="region" aria-label="Response" aria-busy={inFlight ? 'true' : undefined}>
      <header className="pane__header">
        <h2 className="pane__title">Response</h2>
        {inFlight ? (
          <span className="pill pill--pending">
            <span className="spinner" aria-hidden="true" />
            {inFlight === 'send' ? 'Waiting for reply…' : 'Emitting…'}
          </span>
        ) : view ? (
          <>
            <output className={`pill pill--${view.tone}`} aria-label="Outcome">
              {view.status}
            </output>
            <div className="metrics">
              {view.metrics.map((metric) => (
                <output key={metric.label} className="metric" aria-label={metric.label} title={metric.label}>
                  {metric.prefix && <span className="metric__prefix" aria-hidden="true">{metric.prefix} </span>}
                  {metric.value}
                </output>
              ))}
            </div>
          </>
        ) : null}
        <div className="pane__tools">{view && view.copyText !== '' && !inFlight && <CopyButton text={view.copyText} />}</div>
      </header>
      {last && <RequestSummary last={last} />}
      <div className={`pane__body response__body${inFlight ? ' response__body--stale' : ''}`}>{last ? <OutcomeBody last={last} /> : inFlight ? null : <NoResponseYet />}</div>
      {last?.kind === 'sent' && (last.outcome.headers || last.outcome.trailers) && <ResponseMetadata headers={last.outcome.headers} trailers={last.outcome.trailers} />}
    </section>
  );
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

function OutcomeBody({ last }: { last: LastOutcome }) {
  if (last.kind === 'emitted') {
    return <p className="note">Events get no reply. The service handles it with its <span className="mono">@EventPattern</span>; look for its side effects.</p>;
  }
  if (last.kind === 'refused') {
    return <Callout tone="error" title="The message was not sent" text={last.failure.message} />;
  }
  const { outcome } = last;
  const grpcStatus = grpcStatusOf(outcome.remoteError);
  switch (outcome.status) {
    case 'ok':
      return outcome.values.length === 1 ? (
        <JsonText label="Value" text={prettyJson(outcome.values[0])} />
      ) : (
        <ol className="parts" aria-label="Stream parts">
          {outcome.values.map((value, index) => (
            <li key={index} className="part">
              <span className="part__number" aria-hidden="true">
                {index + 1}
              </span>
              <JsonText label={`Part ${index + 1}`} text={prettyJson(value)} />
            </li>
          ))}
        </ol>
      );
    case 'empty':
      return <p className="note">The handler completed without a value. A Nest client would get an EmptyError from firstValueFrom.</p>;
    case 'remote-error':
      return (
        <div className="remote-error">
          <p className="remote-error__title">
            <WarningIcon size={14} />
            The service answered with an error
          </p>
          {grpcStatus && (
            <div className="remote-error__status">
              <span className="remote-error__code mono" aria-label="Status code">
                {grpcStatus.codeName} <span className="remote-error__number">({grpcStatus.code})</span>
              </span>
              <span className="remote-error__details" aria-label="Details">
                {grpcStatus.details}
              </span>
            </div>
          )}
          <JsonText label="Error value" text={prettyJson(outcome.remoteError)} tone="error" />
        </div>
      );
    case 'failure':
      return <Callout tone={outcome.failure?.code === 'timeout' ? 'warning' : 'error'} title={outcome.failure?.code === 'timeout' ? 'No reply in time' : 'The request failed'} text={outcome.failure?.message ?? 'Unknown failure'} />;
  }
}

/** A gRPC status as the engine reports it (`{code, codeName, details, metadata}`), if it is one. */
function grpcStatusOf(error: unknown): { code: number; codeName: string; details: string } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, codeName, details } = error as Record<string, unknown>;
  return typeof code === 'number' && typeof codeName === 'string' && typeof details === 'string' ? { code, codeName, details } : undefined;
}

/** Transport metadata of the reply (gRPC response headers and trailers), collapsed by default. */
function ResponseMetadata({ headers, trailers }: { headers?: Record<string, string>; trailers?: Record<string, string> }) {
  const [open, setOpen] = useState(false);
  const baseId = useId();
  const count = (record: Record<string, string> | undefined, one: string, many: string) => {
    const size = Object.keys(record ?? {}).length;
    return `${size} ${size === 1 ? one : many}`;
  };
  return (
    <section className={`response-meta${open ? ' response-meta--open' : ''}`} aria-labelledby={`${baseId}-toggle`}>
      <button type="button" id={`${baseId}-toggle`} className="msg-options__toggle" aria-expanded={open} aria-controls={`${baseId}-body`} onClick={() => setOpen(!open)}>
        <span className="msg-options__chevron" aria-hidden="true" />
        Metadata
        <span className="msg-options__summary">
          {count(headers, 'header', 'headers')} · {count(trailers, 'trailer', 'trailers')}
        </span>
      </button>
      {open && (
        <div className="response-meta__body" id={`${baseId}-body`}>
          <MetadataTable title="Response headers" record={headers} />
          <MetadataTable title="Trailers" record={trailers} />
        </div>
      )}
    </section>
  );
}

function MetadataTable({ title, record }: { title: string; record?: Record<string, string> }) {
  const entries = Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="response-meta__group">
      <h3 className="field__label">{title}</h3>
      {entries.length === 0 ? (
        <p className="field__hint">None</p>
      ) : (
        <table className="kv-table" aria-label={title}>
          <tbody>
            {entries.map(([key, value]) => (
              <tr key={key}>
                <th scope="row" className="mono">
                  {key}
                </th>
                <td className="mono">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Callout({ tone, title, text }: { tone: 'warning' | 'error'; title: string; text: string }) {
  return (
    <div className={`callout callout--${tone}`}>
      <WarningIcon size={16} />
      <div>
        <p className="callout__title">{title}</p>
        <p className="callout__text">{text}</p>
      </div>
    </div>
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
