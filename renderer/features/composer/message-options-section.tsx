// "Message options" under the payload: what the selected connection's transport can carry besides
// pattern and data (Kafka headers, key and partition; RabbitMQ headers and properties; gRPC
// metadata), and on every transport the retries of a send. Collapsed by default; the summary says
// what is set.
import { useId, useState } from 'react';
import { describeRetryPolicy } from '../../../shared/retry';
import { checkMessageOptions, checkRetryDraft, emptyRetryDraft, messageOptionsFor, type HeaderRow, type RetryDraft } from '../../store/message-options';
import { useAppStore } from '../../store/store-context';
import { Button, IconButton } from '../../ui/button';
import { CloseIcon, PlusIcon } from '../../ui/icons';
import { RetryInputs, type RetryInput } from './retry-inputs';

export function MessageOptionsSection() {
  const connections = useAppStore((s) => s.connections);
  const selectedId = useAppStore((s) => s.selectedConnectionId);
  const draft = useAppStore((s) => s.messageOptions);
  const setMessageOptions = useAppStore((s) => s.setMessageOptions);
  const [open, setOpen] = useState(false);
  const baseId = useId();
  const transport = connections.find((c) => c.id === selectedId)?.target.kind;
  if (!transport) return null;
  // TCP and Redis carry no options of their own, but their sends retry like any other.
  const carries = messageOptionsFor(transport) ?? { key: false, partition: false, properties: false };

  const check = checkMessageOptions(transport, draft);
  const retryCheck = checkRetryDraft(draft.retry);
  const errors = check.ok ? {} : check.errors;
  const options = check.ok ? check.options : undefined;
  const headerWord = carries.headers ?? 'Headers';
  const summary = [
    options?.headers && `${Object.keys(options.headers).length} ${headerWord === 'Metadata' ? 'metadata' : Object.keys(options.headers).length === 1 ? 'header' : 'headers'}`,
    options?.key !== undefined && 'key',
    options?.partition !== undefined && `partition ${options.partition}`,
    options?.properties && 'properties',
    retryCheck.ok && retryCheck.retry && describeRetryPolicy(retryCheck.retry),
  ].filter(Boolean);
  const valid = check.ok && retryCheck.ok;

  const setRow = (index: number, patch: Partial<HeaderRow>) => setMessageOptions({ headers: draft.headers.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  const rows = draft.headers.length > 0 ? draft.headers : [];
  const singular = headerWord === 'Metadata' ? 'metadata' : 'header';

  return (
    <section className={`msg-options${open ? ' msg-options--open' : ''}`} aria-labelledby={`${baseId}-toggle`}>
      <button type="button" id={`${baseId}-toggle`} className="msg-options__toggle" aria-expanded={open} aria-controls={`${baseId}-body`} onClick={() => setOpen(!open)}>
        <span className="msg-options__chevron" aria-hidden="true" />
        Message options
        <span className="msg-options__summary">{valid ? (summary.length > 0 ? summary.join(' · ') : 'none') : <span className="msg-options__invalid">needs a fix</span>}</span>
      </button>
      {open && (
        <div className="msg-options__body" id={`${baseId}-body`}>
          {carries.headers && (
            <div className="msg-options__group" role="group" aria-labelledby={`${baseId}-headers`}>
              <div className="msg-options__group-header">
                <span className="field__label" id={`${baseId}-headers`}>
                  {carries.headers}
                </span>
                <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={() => setMessageOptions({ headers: [...draft.headers, { name: '', value: '' }] })}>
                  Add {singular}
                </Button>
              </div>
              {rows.length === 0 ? (
                <p className="field__hint">{carries.headers === 'Metadata' ? 'No metadata: sent as gRPC call metadata (keys are lowercased).' : 'No headers yet.'}</p>
              ) : (
                <ul className="kv-rows">
                  {rows.map((row, index) => (
                    <li key={index} className="kv-row">
                      <input className="input input--mono" aria-label={`${carries.headers} ${index + 1} name`} placeholder="name" value={row.name} onChange={(event) => setRow(index, { name: event.target.value })} spellCheck={false} autoComplete="off" />
                      <input className="input input--mono" aria-label={`${carries.headers} ${index + 1} value`} placeholder="value" value={row.value} onChange={(event) => setRow(index, { value: event.target.value })} spellCheck={false} autoComplete="off" />
                      <IconButton label={`Remove ${singular} ${index + 1}`} onClick={() => setMessageOptions({ headers: draft.headers.filter((_, i) => i !== index) })}>
                        <CloseIcon size={14} />
                      </IconButton>
                    </li>
                  ))}
                </ul>
              )}
              {errors.headers && <p className="field__error">{errors.headers}</p>}
            </div>
          )}
          {(carries.key || carries.partition) && (
            <div className="field-row">
              {carries.key && (
                <div className="field field--grow">
                  <label className="field__label" htmlFor={`${baseId}-key`}>
                    Key
                  </label>
                  <input id={`${baseId}-key`} className="input input--mono" value={draft.key} onChange={(event) => setMessageOptions({ key: event.target.value })} placeholder="order-42" spellCheck={false} autoComplete="off" aria-describedby={`${baseId}-key-hint`} />
                  <p className="field__hint" id={`${baseId}-key-hint`}>
                    Same key, same partition: keeps related messages in order.
                  </p>
                </div>
              )}
              {carries.partition && (
                <div className="field" style={{ width: '9rem', flex: 'none' }}>
                  <label className="field__label" htmlFor={`${baseId}-partition`}>
                    Partition
                  </label>
                  <input
                    id={`${baseId}-partition`}
                    className="input input--mono"
                    value={draft.partition}
                    onChange={(event) => setMessageOptions({ partition: event.target.value })}
                    placeholder="auto"
                    inputMode="numeric"
                    spellCheck={false}
                    autoComplete="off"
                    aria-invalid={errors.partition ? 'true' : undefined}
                    aria-describedby={`${baseId}-partition-message`}
                  />
                  <p className={errors.partition ? 'field__error' : 'field__hint'} id={`${baseId}-partition-message`}>
                    {errors.partition ?? 'Empty: Kafka chooses.'}
                  </p>
                </div>
              )}
            </div>
          )}
          {carries.properties && (
            <div className="field">
              <label className="field__label" htmlFor={`${baseId}-properties`}>
                Properties
              </label>
              <textarea
                id={`${baseId}-properties`}
                className="input input--mono textarea"
                rows={2}
                value={draft.propertiesText}
                onChange={(event) => setMessageOptions({ propertiesText: event.target.value })}
                placeholder='{"priority": 5, "expiration": "60000"}'
                spellCheck={false}
                aria-invalid={errors.properties ? 'true' : undefined}
                aria-describedby={`${baseId}-properties-message`}
              />
              <p className={errors.properties ? 'field__error' : 'field__hint'} id={`${baseId}-properties-message`}>
                {errors.properties ?? 'AMQP message properties as a JSON object: priority, expiration, contentType, messageId, …'}
              </p>
            </div>
          )}
          <RetriesGroup draft={draft.retry ?? emptyRetryDraft} error={retryCheck.ok ? undefined : retryCheck.error} onChange={(patch) => setMessageOptions({ retry: { ...(draft.retry ?? emptyRetryDraft), ...patch } })} />
        </div>
      )}
    </section>
  );
}

const retryFields: RetryInput<keyof RetryDraft>[] = [
  { key: 'count', label: 'Count', placeholder: '0', inputMode: 'numeric', width: '7.5rem' },
  { key: 'backoffMs', label: 'Backoff (ms)', placeholder: '0', inputMode: 'numeric', width: '7.5rem' },
  { key: 'factor', label: 'Factor', placeholder: '1', inputMode: 'decimal', width: '7.5rem' },
  { key: 'jitterPercent', label: 'Jitter (±%)', placeholder: '0', inputMode: 'decimal', width: '7.5rem' },
];

/** How many times a failed send goes again, and how long it waits between: backoff × factor^n, moved by ± jitter. */
function RetriesGroup({ draft, error, onChange }: { draft: RetryDraft; error?: string; onChange: (patch: Partial<RetryDraft>) => void }) {
  const baseId = useId();
  return (
    <div className="msg-options__group" role="group" aria-labelledby={`${baseId}-title`} aria-describedby={`${baseId}-message`}>
      <span className="field__label" id={`${baseId}-title`}>
        Retries
      </span>
      <RetryInputs id={baseId} inputs={retryFields} values={draft} error={error} onChange={onChange} hint="Send again after a timeout, a lost connection, an open breaker or an error reply. Each attempt is a real send, in the traffic log and the Response timeline." />
    </div>
  );
}
