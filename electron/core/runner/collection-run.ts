// Runs a collection's requests in order over an engine: fills their variables, opens each named
// connection once (when a request first needs it), sends, takes captures for the requests after,
// checks assertions, and reports each result as it finishes so a UI can show the run live. The
// app sends one request the same way (runRequest), over connections its session keeps open.
import { isAbsolute, resolve } from 'node:path';
import type { CollectionRequest, CollectionRunReport, Environment, FileProblem, LoadedCollection, RequestRunResult } from '../../../shared/collection';
import { COLLECTION_MANIFEST_FILE, ENVIRONMENTS_FOLDER } from '../../../shared/collection';
import type { ConnectionOptions, ConnectionTarget } from '../../../shared/connection';
import { connectionOptionsSchema, describeTarget } from '../../../shared/connection';
import type { Pattern, SendOutcome } from '../../../shared/contract';
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
import { sendWithRetries } from '../messaging/retrying-send';
import { timerSleep } from './retry-policy';
import { messageRedactor } from '../../../shared/redaction';
import type { SecretsInUse } from '../traffic/secrets-in-use';

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
  /** The collection's named connections; by default each is opened on first use and closed when the run ends. */
  connections?: ConnectNamed;
  /** Called with each result as it finishes, skipped ones included. */
  onResult?: (result: RequestRunResult) => void;
};

