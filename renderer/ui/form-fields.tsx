// Labelled form fields for the dialogs (connection, listener, mock, queue): the error (or hint)
// under the field is its accessible description.
import { useId, type ChangeEvent, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error?: string;
  hint?: string;
  placeholder?: string;
}

/** What an input, text area or select shares: its value, and its message as its description. */
function controlProps(id: string, { value, onChange, onBlur, error, hint }: Pick<FieldProps, 'value' | 'onChange' | 'onBlur' | 'error'> & { hint?: ReactNode }) {
  return {
    id,
    value,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => onChange(event.target.value),
    onBlur,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': error || hint ? `${id}-message` : undefined,
  };
}

export function FieldShell({ id, label, error, hint, grow, width, children }: { id: string; label: string; error?: string; hint?: ReactNode; grow?: boolean; width?: string; children: ReactNode }) {
  return (
    <div className={`field${grow ? ' field--grow' : ''}`} style={width ? { width, flex: 'none' } : undefined}>
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

export function TextField({
  label,
  value,
  onChange,
  onBlur,
  error,
  hint,
  placeholder,
  mono,
  grow,
  width,
  inputMode,
  autoFocus,
  type = 'text',
}: FieldProps & { mono?: boolean; grow?: boolean; width?: string; inputMode?: 'numeric'; autoFocus?: boolean; type?: 'text' | 'password' }) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} grow={grow} width={width}>
      <input
        {...controlProps(id, { value, onChange, onBlur, error, hint })}
        type={type}
        className={`input${mono ? ' input--mono' : ''}`}
        placeholder={placeholder}
        inputMode={inputMode}
        autoFocus={autoFocus}
        spellCheck={false}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
      />
    </FieldShell>
  );
}

export function TextArea({ label, value, onChange, onBlur, error, hint, placeholder, rows = 3 }: FieldProps & { rows?: number }) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} error={error} hint={hint}>
      <textarea {...controlProps(id, { value, onChange, onBlur, error, hint })} className="input input--mono textarea" placeholder={placeholder} rows={rows} spellCheck={false} />
    </FieldShell>
  );
}

export function SelectField({ label, value, onChange, onBlur, error, hint, grow, width, children }: Omit<FieldProps, 'placeholder'> & { grow?: boolean; width?: string; children: ReactNode }) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} grow={grow} width={width}>
      <div className="select-field">
        <select {...controlProps(id, { value, onChange, onBlur, error, hint })} className="input select-field__select">
          {children}
        </select>
      </div>
    </FieldShell>
  );
}

export function Checkbox({ label, checked, onChange, hint, error }: { label: string; checked: boolean; onChange: (value: boolean) => void; hint?: string; error?: string }) {
  const id = useId();
  const message = error ?? hint;
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-invalid={error ? 'true' : undefined} aria-describedby={message ? `${id}-hint` : undefined} />
      <div>
        <label htmlFor={id} className="checkbox__label">
          {label}
        </label>
        {message && (
          <p className={error ? 'field__error' : 'field__hint'} id={`${id}-hint`}>
            {message}
          </p>
        )}
      </div>
    </div>
  );
}

/** A row of mutually exclusive choices, like the transport picker. */
export function Segmented<T extends string>({ legend, name, value, options, onChange }: { legend: string; name: string; value: T; options: readonly { value: T; label: string }[]; onChange: (value: T) => void }) {
  return (
    <fieldset className="segmented">
      <legend className="field__label">{legend}</legend>
      <div className="segmented__options" style={{ gridTemplateColumns: `repeat(${options.length}, minmax(0, 1fr))` }}>
        {options.map((option) => (
          <label key={option.value} className={`segmented__option${value === option.value ? ' segmented__option--selected' : ''}`}>
            <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Moves the focus to the first field marked invalid, once React has rendered the marks. */
export function focusFirstInvalid(root: HTMLElement | null) {
  // After React has rendered the aria-invalid flags.
  requestAnimationFrame(() => root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
