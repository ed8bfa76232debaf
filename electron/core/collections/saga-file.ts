// Reads one saga file of a collection: finds the collection it belongs to (the nearest folder up
// holding the manifest), checks the file against its schema, and checks what the schema cannot
// see (every connection a step names exists), each problem pointing at the line to fix.
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { FileProblem, LoadedCollection } from '../../../shared/collection';
import { COLLECTION_MANIFEST_FILE } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { SagaFile } from '../../../shared/saga';
import { isSagaFileName, SAGA_FILE_SUFFIXES, sagaFileSchema } from '../../../shared/saga';
import { REQUEST_HINTS } from './collection-layout';
import { parseYamlFile, problemAt } from './yaml-source';

const SAGA_HINTS: Record<string, string> = {
  ...REQUEST_HINTS,
  steps: 'List the steps under steps:, each with an id and a request or an expect.',
  id: 'Give the step an id, e.g. id: createOrder.',
  event: 'Name the event to wait for, e.g. event: order_confirmed.',
};

/** The collection folder a file sits in: the nearest folder up from it holding the manifest. */
export async function findCollectionRoot(file: string): Promise<Result<string>> {
  const absolute = resolve(file);
  for (let folder = dirname(absolute); ; folder = dirname(folder)) {
    const manifest = await stat(join(folder, COLLECTION_MANIFEST_FILE)).catch(() => undefined);
    if (manifest?.isFile()) return ok(folder);
    if (dirname(folder) === folder) break;
  }
  return fail('no-collection', `${absolute} is not inside a Patchbay collection: no folder above it holds a ${COLLECTION_MANIFEST_FILE}. A saga uses its collection's connections and environments, so keep it in the collection's folder.`);
}

/** The saga at `file` (absolute, or relative to the working folder), as a path relative to the collection's root. */
export async function readSagaFile(collection: LoadedCollection, file: string): Promise<Result<{ path: string; saga: SagaFile }>> {
  const absolute = resolve(file);
  const path = relative(collection.root, absolute).split(sep).join('/');
  if (!isSagaFileName(absolute)) {
    return fail('not-a-saga', `${file} is not a saga file: a saga's file name ends in ${SAGA_FILE_SUFFIXES.join(', ')} (e.g. place-order.saga.yaml), so the collection never reads it as a request.`);
  }
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    return fail('not-found', `Cannot read ${file}: ${(error as Error).message}. Check the path.`);
  }
  const parsed = parseYamlFile(text, path, sagaFileSchema, SAGA_HINTS);
  if (!parsed.ok) return fail('invalid-saga', `${path} is not a valid saga.`, { problems: parsed.problems });
  const problems: FileProblem[] = [];
  const known = Object.keys(collection.manifest.connections);
  const unknown = (name: string, at: PropertyKey[]) => {
    if (Object.hasOwn(collection.manifest.connections, name)) return;
    const listed = known.length > 0 ? `The manifest has: ${known.join(', ')}` : 'The manifest has none yet';
    problems.push(problemAt(parsed, path, at, `Unknown connection "${name}". ${listed}. Fix the name, or add it under connections: in ${COLLECTION_MANIFEST_FILE}.`));
  };
  parsed.value.steps.forEach((step, index) => {
    if (step.request) unknown(step.request.connection, ['steps', index, 'request', 'connection']);
    if (step.expect) unknown(step.expect.connection, ['steps', index, 'expect', 'connection']);
    if (step.compensate) unknown(step.compensate.connection, ['steps', index, 'compensate', 'connection']);
  });
  if (problems.length > 0) return fail('invalid-saga', `${path} is not a valid saga.`, { problems });
  return ok({ path, saga: parsed.value });
}

/** The problems a failed `readSagaFile` carries, to print one per line. */
export function sagaFileProblems(error: { detail?: unknown }): FileProblem[] {
  const problems = (error.detail as { problems?: FileProblem[] } | undefined)?.problems;
  return Array.isArray(problems) ? problems : [];
}
