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

      <fieldset className="breaker-form__group">
        <legend className="breaker-form__legend">When it opens</legend>
        <div className="field-row">
          <TextField label="Error threshold (%)" value={values.errorThresholdPercentage} onChange={(v) => update('errorThresholdPercentage', v)} {...field('errorThresholdPercentage')} inputMode="numeric" mono grow hint="Share of failed calls in the window." />
          <TextField label="Volume threshold (calls)" value={values.volumeThreshold} onChange={(v) => update('volumeThreshold', v)} {...field('volumeThreshold')} inputMode="numeric" mono grow hint="Calls in the window before it may open." />
          <TextField label="Timeout (ms)" value={values.timeoutMs} onChange={(v) => update('timeoutMs', v)} {...field('timeoutMs')} inputMode="numeric" mono grow hint="A slower call counts as a failure." />
        </div>
      </fieldset>

      <fieldset className="breaker-form__group">
        <legend className="breaker-form__legend">Recovery and window</legend>
        <div className="field-row">
          <TextField label="Reset timeout (ms)" value={values.resetTimeoutMs} onChange={(v) => update('resetTimeoutMs', v)} {...field('resetTimeoutMs')} inputMode="numeric" mono grow hint="Open this long, then half-open." />
          <TextField label="Rolling window (ms)" value={values.rollingCountTimeoutMs} onChange={(v) => update('rollingCountTimeoutMs', v)} {...field('rollingCountTimeoutMs')} inputMode="numeric" mono grow hint="How far back the counts go." />
          <TextField label="Buckets" value={values.rollingCountBuckets} onChange={(v) => update('rollingCountBuckets', v)} {...field('rollingCountBuckets')} inputMode="numeric" mono grow hint="Slices of the window." />
        </div>
      </fieldset>

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
