// The parts of a request below its pattern, one tab each: the payload (JSON with `{{variables}}`),
// headers, captures, assertions, and the details (timeout, retries, description). Rows are edited in place;
// a row's problem shows under it.
import { useId, useMemo, useState, type ReactNode } from 'react';
import { formatJson } from '../../store/parse-request';
import { Button, IconButton } from '../../ui/button';
import { ChevronLeftIcon, ChevronRightIcon, CloseIcon, FormatIcon, PlusIcon, WarningIcon } from '../../ui/icons';
import { JsonEditor } from '../../ui/json-editor';
import { useScrollEdges } from '../../ui/use-scroll-edges';
import { variableHighlighting, type VariableLookup } from '../../ui/variable-highlight';
import { VariableInput } from '../../ui/variable-input';
import { RetryInputs, type RetryInput } from '../composer/retry-inputs';
import { assertionKindLabels, emptyRetryFields, newAssertionDraft, pathAssertionKinds, type AssertionKind, type DraftErrors, type RequestDraft, type RetryFieldsDraft } from '../../store/collections/request-draft';

type Part = 'payload' | 'headers' | 'captures' | 'assertions' | 'details';

interface FieldsProps {
  draft: RequestDraft;
  errors: DraftErrors;
  edit: (patch: Partial<RequestDraft>) => void;
  lookup?: VariableLookup;
}

