// Turns entries of the traffic log into a saga file: "what the gateway sent during one user
// action" becomes a flow to replay against this or another environment, each reply compared with
// the recording (shared/saga.ts `recorded`).
//
// - One step per selected request (a `send`, with the reply values or error it got, found by
//   correlation id on the same connection) and per selected event (an `emit`), in log order.
//   A request that got no answer (a timeout, a dropped connection) is written without `recorded`:
//   there is nothing to compare with.
// - Bodies are read whole from the log; an entry that is gone, is not a request or event, came
//   to a mock, or whose whole body is no longer kept is refused, naming its seq, before anything
//   is written.
// - Each traffic connection becomes a collection connection: the one the caller maps it to (added
//   to the manifest when the collection has no such name), else the one with the same target URL,
//   else a new one named after it, with the URL of the engine's connection (a connection closed
//   since has no known URL: it takes the collection connection of its name, or needs mapping). Passwords are never
//   written: a new connection's password becomes a `{{<name>Password}}` secret to set.
// - An existing file is never replaced.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { CollectionManifest } from '../../../shared/collection';
import { ENVIRONMENTS_FOLDER, LOCAL_FOLDER } from '../../../shared/collection';
import type { ConnectionTarget } from '../../../shared/connection';
import type { Pattern } from '../../../shared/pattern';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { SagaRecordedReply } from '../../../shared/saga';
import { isSagaFileName, SAGA_FILE_SUFFIXES, sagaFileSchema, sagaNameOfFile } from '../../../shared/saga';
import { targetToUrl } from '../../../shared/target-url';
import type { TrafficEntry } from '../../../shared/traffic';
import { LIVE_TRAFFIC_SOURCE } from '../../../shared/traffic';
import { isSkippedName } from '../collections/collection-layout';
import { ioFailure, writeManifest } from '../collections/collection-writes';
import { jsonText, yamlText } from '../collections/file-text';
import type { OpenCollections } from '../collections/open-collections';
import type { ConnectionRegistry } from '../connections/registry';
import { entryGone } from '../traffic/traffic-conversation';
import type { TrafficLog } from '../traffic/traffic-log';
import type { TrafficSources } from '../traffic/traffic-sources';
import { parseTargetUrl } from '../transports/target-url';

export type SagaFromTrafficInput = {
  collectionId: string;
  /** The live log by default, or an imported file. */
  source?: string;
  /** The new saga file, relative to the collection's root. */
  path: string;
  name?: string;
  seqs: number[];
  /** Traffic connection name → collection connection name. */
  connections?: Record<string, string>;
};

export type SagaFromTrafficOutput = { path: string; steps: string[]; connectionsAdded: string[] };

export type SagaFromTrafficDeps = {
  trafficSources: Pick<TrafficSources, 'get'>;
  connections: Pick<ConnectionRegistry, 'get'>;
  collections: Pick<OpenCollections, 'get'>;
  /** Reads the TLS files a collection's target URL names, to compare targets. */
  readFile: (path: string) => string;
};

type Json = Extract<SagaRecordedReply, { error: unknown }>['error'];

/** The request and reply fields of a step as written. */
type WrittenStep = {
  id: string;
  request: { connection: string; kind?: 'emit'; pattern: Pattern; data: unknown; headers?: Record<string, string> };
  recorded?: SagaRecordedReply;
};

/** What a traffic connection is, as far as this log and the engine know. */
type RecordedConnection = { name: string; transport: string; target?: ConnectionTarget };

/** Headers Nest's Kafka transport sets itself on every request: a replay gets fresh ones. */
const TRANSPORT_HEADER = /^kafka_/;

