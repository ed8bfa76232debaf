// "New breaker" (which connection, which pattern, opossum's options with their units and an
// optional fallback reply) and "Edit breaker options" (the options alone: connection and pattern
// are what the breaker is).
import '../../styles/breakers.css';
import { useMemo, useState } from 'react';
import type { BreakerInfo } from '../../../shared/breaker';
import type { CommandInput } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { useAppStore } from '../../store/store-context';
import { Dialog, FormActions, useFormDialog, type FormCheck } from '../../ui/dialog';
import { SelectField, TextArea, TextField } from '../../ui/form-fields';
import { connectionStateLabels } from '../connections/state-badge';
import { breakerFormFor, checkBreakerForm, checkBreakerOptions, defaultBreakerName, emptyBreakerForm, type BreakerField, type BreakerFormValues } from './breaker-form-model';

type OptionField = Exclude<BreakerField, 'connectionId' | 'name' | 'patternText' | 'fallbackText'>;

/** opossum's numbers, in the two questions they answer, each label with its unit. */
const optionGroups: { legend: string; fields: { name: OptionField; label: string; hint: string }[] }[] = [
  {
    legend: 'When it opens',
    fields: [
      { name: 'errorThresholdPercentage', label: 'Error threshold (%)', hint: 'Share of failed calls in the window.' },
      { name: 'volumeThreshold', label: 'Volume threshold (calls)', hint: 'Calls in the window before it may open.' },
      { name: 'timeoutMs', label: 'Timeout (ms)', hint: 'A slower call counts as a failure.' },
    ],
  },
  {
    legend: 'Recovery and window',
    fields: [
      { name: 'resetTimeoutMs', label: 'Reset timeout (ms)', hint: 'Open this long, then half-open.' },
      { name: 'rollingCountTimeoutMs', label: 'Rolling window (ms)', hint: 'How far back the counts go.' },
      { name: 'rollingCountBuckets', label: 'Buckets', hint: 'Slices of the window.' },
    ],
  },
];

type DialogProps = { onClose: () => void } & ({ breaker: BreakerInfo; connectionId?: never } | { breaker?: never; connectionId?: string });

export function BreakerDialog({ onClose, breaker, connectionId }: DialogProps) {
  const connections = useAppStore((s) => s.connections);
  const createBreaker = useAppStore((s) => s.createBreaker);
  const updateBreaker = useAppStore((s) => s.updateBreaker);
  const [values, setValues] = useState<BreakerFormValues>(() => (breaker ? breakerFormFor(breaker) : emptyBreakerForm(connectionId ?? (connections.length === 1 ? connections[0]!.id : ''))));

  const check = useMemo((): FormCheck<BreakerField, CommandInput<'breaker.create'>> => {
    if (!breaker) return checkBreakerForm(values, connections);
    const options = checkBreakerOptions(values);
    return options.ok ? { ok: true, input: { connectionId: breaker.connectionId, name: breaker.name, options: options.options } } : options;
  }, [breaker, values, connections]);
  const send = (input: CommandInput<'breaker.create'>): Promise<Result<unknown>> => (breaker ? updateBreaker(breaker.breakerId, input.options) : createBreaker(input));
  const { touch, fieldProps: field, formError, submitting, submit } = useFormDialog<BreakerField, CommandInput<'breaker.create'>>(check, send, onClose, { rollingCountTimeoutMs: ['rollingCountBuckets'] });
  const update = (name: BreakerField, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    touch(name);
  };
  const connectionName = connections.find((c) => c.id === values.connectionId)?.name;

  return (
    <Dialog
      title={breaker ? 'Edit breaker options' : 'New breaker'}
      subtitle={
        breaker ? (
          <>
            {breaker.name}: new options start it again closed, with empty counts.
          </>
        ) : (
          'Guards the sends of a connection, or of one pattern: it opens when too many fail, rejects while open, and lets a trial call through after the reset timeout.'
        )
      }
      onClose={onClose}
      onSubmit={submit}
      error={formError}
      actions={<FormActions onCancel={onClose} label={breaker ? 'Apply options' : 'Create breaker'} busyLabel={breaker ? 'Applying…' : 'Creating…'} busy={submitting} />}
    >
      {!breaker && (
        <>
          <div className="field-row">
            <SelectField label="Connection" value={values.connectionId} onChange={(v) => update('connectionId', v)} {...field('connectionId')} grow>
              {values.connectionId === '' && <option value="">{connections.length === 0 ? 'No open connections' : 'Choose…'}</option>}
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} — {connectionStateLabels[c.state].toLowerCase()}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Pattern"
              value={values.patternText}
              onChange={(v) => update('patternText', v)}
              {...field('patternText')}
              placeholder="every send"
              mono
              grow
              hint={'Optional: {"cmd":"pay"} or orders.create. Empty guards every send of the connection.'}
            />
          </div>
          <TextField label="Name" value={values.name} onChange={(v) => update('name', v)} {...field('name')} placeholder={defaultBreakerName(connectionName, values.patternText)} hint="Shown in the sidebar, the traffic log and the response. Empty: the placeholder." />
        </>
      )}

      {optionGroups.map((group) => (
        <fieldset key={group.legend} className="breaker-form__group">
          <legend className="breaker-form__legend">{group.legend}</legend>
          <div className="field-row">
            {group.fields.map(({ name, label, hint }) => (
              <TextField key={name} label={label} value={values[name]} onChange={(v) => update(name, v)} {...field(name)} inputMode="numeric" mono grow hint={hint} />
            ))}
          </div>
        </fieldset>
      ))}

      <TextArea
        label="Fallback reply (JSON)"
        value={values.fallbackText}
        onChange={(v) => update('fallbackText', v)}
        {...field('fallbackText')}
        placeholder='{"status": "queued"}'
        rows={3}
        hint="Optional: answered instead of failing while it is open or when a call fails. Empty: the call fails."
      />
    </Dialog>
  );
}
