// The app's session with one open collection: the values its requests captured (kept for the
// requests sent after them), and its named connections, opened in the engine's registry the first
// time a request needs one (so they show in the connections list) and reused while their target
// stays the same. Sends go through the messenger like any other, so they reach the traffic log,
// and into history with their secrets left as `{{name}}`.
import { readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { CollectionRequest, Environment, LoadedCollection, RequestFile, ResolvedVariable } from '../../../shared/collection';
import type { CollectionSendResult } from '../../../shared/contract';
import { placeholderNames } from '../../../shared/placeholders';
import type { Result } from '../../../shared/result';
import { ok } from '../../../shared/result';
import type { Connection, ConnectionRegistry } from '../connections/registry';
import { emittedRecord, sentRecord } from '../history/history-records';
import type { HistoryRecord, HistoryStore } from '../history/history-store';
import type { Clock, Messenger } from '../messaging/messenger';
import type { ConnectNamed, RequestRun } from '../runner/collection-run';
import { firstAttempt, resolveNamedConnection, runRequest, unknownEnvironment } from '../runner/collection-run';
import type { ProcessEnvironment } from './collection-secrets';
import { readSecretValues } from './collection-secrets';
import type { SecretStore } from './secret-store';
import type { VariableScopes } from './variables';
import type { SecretsInUse } from '../traffic/secrets-in-use';
import { createRedactor, messageRedactor } from '../../../shared/redaction';

export type CollectionSessionDeps = {
  connections: ConnectionRegistry;
  messenger: Messenger;
  history: HistoryStore;
  secretStore: SecretStore;
  /** Learns the secret values sends resolve, so the traffic log hides them. */
  secrets?: SecretsInUse;
  processEnvironment: ProcessEnvironment;
  clock: Clock;
  uuid: () => string;
  random: () => number;
};

export type SendInput = { environment?: string; path?: string; request: RequestFile };

export interface CollectionSession {
  /** Values captured by this session's sends, by variable name. */
  readonly captured: Record<string, unknown>;
  /** The collection's named connections as this session keeps them: runs use them too. */
  readonly connect: ConnectNamed;
  /** The values of the secrets `environment` lists that are provided on this machine. */
  secretValues(environment: string): Promise<Result<Record<string, string>>>;
  /** The variables a request would see now: captured, then the environment's secrets (no values), then its variables. */
  variables(environment?: string): Promise<Result<Record<string, ResolvedVariable>>>;
  send(input: SendInput): Promise<Result<CollectionSendResult>>;
  /** Closes the connections it opened. */
  close(): Promise<void>;
}

type NamedConnection = { key: string; connection: Connection; attempt: Promise<Result<Connection>> };

/** `collection` gives the collection as it is now (the watcher keeps it fresh). */
export function createCollectionSession(collection: () => LoadedCollection, deps: CollectionSessionDeps): CollectionSession {
  const captured: Record<string, unknown> = {};
  const named = new Map<string, NamedConnection>();
  const valueDeps = () => {
    const root = collection().root;
    return { now: deps.clock.now, uuid: deps.uuid, random: deps.random, readFile: (path: string) => readFileSync(resolve(root, path), 'utf8') };
  };

  const connect: ConnectNamed = async (name, scopes, requestPath) => {
    const current = collection();
    const resolved = resolveNamedConnection(current, name, scopes, requestPath, valueDeps());
    if (!resolved.ok) return { stage: 'prepare', result: resolved };
    const key = JSON.stringify(resolved.value);
    const existing = named.get(name);
    if (existing) {
      const id = existing.connection.info().id;
      const usable = deps.connections.get(id) !== undefined && existing.connection.info().state !== 'failed';
      if (usable && existing.key === key) return { stage: 'connect', result: await existing.attempt };
      // Its target changed (another environment, an edited manifest), or the user closed it.
      named.delete(name);
      await deps.connections.close(id);
    }
    const connection = deps.connections.open(`${current.manifest.name} · ${name}`, resolved.value.target, resolved.value.options);
    const attempt = firstAttempt(name, connection).then(async (result) => {
      // One that never came up is not left retrying in the background: the next send tries again.
      if (!result.ok) {
        if (named.get(name)?.connection === connection) named.delete(name);
        await deps.connections.close(connection.info().id);
      }
      return result;
    });
    named.set(name, { key, connection, attempt });
    return { stage: 'connect', result: await attempt };
  };

  const environmentOf = (current: LoadedCollection, name: string | undefined): Result<{ name: string; value: Environment } | undefined> => {
    if (name === undefined) return ok(undefined);
    const value = current.environments[name];
    return value ? ok({ name, value }) : unknownEnvironment(current, name);
  };

  return {
    captured,
    connect,
    async secretValues(name) {
      const current = collection();
      const environment = environmentOf(current, name);
      if (!environment.ok) return environment;
      return environment.value ? readSecretValues(deps.secretStore, current.root, name, environment.value.value, deps.processEnvironment) : ok({});
    },
    async variables(name) {
      const current = collection();
      const environment = environmentOf(current, name);
      if (!environment.ok) return environment;
      // Highest scope first; a name already seen hides the same name further down, as when a request is filled.
      const variables: Record<string, ResolvedVariable> = {};
      for (const [variable, value] of Object.entries(captured)) variables[variable] = { source: 'captured', value: value as ResolvedVariable['value'] };
      if (environment.value) {
        const { name: environmentName, value } = environment.value;
        const secrets = await readSecretValues(deps.secretStore, current.root, environmentName, value, deps.processEnvironment);
        if (!secrets.ok) return secrets;
        for (const secret of value.secrets) if (!Object.hasOwn(variables, secret)) variables[secret] = { source: 'secret', missing: !Object.hasOwn(secrets.value, secret) };
        for (const [variable, variableValue] of Object.entries(value.variables)) if (!Object.hasOwn(variables, variable)) variables[variable] = { source: 'environment', value: variableValue };
      }
      return ok(variables);
    },
    async send({ environment: environmentName, path, request }) {
      const current = collection();
      const environment = environmentOf(current, environmentName);
      if (!environment.ok) return environment;
      const secrets = environment.value ? await readSecretValues(deps.secretStore, current.root, environment.value.name, environment.value.value, deps.processEnvironment) : ok({});
      if (!secrets.ok) return secrets;
      const name = request.name ?? (path === undefined ? 'unsaved request' : basename(path, extname(path)));
      // Messages name the file, or say it is unsaved.
      const entry: CollectionRequest = { path: path ?? 'the unsaved request', folder: path?.split('/').slice(0, -1) ?? [], name, request };
      const scopes: VariableScopes = { overrides: {}, captured, secrets: secrets.value, environment: environment.value };
      const run = await runRequest(entry, 1, { scopes, connect, deps: { ...valueDeps(), engine: deps, monotonicMs: deps.clock.monotonicMs } });
      Object.assign(captured, run.result.captured);
      const record = historyRecordOf(run, request, current, scopes);
      if (record) deps.history.record(path === undefined ? record : { ...record, source: { collectionRoot: current.root, path } });
      // The app shows the result (reply values, problem, captures): secret values and URL passwords hidden there.
      const redactor = messageRedactor(Object.values(secrets.value));
      return ok({
        result: redactor.value({ ...run.result, path: path ?? '' }),
        ...(run.connection ? { connectionId: run.connection.info().id } : {}),
        ...(run.outcome ? { outcome: run.outcome } : {}),
        ...(run.emitted?.ok ? { emittedBytes: run.emitted.value.sizeBytes } : {}),
      });
    },
    async close() {
      const ids = [...named.values()].map((entry) => entry.connection.info().id);
      named.clear();
      await Promise.all(ids.map((id) => deps.connections.close(id)));
    },
  };
}

/**
 * What history keeps of a send that reached a connection, never a secret's value: a request that
 * used a secret is kept as written (`{{name}}`, so sending it again fills the secret in again), a
 * secret in the URL makes it the manifest's URL, placeholders and all, and a secret value in the
 * summary (a service echoing a token) is shown as the redaction marker.
 */
export function historyRecordOf(run: RequestRun, request: RequestFile, collection: LoadedCollection, scopes: VariableScopes): HistoryRecord | undefined {
  if (!run.connection || !run.message) return undefined;
  const secrets = Object.entries(scopes.secrets).filter(([name, value]) => value !== '' && !Object.hasOwn(scopes.overrides, name) && !Object.hasOwn(scopes.captured, name));
  const usedSecret = placeholderNames({ pattern: request.pattern, data: request.data, headers: request.headers ?? null }).some((name) => secrets.some(([secret]) => secret === name));
  const headers = usedSecret ? request.headers : run.message.headers;
  const sent = { pattern: usedSecret ? request.pattern : run.message.pattern, data: usedSecret ? request.data : run.message.data, ...(headers ? { options: { headers } } : {}) };
  const info = run.connection.info();
  let record: HistoryRecord | undefined;
  if (run.outcome) record = sentRecord(info, sent, run.outcome);
  else if (run.emitted) record = emittedRecord(info, sent, run.emitted, run.result.durationMs);
  if (!record) return undefined;
  const values = secrets.map(([, value]) => value);
  const summaryRedactor = messageRedactor(values);
  // The URL already shows its password as `<password>`; only a secret elsewhere in it matters.
  const url = createRedactor(values).text(record.connection.url);
  const template = collection.manifest.connections[request.connection]?.target;
  return {
    ...record,
    // A secret in the host or a query parameter: the URL as the manifest writes it, placeholders and all.
    connection: { ...record.connection, url: url !== record.connection.url && template !== undefined ? template : url },
    outcome: { ...record.outcome, summary: summaryRedactor.text(record.outcome.summary) },
  };
}

