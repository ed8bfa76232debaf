// The "New listener" form as plain strings, and its validation: each message names the problem
// and the fix, next to its field. The contract's listenSpecSchema has the last word, so the form
// and the engine agree on what a listener is.
import type { ConnectionInfo, TransportKind } from '../../../shared/connection';
import { listenSpecSchema, type ListenSpec, type ListenSpecInput } from '../../../shared/listen';

export const kafkaStarts = ['latest', 'earliest', 'offset', 'timestamp'] as const;
export type KafkaStart = (typeof kafkaStarts)[number];

export interface ListenFormValues {
  connectionId: string;
  /** Redis: one channel per line (JSON patterns contain commas). */
  channels: string;
  /** Kafka: one topic per line; /regex/ for a pattern. */
  topics: string;
  from: KafkaStart;
  offset: string;
  /** Epoch ms, or an ISO date and time. */
  timestamp: string;
  /** Redis and Kafka: also watch the replies and join them to their requests. */
  tap: boolean;
  /** RabbitMQ: a copy through an exchange (safe), or the service's queue itself (competes). */
  rmqMode: 'exchange' | 'queue';
  exchange: string;
  routingKey: string;
  queue: string;
  competing: boolean;
  /** gRPC: a server-streaming method and its request. */
  method: string;
  request: string;
}

export type ListenField = keyof ListenFormValues;
export type ListenFormErrors = Partial<Record<ListenField, string>>;
type GrpcSpecInput = Extract<ListenSpecInput, { kind: 'grpc' }>;
type KafkaSpecInput = Extract<ListenSpecInput, { kind: 'kafka' }>;

export type ListenFormCheck = { ok: true; spec: ListenSpec } | { ok: false; errors: ListenFormErrors; formError?: string };

export const emptyListenForm: ListenFormValues = {
  connectionId: '',
  channels: '',
  topics: '',
  from: 'latest',
  offset: '',
  timestamp: '',
  tap: true,
  rmqMode: 'exchange',
  exchange: '',
  routingKey: '#',
  queue: '',
  competing: false,
  method: '',
  request: '{}',
};

/** The transports with something to listen to. */
export const listenableTransports: readonly TransportKind[] = ['redis', 'kafka', 'rmq', 'grpc'];
export const canListen = (connection: ConnectionInfo) => listenableTransports.includes(connection.target.kind);

/** The schema's own warning for consuming a service queue: the form shows it word for word. */
export const competingWarning: string = (() => {
  const parsed = listenSpecSchema.safeParse({ kind: 'rmq-queue', queue: 'q', competing: false });
  return parsed.success ? '' : (parsed.error.issues[0]?.message ?? '');
})();

