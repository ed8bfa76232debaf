// The numbers of a retry policy (count, backoff, factor, jitter, …) as a row of small mono inputs
// under one message: the composer's Retries and a collection request's Retry policy. The caller
// names the group (a fieldset legend or a labelled group) and picks the fields and their labels.
import type { ReactNode } from 'react';

export interface RetryInput<K extends string> {
  key: K;
  label: string;
  placeholder: string;
  inputMode: 'numeric' | 'decimal';
  width: string;
}

export function RetryInputs<K extends string>({ id, inputs, values, error, hint, onChange }: { id: string; inputs: readonly RetryInput<K>[]; values: Record<K, string>; error?: string; hint: ReactNode; onChange: (patch: Partial<Record<K, string>>) => void }) {
  return (
    <>
      <div className="field-row">
        {inputs.map((input) => (
          <div className="field" key={input.key} style={{ width: input.width, flex: 'none' }}>
            <label className="field__label" htmlFor={`${id}-${input.key}`}>
              {input.label}
            </label>
            <input
              id={`${id}-${input.key}`}
              className="input input--mono"
              value={values[input.key]}
              onChange={(event) => {
                const patch: Partial<Record<K, string>> = {};
                patch[input.key] = event.target.value;
                onChange(patch);
              }}
              placeholder={input.placeholder}
              inputMode={input.inputMode}
              aria-invalid={error ? 'true' : undefined}
              spellCheck={false}
              autoComplete="off"
            />
          </div>
        ))}
      </div>
      {/* The group's aria-describedby points here: the error, else what the numbers do. */}
      <p className={error ? 'field__error' : 'field__hint'} id={`${id}-message`}>
        {error ?? hint}
      </p>
    </>
  );
}