export function RequestFields({ draft, errors, edit, lookup }: FieldsProps) {
  const [part, setPart] = useState<Part>('payload');
  const baseId = useId();
  const { ref, edges, scrollBy } = useScrollEdges<HTMLDivElement>();
  const count = (rows: readonly unknown[]) => (rows.length > 0 ? rows.length : undefined);
  const parts: { id: Part; label: string; count?: number; invalid: boolean }[] = [
    { id: 'payload', label: 'Payload', invalid: errors.payload !== undefined },
    { id: 'headers', label: 'Headers', count: count(draft.headers), invalid: errors.headers !== undefined },
    { id: 'captures', label: 'Captures', count: count(draft.captures), invalid: errors.captures !== undefined },
    { id: 'assertions', label: 'Assertions', count: count(draft.assertions), invalid: errors.assertions !== undefined },
    { id: 'details', label: 'Details', invalid: errors.timeout !== undefined || errors.retry !== undefined },
  ];

  return (
    <section className="pane req-fields" aria-label="Request">
      <div className={`req-parts${edges.start ? ' req-parts--more-start' : ''}${edges.end ? ' req-parts--more-end' : ''}`}>
        {/* In a narrow pane the tabs scroll: the clipped edge fades and gets a button, since a wheel does not scroll sideways. */}
        {edges.start && (
          <button type="button" className="req-parts__more req-parts__more--start" aria-label="Show earlier request parts" tabIndex={-1} onClick={() => scrollBy(-1)}>
            <ChevronLeftIcon size={14} />
          </button>
        )}
        <div className="req-parts__list" role="tablist" aria-label="Request parts" ref={ref}>
          {parts.map((candidate) => (
            <button
              key={candidate.id}
              type="button"
              role="tab"
              id={`${baseId}-${candidate.id}-tab`}
              aria-selected={part === candidate.id}
              aria-controls={`${baseId}-panel`}
              className={`req-part${part === candidate.id ? ' req-part--selected' : ''}`}
              onClick={(event) => {
                setPart(candidate.id);
                event.currentTarget.scrollIntoView({ block: 'nearest', inline: 'nearest' });
              }}
            >
              {candidate.label}
              {candidate.count !== undefined && <span className="req-part__count">{candidate.count}</span>}
              {candidate.invalid && <span className="req-part__invalid" role="img" aria-label="needs a fix" />}
            </button>
          ))}
        </div>
        {edges.end && (
          <button type="button" className="req-parts__more req-parts__more--end" aria-label="Show more request parts" tabIndex={-1} onClick={() => scrollBy(1)}>
            <ChevronRightIcon size={14} />
          </button>
        )}
      </div>
      <div className="req-fields__panel" role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-${part}-tab`}>
        {part === 'payload' && <PayloadPart draft={draft} errors={errors} edit={edit} lookup={lookup} />}
        {part === 'headers' && <HeadersPart draft={draft} errors={errors} edit={edit} lookup={lookup} />}
        {part === 'captures' && <CapturesPart draft={draft} errors={errors} edit={edit} />}
        {part === 'assertions' && <AssertionsPart draft={draft} errors={errors} edit={edit} />}
        {part === 'details' && <DetailsPart draft={draft} errors={errors} edit={edit} />}
      </div>
    </section>
  );
}

function PayloadPart({ draft, errors, edit, lookup }: FieldsProps) {
  const messageId = useId();
  const extensions = useMemo(() => (lookup ? [variableHighlighting(lookup)] : []), [lookup]);
  const formatted = errors.payload === undefined && draft.payloadText.trim() !== '' ? formatJson(draft.payloadText) : undefined;
  return (
    <div className="req-payload">
      <div className={`req-payload__editor editor-frame${errors.payload ? ' editor-frame--invalid' : ''}`}>
        <JsonEditor label="Payload" value={draft.payloadText} onChange={(payloadText) => edit({ payloadText })} describedBy={messageId} invalid={errors.payload !== undefined} extensions={extensions} />
      </div>
      <footer className={`pane__footer req-payload__footer${errors.payload ? ' pane__footer--error' : ''}`}>
        {errors.payload ? (
          <p id={messageId} className="field__error field__error--icon">
            <WarningIcon size={14} />
            <span>{errors.payload}</span>
          </p>
        ) : (
          <p id={messageId} className="pane__hint">
            Sent as <span className="mono">data</span>; <span className="mono">{'"{{id}}"'}</span> keeps the variable's type. Empty: no data.
          </p>
        )}
        <Button size="sm" variant="ghost" icon={<FormatIcon />} onClick={() => formatted !== undefined && edit({ payloadText: formatted })} disabled={formatted === undefined || formatted === draft.payloadText} title="Pretty-print the payload">
          Format
        </Button>
      </footer>
    </div>
  );
}

/** A list of rows with an Add button and what to show without any. */
function Rows({ title, addLabel, onAdd, empty, error, children }: { title: string; addLabel: string; onAdd: () => void; empty: ReactNode; error?: string; children: ReactNode[] }) {
  return (
    <div className="req-rows" role="group" aria-label={title}>
      {children.length === 0 ? <p className="field__hint req-rows__empty">{empty}</p> : <ul className="req-rows__list">{children}</ul>}
      {error && <p className="field__error">{error}</p>}
      <div>
        <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={onAdd}>
          {addLabel}
        </Button>
      </div>
    </div>
  );
}

function HeadersPart({ draft, errors, edit, lookup }: FieldsProps) {
  const setRow = (index: number, patch: Partial<RequestDraft['headers'][number]>) => edit({ headers: draft.headers.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  return (
    <Rows
      title="Headers"
      addLabel="Add header"
      onAdd={() => edit({ headers: [...draft.headers, { name: '', value: '' }] })}
      empty="No headers. They go out as Kafka or RabbitMQ headers, or gRPC metadata; values may hold {{variables}}."
      error={errors.headers}
    >
      {draft.headers.map((row, index) => (
        <li key={index} className="req-row req-row--header">
          <input className="input input--mono" aria-label={`Header ${index + 1} name`} placeholder="name" value={row.name} onChange={(event) => setRow(index, { name: event.target.value })} spellCheck={false} autoComplete="off" />
          <VariableInput className="input input--mono" aria-label={`Header ${index + 1} value`} placeholder="value" value={row.value} onValueChange={(value) => setRow(index, { value })} lookup={lookup} autoComplete="off" />
          <IconButton label={`Remove header ${index + 1}`} onClick={() => edit({ headers: draft.headers.filter((_, i) => i !== index) })}>
            <CloseIcon size={14} />
          </IconButton>
        </li>
      ))}
    </Rows>
  );
}

function CapturesPart({ draft, errors, edit }: Omit<FieldsProps, 'lookup'>) {
  const setRow = (index: number, patch: Partial<RequestDraft['captures'][number]>) => edit({ captures: draft.captures.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  return (
    <Rows title="Captures" addLabel="Add capture" onAdd={() => edit({ captures: [...draft.captures, { variable: '', path: '' }] })} empty="Nothing captured. A capture keeps a value of the reply as a variable for the requests after this one.">
      {draft.captures.map((row, index) => {
        const error = errors.captures?.[index];
        return (
          <li key={index} className="req-row req-row--capture">
            <input className="input input--mono" aria-label={`Capture ${index + 1} variable`} placeholder="variable, e.g. userId" value={row.variable} onChange={(event) => setRow(index, { variable: event.target.value })} aria-invalid={error ? 'true' : undefined} spellCheck={false} autoComplete="off" />
            <span className="req-row__word">from</span>
            <input className="input input--mono" aria-label={`Capture ${index + 1} path`} placeholder="$ (the whole reply), or id, items[0].id" value={row.path} onChange={(event) => setRow(index, { path: event.target.value })} spellCheck={false} autoComplete="off" />
            <IconButton label={`Remove capture ${index + 1}`} onClick={() => edit({ captures: draft.captures.filter((_, i) => i !== index) })}>
              <CloseIcon size={14} />
            </IconButton>
            {error && <p className="field__error req-row__error">{error}</p>}
          </li>
        );
      })}
    </Rows>
  );
}

const assertionKinds = Object.keys(assertionKindLabels) as AssertionKind[];

function AssertionsPart({ draft, errors, edit }: Omit<FieldsProps, 'lookup'>) {
  const setRow = (index: number, row: RequestDraft['assertions'][number]) => edit({ assertions: draft.assertions.map((current, i) => (i === index ? row : current)) });
  return (
    <Rows title="Assertions" addLabel="Add assertion" onAdd={() => edit({ assertions: [...draft.assertions, newAssertionDraft(draft.assertions.length === 0 ? 'ok' : 'equals')] })} empty="No assertions. Add checks of the reply: it succeeds, a value at a path equals something, it came in time…">
      {draft.assertions.map((row, index) => {
        const error = errors.assertions?.[index];
        const n = index + 1;
        const withPath = pathAssertionKinds.includes(row.kind);
        return (
          <li key={index} className={`req-row req-row--assertion${withPath ? ' req-row--with-path' : ''}`}>
            <div className="select-field">
              <select className="input select-field__select" aria-label={`Assertion ${n} kind`} value={row.kind} onChange={(event) => setRow(index, newAssertionDraft(event.target.value as AssertionKind, row))}>
                {assertionKinds.map((kind) => (
                  <option key={kind} value={kind}>
                    {assertionKindLabels[kind]}
                  </option>
                ))}
              </select>
            </div>
            {withPath && <input className="input input--mono" aria-label={`Assertion ${n} path`} placeholder="path, e.g. name" value={row.path} onChange={(event) => setRow(index, { ...row, path: event.target.value })} aria-invalid={error && row.path.trim() === '' ? 'true' : undefined} spellCheck={false} autoComplete="off" />}
            {row.kind === 'ok' || row.kind === 'exists' ? (
              <div className="select-field">
                <select className="input select-field__select" aria-label={`Assertion ${n} value`} value={row.value === 'false' ? 'false' : 'true'} onChange={(event) => setRow(index, { ...row, value: event.target.value })}>
                  <option value="true">{row.kind === 'ok' ? 'succeeds' : 'is there'}</option>
                  <option value="false">{row.kind === 'ok' ? 'fails' : 'is missing'}</option>
                </select>
              </div>
            ) : (
              <input
                className="input input--mono"
                aria-label={`Assertion ${n} value`}
                placeholder={valuePlaceholders[row.kind]}
                value={row.value}
                onChange={(event) => setRow(index, { ...row, value: event.target.value })}
                aria-invalid={error && !(withPath && row.path.trim() === '') ? 'true' : undefined}
                inputMode={row.kind === 'latencyBelowMs' || row.kind === 'parts' ? 'numeric' : undefined}
                spellCheck={false}
                autoComplete="off"
              />
            )}
            <IconButton label={`Remove assertion ${n}`} onClick={() => edit({ assertions: draft.assertions.filter((_, i) => i !== index) })}>
              <CloseIcon size={14} />
            </IconButton>
            {error && <p className="field__error req-row__error">{error}</p>}
          </li>
        );
      })}
    </Rows>
  );
}

const valuePlaceholders: Record<AssertionKind, string> = {
  ok: '',
  exists: '',
  error: 'regular expression, e.g. not found',
  equals: 'Ada, 42, true, {"a":1}',
  contains: 'text, or an item of an array',
  matches: 'regular expression, e.g. ^ada@',
  latencyBelowMs: '500',
  parts: '1',
};

function DetailsPart({ draft, errors, edit }: Omit<FieldsProps, 'lookup'>) {
  const id = useId();
  return (
    <div className="req-details">
      <div className="field" style={{ maxWidth: '16rem' }}>
        <label className="field__label" htmlFor={`${id}-timeout`}>
          Timeout (ms)
        </label>
        <input
          id={`${id}-timeout`}
          className="input input--mono"
          value={draft.timeoutText}
          onChange={(event) => edit({ timeoutText: event.target.value })}
          placeholder="the connection's"
          inputMode="numeric"
          aria-invalid={errors.timeout ? 'true' : undefined}
          aria-describedby={`${id}-timeout-message`}
          spellCheck={false}
          autoComplete="off"
        />
        <p className={errors.timeout ? 'field__error' : 'field__hint'} id={`${id}-timeout-message`}>
          {errors.timeout ?? 'How long to wait for the reply. Empty: the connection\'s request timeout.'}
        </p>
      </div>
      {draft.kind === 'send' && <RetryFields retry={draft.retry ?? emptyRetryFields} error={errors.retry} onChange={(patch) => edit({ retry: { ...(draft.retry ?? emptyRetryFields), ...patch } })} />}
      <div className="field">
        <label className="field__label" htmlFor={`${id}-description`}>
          Description
        </label>
        <textarea id={`${id}-description`} className="input textarea req-details__description" rows={5} value={draft.description} onChange={(event) => edit({ description: event.target.value })} placeholder="What this request is for, what it needs first…" />
      </div>
    </div>
  );
}

const retryInputs: RetryInput<keyof RetryFieldsDraft>[] = [
  { key: 'count', label: 'Retries', placeholder: '0', inputMode: 'decimal', width: '6.5rem' },
  { key: 'backoffMs', label: 'Backoff (ms)', placeholder: '0', inputMode: 'decimal', width: '6.5rem' },
  { key: 'factor', label: 'Factor', placeholder: '1', inputMode: 'decimal', width: '6.5rem' },
  { key: 'jitterPercent', label: 'Jitter (±%)', placeholder: '0', inputMode: 'decimal', width: '6.5rem' },
  { key: 'maxBackoffMs', label: 'Max backoff (ms)', placeholder: 'no cap', inputMode: 'decimal', width: '8.5rem' },
];

/** The request's `retry:` policy: sent again after a failure or an error reply, waiting backoff × factor^n ± jitter. */
function RetryFields({ retry, error, onChange }: { retry: RetryFieldsDraft; error?: string; onChange: (patch: Partial<RetryFieldsDraft>) => void }) {
  const id = useId();
  return (
    <fieldset className="req-retry" aria-describedby={`${id}-message`}>
      <legend className="field__label">Retry policy</legend>
      <RetryInputs id={id} inputs={retryInputs} values={retry} error={error} onChange={onChange} hint="Sends again after a timeout, a lost connection, an open breaker or an error reply; the response shows every attempt. Empty: sent once." />
    </fieldset>
  );
}
