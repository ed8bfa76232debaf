// "New mock": where it serves (the connection form's model: host and port for TCP and gRPC, the
// broker for Redis, RabbitMQ and Kafka) and the rules it answers by, checked as they are typed.
import { useId, useMemo, useState } from 'react';
import type { CommandInput } from '../../../shared/contract';
import type { TransportKind } from '../../../shared/connection';
import { useAppStore } from '../../store/store-context';
import { Dialog, FormActions, useFormDialog } from '../../ui/dialog';
import { Checkbox, Segmented, TextArea, TextField } from '../../ui/form-fields';
import { MaxFrameField, RmqAccountFields } from '../connections/connection-fields';
import { defaultPorts, transportKinds, transportLabels, type ConnectionFormField, type ConnectionFormValues } from '../connections/connection-form-model';
import { checkMockForm, emptyMockForm, mockServesOn, switchMockTransport } from './mock-form-model';
import { sampleRulesText } from './mock-rules-text';
import { RulesEditor } from './rules-editor';

type MockField = ConnectionFormField | 'rules';

export function MockDialog({ onClose }: { onClose: () => void }) {
  const startMock = useAppStore((s) => s.startMock);
  const rulesMessageId = useId();
  const [values, setValues] = useState<ConnectionFormValues>(emptyMockForm);
  const [rulesText, setRulesText] = useState(() => sampleRulesText('tcp'));

  const check = useMemo(() => checkMockForm(values, rulesText), [values, rulesText]);
  const { allErrors, errors, touch, fieldProps: field, formError, submitting, submit } = useFormDialog<MockField, CommandInput<'mock.start'>>(check, startMock, onClose);
  const update = <F extends ConnectionFormField>(field: F, value: ConnectionFormValues[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    touch(field);
  };

  const switchTo = (transport: TransportKind) => {
    // An untouched sample follows the transport; the user's own rules stay.
    if (rulesText === sampleRulesText(values.transport)) setRulesText(sampleRulesText(transport));
    setValues((current) => switchMockTransport(current, transport));
  };

  const { transport } = values;
  const listens = transport === 'tcp' || transport === 'grpc';

  return (
    <Dialog title="New mock" subtitle={mockServesOn[transport]} onClose={onClose} onSubmit={submit} error={formError} actions={<FormActions onCancel={onClose} label="Start mock" busyLabel="Starting…" busy={submitting} />}>
      <Segmented legend="Transport" name="mock-transport" value={transport} options={transportKinds.map((kind) => ({ value: kind, label: transportLabels[kind] }))} onChange={switchTo} />
      <TextField label="Name" value={values.name} onChange={(v) => update('name', v)} {...field('name')} placeholder="users-mock" autoFocus />

      {transport !== 'kafka' && (
        <div className="field-row">
          <TextField
            label={listens ? 'Listen on host' : 'Host'}
            value={values.host}
            onChange={(v) => update('host', v)}
            {...field('host')}
            placeholder="127.0.0.1"
            mono
            grow
            hint={listens ? 'The address callers connect to.' : `The ${transportLabels[transport]} server the mock joins.`}
          />
          <TextField label={listens ? 'Listen on port' : 'Port'} value={values.port} onChange={(v) => update('port', v)} {...field('port')} placeholder={defaultPorts[transport] || '3001'} inputMode="numeric" mono width="9rem" />
        </div>
      )}

      {transport === 'tcp' && <MaxFrameField values={values} update={update} field={field} whenExceeded="A client that announces a larger frame is dropped, with a note in the traffic; the others are still served." />}

      {transport === 'redis' && (
        <div className="field-row">
          <TextField label="Database" value={values.db} onChange={(v) => update('db', v)} {...field('db')} placeholder="0" inputMode="numeric" mono width="8rem" />
          <TextField label="Username" value={values.username} onChange={(v) => update('username', v)} {...field('username')} grow />
          <TextField label="Password" type="password" value={values.password} onChange={(v) => update('password', v)} {...field('password')} grow />
        </div>
      )}

      {transport === 'rmq' && (
        <>
          <RmqAccountFields values={values} update={update} field={field} />
          <TextField label="Queue" value={values.queue} onChange={(v) => update('queue', v)} {...field('queue')} placeholder="orders" mono hint="The queue the mock consumes: the one the callers' RmqOptions name." />
          <Checkbox label="Durable queue" checked={values.durable} onChange={(v) => update('durable', v)} hint="Must match how the queue was declared." />
        </>
      )}

      {transport === 'kafka' && (
        <div className="field-row">
          <TextField label="Brokers" value={values.brokers} onChange={(v) => update('brokers', v)} {...field('brokers')} placeholder="127.0.0.1:9092" mono grow hint="Comma-separated host:port." />
          <TextField label="Client ID" value={values.clientId} onChange={(v) => update('clientId', v)} {...field('clientId')} placeholder="patchbay" mono width="11rem" />
        </div>
      )}

      {transport === 'grpc' && (
        <div className="field-row">
          <TextArea label="Proto files" value={values.protoFiles} onChange={(v) => update('protoFiles', v)} {...field('protoFiles')} placeholder="/path/to/users.proto" rows={2} hint="One path per line: the methods the mock serves." />
          <TextArea label="Include directories" value={values.includeDirs} onChange={(v) => update('includeDirs', v)} {...field('includeDirs')} placeholder="/path/to/protos" rows={2} hint="Where imports are looked up." />
        </div>
      )}

      <div className="field">
        <span className="field__label" id={`${rulesMessageId}-label`}>
          Rules
        </span>
        <div className={`editor-frame rules-frame rules-frame--dialog${errors.rules ? ' editor-frame--invalid' : ''}`}>
          <RulesEditor
            value={rulesText}
            onChange={(text) => {
              setRulesText(text);
              touch('rules');
            }}
            invalid={Boolean(allErrors.rules)}
            describedBy={rulesMessageId}
          />
        </div>
        {errors.rules ? (
          <p className="field__error" id={rulesMessageId}>
            {errors.rules}
          </p>
        ) : (
          <p className="field__hint" id={rulesMessageId}>
            First match wins. A reply is one of value, template ({'{{data.id}}'}), sequence, stream, error, grpcStatus or noReply; add delayMs, when or failureRate.
          </p>
        )}
      </div>
    </Dialog>
  );
}
