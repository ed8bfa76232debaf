// Groups of New connection's fields that the New mock form asks for the same way.
import { DEFAULT_MAX_FRAME_MIB } from '../../../shared/connection';
import { TextField } from '../../ui/form-fields';
import type { ConnectionFormField, ConnectionFormValues } from './connection-form-model';

export interface ConnectionFieldsProps {
  values: ConnectionFormValues;
  update: <F extends ConnectionFormField>(field: F, value: ConnectionFormValues[F]) => void;
  /** A field's error and the blur that marks it touched. */
  field: (name: ConnectionFormField) => { error?: string; onBlur: () => void };
}

/** RabbitMQ's virtual host and account, on one row. */
export function RmqAccountFields({ values, update, field }: ConnectionFieldsProps) {
  return (
    <div className="field-row">
      <TextField label="Virtual host" value={values.vhost} onChange={(v) => update('vhost', v)} {...field('vhost')} placeholder="/" mono width="8rem" />
      <TextField label="Username" value={values.username} onChange={(v) => update('username', v)} {...field('username')} placeholder="guest" grow />
      <TextField label="Password" type="password" value={values.password} onChange={(v) => update('password', v)} {...field('password')} placeholder="guest" grow />
    </div>
  );
}

/** TCP's cap on one frame; `whenExceeded` says what happens to a peer that announces more. */
export function MaxFrameField({ values, update, field, whenExceeded }: ConnectionFieldsProps & { whenExceeded: string }) {
  return (
    <TextField
      label="Max frame size (MiB)"
      value={values.maxFrameMiB}
      onChange={(v) => update('maxFrameMiB', v)}
      {...field('maxFrameMiB')}
      placeholder={String(DEFAULT_MAX_FRAME_MIB)}
      mono
      hint={`${whenExceeded} Empty is ${DEFAULT_MAX_FRAME_MIB} MiB.`}
    />
  );
}