export async function sagaFromTraffic(input: SagaFromTrafficInput, deps: SagaFromTrafficDeps): Promise<Result<SagaFromTrafficOutput>> {
  const collection = deps.collections.get(input.collectionId);
  if (!collection) return fail('unknown-collection', `No open collection has id ${input.collectionId}. It may have been closed; open its folder again.`);
  const path = sagaFilePath(input.path);
  if (!path.ok) return path;
  const source = deps.trafficSources.get(input.source ?? LIVE_TRAFFIC_SOURCE);
  if (!source.ok) return source;
  const { log } = source.value;

  // Log order, whatever order they were picked in; a seq picked twice is one step.
  const seqs = [...new Set(input.seqs)].sort((a, b) => a - b);
  const entries: TrafficEntry[] = [];
  for (const seq of seqs) {
    const entry = log.get(seq);
    if (!entry) return entryGone(seq);
    const refused = refusal(entry);
    if (refused) return refused;
    entries.push(entry);
  }

  const replies = repliesOf(log, entries.filter((entry) => entry.kind === 'request'));
  const manifest = collection.info().collection.manifest;
  const mapped = mapConnections(entries, manifest, input.connections ?? {}, deps);
  if (!mapped.ok) return mapped;
  const { byTrafficName, added } = mapped.value;

  const steps: WrittenStep[] = [];
  const ids = new Set<string>();
  for (const entry of entries) {
    const data = bodyValue(log, entry);
    if (!data.ok) return data;
    const headers = Object.fromEntries(Object.entries(entry.headers ?? {}).filter(([name]) => !TRANSPORT_HEADER.test(name)));
    const recorded = entry.kind === 'event' ? ok({ event: true as const }) : recordedReply(log, replies.get(replyKey(entry)) ?? []);
    if (recorded && !recorded.ok) return recorded;
    const id = uniqueStepId(entry.pattern, ids);
    steps.push({
      id,
      request: {
        connection: byTrafficName.get(entry.connectionName)!,
        ...(entry.kind === 'event' ? { kind: 'emit' as const } : {}),
        pattern: patternOf(entry.pattern),
        data: data.value,
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
      },
      ...(recorded ? { recorded: recorded.value } : {}),
    });
  }

  const saga = { name: input.name ?? sagaNameOfFile(path.value), steps };
  // What is written must read back as a saga; a failure here is a bug, not the user's input.
  const checked = sagaFileSchema.safeParse(saga);
  if (!checked.success) return fail('invalid-saga', `The saga made from the traffic does not read back: ${checked.error.issues[0]?.message ?? 'invalid'}.`);
  const text = path.value.toLowerCase().endsWith('.json') ? jsonText(saga) : yamlText(saga, []);

  const root = collection.root;
  const absolute = join(root, path.value);
  if (added.length > 0) {
    const connections = { ...manifest.connections, ...Object.fromEntries(added.map((connection) => [connection.name, { target: connection.target }])) };
    const saved = await writeManifest(root, { ...manifest, connections });
    if (!saved.ok) return saved;
  }
  try {
    await mkdir(dirname(absolute), { recursive: true });
    // `wx`: fails when the file exists, even one created since the check above.
    await writeFile(absolute, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return fail('file-exists', `${path.value} already exists in the collection, and a recording never replaces a file. Choose another path, e.g. ${alternativePath(path.value)}.`);
    }
    return ioFailure(error, path.value, 'write the saga');
  }
  await collection.refresh();
  return ok({ path: path.value, steps: steps.map((step) => step.id), connectionsAdded: added.map((connection) => connection.name) });
}

/** Why an entry cannot become a step, if it cannot. */
function refusal(entry: TrafficEntry): Result<never> | undefined {
  const seq = entry.seq;
  if (entry.kind !== 'request' && entry.kind !== 'event') {
    const what = { reply: 'a reply', end: 'the end of a stream', 'remote-error': 'an error reply', failure: 'a failure', message: 'a raw message (not a Nest request or event)', breaker: 'a circuit breaker transition' }[entry.kind];
    return fail('not-replayable', `Entry ${seq} is ${what}: a saga is made of requests and events. Select the requests (their replies are found by correlation id) and the events.`);
  }
  if (entry.origin === 'mock') {
    return fail('not-replayable', `Entry ${seq} (${entry.pattern}) came in to mock "${entry.connectionName}": replay the requests Patchbay sent or a listener observed, not what a mock received.`);
  }
  return undefined;
}

/** The data of a request or event: its whole body, as JSON or as raw text. */
function bodyValue(log: TrafficLog, entry: TrafficEntry): Result<Json> {
  const body = log.body(entry.seq);
  if (!body) return entryGone(entry.seq);
  if (!body.complete) return fail('body-not-kept', `The body of entry ${entry.seq} (${entry.pattern}) was too long to keep whole in the log's memory budget, so it cannot be replayed. Send it again and save it right away, or export the log sooner.`);
  if (body.encoding === 'hex') return fail('binary-body', `Entry ${entry.seq} (${entry.pattern}) has a binary body, which a saga file cannot hold: replay text and JSON messages only.`);
  if (body.encoding === 'text') return ok(body.body);
  if (body.body === '') return ok(null);
  try {
    return ok(JSON.parse(body.body) as Json);
  } catch {
    return ok(body.body);
  }
}

