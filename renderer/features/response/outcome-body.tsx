// The body of an answer: its value(s), a remote error with its gRPC status, or a local failure;
// and the transport metadata that came with it. Shared by single requests and streams.
import { useId, useState } from 'react';
import type { LastOutcome } from '../../store/composer-slice';
import { prettyJson } from '../../ui/format';
import { WarningIcon } from '../../ui/icons';
import { JsonText } from '../../ui/json-text';

export function OutcomeBody({ last }: { last: LastOutcome }) {
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
      if (outcome.failure?.code === 'cancelled') return <p className="note">{outcome.failure.message}</p>;
      if (outcome.failure?.code === 'breaker-open') return <Callout tone="error" title={outcome.breaker ? `Not sent: breaker ${outcome.breaker.name} is ${outcome.breaker.state}` : 'Not sent: a circuit breaker rejected it'} text={outcome.failure.message} />;
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
export function ResponseMetadata({ headers, trailers }: { headers?: Record<string, string>; trailers?: Record<string, string> }) {
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

export function Callout({ tone, title, text }: { tone: 'warning' | 'error'; title: string; text: string }) {
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
