// "New connection": a modal form that adapts to the transport. Problems show next to their field
// as soon as the field is touched (and all of them on Connect); an engine refusal shows at the
// bottom of the form, and the form stays open so nothing typed is lost.
import { useId, useMemo, useState, type ClipboardEvent } from 'react';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, type TransportKind } from '../../../shared/connection';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { Dialog, FormActions, useFormDialog } from '../../ui/dialog';
import { Checkbox, Segmented, SelectField, TextArea, TextField } from '../../ui/form-fields';
import {
  checkConnectionForm,
  defaultPorts,
  emptyConnectionForm,
  enumsOptions,
  exchangeTypes,
  formValuesFromTarget,
  longsOptions,
  saslMechanisms,
  switchTransport,
  transportKinds,
  transportLabels,
  type ConnectionFormField,
  type ConnectionFormValues,
  type OpenConnectionInput,
} from './connection-form-model';
import { MaxFrameField, RmqAccountFields } from './connection-fields';

const subtitles: Record<TransportKind, string> = {
  tcp: 'A Nest microservice listening on TCP.',
  redis: 'Nest services that talk through a Redis server (pub/sub).',
  rmq: 'Nest services that consume a RabbitMQ queue.',
  kafka: 'Nest services in a Kafka cluster: topics, with a reply topic per pattern.',
  grpc: 'A Nest gRPC server: call package.Service/Method.',
};

const tlsHints: Record<TransportKind, string> = {
  tcp: "Encrypt the connection; Nest's TCP transport supports it with tlsOptions.",
  redis: 'Connect with TLS (rediss://), as managed Redis services require.',
  rmq: 'Connect with TLS (amqps://), usually on port 5671.',
  kafka: 'Connect to the brokers over SSL.',
  grpc: 'Use secure channel credentials instead of an insecure channel.',
};

const transportOptions = transportKinds.map((kind) => ({ value: kind, label: transportLabels[kind] }));

/** A routing key or exchange type needs an exchange: typing one shows what Exchange is missing. */
const alsoTouches: Partial<Record<ConnectionFormField, ConnectionFormField[]>> = { routingKey: ['exchange'], exchangeType: ['exchange'] };