const replyKey = (entry: Pick<TrafficEntry, 'connectionId' | 'correlationId'>) => `${entry.connectionId}\u0000${entry.correlationId ?? ''}`;

/** The entries answering each request (same connection and correlation id, logged after it), in one pass over the log. */
function repliesOf(log: TrafficLog, requests: TrafficEntry[]): Map<string, TrafficEntry[]> {
  const wanted = new Map<string, number>();
  for (const request of requests) if (request.correlationId !== undefined) wanted.set(replyKey(request), request.seq);
  const found = new Map<string, TrafficEntry[]>();
  if (wanted.size === 0) return found;
  for (let ordinal = log.firstOrdinal; ordinal < log.nextOrdinal; ordinal++) {
    const entry = log.atOrdinal(ordinal);
    if (entry.correlationId === undefined || !['reply', 'end', 'remote-error', 'failure'].includes(entry.kind)) continue;
    const key = replyKey(entry);
    const requestSeq = wanted.get(key);
    if (requestSeq === undefined || entry.seq < requestSeq) continue;
    found.set(key, [...(found.get(key) ?? []), entry]);
  }
  return found;
}

/** The reply as recorded: its values, or the error; nothing when no answer came (a failure, or not yet). */
function recordedReply(log: TrafficLog, replies: TrafficEntry[]): Result<SagaRecordedReply> | undefined {
  const values: Json[] = [];
  for (const reply of replies) {
    if (reply.kind === 'failure') return undefined;
    if (reply.kind === 'end') return ok({ values: values });
    const body = bodyValue(log, reply);
    if (!body.ok) return body;
    if (reply.kind === 'remote-error') return ok({ error: body.value });
    values.push(body.value);
  }
  return values.length > 0 ? ok({ values: values }) : undefined;
}

type ConnectionMapping = { byTrafficName: Map<string, string>; added: { name: string; target: string; url: string }[] };

function mapConnections(entries: TrafficEntry[], manifest: CollectionManifest, mapping: Record<string, string>, deps: SagaFromTrafficDeps): Result<ConnectionMapping> {
  const recorded = new Map<string, RecordedConnection>();
  for (const entry of entries) {
    if (recorded.has(entry.connectionName)) continue;
    const target = deps.connections.get(entry.connectionId)?.info().target;
    recorded.set(entry.connectionName, { name: entry.connectionName, transport: entry.transport, ...(target ? { target } : {}) });
  }
  const byTrafficName = new Map<string, string>();
  const added: ConnectionMapping['added'] = [];
  const taken = new Set(Object.keys(manifest.connections));
  for (const connection of recorded.values()) {
    const chosen = mapping[connection.name];
    if (chosen !== undefined && Object.hasOwn(manifest.connections, chosen)) {
      byTrafficName.set(connection.name, chosen);
      continue;
    }
    if (chosen === undefined && connection.target) {
      const url = targetToUrl(connection.target, { hidePasswords: true });
      const same = sameTargetConnection(manifest, connection.target, deps.readFile) ?? added.find((other) => other.url === url)?.name;
      if (same !== undefined) {
        byTrafficName.set(connection.name, same);
        continue;
      }
    }
    if (!connection.target && chosen === undefined && Object.hasOwn(manifest.connections, connection.name)) {
      // Closed since: its target is unknown, but the collection has a connection of its name.
      byTrafficName.set(connection.name, connection.name);
      continue;
    }
    if (!connection.target) {
      const names = Object.keys(manifest.connections);
      return fail(
        'unknown-connection',
        `Connection "${connection.name}" of the traffic is no longer open, so its target URL is unknown: map it to one of the collection's connections${names.length > 0 ? ` (${names.join(', ')})` : ''}, or open it again first.`,
      );
    }
    const name = chosen ?? uniqueName(connection.name, taken);
    byTrafficName.set(connection.name, name);
    // Two traffic connections mapped to one new name: the first one's target is the one written.
    if (taken.has(name)) continue;
    taken.add(name);
    added.push({ name, target: urlWithoutPassword(connection.target, name), url: targetToUrl(connection.target, { hidePasswords: true }) });
  }
  return ok({ byTrafficName, added });
}

