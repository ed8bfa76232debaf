// A modal dialog's scaffolding: shown on mount and closed on unmount, Escape and Dismiss close it,
// a header with the title (its accessible name) and subtitle, and a footer with the error of the
// last attempt beside the action buttons.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Result } from '../../shared/result';
import { Button, IconButton } from './button';
import { focusFirstInvalid } from './form-fields';
import { CloseIcon, WarningIcon } from './icons';

interface DialogProps {
  title: string;
  subtitle: ReactNode;
  onClose: () => void;
  /** Given: the dialog is one form (not validated by the browser), submitted by its primary button. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  /** What went wrong the last time, shown as an alert in the footer. */
  error?: string;
  /** The footer's buttons. */
  actions: ReactNode;
  tall?: boolean;
  children: ReactNode;
}

export function Dialog({ title, subtitle, onClose, onSubmit, error, actions, tall, children }: DialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const content = (
    <>
      <header className="dialog__header">
        <div>
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <p className="dialog__subtitle">{subtitle}</p>
        </div>
        <IconButton label="Dismiss" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </header>

      <div className="dialog__body">{children}</div>

      <footer className="dialog__footer">
        {error ? (
          <p className="form-error" role="alert">
            <WarningIcon />
            <span>{error}</span>
          </p>
        ) : (
          <span />
        )}
        <div className="dialog__actions">{actions}</div>
      </footer>
    </>
  );

  return (
    <dialog
      ref={dialogRef}
      className={`dialog dialog--wide${tall ? ' dialog--tall' : ''}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {onSubmit ? (
        <form className="dialog__form" onSubmit={onSubmit} noValidate>
          {content}
        </form>
      ) : (
        <div className="dialog__form">{content}</div>
      )}
    </dialog>
  );
}

/** A form dialog's buttons: Cancel, and the submit button that says what it is doing while busy. */
export function FormActions({ onCancel, label, busyLabel, busy, disabled }: { onCancel: () => void; label: string; busyLabel: string; busy: boolean; disabled?: boolean }) {
  return (
    <>
      <Button onClick={onCancel}>Cancel</Button>
      <Button type="submit" variant="primary" disabled={busy || disabled}>
        {busy ? busyLabel : label}
      </Button>
    </>
  );
}

/** A form checked as typed: what to send, or each field's problem (and one for the whole form). */
export type FormCheck<F extends string, I> = { ok: true; input: I } | { ok: false; errors: Partial<Record<F, string>>; formError?: string };

/**
 * A form dialog's state. Problems show for the fields touched so far, and all of them once it has
 * been submitted (`alsoTouches` names fields whose message follows another's typing). Submitting
 * an invalid form focuses the first invalid field; a valid one is sent once at a time, and `onSent`
 * runs when the engine accepts it, while a refusal shows in the footer and keeps what was typed.
 */
export function useFormDialog<F extends string, I>(check: FormCheck<F, I>, send: (input: I) => Promise<Result<unknown>>, onSent: () => void, alsoTouches: Partial<Record<F, F[]>> = {}) {
  const [touched, setTouched] = useState<ReadonlySet<F>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);

  const allErrors: Partial<Record<F, string>> = check.ok ? {} : check.errors;
  const errors: Partial<Record<F, string>> = submitted ? allErrors : (Object.fromEntries(Object.entries(allErrors).filter(([field]) => touched.has(field as F))) as Partial<Record<F, string>>);
  const touch = (field: F) =>
    setTouched((current) => {
      const fields = [field, ...(alsoTouches[field] ?? [])];
      return fields.every((f) => current.has(f)) ? current : new Set([...current, ...fields]);
    });
  /** A field's error and the blur that marks it touched, to spread onto the field. */
  const fieldProps = (field: F) => ({ error: errors[field], onBlur: () => touch(field) });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitted(true);
    if (!check.ok) {
      setFormError(check.formError);
      focusFirstInvalid(event.currentTarget);
      return;
    }
    setFormError(undefined);
    setSubmitting(true);
    const result = await send(check.input);
    setSubmitting(false);
    if (result.ok) onSent();
    else setFormError(result.error.message);
  };

  return { allErrors, errors, touch, fieldProps, setTouched, formError, setFormError, submitting, submit };
}