/** Starts a form for a connection, with what its target already says (RabbitMQ: its queue and exchange). */
export function listenFormFor(connection: ConnectionInfo | undefined): ListenFormValues {
  if (!connection) return emptyListenForm;
  const base = { ...emptyListenForm, connectionId: connection.id };
  const { target } = connection;
  if (target.kind === 'rmq') return { ...base, queue: target.queue, exchange: target.exchange ?? '', routingKey: target.routingKey ?? '#' };
  return base;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

export function checkListenForm(values: ListenFormValues, connection: ConnectionInfo | undefined): ListenFormCheck {
  const errors: ListenFormErrors = {};
  if (!connection) return { ok: false, errors: { connectionId: 'Pick a connection to listen on — open a Redis, RabbitMQ, Kafka or gRPC connection first' } };
  const transport = connection.target.kind;
  if (transport === 'tcp') {
    return { ok: false, errors: { connectionId: 'TCP is point to point: there is no broker to listen on — pick a Redis, RabbitMQ, Kafka or gRPC connection, or start a mock' } };
  }
  if (connection.state !== 'ready') errors.connectionId = `${connection.name} is not ready (${connection.state}) — wait until it is, or pick another connection`;

  let spec: ListenSpecInput;
  switch (transport) {
    case 'redis': {
      const channels = lines(values.channels);
      if (channels.length === 0) errors.channels = 'Give at least one channel, one per line — a pattern such as {"cmd":"sum"} or users.created; * makes a glob';
      spec = { kind: 'redis', channels, tap: values.tap };
      break;
    }
    case 'kafka': {
      const topics = lines(values.topics);
      if (topics.length === 0) errors.topics = 'Give at least one topic, one per line — a name such as orders.created, or /regex/';
      for (const topic of topics) {
        const regex = /^\/(.+)\/$/.exec(topic);
        if (!regex) continue;
        try {
          new RegExp(regex[1]!);
        } catch (error) {
          errors.topics = `${topic} is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')}) — fix it, or drop the slashes for a topic name`;
          break;
        }
      }
      spec = { kind: 'kafka', topics, from: kafkaFrom(values, errors), tap: values.tap };
      break;
    }
    case 'rmq':
      if (values.rmqMode === 'exchange') {
        if (values.exchange.trim() === '') errors.exchange = "Give the exchange to tap — the one the callers publish to (amq.direct, amq.topic or the service's own)";
        spec = { kind: 'rmq-exchange', exchange: values.exchange.trim(), routingKey: values.routingKey.trim() === '' ? '#' : values.routingKey.trim() };
      } else {
        if (values.queue.trim() === '') errors.queue = 'Give the queue to consume — the one the service reads, as in its RmqOptions';
        if (!values.competing) errors.competing = 'Confirm that Patchbay may take messages away from the service — or tap an exchange instead';
        spec = { kind: 'rmq-queue', queue: values.queue.trim(), competing: values.competing as true };
      }
      break;
    case 'grpc': {
      if (values.method.trim() === '') errors.method = 'Pick a server-streaming method — the stream stays open until you stop the listener';
      let data: unknown = {};
      try {
        data = JSON.parse(values.request);
        if (data === null || typeof data !== 'object' || Array.isArray(data)) errors.request = 'The request is one message: a JSON object such as {"limit": 10}';
      } catch (error) {
        errors.request = `The request is not valid JSON (${(error as Error).message}) — fix it, or use {} for an empty message`;
      }
      spec = { kind: 'grpc', method: values.method.trim(), data: data as GrpcSpecInput['data'] };
      break;
    }
  }

  const parsed = listenSpecSchema.safeParse(spec);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldForPath(issue.path, values);
      if (field) errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, spec: parsed.data };
}

function kafkaFrom(values: ListenFormValues, errors: ListenFormErrors): KafkaSpecInput['from'] {
  switch (values.from) {
    case 'latest':
    case 'earliest':
      return values.from;
    case 'offset': {
      const offset = values.offset.trim();
      if (!/^\d+$/.test(offset)) errors.offset = offset === '' ? 'Give the offset to start from, a whole number such as 42' : 'An offset is a whole number, 0 or more — such as 42';
      return { offset };
    }
    case 'timestamp': {
      const text = values.timestamp.trim();
      const timestamp = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
      if (text === '') errors.timestamp = 'Give the time to start from — epoch ms such as 1735689600000, or 2025-01-01T00:00:00Z';
      else if (Number.isNaN(timestamp)) errors.timestamp = `"${text}" is not a time — write epoch ms such as 1735689600000, or an ISO time such as 2025-01-01T00:00:00Z`;
      return { timestamp: Number.isNaN(timestamp) ? 0 : timestamp };
    }
  }
}

function fieldForPath(path: readonly PropertyKey[], values: ListenFormValues): ListenField | undefined {
  switch (path[0]) {
    case 'channels':
    case 'topics':
    case 'exchange':
    case 'queue':
    case 'competing':
    case 'method':
      return path[0];
    case 'routingKey':
      return 'routingKey';
    case 'from':
      return values.from === 'timestamp' ? 'timestamp' : 'offset';
    case 'data':
      return 'request';
    default:
      return undefined;
  }
}
