// The kept saga runs (shared/saga-runs.ts): the newest KEPT_SAGA_RUNS, in one JSON file of the
// data folder, written atomically after every change. Only finished runs go to disk: a run that
// was going when the app stopped has no end to show. A file that cannot be read as runs is moved
// aside with a warning, never written over, and the store starts empty.
import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { parseJsonAs } from '../../../shared/json-text';
import type { KeptSagaRun } from '../../../shared/saga-runs';
import { KEPT_SAGA_RUNS, keptSagaRunSchema } from '../../../shared/saga-runs';
import { writeFileAtomically } from '../collections/atomic-write';
import { fileTimestamp } from '../history/file-timestamp';

export const SAGA_RUNS_FILE = 'saga-runs.json';

export interface SagaRunStore {
  /** Newest first, narrowed to one collection and/or one saga file. */
  list(filter?: { collectionId?: string; path?: string }): Promise<KeptSagaRun[]>;
  get(runId: string): KeptSagaRun | undefined;
  /** Adds a run or replaces it (same runId); drops the oldest finished runs beyond the limit. */
  put(run: KeptSagaRun): Promise<void>;
  /** False when no run has that id. */
  delete(runId: string): Promise<boolean>;
  /** Waits for the writes in flight. */
  close(): Promise<void>;
}

export type SagaRunStoreOptions = {
  /** `<dataDir>/saga-runs.json`; without it runs are kept in memory only. */
  file?: string;
  now: () => number;
  limit?: number;
  onWarning?: (message: string) => void;
};

const storedFileSchema = z.object({ runs: z.array(keptSagaRunSchema) });

export function createSagaRunStore({ file, now, limit = KEPT_SAGA_RUNS, onWarning = () => undefined }: SagaRunStoreOptions): SagaRunStore {
  /** Oldest first. */
  let runs: KeptSagaRun[] = [];
  /** False while the file on disk is one we could not read nor move aside: it is not ours to overwrite. */
  let writable = file !== undefined;
  const loading: Promise<void> = file
    ? readRuns(file, now, onWarning).then((read) => {
        runs = [...read.runs, ...runs];
        writable = read.writable;
      })
    : Promise.resolve();
  let writes: Promise<void> = Promise.resolve();
  let dirty = false;

  const persist = () => {
    if (!file || !writable) return Promise.resolve();
    dirty = true;
    writes = writes.then(async () => {
      if (!dirty) return;
      dirty = false;
      const finished = runs.filter((run) => run.status !== 'running');
      try {
        await writeFileAtomically(file, `${JSON.stringify({ runs: finished })}\n`);
      } catch (error) {
        onWarning(`Could not write the saga runs file ${file}: ${(error as Error).message}. Check that the data folder is writable and has free space; the runs are kept in memory until then.`);
      }
    });
    return writes;
  };

  const trim = () => {
    for (let index = 0; runs.length > limit && index < runs.length; ) {
      if (runs[index]!.status === 'running') index += 1;
      else runs.splice(index, 1);
    }
  };

  return {
    async list(filter = {}) {
      await loading;
      return runs.filter((run) => (filter.collectionId === undefined || run.collectionId === filter.collectionId) && (filter.path === undefined || run.path === filter.path)).reverse();
    },
    get: (runId) => runs.find((run) => run.runId === runId),
    async put(run) {
      await loading;
      const index = runs.findIndex((kept) => kept.runId === run.runId);
      if (index === -1) runs.push(run);
      else runs[index] = run;
      trim();
      // A running run is not written (see above): only its end changes the file.
      if (run.status !== 'running') await persist();
    },
    async delete(runId) {
      await loading;
      const before = runs.length;
      runs = runs.filter((run) => run.runId !== runId);
      if (runs.length === before) return false;
      await persist();
      return true;
    },
    async close() {
      await loading;
      await writes;
    },
  };
}

async function readRuns(path: string, now: () => number, warn: (message: string) => void): Promise<{ runs: KeptSagaRun[]; writable: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], writable: true };
    warn(`Cannot read the saga runs file ${path}: ${(error as Error).message}. Check its permissions, then restart; until then saga runs are kept in memory only.`);
    return { runs: [], writable: false };
  }
  const runs = parseRuns(text);
  if (runs) return { runs, writable: true };
  const asidePath = `${path}.corrupt-${fileTimestamp(now())}`;
  const moved = await rename(path, asidePath).then(
    () => undefined,
    (error: Error) => error,
  );
  warn(
    moved
      ? `The saga runs file ${path} is not valid saga runs JSON and could not be moved aside (${moved.message}). Move or delete it by hand, then restart; until then saga runs are kept in memory only.`
      : `The saga runs file ${path} was not valid saga runs JSON; it was moved to ${asidePath} and the kept saga runs start empty.`,
  );
  return { runs: [], writable: moved === undefined };
}

function parseRuns(text: string): KeptSagaRun[] | undefined {
  return parseJsonAs(text, storedFileSchema)?.runs;
}
