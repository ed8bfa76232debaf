// "New listener": pick a ready connection; the fields follow its transport. Problems show next to
// their field as soon as it is touched (all of them on Start); an engine refusal shows at the
// bottom and the form stays open.
import { useMemo, useState } from 'react';
import type { CommandInput } from '../../../shared/contract';
import { describeTarget, type ConnectionInfo } from '../../../shared/connection';
import { methodsOf, templateText } from '../../store/catalogue-slice';
import { useAppStore } from '../../store/store-context';
import { Dialog, FormActions, useFormDialog, type FormCheck } from '../../ui/dialog';
import { Checkbox, Segmented, SelectField, TextArea, TextField } from '../../ui/form-fields';
import { WarningIcon } from '../../ui/icons';
import { connectionStateLabels } from '../connections/state-badge';
import { transportLabels } from '../connections/connection-form-model';
import { canListen, checkListenForm, competingWarning, listenFormFor, type KafkaStart, type ListenField, type ListenFormValues } from './listen-form-model';

type StartListenerInput = CommandInput<'listen.start'>;

const rmqModeOptions: { value: ListenFormValues['rmqMode']; label: string }[] = [
  { value: 'exchange', label: 'An exchange (a copy)' },
  { value: 'queue', label: 'Consume a queue directly' },
];

const kafkaStartOptions: { value: KafkaStart; label: string }[] = [
  { value: 'latest', label: 'Latest' },
  { value: 'earliest', label: 'Earliest' },
  { value: 'offset', label: 'Offset' },
  { value: 'timestamp', label: 'Time' },
];