export function ConnectionDialog({ onClose }: { onClose: () => void }) {
  const openConnection = useAppStore((s) => s.openConnection);
  const parseTargetUrl = useAppStore((s) => s.parseTargetUrl);
  const [values, setValues] = useState<ConnectionFormValues>(emptyConnectionForm);
  const [url, setUrl] = useState('');
  const [urlMessage, setUrlMessage] = useState<{ error: boolean; text: string }>();
  const [parsing, setParsing] = useState(false);
  const urlId = useId();

  // Validated on every change: cheap, and the messages follow the typing.
  const check = useMemo(() => checkConnectionForm(values), [values]);
  const { touch, fieldProps: field, formError, submitting, submit } = useFormDialog<ConnectionFormField, OpenConnectionInput>(check, openConnection, onClose, alsoTouches);
  const update = <F extends ConnectionFormField>(field: F, value: ConnectionFormValues[F]) => {
    setValues((current) => ({ ...current, [field]: value }));
    touch(field);
  };

  const parseUrl = async (text: string) => {
    const trimmed = text.trim();
    if (trimmed === '') {
      setUrlMessage({ error: true, text: 'Paste a URL first, for example redis://127.0.0.1:6379 or amqp://guest:guest@127.0.0.1:5672' });
      return;
    }
    setParsing(true);
    const result = await parseTargetUrl(trimmed);
    setParsing(false);
    if (!result.ok) {
      setUrlMessage({ error: true, text: result.error.message });
      return;
    }
    setValues((current) => formValuesFromTarget(result.value, current));
    setUrlMessage({ error: false, text: `Filled in the ${transportLabels[result.value.kind]} fields below from the URL.` });
  };

  const onPasteUrl = (event: ClipboardEvent<HTMLInputElement>) => {
    const text = event.clipboardData.getData('text');
    if (text.trim() === '') return;
    event.preventDefault();
    setUrl(text.trim());
    void parseUrl(text);
  };

  const { transport } = values;
  const usesHost = transport !== 'kafka';

  return (
    <Dialog title="New connection" subtitle={subtitles[transport]} onClose={onClose} onSubmit={submit} error={formError} actions={<FormActions onCancel={onClose} label="Connect" busyLabel="Connecting…" busy={submitting} />}>
      <div className="url-paste">
        <div className="field field--grow">
          <label className="field__label" htmlFor={urlId}>
            Paste URL
          </label>
          <div className="url-paste__row">
            <input
              id={urlId}
              className="input input--mono"
              value={url}
              onChange={(event) => {
                setUrl(event.target.value);
                setUrlMessage(undefined);
              }}
              onPaste={onPasteUrl}
              onKeyDown={(event) => {
                if (event.key !== 'Enter') return;
                // Enter here reads the URL; it does not submit the form.
                event.preventDefault();
                void parseUrl(url);
              }}
              placeholder="amqp://guest:guest@127.0.0.1:5672/?queue=orders"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={urlMessage?.error ? 'true' : undefined}
              aria-describedby={`${urlId}-message`}
            />
            <Button onClick={() => void parseUrl(url)} disabled={parsing}>
              Parse
            </Button>
          </div>
          {urlMessage?.error ? (
            <p className="field__error" id={`${urlId}-message`} role="alert">
              {urlMessage.text}
            </p>
          ) : (
            <p className="field__hint" id={`${urlId}-message`} role="status">
              {urlMessage?.text ?? 'tcp://, redis://, amqp://, kafka:// or grpc:// — fills in the form below.'}
            </p>
          )}
        </div>
      </div>

      <Segmented legend="Transport" name="transport" value={transport} options={transportOptions} onChange={(kind) => setValues((current) => switchTransport(current, kind))} />

      <TextField label="Name" value={values.name} onChange={(v) => update('name', v)} {...field('name')} placeholder="orders-service" autoFocus />

      {usesHost && (
        <div className="field-row">
          <TextField label="Host" value={values.host} onChange={(v) => update('host', v)} {...field('host')} placeholder="127.0.0.1" mono grow />
          <TextField label="Port" value={values.port} onChange={(v) => update('port', v)} {...field('port')} placeholder={defaultPorts[transport] || '3000'} inputMode="numeric" mono width="8rem" />
        </div>
      )}

      {transport === 'tcp' && <MaxFrameField values={values} update={update} field={field} whenExceeded="A reply that announces a larger frame is refused before it is read, and the connection says why." />}

      {transport === 'redis' && (
        <>
          <div className="field-row">
            <TextField label="Database" value={values.db} onChange={(v) => update('db', v)} {...field('db')} placeholder="0" inputMode="numeric" mono width="8rem" hint="Empty is 0." />
            <TextField label="Username" value={values.username} onChange={(v) => update('username', v)} {...field('username')} placeholder="default" hint="Redis 6+ ACL user; empty for none." grow />
            <TextField label="Password" type="password" value={values.password} onChange={(v) => update('password', v)} {...field('password')} grow />
          </div>
        </>
      )}

      {transport === 'rmq' && (
        <>
          <RmqAccountFields values={values} update={update} field={field} />
          <fieldset className="fieldset">
            <legend className="fieldset__legend">Queue</legend>
            <TextField
              label="Queue"
              value={values.queue}
              onChange={(v) => update('queue', v)}
              {...field('queue')}
              placeholder="orders"
              mono
              hint="The queue the service consumes, as in its RmqOptions. Empty is Nest 11.1.4+'s default; Nest 10 and earlier use “default”."
            />
            <div className="check-grid">
              <Checkbox label="Durable queue" checked={values.durable} onChange={(v) => update('durable', v)} hint="Must match how the queue was declared (amqplib's default: durable)." />
              <Checkbox label="Don't assert the queue (noAssert)" checked={values.noAssert} onChange={(v) => update('noAssert', v)} hint="For queues declared elsewhere." />
              <Checkbox label="Persistent" checked={values.persistent} onChange={(v) => update('persistent', v)} hint="Messages survive a broker restart." />
            </div>
            <TextArea label="Other queue options (JSON)" value={values.queueOptions} onChange={(v) => update('queueOptions', v)} {...field('queueOptions')} placeholder='{"arguments": {"x-message-ttl": 60000}}' rows={2} hint="Passed to assertQueue with durable, for example exclusive, autoDelete, arguments." />
          </fieldset>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">Exchange</legend>
            <div className="field-row">
              <TextField label="Exchange" value={values.exchange} onChange={(v) => update('exchange', v)} {...field('exchange')} placeholder="(default exchange)" mono grow />
              <SelectField label="Exchange type" value={values.exchangeType} onChange={(v) => update('exchangeType', v as ConnectionFormValues['exchangeType'])} {...field('exchangeType')} width="9.5rem">
                <option value="">Default</option>
                {exchangeTypes.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </SelectField>
            </div>
            <TextField label="Routing key" value={values.routingKey} onChange={(v) => update('routingKey', v)} {...field('routingKey')} placeholder="orders.#" mono hint="The key messages are published with, as in the service's RmqOptions." />
            <Checkbox label="Wildcards" checked={values.wildcards} onChange={(v) => update('wildcards', v)} hint="Let topic-exchange patterns (* and #) match, as Nest's wildcards option does." />
          </fieldset>
        </>
      )}

      {transport === 'kafka' && (
        <>
          <TextField label="Brokers" value={values.brokers} onChange={(v) => update('brokers', v)} {...field('brokers')} placeholder="127.0.0.1:9092, 127.0.0.1:9093" mono hint="Comma-separated host:port; one is enough to find the others." />
          <TextField label="Client ID" value={values.clientId} onChange={(v) => update('clientId', v)} {...field('clientId')} placeholder="patchbay" mono hint="How the brokers name this client; empty is patchbay." />
          <Checkbox label="Create missing topics (allowAutoTopicCreation)" checked={values.allowAutoTopicCreation} onChange={(v) => update('allowAutoTopicCreation', v)} hint="Let the broker create a reply topic that does not exist yet, as kafkajs and Nest do by default." />
          <fieldset className="fieldset">
            <legend className="fieldset__legend">Authentication</legend>
            <SelectField label="SASL mechanism" value={values.saslMechanism} onChange={(v) => update('saslMechanism', v as ConnectionFormValues['saslMechanism'])} {...field('saslMechanism')} width="12rem">
              <option value="none">None</option>
              {saslMechanisms.map((mechanism) => (
                <option key={mechanism} value={mechanism}>
                  {mechanism.toUpperCase()}
                </option>
              ))}
            </SelectField>
            {values.saslMechanism !== 'none' && (
              <div className="field-row">
                <TextField label="Username" value={values.username} onChange={(v) => update('username', v)} {...field('username')} grow />
                <TextField label="Password" type="password" value={values.password} onChange={(v) => update('password', v)} {...field('password')} grow />
              </div>
            )}
          </fieldset>
        </>
      )}

      {transport === 'grpc' && (
        <>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">Service definition</legend>
            <TextArea
              label="Proto files"
              value={values.protoFiles}
              onChange={(v) => update('protoFiles', v)}
              {...field('protoFiles')}
              placeholder="/path/to/users.proto"
              rows={2}
              hint="One path per line. Leave empty to ask the server by reflection (it must enable the reflection service)."
            />
            <TextArea label="Include directories" value={values.includeDirs} onChange={(v) => update('includeDirs', v)} {...field('includeDirs')} placeholder="/path/to/protos" rows={2} hint="Where imports are looked up, one per line." />
          </fieldset>
          <fieldset className="fieldset">
            <legend className="fieldset__legend">Loader options</legend>
            <p className="field__hint fieldset__note">As in the service's loader options; these defaults are proto-loader's, which Nest uses unless told otherwise.</p>
            <div className="field-row">
              <SelectField label="Longs as" value={values.longs} onChange={(v) => update('longs', v as ConnectionFormValues['longs'])} {...field('longs')} grow>
                {longsOptions.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </SelectField>
              <SelectField label="Enums as" value={values.enums} onChange={(v) => update('enums', v as ConnectionFormValues['enums'])} {...field('enums')} grow>
                {enumsOptions.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </SelectField>
            </div>
            <div className="check-grid check-grid--3">
              <Checkbox label="Keep field case" checked={values.keepCase} onChange={(v) => update('keepCase', v)} hint="snake_case stays; off: camelCase." />
              <Checkbox label="Defaults" checked={values.defaults} onChange={(v) => update('defaults', v)} hint="Fill in missing fields." />
              <Checkbox label="Oneofs" checked={values.oneofs} onChange={(v) => update('oneofs', v)} hint="Name the set oneof field." />
            </div>
          </fieldset>
        </>
      )}

      <fieldset className="fieldset">
        <legend className="fieldset__legend">Security</legend>
        <Checkbox label="Use TLS" checked={values.useTls} onChange={(v) => update('useTls', v)} hint={tlsHints[transport]} />
        {values.useTls && (
          <div className="tls-fields">
            <TextArea label="CA certificate (PEM)" value={values.ca} onChange={(v) => update('ca', v)} {...field('ca')} placeholder="-----BEGIN CERTIFICATE-----" hint="Only when the server certificate is not signed by a well-known CA." />
            <TextArea label="Client certificate (PEM)" value={values.cert} onChange={(v) => update('cert', v)} {...field('cert')} placeholder="-----BEGIN CERTIFICATE-----" hint="For mutual TLS, with the key below." />
            <TextArea label="Client key (PEM)" value={values.key} onChange={(v) => update('key', v)} {...field('key')} placeholder="-----BEGIN PRIVATE KEY-----" />
            <TextField label="Server name" value={values.servername} onChange={(v) => update('servername', v)} {...field('servername')} placeholder="orders.internal" hint="When the certificate names a host other than Host." mono />
            <Checkbox label="Verify server certificate" checked={values.verifyServerCertificate} onChange={(v) => update('verifyServerCertificate', v)} hint="Turn off only for a self-signed test server." />
          </div>
        )}
      </fieldset>

      <fieldset className="fieldset">
        <legend className="fieldset__legend">Timeouts</legend>
        <div className="field-row">
          <TextField label="Connect timeout (ms)" value={values.connectTimeoutMs} onChange={(v) => update('connectTimeoutMs', v)} {...field('connectTimeoutMs')} placeholder={String(DEFAULT_CONNECT_TIMEOUT_MS)} inputMode="numeric" mono grow />
          <TextField label="Request timeout (ms)" value={values.requestTimeoutMs} onChange={(v) => update('requestTimeoutMs', v)} {...field('requestTimeoutMs')} placeholder={String(DEFAULT_REQUEST_TIMEOUT_MS)} inputMode="numeric" mono grow />
        </div>
      </fieldset>
    </Dialog>
  );
}
