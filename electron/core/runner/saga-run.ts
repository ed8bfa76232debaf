// Runs a saga (shared/saga.ts) over an engine.
//
// Design note:
// - Steps run in order. A request step is sent exactly as a collection request is (runRequest:
//   variables, named connections, send/emit, captures, assertions), so a step behaves like the
//   same request in a collection run. One rule is stricter: an error reply fails the step unless
//   the step asserts an error (`ok: false` or `error:`), because a saga's step either did its
//   part or it did not.
// - Values flow through `{{steps.<id>.response.<path>}}` and `{{steps.<id>.request.<path>}}`. The
//   filling in collections/variables.ts looks names up by scope, so before each attempt the step
//   references a request uses are looked up here and put into its `captured` scope under their
//   full name; every other name resolves as in a collection run (--var, captures, secrets, the
//   environment).
// - Expect steps listen through the engine's listener registry (the traffic log sees the events
//   too). Every expect step's listener starts before the first step runs, since the event may be
//   caused by any earlier step, and an event that came before its step is reached still counts:
//   each listener keeps what it saw. `withinMs` counts from when the step is reached. The event's
//   name is therefore filled before the run starts (no step references); `match` is filled when
//   the step is reached and may use them.
// - Retries: a failed attempt is tried again by the step's policy, waiting with backoff and
//   jitter (retry-policy.ts), attempt by attempt in the report and the events. Failures a retry
//   cannot fix are not retried: a bad variable or connection name (`prepare`), and connecting
//   (`connect`: the connection's own reconnect policy covers that).
// - When a step fails, the completed steps' compensations run in reverse order (preceded by the
//   failed step's own when it says `compensateOnFailure`: a failure can leave effects), each
//   with its own retry policy, all of them even when one fails (then `compensation-failed`); the
//   run still reports the original error. Stopping a run (its signal) fails the step it is at and still
//   compensates: a half-done saga is what compensations exist for.
// - Failure injection replaces one step's sending with a failure on every attempt (nothing is
//   sent, no time waited for an injected timeout), so compensations and retries can be exercised
//   without touching the services.
// - Time comes in through deps (a monotonic clock, `sleep`, `random`), so tests pin every wait.
// - A step with `recorded` (a replay of the traffic log) compares each reply with the recording
//   and reports the last attempt's diff on the step; the run counts them in `differences`. A
//   difference never fails the step: a replay reports, assertions fail. A recorded error reply
//   is what the step expects, so an error reply does not fail it either.
// - Each expect listener keeps at most EXPECT_BUFFER_LIMIT unmatched events (the oldest dropped,
//   counted): a busy topic must not grow a long saga's memory without bound. Once its step has
//   matched, a listener keeps nothing.
import type { CollectionRequest, Environment, LoadedCollection, RequestFile } from '../../../shared/collection';
import type { ConnectionTarget } from '../../../shared/connection';
import type { ListenSpec } from '../../../shared/listen';
import type { JsonDiff } from '../../../shared/json-diff';
import { diffJson } from '../../../shared/json-diff';
import { jsonEquals, readJsonPath } from '../../../shared/json-path';
import { normalizePattern } from '../../../shared/pattern-route';
import type { DynamicValueDeps } from '../../../shared/placeholders';
import { placeholderNames } from '../../../shared/placeholders';
import type { Failure, Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type {
  RetryPolicy,
  SagaAttempt,
  SagaCompensationReport,
  SagaError,
  SagaErrorStage,
  SagaExpect,
  SagaFailureInjection,
  SagaFile,
  SagaRecordedReply,
  SagaRequest,
  SagaRunEvent,
  SagaRunReport,
  SagaStep,
  SagaStepReport,
} from '../../../shared/saga';
import type { VariableScopes } from '../collections/variables';
import { interpolate } from '../collections/variables';
import type { Engine } from '../engine';
import type { ObservedMessage } from '../listen/listener-registry';
import type { ConnectNamed } from './collection-run';
import { openPerRun, runRequest, trackingSecrets, unknownEnvironment } from './collection-run';
import { messageRedactor } from '../../../shared/redaction';
import { retryDelayMs } from './retry-policy';

export type SagaRunOptions = {
  /** An environment of the collection, by name. */
  environment?: string;
  /** `--var` overrides: the highest scope. */
  variables: Record<string, unknown>;
  /** The environment's secret values that were provided. */
  secrets: Record<string, string>;
  /** Makes one step fail without sending it (`--fail-at`). */
  inject?: SagaFailureInjection;
  /** For connections that set none. */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** The collection's named connections; by default each is opened on first use and closed when the run ends. */
  connections?: ConnectNamed;
  /** Aborting fails the step the run is at (no more retries) and compensates. */
  signal?: AbortSignal;
  /** Every attempt and step as it starts or finishes, for live timelines. */
  onEvent?: (event: SagaRunEvent) => void;
};

export type SagaRunDeps = DynamicValueDeps & {
  /** `secrets` (when given) learns each secret value the saga resolves, so the traffic log hides it. */
  engine: Pick<Engine, 'connections' | 'messenger' | 'listeners'> & Partial<Pick<Engine, 'secrets'>>;
  /** For offsets and durations: a monotonic clock (DESIGN §4). */
  monotonicMs: () => number;
  /** Reads the TLS and .proto files a target URL names. */
  readFile: (path: string) => string;
  /** Resolves after `ms`, or as soon as `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
};

/** A saga file as read, and where it sits in its collection (relative, with `/`). */
export type SagaToRun = { path: string; saga: SagaFile };


type StepValues = { request?: unknown; response?: unknown };
type SentMessage = NonNullable<SagaStepReport['request']>;
type AttemptOutcome =
  | { ok: true; sent?: SentMessage; response?: unknown; captured: Record<string, unknown>; assertions?: SagaAttempt['assertions']; diff?: JsonDiff }
  | { ok: false; error: SagaError; retryable: boolean; sent?: SentMessage; assertions?: SagaAttempt['assertions']; diff?: JsonDiff };
type Phase = 'step' | 'compensation';

/**
 * One expect step's listener and the events it saw, oldest first: the last EXPECT_BUFFER_LIMIT of
 * them, `dropped` older ones gone. `done` once its step matched (or the run moved past it).
 */
type EventWatch = { listenerId?: string; route: string; messages: ObservedMessage[]; dropped: number; done: boolean; waiters: Set<() => void> };

/** How many unmatched events each expect listener keeps; older ones are dropped (and counted). */
export const EXPECT_BUFFER_LIMIT = 1000;

const json = (value: unknown) => JSON.stringify(value) ?? 'undefined';

export async function runSaga(collection: LoadedCollection, { path, saga }: SagaToRun, options: SagaRunOptions, deps: SagaRunDeps): Promise<Result<SagaRunReport>> {
  let environment: { name: string; value: Environment } | undefined;
  if (options.environment !== undefined) {
    const value = collection.environments[options.environment];
    if (!value) return unknownEnvironment(collection, options.environment);
    environment = { name: options.environment, value };
  }
  const stepIds = saga.steps.map((step) => step.id);
  if (options.inject && !stepIds.includes(options.inject.step)) {
    return fail('unknown-step', `Cannot inject a failure at "${options.inject.step}": this saga has no such step. Steps: ${stepIds.join(', ')}.`);
  }

  const startedAt = deps.now();
  const runStartMs = deps.monotonicMs();
  // Hundredths of a millisecond: finer is noise in a report.
  const sinceStart = () => Math.round((deps.monotonicMs() - runStartMs) * 100) / 100;
  // Events and the report leave the engine (the app, saved runs, --json): secret values and URL passwords hidden.
  const redactor = messageRedactor(Object.values(options.secrets));
  const emit = (event: SagaRunEvent) => options.onEvent?.(redactor.value(event));
  const perRun = openPerRun(collection, options, deps);
  const connect = options.connections ?? perRun.connect;
  const captured: Record<string, unknown> = {};
  const values = new Map<string, StepValues>();
  const reports = saga.steps.map((step): SagaStepReport => ({ id: step.id, ...(step.name ? { name: step.name } : {}), kind: step.request ? 'request' : 'expect', status: 'skipped', attempts: [] }));
  const scopesWith = (references: Record<string, unknown>): VariableScopes =>
    trackingSecrets({ overrides: options.variables, captured: { ...captured, ...references }, secrets: options.secrets, environment }, deps.engine.secrets);
  const labelOf = (step: SagaStep, phase: Phase) => (phase === 'step' ? `${path}, step ${step.id}` : `${path}, compensation of step ${step.id}`);

  /** The values of the `{{steps.…}}` placeholders in `value`, by their full name. */
  function stepReferences(value: unknown, label: string): Result<Record<string, unknown>> {
    const references: Record<string, unknown> = {};
    for (const expression of placeholderNames(value)) {
      if (!expression.startsWith('steps.') || Object.hasOwn(references, expression)) continue;
      const found = readStepReference(expression, label);
      if (!found.ok) return found;
      references[expression] = found.value;
    }
    return ok(references);
  }

  function readStepReference(expression: string, label: string): Result<unknown> {
    const parsed = /^steps\.([^.[\]]+)\.(response|request)((?:[.[].*)?)$/.exec(expression);
    if (!parsed) {
      return fail('unknown-variable', `"{{${expression}}}" in ${label} does not read a step: write {{steps.<id>.response.<path>}} or {{steps.<id>.request.<path>}}, e.g. {{steps.${stepIds[0]}.response.id}}.`);
    }
    const [, id = '', part = 'response', rest = ''] = parsed;
    if (!stepIds.includes(id)) return fail('unknown-step', `"{{${expression}}}" in ${label} names the step "${id}", which this saga does not have. Steps: ${stepIds.join(', ')}.`);
    const stepValues = values.get(id);
    if (!stepValues) return fail('step-not-completed', `"{{${expression}}}" in ${label} reads step "${id}", which has not completed at this point: a step reads only the steps that completed before it.`);
    const root = stepValues[part as keyof StepValues];
    if (root === undefined) return fail('step-value-missing', `"{{${expression}}}" in ${label}: step "${id}" has no ${part}${part === 'response' ? ' (it emitted an event, which gets no reply)' : ''}.`);
    const inner = rest.startsWith('.') ? rest.slice(1) : rest;
    if (inner === '') return ok(root);
    const found = readJsonPath(root, inner);
    return found.found ? ok(found.value) : fail('step-value-missing', `"{{${expression}}}" in ${label}: nothing at "${inner}" in step "${id}"'s ${part} ${json(root)}.`);
  }

  // ── expect steps: listeners first ──────────────────────────────────────────────────────────
  const watches = new Map<string, EventWatch>();
  const byListener = new Map<string, EventWatch>();
  /** Messages that came before their listener's id was known (start() had not returned yet). */
  let unclaimed: ObservedMessage[] | undefined = [];
  const stopObserving = deps.engine.listeners.onObserved((observed) => {
    const watch = byListener.get(observed.listenerId);
    if (watch) deliver(watch, observed);
    else unclaimed?.push(observed);
  });
  const deliver = (watch: EventWatch, observed: ObservedMessage) => {
    if (watch.done || !isEventOf(observed, watch.route)) return;
    watch.messages.push(observed);
    if (watch.messages.length > EXPECT_BUFFER_LIMIT) {
      watch.messages.shift();
      watch.dropped += 1;
    }
    for (const wake of watch.waiters) wake();
    watch.waiters.clear();
  };

  async function startWatch(step: SagaStep, expect: SagaExpect): Promise<SagaError | undefined> {
    const label = labelOf(step, 'step');
    if (placeholderNames(expect.event).some((name) => name.startsWith('steps.'))) {
      return { stage: 'prepare', code: 'invalid-event', message: `The event of ${label} is filled before the saga starts, so that its listener misses nothing: it cannot read {{steps.…}}. Check the step's values with match: instead.` };
    }
    const filled = interpolate(expect.event, scopesWith({}), label, deps);
    if (!filled.ok) return sagaError('prepare', filled.error);
    const route = normalizePattern(filled.value);
    const attempt = await connect(expect.connection, scopesWith({}), label);
    if (!attempt.result.ok) return sagaError(attempt.stage === 'prepare' ? 'prepare' : 'connect', attempt.result.error);
    const connection = attempt.result.value;
    const spec = listenSpecForEvent(connection.info().target, route, expect.connection);
    if (!spec.ok) return sagaError('prepare', spec.error);
    const watch: EventWatch = { route, messages: [], dropped: 0, done: false, waiters: new Set() };
    watches.set(step.id, watch);
    const started = await deps.engine.listeners.start(connection.info().id, spec.value);
    if (!started.ok) return { stage: 'connect', code: started.error.code, message: `Cannot wait for "${route}" on connection "${expect.connection}": ${started.error.message}` };
    watch.listenerId = started.value.id;
    byListener.set(started.value.id, watch);
    for (const observed of unclaimed ?? []) if (observed.listenerId === started.value.id) deliver(watch, observed);
    return undefined;
  }

  async function expectAttempt(step: SagaStep, expect: SagaExpect): Promise<AttemptOutcome> {
    const label = labelOf(step, 'step');
    const watch = watches.get(step.id);
    if (!watch) return { ok: false, retryable: false, error: { stage: 'prepare', code: 'not-listening', message: `${label} has no listener.` } };
    const references = stepReferences(expect.match, label);
    if (!references.ok) return { ok: false, retryable: false, error: sagaError('prepare', references.error) };
    const filled = interpolate(expect.match, scopesWith(references.value), label, deps);
    if (!filled.ok) return { ok: false, retryable: false, error: sagaError('prepare', filled.error) };
    const match = filled.value as SagaExpect['match'];

    const timer = new AbortController();
    const timedOut = deps.sleep(expect.withinMs, timer.signal).then(() => 'timeout' as const);
    const stopped = abortedPromise(options.signal);
    try {
      // `seen` counts every event of the watch, dropped ones too, so dropping never skips or repeats one.
      for (let seen = 0; ; ) {
        for (seen = Math.max(seen, watch.dropped); seen < watch.dropped + watch.messages.length; seen++) {
          const event = eventValue(watch.messages[seen - watch.dropped]!);
          if (match.every((condition) => matches(event, condition))) {
            finishWatch(watch);
            return { ok: true, response: event, captured: {} };
          }
        }
        const arrived = new Promise<'message'>((resolve) => watch.waiters.add(() => resolve('message')));
        const winner = await Promise.race([arrived, timedOut, stopped]);
        if (winner === 'stopped') return { ok: false, retryable: false, error: stoppedError() };
        if (winner === 'timeout') break;
      }
    } finally {
      timer.abort();
    }
    return { ok: false, retryable: true, error: { stage: 'expect', code: 'event-timeout', message: missedEvent(expect, watch, match) } };
  }

  /** Its step is over: nothing more to keep. */
  const finishWatch = (watch: EventWatch) => {
    watch.done = true;
    watch.messages = [];
  };

  // ── request steps and compensations ────────────────────────────────────────────────────────
  async function requestAttempt(step: SagaStep, request: SagaRequest, phase: Phase): Promise<AttemptOutcome> {
    const label = labelOf(step, phase);
    const references = stepReferences({ pattern: request.pattern, data: request.data, headers: request.headers ?? null, assert: request.assert }, label);
    if (!references.ok) return { ok: false, retryable: false, error: sagaError('prepare', references.error) };
    const file: RequestFile = {
      connection: request.connection,
      kind: request.kind,
      pattern: request.pattern,
      data: request.data,
      ...(request.headers ? { headers: request.headers } : {}),
      ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}),
      capture: request.capture,
      assert: request.assert,
    };
    const entry: CollectionRequest = { path: label, folder: [], name: step.id, request: file };
    const run = await runRequest(entry, 1, { scopes: scopesWith(references.value), connect, deps });
    const sent = run.message as SentMessage | undefined;
    const assertions = run.result.assertions.length > 0 ? run.result.assertions : undefined;
    const recorded = phase === 'step' ? step.recorded : undefined;
    // A reply came unless the run stopped before or at sending (a capture fails after the reply).
    const replied = !run.error || run.error.stage === 'capture';
    const actual: SagaRecordedReply = request.kind === 'emit' ? { event: true } : run.result.error !== undefined ? { error: run.result.error } : { values: run.result.values };
    const diff = recorded && replied ? diffRecordedReply(recorded, actual, [...(saga.ignore ?? []), ...(step.ignore ?? [])]) : undefined;
    const common = { ...(sent ? { sent } : {}), ...(assertions ? { assertions } : {}), ...(diff ? { diff } : {}) };
    if (run.error) {
      const stage: SagaErrorStage = run.error.stage;
      return { ok: false, retryable: stage !== 'prepare' && stage !== 'connect', error: sagaError(stage, run.error.failure), ...common };
    }
    if (run.result.status === 'failed') {
      const failed = run.result.assertions.filter((assertion) => !assertion.passed).map((assertion) => `${assertion.label}: ${assertion.message ?? 'failed'}`);
      return { ok: false, retryable: true, error: { stage: 'assert', code: 'assertion-failed', message: failed.join('; ') }, ...common };
    }
    const expectsError = request.assert.some((assertion) => assertion.ok === false || assertion.error !== undefined) || (recorded !== undefined && 'error' in recorded);
    if (run.result.error !== undefined && !expectsError) {
      return { ok: false, retryable: true, error: { stage: 'remote', code: 'remote-error', message: remoteErrorText(run.result.error) }, ...common };
    }
    const replies = run.result.values;
    return { ok: true, captured: run.result.captured, ...(replies.length > 0 ? { response: replies[replies.length - 1] } : {}), ...common };
  }

  function injectedFailure(step: SagaStep, inject: SagaFailureInjection): AttemptOutcome {
    const flag = `--fail-at ${step.id}${inject.mode === 'fail' ? '' : `:${inject.mode}`}`;
    const error: SagaError = {
      fail: { stage: 'injected' as const, code: 'injected-failure', message: inject.message ?? `Failure injected at step "${step.id}" (${flag}): nothing was sent.` },
      timeout: { stage: 'injected' as const, code: 'timeout', message: inject.message ?? `Timeout injected at step "${step.id}" (${flag}): nothing was sent.` },
      error: { stage: 'injected' as const, code: 'remote-error', message: inject.message ?? `Error reply injected at step "${step.id}" (${flag}): nothing was sent.` },
    }[inject.mode];
    return { ok: false, retryable: true, error };
  }

  /** Runs attempts until one succeeds, the policy's retries are spent, or a failure retrying cannot fix. */
  async function withRetries(step: SagaStep, phase: Phase, policy: RetryPolicy | undefined, attemptOnce: () => Promise<AttemptOutcome>, signal: AbortSignal | undefined) {
    const attempts: SagaAttempt[] = [];
    const total = (policy?.count ?? 0) + 1;
    for (let number = 1; ; number++) {
      const startMs = sinceStart();
      emit({ type: 'attempt-started', stepId: step.id, phase, attempt: number, startMs });
      const outcome: AttemptOutcome = signal?.aborted ? { ok: false, retryable: false, error: stoppedError() } : await attemptOnce();
      const durationMs = Math.round((sinceStart() - startMs) * 100) / 100;
      const retryInMs = !outcome.ok && outcome.retryable && number < total && policy && !signal?.aborted ? retryDelayMs(policy, number, deps.random) : undefined;
      const attempt: SagaAttempt = {
        attempt: number,
        startMs,
        durationMs,
        status: outcome.ok ? 'ok' : 'failed',
        ...(outcome.ok ? {} : { error: outcome.error }),
        ...(outcome.assertions ? { assertions: outcome.assertions } : {}),
        ...(retryInMs !== undefined ? { retryInMs } : {}),
      };
      attempts.push(attempt);
      emit({ type: 'attempt-finished', stepId: step.id, phase, attempt });
      if (retryInMs === undefined) return { attempts, outcome };
      await deps.sleep(retryInMs, signal);
    }
  }

  // ── the run ────────────────────────────────────────────────────────────────────────────────
  let failure: { stepId: string; error: SagaError } | undefined;
  const compensated: string[] = [];
  let compensationFailed = false;
  try {
    // Listeners before any step: the event an expect step waits for may come from any step before it.
    const expectSteps = saga.steps.filter((step) => step.expect !== undefined);
    const setup = await Promise.all(expectSteps.map(async (step) => ({ step, error: await startWatch(step, step.expect!) })));
    unclaimed = undefined;
    const setupFailure = setup.find((entry) => entry.error !== undefined);
    if (setupFailure?.error) {
      const report = reports[saga.steps.indexOf(setupFailure.step)]!;
      const attempt: SagaAttempt = { attempt: 1, startMs: sinceStart(), durationMs: 0, status: 'failed', error: setupFailure.error };
      report.status = 'failed';
      report.attempts = [attempt];
      failure = { stepId: setupFailure.step.id, error: setupFailure.error };
      emit({ type: 'attempt-finished', stepId: report.id, phase: 'step', attempt });
      emit({ type: 'step-finished', step: report });
    }

    for (const [index, step] of saga.steps.entries()) {
      if (failure) break;
      const report = reports[index]!;
      const injected = options.inject?.step === step.id ? options.inject : undefined;
      const attemptOnce = (): Promise<AttemptOutcome> => {
        if (injected) return Promise.resolve(injectedFailure(step, injected));
        return step.request ? requestAttempt(step, step.request, 'step') : expectAttempt(step, step.expect!);
      };
      const { attempts, outcome } = await withRetries(step, 'step', step.retry, attemptOnce, options.signal);
      report.attempts = attempts;
      if (outcome.sent) report.request = outcome.sent;
      if (outcome.diff) report.diff = outcome.diff;
      const watch = watches.get(step.id);
      if (watch) finishWatch(watch);
      if (outcome.ok) {
        report.status = 'completed';
        if (outcome.response !== undefined) report.response = outcome.response as SagaStepReport['response'];
        values.set(step.id, { ...(outcome.sent ? { request: outcome.sent } : {}), ...(outcome.response !== undefined ? { response: outcome.response } : {}) });
        Object.assign(captured, outcome.captured);
      } else {
        report.status = 'failed';
        failure = { stepId: step.id, error: outcome.error };
      }
      emit({ type: 'step-finished', step: report });
    }
    for (const report of reports) if (report.status === 'skipped') emit({ type: 'step-finished', step: report });

    if (failure) {
      const failedAt = failure.stepId;
      const toUndo = saga.steps
        .filter((step, index) => {
          if (step.compensate === undefined) return false;
          if (reports[index]!.status === 'completed') return true;
          return step.id === failedAt && step.compensateOnFailure === true && mayHaveActed(reports[index]!);
        })
        .reverse();
      for (const step of toUndo) {
        const compensate = step.compensate!;
        const { attempts, outcome } = await withRetries(step, 'compensation', compensate.retry, () => requestAttempt(step, compensate, 'compensation'), undefined);
        const compensation: SagaCompensationReport = { status: outcome.ok ? 'completed' : 'failed', attempts };
        reports[saga.steps.indexOf(step)]!.compensation = compensation;
        compensated.push(step.id);
        if (!outcome.ok) compensationFailed = true;
        emit({ type: 'compensation-finished', stepId: step.id, compensation });
      }
    }
  } finally {
    stopObserving();
    await Promise.all([...watches.values()].map((watch) => (watch.listenerId === undefined ? undefined : deps.engine.listeners.stop(watch.listenerId))));
    await perRun.closeAll();
  }

  return ok(redactor.value({
    saga: saga.name ?? path.split('/').pop() ?? path,
    path,
    collection: collection.manifest.name,
    ...(environment ? { environment: environment.name } : {}),
    startedAt,
    durationMs: sinceStart(),
    status: failure ? (compensationFailed ? 'compensation-failed' : 'failed') : 'completed',
    ...(failure ? { failedStep: failure.stepId, error: failure.error } : {}),
    ...(options.inject ? { injected: options.inject } : {}),
    compensated,
    steps: reports,
    ...(saga.steps.some((step) => step.recorded !== undefined) ? { differences: reports.reduce((sum, report) => sum + (report.diff ? countDifferences(report.diff) : 0), 0) } : {}),
  } satisfies SagaRunReport));
}

/**
 * A reply against its recording. One value each (the usual reply): paths into the value
 * (`data.total`); a stream: by part (`[1].total`); errors: under `error` (`error.message`). A
 * reply of another kind than recorded (an error instead of values) is one difference, the whole reply.
 */
export function diffRecordedReply(recorded: SagaRecordedReply, actual: SagaRecordedReply, ignore: readonly string[]): JsonDiff {
  if ('values' in recorded && 'values' in actual) {
    return recorded.values.length === 1 && actual.values.length === 1 ? diffJson(recorded.values[0], actual.values[0], { ignore }) : diffJson(recorded.values, actual.values, { ignore });
  }
  if ('error' in recorded && 'error' in actual) return diffJson({ error: recorded.error }, { error: actual.error }, { ignore });
  if ('event' in recorded && 'event' in actual) return { equal: true, differences: [] };
  return { equal: false, differences: [{ path: '', kind: 'changed', recorded: recorded as JsonDiff['differences'][number]['recorded'], actual: actual as JsonDiff['differences'][number]['actual'] }] };
}

const countDifferences = (diff: JsonDiff) => diff.differences.length + (diff.omitted ?? 0);

/**
 * How to hear an event on a connection: its Redis channel, its Kafka topic, or a tap on the
 * RabbitMQ exchange its target names (routed by the event's pattern, as Nest publishes it).
 */
export function listenSpecForEvent(target: ConnectionTarget, route: string, connectionName: string): Result<ListenSpec> {
  switch (target.kind) {
    case 'redis':
      return ok({ kind: 'redis', channels: [route], tap: false });
    case 'kafka':
      return ok({ kind: 'kafka', topics: [route], from: 'latest', tap: false });
    case 'rmq':
      if (!target.exchange) {
        return fail('usage', `To wait for "${route}" on RabbitMQ, connection "${connectionName}" needs an exchange to tap (amqp://…?exchange=NAME): a service's queue cannot be watched without taking its messages.`);
      }
      return ok({ kind: 'rmq-exchange', exchange: target.exchange, routingKey: route });
    case 'tcp':
      return fail('usage', `Connection "${connectionName}" is TCP, which is point to point: there is no event to wait for on it. Expect events on the Redis, RabbitMQ or Kafka connection the services publish them on.`);
    case 'grpc':
      return fail('usage', `Connection "${connectionName}" is gRPC, which has no events to wait for. Expect events on the Redis, RabbitMQ or Kafka connection the services publish them on.`);
  }
}

/** An observed message is the awaited event when its pattern (or, without one, its channel or topic) is the event's. */
function isEventOf({ message }: ObservedMessage, route: string): boolean {
  if (message.kind === 'reply') return false;
  return message.pattern !== undefined ? normalizePattern(message.pattern) === route : message.route === route;
}

/** What `match` paths and `{{steps.<id>.response…}}` read in an event. */
function eventValue({ message }: ObservedMessage): { pattern: unknown; data: unknown; headers: Record<string, string> } {
  return { pattern: message.pattern ?? message.route, data: message.body ?? null, headers: message.headers ?? {} };
}

function matches(event: unknown, condition: SagaExpect['match'][number]): boolean {
  const found = readJsonPath(event, condition.path);
  return found.found && jsonEquals(found.value, condition.equals);
}

/** Why an expect step failed, with what did come, so a wrong match is easy to see. */
function missedEvent(expect: SagaExpect, watch: EventWatch, match: SagaExpect['match']): string {
  const conditions = match.map((condition) => `${condition.path} == ${json(condition.equals)}`).join(' and ');
  const wanted = `No "${watch.route}" event${conditions ? ` with ${conditions}` : ''} came on connection "${expect.connection}" within ${expect.withinMs} ms`;
  const seen = watch.dropped + watch.messages.length;
  if (seen === 0) return `${wanted}, and none at all.`;
  // Some came: the last one failed a condition (else it would have matched).
  const last = eventValue(watch.messages[watch.messages.length - 1]!);
  const differing = match.find((condition) => !matches(last, condition));
  const found = differing && readJsonPath(last, differing.path);
  const actual = found?.found ? `${differing?.path} = ${json(found.value)}` : `nothing at ${differing?.path}`;
  const dropped = watch.dropped > 0 ? ` (the oldest ${watch.dropped} were not kept: a listener keeps the last ${watch.messages.length} unmatched events)` : '';
  return `${wanted}; ${seen} "${watch.route}" event${seen === 1 ? '' : 's'} came${dropped}, the last with ${actual}.`;
}

function remoteErrorText(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : json(error);
}

/** Whether a failed step may have left effects: some attempt got past its variables and connection (an injected failure counts, as a stand-in for a real one). */
function mayHaveActed(report: SagaStepReport): boolean {
  return report.attempts.some((attempt) => attempt.error === undefined || !['prepare', 'connect', 'stopped'].includes(attempt.error.stage));
}

/** A failure as a saga error: its code and message (never its detail), and where it happened. */
const sagaError = (stage: SagaErrorStage, { code, message }: Failure): SagaError => ({ stage, code, message });

const stoppedError = (): SagaError => ({ stage: 'stopped', code: 'stopped', message: 'The saga run was stopped.' });

function abortedPromise(signal: AbortSignal | undefined): Promise<'stopped'> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve('stopped');
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve('stopped'), { once: true }));
}

