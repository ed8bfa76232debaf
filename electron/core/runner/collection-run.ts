// Runs a collection's requests in order over an engine: fills their variables, opens each named
// connection once (when a request first needs it), sends, takes captures for the requests after,
// checks assertions, and reports each result as it finishes so a UI can show the run live.
import type { CollectionRequest, CollectionRunReport, Environment, FileProblem, LoadedCollection, RequestRunResult } from '../../../shared/collection';
import { COLLECTION_MANIFEST_FILE, ENVIRONMENTS_FOLDER } from '../../../shared/collection';
import { connectionOptionsSchema, describeTarget } from '../../../shared/connection';
import type { Failure, Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { Connection } from '../connections/registry';
import type { Engine } from '../engine';
import { parseTargetUrl } from '../transports/target-url';
import type { DynamicValueDeps } from '../../../shared/placeholders';
import type { VariableScopes } from '../collections/variables';
import { interpolate, interpolateText } from '../collections/variables';
import type { RequestOutcome } from './assertions';
import { applyCaptures, evaluateAssertions } from './assertions';

export type CollectionRunOptions = {
  /** An environment of the collection, by name. */
  environment?: string;
  /** `--var` overrides: the highest scope. */
  variables: Record<string, unknown>;
  /** Only the requests in this folder (`users` or `users/admin`) and below. */
  folder?: string;
  /** Times to run the selection; captures start over each time. */
  iterations: number;
  /** Stop after the first failed or errored request; the rest are skipped. */
  bail: boolean;
  /** The environment's secret values that were provided (see `secretValues`). */
  secrets: Record<string, string>;
  /** Aborting stops before the next request; the rest are skipped. */
  signal?: AbortSignal;
  /** For connections that set none. */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Called with each result as it finishes, skipped ones included. */
  onResult?: (result: RequestRunResult) => void;
};

export type CollectionRunDeps = DynamicValueDeps & {
  engine: Engine;
  /** For durations: a monotonic clock (DESIGN §4). */
  monotonicMs: () => number;
  /** Reads the TLS files a target URL names. */
  readFile: (path: string) => string;
};

/** Where an errored request broke: its variables or connection name, connecting, the send itself, or a capture. */
export type RunErrorStage = 'prepare' | 'connect' | 'send' | 'capture';
export type RunError = { path: string; iteration: number; stage: RunErrorStage; failure: Failure };

/** The report, and the failure behind each errored result (for exit codes and tooling). */
export type CollectionRunOutcome = { report: CollectionRunReport; errors: RunError[] };

/** Requests to run: all, or those in `folder` and below; fails naming the folders there are. */
export function selectRequests(collection: LoadedCollection, folder: string | undefined): Result<CollectionRequest[]> {
  if (folder === undefined) return ok(collection.requests);
  const prefix = folder.replace(/^\/+|\/+$/g, '');
  const selected = collection.requests.filter((request) => inFolder(request.folder.join('/'), prefix));
  if (selected.length > 0) return ok(selected);
  const folders = [...new Set(collection.requests.map((request) => request.folder.join('/')).filter((name) => name !== ''))].sort();
  return fail('unknown-folder', `No requests in folder "${folder}". ${folders.length > 0 ? `Folders: ${folders.join(', ')}.` : 'This collection has no folders.'}`);
}

const inFolder = (path: string, folder: string) => folder === '' || path === folder || path.startsWith(`${folder}/`);

/**
 * The collection's problems that stop a run: the manifest, the chosen environment's file, or a
 * file where a request to run would be. Problems elsewhere are only worth a warning.
 */
export function blockingProblems(collection: LoadedCollection, options: Pick<CollectionRunOptions, 'environment' | 'folder'>): FileProblem[] {
  const folder = (options.folder ?? '').replace(/^\/+|\/+$/g, '');
  return collection.problems.filter((problem) => {
    if (problem.path === COLLECTION_MANIFEST_FILE) return true;
    if (problem.path.startsWith(`${ENVIRONMENTS_FOLDER}/`)) {
      return options.environment !== undefined && problem.path.slice(ENVIRONMENTS_FOLDER.length + 1).replace(/\.[^.]+$/, '') === options.environment;
    }
    return inFolder(problem.path.split('/').slice(0, -1).join('/'), folder);
  });
}

export async function runCollection(collection: LoadedCollection, options: CollectionRunOptions, deps: CollectionRunDeps): Promise<Result<CollectionRunOutcome>> {
  let environment: { name: string; value: Environment } | undefined;
  if (options.environment !== undefined) {
    const value = collection.environments[options.environment];
    if (!value) {
      const names = Object.keys(collection.environments).sort();
      return fail(
        'unknown-environment',
        `No environment "${options.environment}" in ${collection.manifest.name}. ${names.length > 0 ? `Environments: ${names.join(', ')}.` : `It has none; add one as ${ENVIRONMENTS_FOLDER}/${options.environment}.yaml.`}`,
      );
    }
    environment = { name: options.environment, value };
  }
  const selected = selectRequests(collection, options.folder);
  if (!selected.ok) return selected;

  const startedAt = deps.now();
  const startedMs = deps.monotonicMs();
  const results: RequestRunResult[] = [];
  const errors: RunError[] = [];
  const opened: Connection[] = [];
  /** Per connection name: connected, or why it could not connect (not retried within the run). */
  const connections = new Map<string, Promise<Result<Connection>>>();
  let stopped = false;

  const finish = (result: RequestRunResult, error?: Omit<RunError, 'path' | 'iteration'>) => {
    results.push(result);
    if (error) errors.push({ path: result.path, iteration: result.iteration, ...error });
    if (options.bail && (result.status === 'failed' || result.status === 'errored')) stopped = true;
    options.onResult?.(result);
  };

  /** The named connection, opened on first use; a failure says whether it was its definition or connecting. */
  const connect = async (name: string, scopes: VariableScopes, requestPath: string): Promise<{ stage: RunErrorStage; result: Result<Connection> }> => {
    const existing = connections.get(name);
    if (existing) return { stage: 'connect', result: await existing };
    const definition = collection.manifest.connections[name];
    if (!definition) {
      const names = Object.keys(collection.manifest.connections).sort();
      const known = names.length > 0 ? `Connections: ${names.join(', ')}.` : 'It defines none.';
      return { stage: 'prepare', result: fail('unknown-connection', `${requestPath} names the connection "${name}", which ${COLLECTION_MANIFEST_FILE} does not define. ${known}`) };
    }
    const url = interpolateText(definition.target, scopes, `${COLLECTION_MANIFEST_FILE} (connection "${name}")`, deps);
    if (!url.ok) return { stage: 'prepare', result: url };
    const target = parseTargetUrl(url.value, deps.readFile);
    if (!target.ok) return { stage: 'prepare', result: fail(target.error.code, `Connection "${name}": ${target.error.message}`) };
    const connectionOptions = connectionOptionsSchema.parse({
      connectTimeoutMs: definition.connectTimeoutMs ?? options.connectTimeoutMs,
      requestTimeoutMs: definition.requestTimeoutMs ?? options.requestTimeoutMs,
    });
    const connection = deps.engine.connections.open(name, target.value, connectionOptions);
    opened.push(connection);
    const attempt = connection.client.firstAttempt().then((connected): Result<Connection> => {
      if (connected.ok) return ok(connection);
      return fail(connected.error.code, `Connection "${name}" (${describeTarget(target.value)}): ${connected.error.message}`);
    });
    connections.set(name, attempt);
    return { stage: 'connect', result: await attempt };
  };

  const runOne = async (entry: CollectionRequest, iteration: number, captured: Record<string, unknown>) => {
    const base = { path: entry.path, name: entry.name, iteration, values: [], assertions: [], captured: {} };
    if (stopped || options.signal?.aborted) {
      finish({ ...base, status: 'skipped', durationMs: 0 });
      return;
    }
    const errored = (stage: RunErrorStage, failure: Failure, extra: Partial<RequestRunResult> = {}) =>
      finish({ ...base, status: 'errored', durationMs: 0, problem: failure.message, ...extra }, { stage, failure });

    const scopes: VariableScopes = { overrides: options.variables, captured, secrets: options.secrets, environment };
    const { request } = entry;
    const filled = interpolate({ pattern: request.pattern, data: request.data, headers: request.headers ?? null, assert: request.assert }, scopes, entry.path, deps);
    if (!filled.ok) return errored('prepare', filled.error);
    const message = filled.value as { pattern: unknown; data: unknown; headers: Record<string, unknown> | null; assert: typeof request.assert };

    const { stage, result: connection } = await connect(request.connection, scopes, entry.path);
    if (!connection.ok) return errored(stage, connection.error);

    // Header values are text on every transport, whatever type a lone placeholder gave them.
    const headers = message.headers && Object.fromEntries(Object.entries(message.headers).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
    const send = { connection: connection.value, pattern: message.pattern, data: message.data, ...(headers ? { options: { headers } } : {}) };
    const outcome = request.kind === 'emit' ? await emitOutcome(send, deps) : await sendOutcome({ ...send, timeoutMs: request.timeoutMs }, deps);
    const reported = { ...base, durationMs: outcome.latencyMs, values: outcome.values as JsonValue[], ...(outcome.error !== undefined ? { error: outcome.error as JsonValue } : {}) };
    // A failure (no answer at all) is an error of the run, unless the file expects one.
    const expectsError = message.assert.some((assertion) => assertion.ok === false || assertion.error !== undefined);
    if (outcome.failure && !expectsError) return errored('send', outcome.failure, reported);

    const captures = applyCaptures(request.capture, outcome);
    if (!captures.ok) return errored('capture', captures.error, reported);
    Object.assign(captured, captures.value);
    const assertions = evaluateAssertions(message.assert, outcome);
    finish({
      ...reported,
      status: assertions.every((assertion) => assertion.passed) ? 'passed' : 'failed',
      ...(outcome.failure ? { problem: outcome.failure.message } : {}),
      assertions,
      captured: captures.value as Record<string, JsonValue>,
    });
  };

  try {
    for (let iteration = 1; iteration <= options.iterations; iteration++) {
      const captured: Record<string, unknown> = {};
      for (const entry of selected.value) await runOne(entry, iteration, captured);
    }
  } finally {
    await Promise.all(opened.map((connection) => deps.engine.connections.close(connection.info().id)));
  }

  const count = (status: RequestRunResult['status']) => results.filter((result) => result.status === status).length;
  const report: CollectionRunReport = {
    collection: collection.manifest.name,
    ...(environment ? { environment: environment.name } : {}),
    startedAt,
    durationMs: deps.monotonicMs() - startedMs,
    results,
    totals: { passed: count('passed'), failed: count('failed'), errored: count('errored'), skipped: count('skipped') },
  };
  return ok({ report, errors });
}

/** Reply values were parsed from JSON on the wire (or built from it), so they are JSON. */
type JsonValue = RequestRunResult['values'][number];

type Send = Parameters<Engine['messenger']['emit']>[0];

async function sendOutcome(send: Send & { timeoutMs?: number }, deps: CollectionRunDeps): Promise<RequestOutcome> {
  const outcome: RequestOutcome = { values: [], latencyMs: 0 };
  for await (const part of deps.engine.messenger.request(send).parts) {
    if (part.kind === 'written') continue;
    outcome.latencyMs = part.elapsedMs;
    if (part.kind === 'value') outcome.values.push(part.value);
    else if (part.kind === 'remote-error') outcome.error = part.error;
    else if (part.kind === 'failure') outcome.failure = part.failure;
  }
  return outcome;
}

async function emitOutcome(send: Send, deps: CollectionRunDeps): Promise<RequestOutcome> {
  const startMs = deps.monotonicMs();
  const emitted = await deps.engine.messenger.emit(send);
  const latencyMs = deps.monotonicMs() - startMs;
  return emitted.ok ? { values: [], latencyMs } : { values: [], failure: emitted.error, latencyMs };
}