export function ListenerDialog({ onClose }: { onClose: () => void }) {
  const connections = useAppStore((s) => s.connections);
  const selectedConnectionId = useAppStore((s) => s.selectedConnectionId);
  const catalogues = useAppStore((s) => s.catalogues);
  const startListener = useAppStore((s) => s.startListener);

  const candidates = useMemo(() => connections.filter(canListen), [connections]);
  const [values, setValues] = useState<ListenFormValues>(() => {
    const selected = candidates.find((c) => c.id === selectedConnectionId && c.state === 'ready');
    return listenFormFor(selected ?? candidates.find((c) => c.state === 'ready') ?? candidates[0]);
  });

  const connection = connections.find((c) => c.id === values.connectionId);
  const transport = connection?.target.kind;
  const streamMethods = useMemo(() => methodsOf(connection ? catalogues[connection.id] : undefined).filter((m) => m.serverStreaming && !m.clientStreaming), [catalogues, connection]);
  const catalogue = connection ? catalogues[connection.id] : undefined;

  const check = useMemo((): FormCheck<ListenField, StartListenerInput> => {
    const checked = checkListenForm(values, connection);
    if (!checked.ok) return { ok: false, errors: checked.errors };
    return connection ? { ok: true, input: { connectionId: connection.id, spec: checked.spec } } : { ok: false, errors: {} };
  }, [values, connection]);
  const { errors, touch, fieldProps: field, setTouched, formError, setFormError, submitting, submit } = useFormDialog(check, startListener, onClose);
  const update = <F extends ListenField>(field: F, value: ListenFormValues[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    touch(field);
  };

  const pickConnection = (id: string) => {
    setValues(listenFormFor(connections.find((c) => c.id === id)));
    setTouched(new Set(['connectionId']));
    setFormError(undefined);
  };

  const pickMethod = (name: string) => {
    const method = streamMethods.find((m) => m.name === name);
    setValues((current) => ({ ...current, method: name, request: method ? templateText(method) : current.request }));
    touch('method');
  };

  return (
    <Dialog
      title="New listener"
      subtitle="Watch what services say to each other, without taking anything from them."
      onClose={onClose}
      onSubmit={submit}
      error={formError}
      actions={<FormActions onCancel={onClose} label="Start listening" busyLabel="Starting…" busy={submitting} disabled={candidates.length === 0} />}
    >
      <SelectField
        label="Connection"
        value={values.connectionId}
        onChange={pickConnection}
        {...field('connectionId')}
        hint={connection ? `${transportLabels[connection.target.kind]} · ${describeTarget(connection.target)}` : candidates.length === 0 ? 'Open a Redis, RabbitMQ, Kafka or gRPC connection first: listeners watch a broker or a gRPC stream.' : undefined}
      >
        {candidates.length === 0 && <option value="">No Redis, RabbitMQ, Kafka or gRPC connection</option>}
        {candidates.map((c: ConnectionInfo) => (
          <option key={c.id} value={c.id}>
            {c.name} — {transportLabels[c.target.kind]}
            {c.state === 'ready' ? '' : ` (${connectionStateLabels[c.state].toLowerCase()})`}
          </option>
        ))}
      </SelectField>

      {transport === 'redis' && (
        <>
          <TextArea
            label="Channels"
            value={values.channels}
            onChange={(v) => update('channels', v)}
            {...field('channels')}
            placeholder={'{"cmd":"sum"}\nusers.*'}
            rows={3}
            hint="One per line, as Nest names them: the normalized pattern. *, ? and [ make a glob."
          />
          <Checkbox label="Tap" checked={values.tap} onChange={(v) => update('tap', v)} hint="Also watch each channel's .reply channel and join replies to their requests, with the service's latency." />
        </>
      )}

      {transport === 'kafka' && (
        <>
          <TextArea label="Topics" value={values.topics} onChange={(v) => update('topics', v)} {...field('topics')} placeholder={'orders.created\n/users\\..*/'} rows={3} hint="One per line: a topic name, or /regex/. Patchbay reads with its own consumer group: services lose nothing." />
          <Segmented legend="Start from" name="kafka-from" value={values.from} options={kafkaStartOptions} onChange={(v) => update('from', v)} />
          {values.from === 'offset' && <TextField label="Offset" value={values.offset} onChange={(v) => update('offset', v)} {...field('offset')} placeholder="42" inputMode="numeric" mono hint="The same offset on every partition." />}
          {values.from === 'timestamp' && (
            <TextField label="Start time" value={values.timestamp} onChange={(v) => update('timestamp', v)} {...field('timestamp')} placeholder="2025-01-01T09:00:00Z" mono hint="An ISO time, or epoch milliseconds." />
          )}
          <Checkbox label="Tap" checked={values.tap} onChange={(v) => update('tap', v)} hint="Also read each topic's .reply topic and join replies to their requests, with the service's latency." />
        </>
      )}

      {transport === 'rmq' && (
        <>
          <Segmented legend="Listen to" name="rmq-mode" value={values.rmqMode} options={rmqModeOptions} onChange={(v) => update('rmqMode', v)} />
          {values.rmqMode === 'exchange' ? (
            <div className="field-row">
              <TextField label="Exchange" value={values.exchange} onChange={(v) => update('exchange', v)} {...field('exchange')} placeholder="amq.topic" mono grow hint="A private queue bound to it gets a copy of each message." />
              <TextField label="Routing key" value={values.routingKey} onChange={(v) => update('routingKey', v)} {...field('routingKey')} placeholder="#" mono grow hint="# is every key on a topic exchange." />
            </div>
          ) : (
            <>
              <div className="callout callout--warning" role="note">
                <WarningIcon />
                <div>
                  <p className="callout__title">This competes with the service</p>
                  <p className="callout__text">{competingWarning}</p>
                </div>
              </div>
              <TextField label="Queue" value={values.queue} onChange={(v) => update('queue', v)} {...field('queue')} placeholder="orders" mono />
              <Checkbox label="I understand: take messages away from the service" checked={values.competing} onChange={(v) => update('competing', v)} error={errors.competing} />
            </>
          )}
        </>
      )}

      {transport === 'grpc' && (
        <>
          <SelectField
            label="Method"
            value={values.method}
            onChange={pickMethod}
            {...field('method')}
            hint={
              catalogue?.status === 'loading'
                ? 'Loading the methods…'
                : catalogue?.status === 'failed'
                  ? `Could not describe the service: ${catalogue.message}`
                  : streamMethods.length === 0
                    ? 'This service has no server-streaming method.'
                    : 'Server-streaming methods; the call stays open until you stop the listener.'
            }
          >
            <option value="">Pick a method…</option>
            {streamMethods.map((method) => (
              <option key={method.name} value={method.name}>
                {method.name}
              </option>
            ))}
          </SelectField>
          <TextArea label="Request (JSON)" value={values.request} onChange={(v) => update('request', v)} {...field('request')} rows={4} hint="The one message that opens the stream." />
        </>
      )}
    </Dialog>
  );
}
