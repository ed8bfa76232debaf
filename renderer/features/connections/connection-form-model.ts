// The "New connection" form as plain strings, and its validation: each message names the problem
// and the fix, next to the field it is about. The contract's own schema has the last word.
import { commands, type CommandInput } from '../../../shared/contract';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from '../../../shared/connection';

export interface ConnectionFormValues {
  name: string;
  host: string;
  port: string;
  useTls: boolean;
  ca: string;
  cert: string;
  key: string;
  servername: string;
  verifyServerCertificate: boolean;
  connectTimeoutMs: string;
  requestTimeoutMs: string;
}

export type ConnectionFormField = keyof ConnectionFormValues;
export type ConnectionFormErrors = Partial<Record<ConnectionFormField, string>>;

export const emptyConnectionForm: ConnectionFormValues = {
  name: '',
  host: '127.0.0.1',
  port: '',
  useTls: false,
  ca: '',
  cert: '',
  key: '',
  servername: '',
  verifyServerCertificate: true,
  connectTimeoutMs: '',
  requestTimeoutMs: '',
};

export type OpenConnectionInput = CommandInput<'connection.open'>;

export type ConnectionFormCheck = { ok: true; input: OpenConnectionInput } | { ok: false; errors: ConnectionFormErrors; formError?: string };

const WHOLE_NUMBER = /^\d+$/;

export function checkConnectionForm(values: ConnectionFormValues): ConnectionFormCheck {
  const errors: ConnectionFormErrors = {};
  const name = values.name.trim();
  const host = values.host.trim();
  const port = values.port.trim();

  if (name === '') errors.name = 'Name is required — for example orders-service, to tell connections apart';

  if (host === '') errors.host = 'Host is required — for example 127.0.0.1 or orders.internal';
  else if (/^[a-z]+:\/\//i.test(host)) errors.host = 'Host is a name or address only — remove the scheme (tcp://) and put the port in Port';
  else if (/\s/.test(host)) errors.host = 'Host cannot contain spaces — type a name or address such as 127.0.0.1';

  if (port === '') errors.port = 'Port is required — the port the Nest service listens on, for example 3000';
  else if (!WHOLE_NUMBER.test(port) || Number(port) < 1 || Number(port) > 65535) errors.port = 'Port must be a whole number from 1 to 65535';

  if (values.useTls) {
    const cert = values.cert.trim();
    const key = values.key.trim();
    if (values.ca.trim() !== '' && !looksLikePem(values.ca)) errors.ca = 'This is not PEM text — paste the block that starts with -----BEGIN CERTIFICATE-----';
    if (cert !== '' && !looksLikePem(cert)) errors.cert = 'This is not PEM text — paste the block that starts with -----BEGIN CERTIFICATE-----';
    if (key !== '' && !looksLikePem(key)) errors.key = 'This is not PEM text — paste the block that starts with -----BEGIN PRIVATE KEY-----';
    if (cert !== '' && key === '') errors.key = 'Client key is required with a client certificate — paste its PEM key, or clear the certificate';
    if (key !== '' && cert === '') errors.cert = 'Client certificate is required with a client key — paste its PEM certificate, or clear the key';
  }

  const connectTimeoutMs = parseTimeout(values.connectTimeoutMs);
  const requestTimeoutMs = parseTimeout(values.requestTimeoutMs);
  if (Number.isNaN(connectTimeoutMs)) errors.connectTimeoutMs = `Connect timeout must be a whole number of milliseconds above 0 — or leave it empty for ${DEFAULT_CONNECT_TIMEOUT_MS}`;
  if (Number.isNaN(requestTimeoutMs)) errors.requestTimeoutMs = `Request timeout must be a whole number of milliseconds above 0 — or leave it empty for ${DEFAULT_REQUEST_TIMEOUT_MS}`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const input: OpenConnectionInput = {
    name,
    target: {
      kind: 'tcp',
      host,
      port: Number(port),
      ...(values.useTls
        ? {
            tls: {
              ...(values.ca.trim() ? { ca: values.ca.trim() } : {}),
              ...(values.cert.trim() ? { cert: values.cert.trim() } : {}),
              ...(values.key.trim() ? { key: values.key.trim() } : {}),
              ...(values.servername.trim() ? { servername: values.servername.trim() } : {}),
              rejectUnauthorized: values.verifyServerCertificate,
            },
          }
        : {}),
    },
    ...(connectTimeoutMs !== undefined || requestTimeoutMs !== undefined
      ? { options: { ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}), ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}) } }
      : {}),
  };

  // The engine validates with the same schema; checking here puts its message next to the field.
  const parsed = commands['connection.open'].input.safeParse(input);
  if (parsed.success) return { ok: true, input };
  const schemaErrors: ConnectionFormErrors = {};
  let formError: string | undefined;
  for (const issue of parsed.error.issues) {
    const field = fieldForPath(issue.path);
    if (field) schemaErrors[field] ??= issue.message;
    else formError ??= issue.message;
  }
  return { ok: false, errors: schemaErrors, formError };
}

function fieldForPath(path: readonly PropertyKey[]): ConnectionFormField | undefined {
  const [first, second] = path;
  if (first === 'name') return 'name';
  if (first === 'options' && (second === 'connectTimeoutMs' || second === 'requestTimeoutMs')) return second;
  if (first === 'target') {
    if (second === 'host' || second === 'port') return second;
    if (second === 'tls') {
      const third = path[2];
      if (third === 'ca' || third === 'cert' || third === 'key' || third === 'servername') return third;
      if (third === 'rejectUnauthorized') return 'verifyServerCertificate';
    }
  }
  return undefined;
}

/** Empty means "use the default" (undefined); anything but a positive whole number is NaN. */
function parseTimeout(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return WHOLE_NUMBER.test(trimmed) && Number(trimmed) >= 1 ? Number(trimmed) : Number.NaN;
}

function looksLikePem(text: string): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}