export type CollectionRunDeps = DynamicValueDeps & {
  /** `secrets` (when given) learns each secret value a request resolves, so the traffic log hides it. */
  engine: Pick<Engine, 'connections' | 'messenger'> & Partial<Pick<Engine, 'secrets'>>;
  /** For durations: a monotonic clock (DESIGN §4). */
  monotonicMs: () => number;
  /** Reads the TLS files a target URL names. */
  readFile: (path: string) => string;
  /** Waits between the attempts of a request with a `retry` policy; real timers by default. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
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

/** Opens (or reuses) a collection's named connection for one request; a failure says whether it was its definition (`prepare`) or connecting. */
export type ConnectNamed = (name: string, scopes: VariableScopes, requestPath: string) => Promise<ConnectAttempt>;
export type ConnectAttempt = { stage: RunErrorStage; result: Result<Connection> };

type ConnectDefaults = Pick<CollectionRunOptions, 'connectTimeoutMs' | 'requestTimeoutMs'>;

/**
 * A named connection's target and options, its variables filled. Files a gRPC target names
 * (`?proto=`, `?import=`) are relative to the collection, so it runs the same from any folder.
 */
export function resolveNamedConnection(
  collection: LoadedCollection,
  name: string,
  scopes: VariableScopes,
  requestPath: string,
  deps: Pick<CollectionRunDeps, 'now' | 'uuid' | 'random' | 'readFile'>,
  defaults: ConnectDefaults = {},
): Result<{ target: ConnectionTarget; options: ConnectionOptions }> {
  const definition = collection.manifest.connections[name];
  if (!definition) {
    const names = Object.keys(collection.manifest.connections).sort();
    const known = names.length > 0 ? `Connections: ${names.join(', ')}.` : 'It defines none.';
    return fail('unknown-connection', `${requestPath} names the connection "${name}", which ${COLLECTION_MANIFEST_FILE} does not define. ${known}`);
  }
  const url = interpolateText(definition.target, scopes, `${COLLECTION_MANIFEST_FILE} (connection "${name}")`, deps);
  if (!url.ok) return url;
  const parsed = parseTargetUrl(url.value, deps.readFile);
  if (!parsed.ok) return fail(parsed.error.code, `Connection "${name}": ${parsed.error.message}`);
  const inCollection = (path: string) => (isAbsolute(path) ? path : resolve(collection.root, path));
  const target = parsed.value.kind === 'grpc' ? { ...parsed.value, protoFiles: parsed.value.protoFiles.map(inCollection), includeDirs: parsed.value.includeDirs.map(inCollection) } : parsed.value;
  const options = connectionOptionsSchema.parse({
    connectTimeoutMs: definition.connectTimeoutMs ?? defaults.connectTimeoutMs,
    requestTimeoutMs: definition.requestTimeoutMs ?? defaults.requestTimeoutMs,
  });
  return ok({ target, options });
}

/** Waits for a new connection's first attempt; a failure names the connection and its target. */
export async function firstAttempt(name: string, connection: Connection): Promise<Result<Connection>> {
  const connected = await connection.client.firstAttempt();
  if (connected.ok) return ok(connection);
  return fail(connected.error.code, `Connection "${name}" (${describeTarget(connection.info().target)}): ${connected.error.message}`);
}

/** The CLI's way: each named connection opened when a request first needs it, kept for the run, closed by `closeAll`. */
export function openPerRun(collection: LoadedCollection, defaults: ConnectDefaults, deps: CollectionRunDeps): { connect: ConnectNamed; closeAll: () => Promise<void> } {
  const opened: Connection[] = [];
  const connections = new Map<string, Promise<Result<Connection>>>();
  return {
    async connect(name, scopes, requestPath) {
      const existing = connections.get(name);
      if (existing) return { stage: 'connect', result: await existing };
      const resolved = resolveNamedConnection(collection, name, scopes, requestPath, deps, defaults);
      if (!resolved.ok) return { stage: 'prepare', result: resolved };
      const connection = deps.engine.connections.open(name, resolved.value.target, resolved.value.options);
      opened.push(connection);
      const attempt = firstAttempt(name, connection);
      connections.set(name, attempt);
      return { stage: 'connect', result: await attempt };
    },
    async closeAll() {
      await Promise.all(opened.map((connection) => deps.engine.connections.close(connection.info().id)));
    },
  };
}

/** What one request did: its result, and what went out and came back (for the app's response view and history). */
export type RequestRun = {
  result: RequestRunResult;
  /** Why it errored, when it did. */
  error?: { stage: RunErrorStage; failure: Failure };
  /** The message as sent, its variables filled; absent when they could not be filled. */
  message?: { pattern: Pattern; data: unknown; headers?: Record<string, string> };
  /** The connection it went over, when it got that far. */
  connection?: Connection;
  /** A send's reply. */
  outcome?: SendOutcome;
  /** An emit's result. */
  emitted?: Result<{ sizeBytes: number }>;
};

export type RequestRunContext = {
  scopes: VariableScopes;
  connect: ConnectNamed;
  deps: DynamicValueDeps & Pick<CollectionRunDeps, 'engine' | 'monotonicMs' | 'sleep'>;
  /** Stops a request's retries (the attempt in flight finishes). */
  signal?: AbortSignal;
};

/** Fills one request's variables, sends or emits it over its named connection, takes its captures and checks its assertions. */
export async function runRequest(entry: CollectionRequest, iteration: number, { scopes: given, connect, deps, signal }: RequestRunContext): Promise<RequestRun> {
  // Before anything is sent: the traffic log must already hide a secret when its request goes out.
  const scopes = trackingSecrets(given, deps.engine.secrets);
  const base = { path: entry.path, name: entry.name, iteration, values: [], assertions: [], captured: {} };
  const errored = (stage: RunErrorStage, failure: Failure, extra: Partial<RequestRunResult> = {}, run: Omit<RequestRun, 'result'> = {}): RequestRun => ({
    ...run,
    result: { ...base, status: 'errored', durationMs: 0, problem: failure.message, ...extra },
    error: { stage, failure },
  });

  const { request } = entry;
  const filled = interpolate({ pattern: request.pattern, data: request.data, headers: request.headers ?? null, assert: request.assert }, scopes, entry.path, deps);
  if (!filled.ok) return errored('prepare', filled.error);
  const message = filled.value as { pattern: Pattern; data: unknown; headers: Record<string, unknown> | null; assert: typeof request.assert };
  // Header values are text on every transport, whatever type a lone placeholder gave them.
  const headers = message.headers && Object.fromEntries(Object.entries(message.headers).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  const sent = { pattern: message.pattern, data: message.data, ...(headers ? { headers } : {}) };

  const { stage, result: connection } = await connect(request.connection, scopes, entry.path);
  if (!connection.ok) return errored(stage, connection.error, {}, { message: sent });

  const send = { connection: connection.value, pattern: message.pattern, data: message.data, ...(headers ? { options: { headers } } : {}) };
  let outcome: RequestOutcome;
  const run: Omit<RequestRun, 'result'> = { message: sent, connection: connection.value };
  if (request.kind === 'emit') {
    const startMs = deps.monotonicMs();
    run.emitted = await deps.engine.messenger.emit(send);
    const latencyMs = deps.monotonicMs() - startMs;
    outcome = run.emitted.ok ? { values: [], latencyMs } : { values: [], failure: run.emitted.error, latencyMs };
  } else {
    const sendOnce = { ...send, timeoutMs: request.timeoutMs };
    run.outcome = request.retry
      ? await sendWithRetries((attempt) => deps.engine.messenger.send(attempt), sendOnce, request.retry, { sleep: deps.sleep ?? timerSleep, random: deps.random, monotonicMs: deps.monotonicMs, ...(signal ? { signal } : {}) })
      : await deps.engine.messenger.send(sendOnce);
    outcome = requestOutcomeOf(run.outcome);
  }
  const attempts = run.outcome?.attempts;
  // With retries, the duration spans every attempt and wait; assertions still judge the last attempt's latency.
  const lastAttempt = attempts?.[attempts.length - 1];
  const durationMs = lastAttempt ? lastAttempt.startMs + lastAttempt.durationMs : outcome.latencyMs;
  const reported = { ...base, durationMs, values: outcome.values as JsonValue[], ...(outcome.error !== undefined ? { error: outcome.error as JsonValue } : {}), ...(attempts ? { attempts } : {}) };
  // A failure (no answer at all) is an error of the run, unless the file expects one.
  const expectsError = message.assert.some((assertion) => assertion.ok === false || assertion.error !== undefined);
  if (outcome.failure && !expectsError) return errored('send', outcome.failure, reported, run);

  const captures = applyCaptures(request.capture, outcome);
  if (!captures.ok) return errored('capture', captures.error, reported, run);
  const assertions = evaluateAssertions(message.assert, outcome);
  return {
    ...run,
    result: {
      ...reported,
      status: assertions.every((assertion) => assertion.passed) ? 'passed' : 'failed',
      ...(outcome.failure ? { problem: outcome.failure.message } : {}),
      assertions,
      captured: captures.value as Record<string, JsonValue>,
    },
  };
}

export async function runCollection(collection: LoadedCollection, options: CollectionRunOptions, deps: CollectionRunDeps): Promise<Result<CollectionRunOutcome>> {
  let environment: { name: string; value: Environment } | undefined;
  if (options.environment !== undefined) {
    const value = collection.environments[options.environment];
    if (!value) return unknownEnvironment(collection, options.environment);
    environment = { name: options.environment, value };
  }
  const selected = selectRequests(collection, options.folder);
  if (!selected.ok) return selected;

  const startedAt = deps.now();
  const startedMs = deps.monotonicMs();
  const results: RequestRunResult[] = [];
  const errors: RunError[] = [];
  // Opens nothing until asked, so it costs nothing when the caller brings its connections.
  const perRun = openPerRun(collection, options, deps);
  const connectNamed = options.connections ?? perRun.connect;
  /** Connections that could not connect: not tried again within the run. */
  const unreachable = new Map<string, ConnectAttempt>();
  const connect: ConnectNamed = async (name, scopes, requestPath) => {
    const known = unreachable.get(name);
    if (known) return known;
    const attempt = await connectNamed(name, scopes, requestPath);
    if (!attempt.result.ok && attempt.stage === 'connect') unreachable.set(name, attempt);
    return attempt;
  };
  let stopped = false;

  // Reports leave the engine (the app, --json, JUnit files): secret values and URL passwords hidden.
  // The run itself goes on with the real values (captures feed the next requests).
  const redactor = messageRedactor(Object.values(options.secrets));
  const finish = (unredacted: RequestRunResult, error?: Omit<RunError, 'path' | 'iteration'>) => {
    const result = redactor.value(unredacted);
    results.push(result);
    if (error) errors.push({ path: result.path, iteration: result.iteration, ...redactor.value(error) });
    if (options.bail && (result.status === 'failed' || result.status === 'errored')) stopped = true;
    options.onResult?.(result);
  };

  const runOne = async (entry: CollectionRequest, iteration: number, captured: Record<string, unknown>) => {
    if (stopped || options.signal?.aborted) {
      finish({ path: entry.path, name: entry.name, iteration, status: 'skipped', durationMs: 0, values: [], assertions: [], captured: {} });
      return;
    }
    const scopes: VariableScopes = { overrides: options.variables, captured, secrets: options.secrets, environment };
    const run = await runRequest(entry, iteration, { scopes, connect, deps, ...(options.signal ? { signal: options.signal } : {}) });
    Object.assign(captured, run.result.captured);
    finish(run.result, run.error);
  };

  try {
    for (let iteration = 1; iteration <= options.iterations; iteration++) {
      const captured: Record<string, unknown> = {};
      for (const entry of selected.value) await runOne(entry, iteration, captured);
    }
  } finally {
    await perRun.closeAll();
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

/** Scopes that tell `secrets` each secret value they resolve (and whoever listened before). */
export function trackingSecrets(scopes: VariableScopes, secrets: SecretsInUse | undefined): VariableScopes {
  if (!secrets) return scopes;
  const earlier = scopes.onSecretUsed;
  return {
    ...scopes,
    onSecretUsed: (value) => {
      earlier?.(value);
      secrets.add([value]);
    },
  };
}

/** Fails naming the environments the collection has. */
export function unknownEnvironment(collection: LoadedCollection, name: string): Result<never> {
  const names = Object.keys(collection.environments).sort();
  return fail(
    'unknown-environment',
    `No environment "${name}" in ${collection.manifest.name}. ${names.length > 0 ? `Environments: ${names.join(', ')}.` : `It has none; add one as ${ENVIRONMENTS_FOLDER}/${name}.yaml.`}`,
  );
}

function requestOutcomeOf(outcome: SendOutcome): RequestOutcome {
  return {
    values: outcome.values,
    latencyMs: outcome.totalMs,
    ...(outcome.status === 'remote-error' ? { error: outcome.remoteError } : {}),
    ...(outcome.failure ? { failure: outcome.failure } : {}),
  };
}

/** Reply values were parsed from JSON on the wire (or built from it), so they are JSON. */
type JsonValue = RequestRunResult['values'][number];
