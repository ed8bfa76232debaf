// Where things sit in a collection folder and in which order they run: shared by the loader,
// the writers and the watcher so they agree on what is a request file.
import { extname, isAbsolute, normalize, sep } from 'node:path';
import { z } from 'zod';
import { COLLECTION_MANIFEST_FILE, ENVIRONMENTS_FOLDER, LOCAL_FOLDER, REQUEST_FILE_EXTENSIONS } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { isSagaFileName } from '../../../shared/saga';

/** Optional, in any request folder: `order: 2` runs the folder before siblings of higher order. */
export const FOLDER_FILE = '_folder.yaml';

export const folderFileSchema = z
  .object({
    order: z.number().optional(),
    description: z.string().optional(),
  })
  .strict();

/** Hints appended to "missing field" and type problems, by field name. */
export const REQUEST_HINTS: Record<string, string> = {
  connection: "Name one of the collection's connections, e.g. connection: users.",
  pattern: 'A pattern is a string (pattern: users.get) or a mapping (pattern: {cmd: sum}).',
  data: 'data holds JSON values only: text, numbers, true/false, null, lists and mappings (no .inf or .nan).',
  variable: 'Name the variable to fill, e.g. variable: userId.',
  headers: 'Headers map names to text, e.g. headers: {x-trace: "abc"}.',
};

export const MANIFEST_HINTS: Record<string, string> = {
  patchbay: 'Start the file with "patchbay: 1".',
  name: 'Give the collection a name, e.g. name: users-service.',
  target: 'Give the connection a target URL, e.g. target: tcp://127.0.0.1:3001.',
};

/**
 * Hidden files and folders (`.patchbay/`, `.git/`, editors' and our own temp files) and
 * node_modules are never part of a collection.
 */
export function isSkippedName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** Numbers in names compare as numbers (2-login before 10-logout), the same on every machine. */
export function compareFileNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A request file's path relative to the root, `/`-separated, or why it cannot be one. */
export function requestFilePath(relativePath: string): Result<string> {
  const normalized = normalize(relativePath).split(sep).join('/');
  const segments = normalized.split('/');
  const example = 'Use a path inside the collection such as users/get-user.yaml.';
  if (isAbsolute(relativePath) || segments.includes('..') || normalized === '.' || normalized === '') {
    return fail('invalid-path', `"${relativePath}" is not inside the collection. ${example}`);
  }
  const fileName = segments[segments.length - 1] ?? '';
  if (!(REQUEST_FILE_EXTENSIONS as readonly string[]).includes(extname(fileName).toLowerCase())) {
    return fail('invalid-path', `"${relativePath}" does not end in ${REQUEST_FILE_EXTENSIONS.join(', ')}, so Patchbay would not read it as a request. ${example}`);
  }
  if (segments.some(isSkippedName) || segments[0] === ENVIRONMENTS_FOLDER || segments[0] === LOCAL_FOLDER) {
    return fail('invalid-path', `"${relativePath}" is in a folder Patchbay does not read requests from (${ENVIRONMENTS_FOLDER}/, hidden folders, node_modules). ${example}`);
  }
  if (normalized === COLLECTION_MANIFEST_FILE || fileName === FOLDER_FILE) {
    return fail('invalid-path', `"${relativePath}" is reserved for the collection's own settings. ${example}`);
  }
  if (isSagaFileName(fileName)) {
    return fail('invalid-path', `"${relativePath}" ends in .saga${extname(fileName)}, which marks a saga, not a request. Name the request without ".saga", e.g. users/get-user.yaml.`);
  }
  return ok(normalized);
}

/** Environment names become file names: keep them portable. */
export function environmentFileName(name: string): Result<string> {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) || name.length > 100) {
    return fail('invalid-name', `"${name}" cannot name an environment: use letters, digits, _, . and -, e.g. local or staging.`);
  }
  return ok(`${name}.yaml`);
}