/** The manifest's connection with this target, compared as written back (so `localhost:3001/` and `localhost:3001` agree), passwords aside. */
function sameTargetConnection(manifest: CollectionManifest, target: ConnectionTarget, readFile: (path: string) => string): string | undefined {
  const wanted = targetToUrl(target, { hidePasswords: true });
  for (const [name, connection] of Object.entries(manifest.connections)) {
    if (connection.target === wanted) return name;
    // A target with variables (`tcp://{{host}}:3001`) does not parse: it only matches as text.
    const parsed = parseTargetUrl(connection.target, readFile);
    if (parsed.ok && targetToUrl(parsed.value, { hidePasswords: true }) === wanted) return name;
  }
  return undefined;
}

/** The URL of a new collection connection: its password as a secret variable, never the text. */
function urlWithoutPassword(target: ConnectionTarget, name: string): string {
  const secret = `{{${name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^(?=[^A-Za-z_])/, '_')}Password}}`;
  if ((target.kind === 'redis' || target.kind === 'rmq') && target.password) {
    return targetToUrl({ ...target, password: secret }).replace(encodeURIComponent(secret), secret);
  }
  return targetToUrl(target);
}

function uniqueName(wanted: string, taken: Set<string>): string {
  if (!taken.has(wanted)) return wanted;
  for (let number = 2; ; number++) if (!taken.has(`${wanted}-${number}`)) return `${wanted}-${number}`;
}

/** `users.create` → `users_create`; `{"cmd":"sum"}` → `cmd_sum`; a second `users_create` → `users_create_2`. */
export function uniqueStepId(pattern: string, taken: Set<string>): string {
  const parsed = patternOf(pattern);
  const words = typeof parsed === 'object' ? Object.entries(parsed).flatMap(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]).join('_') : String(parsed);
  let base = words.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (base === '') base = 'step';
  if (!/^[A-Za-z_]/.test(base)) base = `step_${base}`;
  let id = base;
  for (let number = 2; taken.has(id); number++) id = `${base}_${number}`;
  taken.add(id);
  return id;
}

/** The log keeps a pattern as routed: an object pattern as its JSON text. */
function patternOf(routed: string): Pattern {
  if (!routed.startsWith('{')) return routed;
  try {
    const value = JSON.parse(routed) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Pattern) : routed;
  } catch {
    return routed;
  }
}

/** A new saga file's path relative to the root, `/`-separated, or why it cannot be one. */
export function sagaFilePath(relativePath: string): Result<string> {
  const normalized = normalize(relativePath.trim()).split(sep).join('/');
  const segments = normalized.split('/');
  const example = 'Use a path inside the collection such as recorded/checkout.saga.yaml.';
  if (isAbsolute(relativePath) || segments.includes('..') || normalized === '.' || normalized === '') {
    return fail('invalid-path', `"${relativePath}" is not inside the collection. ${example}`);
  }
  const fileName = segments[segments.length - 1] ?? '';
  if (!isSagaFileName(fileName)) {
    return fail('invalid-path', `"${relativePath}" does not end in ${SAGA_FILE_SUFFIXES.join(', ')}, so Patchbay would not read it as a saga. ${example}`);
  }
  if (segments.some(isSkippedName) || segments[0] === ENVIRONMENTS_FOLDER || segments[0] === LOCAL_FOLDER) {
    return fail('invalid-path', `"${relativePath}" is in a folder Patchbay does not read sagas from (${ENVIRONMENTS_FOLDER}/, hidden folders, node_modules). ${example}`);
  }
  return ok(normalized);
}

/** `recorded/checkout.saga.yaml` → `recorded/checkout-2.saga.yaml`. */
function alternativePath(path: string): string {
  const suffix = SAGA_FILE_SUFFIXES.find((candidate) => path.toLowerCase().endsWith(candidate)) ?? '.saga.yaml';
  return `${path.slice(0, path.length - suffix.length)}-2${suffix}`;
}
