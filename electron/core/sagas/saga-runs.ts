// Saga runs of open collections, as `patchbay saga run` does but inside the app: over the
// collection session's named connections (they show in the connections list and stay open for
// the next run), with the secrets the app keeps for the environment. Each attempt and step goes
// out as `saga.event`, then one `saga.finished` with the report, or with why the run could not
// start (an unknown environment, a saga file to fix at path:line:col, a missing secret). Every
// run is kept (saga-run-store.ts) so it can be looked at, compared and re-run later.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LoadedCollection } from '../../../shared/collection';
import { COLLECTION_MANIFEST_FILE, ENVIRONMENTS_FOLDER } from '../../../shared/collection';
import type { EventPayload } from '../../../shared/contract';
import { placeholderNames } from '../../../shared/placeholders';
import type { Failure, Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { SagaFile, SagaRunReport } from '../../../shared/saga';
import { sagaNameOfFile } from '../../../shared/saga';
import type { KeptSagaRun, SagaDefinition, SagaRunInput } from '../../../shared/saga-runs';
import type { OpenCollections } from '../collections/open-collections';
import { readSagaFile, sagaFileProblems } from '../collections/saga-file';
import { secretEnvironmentVariable } from '../collections/variables';
import { formatFileProblem } from '../collections/yaml-source';
import type { Engine } from '../engine';
import type { Clock } from '../messaging/messenger';
import { unknownEnvironment } from '../runner/collection-run';
import { timerSleep } from '../runner/retry-policy';
import { runSaga, type SagaRunDeps } from '../runner/saga-run';
import type { SagaRunStore } from './saga-run-store';
import { createSagaRunStore, SAGA_RUNS_FILE } from './saga-run-store';

export type SagaRunsDeps = {
  collections: Pick<OpenCollections, 'get'>;
  engine: Pick<Engine, 'connections' | 'messenger' | 'listeners'> & Partial<Pick<Engine, 'secrets'>>;
  clock: Clock;
  newId: () => string;
  uuid: () => string;
  random: () => number;
  /** Replaced in tests that pin every wait. */
  sleep?: SagaRunDeps['sleep'];
  /** Where runs are kept; in memory without it. */
  dataDir?: string;
  onWarning?: (message: string) => void;
  onEvent: (payload: EventPayload<'saga.event'>) => void;
  onFinished: (payload: EventPayload<'saga.finished'>) => void;
};

export interface SagaRuns {
  /** A saga file of an open collection, read and checked. */
  read(collectionId: string, path: string): Promise<Result<SagaDefinition>>;
  /** Starts a run; its events come after this returns. */
  start(input: SagaRunInput): Promise<Result<{ runId: string }>>;
  /** Fails the current step and compensates; `saga.finished` still comes. */
  stop(runId: string): Result<null>;
  /** Kept runs, newest first; those of one collection are found by its id or its folder. */
  list(filter?: { collectionId?: string; path?: string }): Promise<KeptSagaRun[]>;
  /** A running run cannot be deleted: stop it first. */
  delete(runId: string): Promise<Result<null>>;
  /** Stops every run, waits for their compensations and reports, and for the kept runs to be on disk. */
  close(): Promise<void>;
}

type Running = { abort: AbortController; done: Promise<void> };
type Finished = { report?: SagaRunReport; failure?: Failure };

export function createSagaRuns(deps: SagaRunsDeps): SagaRuns {
  const store: SagaRunStore = createSagaRunStore({ file: deps.dataDir === undefined ? undefined : join(deps.dataDir, SAGA_RUNS_FILE), now: deps.clock.now, onWarning: deps.onWarning });
  const running = new Map<string, Running>();
  const sleep = deps.sleep ?? timerSleep;

  const notOpenFailure = (collectionId: string): Failure => ({ code: 'unknown-collection', message: `No open collection has id ${collectionId}. It may have been closed; open its folder again.` });
  const notOpen = (collectionId: string): Result<never> => ({ ok: false, error: notOpenFailure(collectionId) });

  async function readDefinition(collection: LoadedCollection, path: string): Promise<Result<SagaDefinition>> {
    const read = await readSagaFile(collection, resolve(collection.root, path));
    if (read.ok) return read;
    const problems = sagaFileProblems(read.error);
    if (problems.length === 0) return read;
    const text = problems.map((problem) => formatFileProblem(problem)).join('\n');
    return fail(read.error.code, `${text}\nFix ${problems.length === 1 ? 'this line' : 'these lines'} of ${path} in an editor to run the saga.`, { problems });
  }

  /** Everything that could stop the run before its first step, or what it runs. */
  async function prepare(input: SagaRunInput, collection: LoadedCollection, secretValues: (environment: string) => Promise<Result<Record<string, string>>>) {
    // Only the manifest and the chosen environment matter to a saga; a broken request file elsewhere does not.
    const blocking = collection.problems.filter((problem) => problem.path === COLLECTION_MANIFEST_FILE || (input.environment !== undefined && problem.path.replace(/\.[^.]+$/, '') === `${ENVIRONMENTS_FOLDER}/${input.environment}`));
    if (blocking.length > 0) {
      const problems = blocking.map((problem) => formatFileProblem(problem)).join('\n');
      return fail('file-has-problems', `${problems}\nFix ${blocking.length === 1 ? 'this file' : 'these files'} in an editor to run the saga.`, { problems: blocking });
    }
    if (input.environment !== undefined && !collection.environments[input.environment]) return unknownEnvironment(collection, input.environment);
    const definition = await readDefinition(collection, input.path);
    if (!definition.ok) return definition;
    const stepIds = definition.value.saga.steps.map((step) => step.id);
    if (input.inject && !stepIds.includes(input.inject.step)) {
      return fail('unknown-step', `Cannot inject a failure at "${input.inject.step}": this saga has no such step. Steps: ${stepIds.join(', ')}.`);
    }
    const secrets = input.environment === undefined ? ok({}) : await secretValues(input.environment);
    if (!secrets.ok) return secrets;
    const missing = missingSecrets(collection, definition.value.saga, input, secrets.value);
    if (missing.length > 0) {
      const list = missing.map((name) => `"${name}"`).join(', ');
      const variables = missing.map(secretEnvironmentVariable).join(', ');
      return fail(
        'missing-secret',
        `The saga needs the secret${missing.length === 1 ? '' : 's'} ${list} of environment "${input.environment}", which ${missing.length === 1 ? 'has' : 'have'} no value on this machine. Set ${missing.length === 1 ? 'it' : 'them'} in the environment's view (Secrets), or set ${variables} before starting Patchbay.`,
        { missing },
      );
    }
    return ok({ definition: definition.value, secrets: secrets.value });
  }

  async function execute(runId: string, input: SagaRunInput, kept: KeptSagaRun, signal: AbortSignal): Promise<Finished> {
    const open = deps.collections.get(input.collectionId);
    if (!open) return { failure: notOpenFailure(input.collectionId) };
    const { collection, root } = await open.refresh();
    const prepared = await prepare(input, collection, (environment) => open.session.secretValues(environment));
    if (!prepared.ok) return { failure: prepared.error };
    const { definition, secrets } = prepared.value;
    const name = definition.saga.name ?? kept.saga;
    if (name !== kept.saga) await store.put({ ...kept, saga: name });
    const outcome = await runSaga(
      collection,
      definition,
      {
        ...(input.environment !== undefined ? { environment: input.environment } : {}),
        variables: input.variables ?? {},
        secrets,
        ...(input.inject ? { inject: input.inject } : {}),
        connections: open.session.connect,
        signal,
        onEvent: (event) => deps.onEvent({ runId, collectionId: input.collectionId, path: input.path, event }),
      },
      {
        engine: deps.engine,
        now: deps.clock.now,
        monotonicMs: deps.clock.monotonicMs,
        uuid: deps.uuid,
        random: deps.random,
        sleep,
        // Files a target names (`?proto=`, TLS keys) are relative to the collection.
        readFile: (file) => readFileSync(resolve(root, file), 'utf8'),
      },
    );
    return outcome.ok ? { report: outcome.value } : { failure: outcome.error };
  }

  return {
    async read(collectionId, path) {
      const open = deps.collections.get(collectionId);
      if (!open) return notOpen(collectionId);
      const { collection } = await open.refresh();
      return readDefinition(collection, path);
    },
    async start(input) {
      const open = deps.collections.get(input.collectionId);
      if (!open) return notOpen(input.collectionId);
      const runId = deps.newId();
      const info = open.info();
      const known = info.collection.sagas?.find((saga) => saga.path === input.path);
      const kept: KeptSagaRun = {
        runId,
        collectionId: input.collectionId,
        collectionName: info.collection.manifest.name,
        collectionRoot: open.root,
        path: input.path,
        saga: known?.name ?? sagaNameOfFile(input.path),
        ...(input.environment !== undefined ? { environment: input.environment } : {}),
        ...(input.variables && Object.keys(input.variables).length > 0 ? { variables: input.variables } : {}),
        ...(input.inject ? { inject: input.inject } : {}),
        startedAt: deps.clock.now(),
        status: 'running',
      };
      await store.put(kept);
      const abort = new AbortController();
      // Next turn: the caller has the runId before any event about it.
      const done = new Promise<void>((resolveDone) => setImmediate(resolveDone))
        .then(() => execute(runId, input, kept, abort.signal))
        .catch((error: unknown): Finished => ({ failure: { code: 'run-failed', message: `The saga run stopped on an internal error: ${(error as Error).message}` } }))
        .then(async (finished: Finished) => {
          const current = store.get(runId) ?? kept;
          const record: KeptSagaRun = finished.report
            ? { ...current, saga: finished.report.saga, startedAt: finished.report.startedAt, status: finished.report.status, report: finished.report }
            : { ...current, status: 'error', ...(finished.failure ? { failure: finished.failure } : {}) };
          // Kept (deleted while it ran: not brought back) before the end is announced, so a list asked for on `saga.finished` has it.
          if (store.get(runId)) await store.put(record);
          running.delete(runId);
          deps.onFinished({ runId, collectionId: input.collectionId, path: input.path, ...finished });
        });
      running.set(runId, { abort, done });
      return ok({ runId });
    },
    stop(runId) {
      const run = running.get(runId);
      if (!run) return fail('unknown-run', `No saga run with id ${runId} is going: it has finished already, or was never started.`);
      run.abort.abort();
      return ok(null);
    },
    async list(filter = {}) {
      const runs = await store.list(filter.path === undefined ? {} : { path: filter.path });
      if (filter.collectionId === undefined) return runs;
      // By id, or by folder: the same collection opened again (after a restart) has a new id.
      const root = deps.collections.get(filter.collectionId)?.root;
      return runs.filter((run) => run.collectionId === filter.collectionId || (root !== undefined && run.collectionRoot === root));
    },
    async delete(runId) {
      if (running.has(runId)) return fail('run-going', 'This saga run is still going: stop it first, then delete it.');
      return (await store.delete(runId)) ? ok(null) : fail('unknown-run', `No kept saga run has id ${runId}: it was deleted already, or dropped as one of the oldest.`);
    },
    async close() {
      const runs = [...running.values()];
      for (const run of runs) run.abort.abort();
      await Promise.all(runs.map((run) => run.done));
      await store.close();
    },
  };
}

/**
 * The environment's secrets the saga (or a connection it uses) names and that have no value:
 * caught before the first step, so a run does not half-happen for want of a token. A `variables`
 * override counts as a value.
 */
function missingSecrets(collection: LoadedCollection, saga: SagaFile, input: SagaRunInput, secrets: Record<string, string>): string[] {
  const environment = input.environment === undefined ? undefined : collection.environments[input.environment];
  if (!environment || environment.secrets.length === 0) return [];
  const connections = new Set<string>();
  for (const step of saga.steps) {
    for (const name of [step.request?.connection, step.expect?.connection, step.compensate?.connection]) if (name !== undefined) connections.add(name);
  }
  const used = new Set(placeholderNames([saga, [...connections].map((name) => collection.manifest.connections[name])]));
  return environment.secrets.filter((name) => used.has(name) && !Object.hasOwn(secrets, name) && !Object.hasOwn(input.variables ?? {}, name));
}

