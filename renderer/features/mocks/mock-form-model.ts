// The "New mock" form: the connection form's model (same fields, same checks, same target
// schema) read as "where the mock serves", plus the rules. TCP and gRPC mocks listen on a host
// and port; Redis, RabbitMQ and Kafka mocks join a broker (RabbitMQ: consuming the queue).
import type { CommandInput } from '../../../shared/contract';
import type { TransportKind } from '../../../shared/connection';
import { checkConnectionForm, emptyConnectionForm, switchTransport, type ConnectionFormErrors, type ConnectionFormValues } from '../connections/connection-form-model';
import { checkRulesText } from './mock-rules-text';

export type MockFormErrors = ConnectionFormErrors & { rules?: string };
export type MockFormCheck = { ok: true; input: CommandInput<'mock.start'> } | { ok: false; errors: MockFormErrors; formError?: string };

/** A mock starts as a TCP service on 127.0.0.1: the caller's port is up to the user. */
export const emptyMockForm: ConnectionFormValues = { ...emptyConnectionForm, transport: 'tcp' };

export const mockServesOn: Record<TransportKind, string> = {
  tcp: 'Listens on a host and port, as a Nest TCP microservice does.',
  grpc: 'Serves the methods of its .proto files on a host and port.',
  redis: 'Joins a Redis server and answers on the pattern channels.',
  rmq: 'Consumes a RabbitMQ queue and replies to replyTo, as a Nest RMQ service does.',
  kafka: 'Joins a Kafka cluster, consumes the pattern topics and replies on their .reply topics.',
};

export function switchMockTransport(values: ConnectionFormValues, transport: TransportKind): ConnectionFormValues {
  return switchTransport(values, transport);
}

export function checkMockForm(values: ConnectionFormValues, rulesText: string): MockFormCheck {
  // The connection form's checks are the mock's: only timeouts and TLS are left out of a mock.
  const connectionCheck = checkConnectionForm({ ...values, useTls: false, connectTimeoutMs: '', requestTimeoutMs: '' });
  const errors: MockFormErrors = connectionCheck.ok ? {} : { ...connectionCheck.errors };
  const listens = values.transport === 'tcp' || values.transport === 'grpc';
  if (listens && errors.port) errors.port = values.port.trim() === '' ? 'Port is required — the port the mock listens on, such as 3001; callers connect to it' : 'Port must be a whole number from 1 to 65535';
  if (listens && errors.host && values.host.trim() === '') errors.host = 'Host is required — the address to listen on, such as 127.0.0.1';
  if (values.transport === 'grpc' && values.protoFiles.trim() === '') errors.protoFiles = 'A gRPC mock needs its .proto files, one path per line: they say which methods it serves';
  const rules = checkRulesText(rulesText);
  if (!rules.ok) errors.rules = rules.path ? `${rules.path}: ${rules.message}` : rules.message;
  if (Object.keys(errors).length > 0 || !connectionCheck.ok || !rules.ok) return connectionCheck.ok || !connectionCheck.formError ? { ok: false, errors } : { ok: false, errors, formError: connectionCheck.formError };
  return { ok: true, input: { name: connectionCheck.input.name, target: connectionCheck.input.target, rules: rules.rules } };
}
