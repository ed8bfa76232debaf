// "New connection": a modal form. Problems show next to their field; an engine refusal shows
// at the bottom of the form, and the form stays open so nothing typed is lost.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from '../../../shared/connection';
import { useAppStore } from '../../store/store-context';
import { Button, IconButton } from '../../ui/button';
import { CloseIcon, WarningIcon } from '../../ui/icons';
import { checkConnectionForm, emptyConnectionForm, type ConnectionFormErrors, type ConnectionFormField, type ConnectionFormValues } from './connection-form-model';

export function ConnectionDialog({ onClose }: { onClose: () => void }) {
  const openConnection = useAppStore((s) => s.openConnection);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [values, setValues] = useState<ConnectionFormValues>(emptyConnectionForm);
  const [errors, setErrors] = useState<ConnectionFormErrors>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const update = <F extends ConnectionFormField>(field: F, value: ConnectionFormValues[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    // A fixed field stops complaining at once; the others wait for the next submit.
    if (errors[field]) setErrors(({ [field]: _, ...rest }) => rest as ConnectionFormErrors);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    const check = checkConnectionForm(values);
    if (!check.ok) {
      setErrors(check.errors);
      setFormError(check.formError);
      focusFirstInvalid(dialogRef.current);
      return;
    }
    setErrors({});
    setFormError(undefined);
    setSubmitting(true);
    const result = await openConnection(check.input);
    setSubmitting(false);
    if (result.ok) onClose();
    else setFormError(result.error.message);
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form className="dialog__form" onSubmit={submit} noValidate>
        <header className="dialog__header">
          <div>
            <h2 id={titleId} className="dialog__title">
              New connection
            </h2>
            <p className="dialog__subtitle">A Nest microservice listening on TCP.</p>
          </div>
          <IconButton label="Dismiss" onClick={onClose}>
            <CloseIcon />
          </IconButton>
        </header>

        <div className="dialog__body">
          <TextField label="Name" value={values.name} onChange={(v) => update('name', v)} error={errors.name} placeholder="orders-service" autoFocus />
          <div className="field-row">
            <TextField label="Host" value={values.host} onChange={(v) => update('host', v)} error={errors.host} placeholder="127.0.0.1" mono grow />
            <TextField label="Port" value={values.port} onChange={(v) => update('port', v)} error={errors.port} placeholder="3000" inputMode="numeric" mono width="9rem" />
          </div>

          <fieldset className="fieldset">
            <legend className="fieldset__legend">Security</legend>
            <Checkbox label="Use TLS" checked={values.useTls} onChange={(v) => update('useTls', v)} hint="Encrypt the connection; Nest's TCP transport supports it with tlsOptions." />
            {values.useTls && (
              <div className="tls-fields">
                <TextArea label="CA certificate (PEM)" value={values.ca} onChange={(v) => update('ca', v)} error={errors.ca} placeholder="-----BEGIN CERTIFICATE-----" hint="Only when the server certificate is not signed by a well-known CA." />
                <TextArea label="Client certificate (PEM)" value={values.cert} onChange={(v) => update('cert', v)} error={errors.cert} placeholder="-----BEGIN CERTIFICATE-----" hint="For mutual TLS, with the key below." />
                <TextArea label="Client key (PEM)" value={values.key} onChange={(v) => update('key', v)} error={errors.key} placeholder="-----BEGIN PRIVATE KEY-----" />
                <TextField label="Server name" value={values.servername} onChange={(v) => update('servername', v)} error={errors.servername} placeholder="orders.internal" hint="When the certificate names a host other than Host." mono />
                <Checkbox label="Verify server certificate" checked={values.verifyServerCertificate} onChange={(v) => update('verifyServerCertificate', v)} hint="Turn off only for a self-signed test server." />
              </div>
            )}
          </fieldset>

          <fieldset className="fieldset">
            <legend className="fieldset__legend">Timeouts</legend>
            <div className="field-row">
              <TextField label="Connect timeout (ms)" value={values.connectTimeoutMs} onChange={(v) => update('connectTimeoutMs', v)} error={errors.connectTimeoutMs} placeholder={String(DEFAULT_CONNECT_TIMEOUT_MS)} inputMode="numeric" mono grow />
              <TextField label="Request timeout (ms)" value={values.requestTimeoutMs} onChange={(v) => update('requestTimeoutMs', v)} error={errors.requestTimeoutMs} placeholder={String(DEFAULT_REQUEST_TIMEOUT_MS)} inputMode="numeric" mono grow />
            </div>
          </fieldset>
        </div>

        <footer className="dialog__footer">
          {formError ? (
            <p className="form-error" role="alert">
              <WarningIcon />
              <span>{formError}</span>
            </p>
          ) : (
            <span />
          )}
          <div className="dialog__actions">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" disabled={submitting}>
              {submitting ? 'Connecting…' : 'Connect'}
            </Button>
          </div>
        </footer>
      </form>
    </dialog>
  );
}

function focusFirstInvalid(root: HTMLElement | null) {
  // After React has rendered the aria-invalid flags.
  requestAnimationFrame(() => root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

interface FieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  placeholder?: string;
}

function FieldShell({ id, label, error, hint, grow, width, children }: { id: string; label: string; error?: string; hint?: string; grow?: boolean; width?: string; children: ReactNode }) {
  return (
    <div className={`field${grow ? ' field--grow' : ''}`} style={width ? { width } : undefined}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error ? (
        <p className="field__error" id={`${id}-message`}>
          {error}
        </p>
      ) : hint ? (
        <p className="field__hint" id={`${id}-message`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function TextField({ label, value, onChange, error, hint, placeholder, mono, grow, width, inputMode, autoFocus }: FieldProps & { mono?: boolean; grow?: boolean; width?: string; inputMode?: 'numeric'; autoFocus?: boolean }) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} grow={grow} width={width}>
      <input
        id={id}
        className={`input${mono ? ' input--mono' : ''}`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        inputMode={inputMode}
        autoFocus={autoFocus}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error || hint ? `${id}-message` : undefined}
      />
    </FieldShell>
  );
}

function TextArea({ label, value, onChange, error, hint, placeholder }: FieldProps) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <textarea
        id={id}
        className="input input--mono textarea"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        rows={3}
        spellCheck={false}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error || hint ? `${id}-message` : undefined}
      />
    </FieldShell>
  );
}

function Checkbox({ label, checked, onChange, hint }: { label: string; checked: boolean; onChange: (value: boolean) => void; hint?: string }) {
  const id = useId();
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <div>
        <label htmlFor={id} className="checkbox__label">
          {label}
        </label>
        {hint && (
          <p className="field__hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
