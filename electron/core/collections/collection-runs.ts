// Runs of open collections in the background, as `patchbay run` does but over the session's
// named connections: each result as `collection.runResult`, then one `collection.runFinished`
// with the report, or with why the run could not start (a file to fix, an unknown environment).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventPayload } from '../../../shared/contract';
import type { Failure, Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { ConnectionRegistry } from '../connections/registry';
import type { Clock, Messenger } from '../messaging/messenger';
import { blockingProblems, runCollection } from '../runner/collection-run';
import type { CollectionSession } from './collection-session';
import { formatFileProblem } from './yaml-source';
import type { CollectionInfo } from '../../../shared/collection';

export type RunInput = { environment?: string; folder?: string; iterations: number; bail: boolean };

/** What a run needs of an open collection: its state read fresh from disk, and its session. */
export type RunnableCollection = { readonly id: string; refresh(): Promise<CollectionInfo>; readonly session: CollectionSession };

export type CollectionRunsDeps = {
  connections: ConnectionRegistry;
  messenger: Messenger;
  clock: Clock;
  newId: () => string;
  uuid: () => string;
  random: () => number;
  onResult: (payload: EventPayload<'collection.runResult'>) => void;
  onFinished: (payload: EventPayload<'collection.runFinished'>) => void;
};

export interface CollectionRuns {
  /** Starts a run; its events come after this returns. */
  start(collection: RunnableCollection, input: RunInput): string;
  /** Stops a run before its next request; the rest are reported skipped. */
  stop(runId: string): Result<null>;
  /** Stops the runs of one collection (closing it) or, without an id, every run. */
  stopAll(collectionId?: string): void;
}

export function createCollectionRuns(deps: CollectionRunsDeps): CollectionRuns {
  const running = new Map<string, { collectionId: string; abort: AbortController }>();

  async function execute(runId: string, collection: RunnableCollection, input: RunInput, signal: AbortSignal): Promise<{ report?: EventPayload<'collection.runFinished'>['report']; failure?: Failure }> {
    const { collection: loaded, root } = await collection.refresh();
    // Before anything else: an environment missing because its file does not parse is reported as that file's problem.
    const blocking = blockingProblems(loaded, input);
    if (blocking.length > 0) {
      const problems = blocking.map((problem) => formatFileProblem(problem)).join('\n');
      return { failure: { code: 'file-has-problems', message: `${problems}\nFix ${blocking.length === 1 ? 'this file' : 'these files'} in an editor to run these requests.`, detail: { problems: blocking } } };
    }
    const secrets = input.environment === undefined ? ok({}) : await collection.session.secretValues(input.environment);
    if (!secrets.ok) return { failure: secrets.error };
    const outcome = await runCollection(
      loaded,
      { ...input, variables: {}, secrets: secrets.value, signal, connections: collection.session.connect, onResult: (result) => deps.onResult({ runId, collectionId: collection.id, result }) },
      {
        engine: deps,
        now: deps.clock.now,
        monotonicMs: deps.clock.monotonicMs,
        uuid: deps.uuid,
        random: deps.random,
        readFile: (path) => readFileSync(resolve(root, path), 'utf8'),
      },
    );
    return outcome.ok ? { report: outcome.value.report } : { failure: outcome.error };
  }

  return {
    start(collection, input) {
      const runId = deps.newId();
      const abort = new AbortController();
      running.set(runId, { collectionId: collection.id, abort });
      // Next turn: the caller has the runId before any event about it.
      setImmediate(() => {
        execute(runId, collection, input, abort.signal)
          .catch((error: unknown) => ({ failure: { code: 'run-failed', message: `The run stopped on an internal error: ${(error as Error).message}` } }))
          .then((finished) => {
            running.delete(runId);
            deps.onFinished({ runId, collectionId: collection.id, ...finished });
          });
      });
      return runId;
    },
    stop(runId) {
      const run = running.get(runId);
      if (!run) return fail('unknown-run', `No run has id ${runId}: it has finished already, or was never started.`);
      run.abort.abort();
      return ok(null);
    },
    stopAll(collectionId) {
      for (const run of running.values()) if (collectionId === undefined || run.collectionId === collectionId) run.abort.abort();
    },
  };
}
