// Loads a collection from its folder: the manifest, the environments and every request in run
// order. One unreadable file never hides the others: it becomes a FileProblem pointing at the
// line to fix, and the rest of the collection still loads.
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { z } from 'zod';
import type { CollectionManifest, CollectionRequest, CollectionSaga, Environment, FileProblem, LoadedCollection, RequestFile } from '../../../shared/collection';
import { COLLECTION_MANIFEST_FILE, collectionManifestSchema, ENVIRONMENTS_FOLDER, environmentSchema, REQUEST_FILE_EXTENSIONS, requestFileSchema } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { isSagaFileName, sagaNameOfFile } from '../../../shared/saga';
import { compareFileNames, FOLDER_FILE, folderFileSchema, isSkippedName, MANIFEST_HINTS, REQUEST_HINTS } from './collection-layout';
import type { ParsedFile } from './yaml-source';
import { formatFileProblem, parseYamlFile, problemAt } from './yaml-source';

export async function loadCollection(root: string): Promise<Result<LoadedCollection>> {
  const absoluteRoot = resolve(root);
  const rootStat = await stat(absoluteRoot).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    const what = rootStat ? 'is a file, not a folder' : 'does not exist';
    return fail('not-found', `${absoluteRoot} ${what}. Check the path, or create a collection there: a folder with a ${COLLECTION_MANIFEST_FILE} holding "patchbay: 1" and "name: <collection name>".`);
  }
  const manifestText = await readFile(join(absoluteRoot, COLLECTION_MANIFEST_FILE), 'utf8').catch(() => undefined);
  if (manifestText === undefined) {
    return fail('no-manifest', `${absoluteRoot} has no ${COLLECTION_MANIFEST_FILE}, so it is not a Patchbay collection. Point at the collection's folder, or create the file with "patchbay: 1" and "name: <collection name>".`);
  }
  const manifest = parseYamlFile(manifestText, COLLECTION_MANIFEST_FILE, collectionManifestSchema, MANIFEST_HINTS);
  if (!manifest.ok) return fail('invalid-manifest', manifest.problems.map(formatFileProblem).join('\n'), { problems: manifest.problems });

  const problems: FileProblem[] = [];
  const environments = await loadEnvironments(absoluteRoot, problems);
  const tree = await loadFolder(absoluteRoot, [], problems);
  const requests = checkRequests(flatten(tree), manifest.value, problems);
  const sagas = flattenSagas(tree);
  // Folders are read in parallel: sort so the same files always give the same list.
  problems.sort((a, b) => compareFileNames(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return ok({ root: absoluteRoot, manifest: manifest.value, requests, environments, problems, ...(sagas.length > 0 ? { sagas } : {}) });
}

type LoadedRequest = CollectionRequest & { parsed: ParsedFile<RequestFile> & { ok: true } };
type FolderEntry = { name: string; order: number | undefined } & (
  | { kind: 'request'; request: LoadedRequest }
  | { kind: 'saga'; saga: CollectionSaga }
  | { kind: 'folder'; entries: FolderEntry[] }
);

async function loadEnvironments(root: string, problems: FileProblem[]): Promise<Record<string, Environment>> {
  const environments: Record<string, Environment> = {};
  const entries = await readdir(join(root, ENVIRONMENTS_FOLDER), { withFileTypes: true }).catch(() => [] as Dirent[]);
  const files = entries.filter((entry) => entry.isFile() && !isSkippedName(entry.name) && isCollectionFile(entry.name)).map((entry) => entry.name);
  files.sort(compareFileNames);
  const firstFileOf = new Map<string, string>();
  for (const file of files) {
    const relativePath = `${ENVIRONMENTS_FOLDER}/${file}`;
    const name = file.slice(0, -extname(file).length);
    const first = firstFileOf.get(name);
    if (first !== undefined) {
      problems.push({ path: relativePath, line: 1, column: 1, message: `Environment "${name}" is also defined by ${first}. Keep one of the two files.` });
      continue;
    }
    firstFileOf.set(name, relativePath);
    const parsed = await readAndParse(root, relativePath, environmentSchema, {});
    if (parsed.ok) environments[name] = parsed.value;
    else problems.push(...parsed.problems);
  }
  return environments;
}

async function loadFolder(root: string, folder: string[], problems: FileProblem[]): Promise<FolderEntry[]> {
  const entries = await readdir(join(root, ...folder), { withFileTypes: true }).catch((error: Error) => {
    problems.push({ path: folder.join('/'), message: `Cannot read this folder: ${error.message}. Check its permissions.` });
    return [] as Dirent[];
  });
  const loaded = await Promise.all(
    entries.map(async (entry): Promise<FolderEntry | undefined> => {
      if (isSkippedName(entry.name)) return undefined;
      if (entry.isDirectory()) {
        if (folder.length === 0 && entry.name === ENVIRONMENTS_FOLDER) return undefined;
        const path = [...folder, entry.name];
        const [entries, order] = await Promise.all([loadFolder(root, path, problems), folderOrder(root, path, problems)]);
        return { kind: 'folder', name: entry.name, order, entries };
      }
      if (!entry.isFile() || !isCollectionFile(entry.name) || entry.name === FOLDER_FILE) return undefined;
      if (folder.length === 0 && entry.name === COLLECTION_MANIFEST_FILE) return undefined;
      const relativePath = [...folder, entry.name].join('/');
      // Saga files are listed, not parsed: they are read (and their problems shown) when run.
      if (isSagaFileName(entry.name)) return { kind: 'saga', name: entry.name, order: undefined, saga: { path: relativePath, name: sagaNameOfFile(entry.name) } };
      const parsed = await readAndParse(root, relativePath, requestFileSchema, REQUEST_HINTS);
      if (!parsed.ok) {
        problems.push(...parsed.problems);
        return undefined;
      }
      const request = parsed.value;
      const name = request.name ?? entry.name.slice(0, -extname(entry.name).length);
      return { kind: 'request', name: entry.name, order: request.order, request: { path: relativePath, folder, name, request, parsed } };
    }),
  );
  return loaded.filter((entry) => entry !== undefined).sort(compareEntries);
}

async function folderOrder(root: string, folder: string[], problems: FileProblem[]): Promise<number | undefined> {
  const relativePath = [...folder, FOLDER_FILE].join('/');
  const text = await readFile(join(root, relativePath), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = parseYamlFile(text, relativePath, folderFileSchema);
  if (parsed.ok) return parsed.value.order;
  problems.push(...parsed.problems);
  return undefined;
}

/** `order` first (lowest first, then those without one), then the file or folder name. */
function compareEntries(a: FolderEntry, b: FolderEntry): number {
  if (a.order !== b.order) {
    if (a.order === undefined) return 1;
    if (b.order === undefined) return -1;
    return a.order - b.order;
  }
  return compareFileNames(a.name, b.name);
}

function flatten(entries: FolderEntry[]): LoadedRequest[] {
  return entries.flatMap((entry) => (entry.kind === 'request' ? [entry.request] : entry.kind === 'folder' ? flatten(entry.entries) : []));
}

function flattenSagas(entries: FolderEntry[]): CollectionSaga[] {
  return entries.flatMap((entry) => (entry.kind === 'saga' ? [entry.saga] : entry.kind === 'folder' ? flattenSagas(entry.entries) : []));
}

/** What the schema cannot see: the connection exists, and no two requests of a folder share a name. */
function checkRequests(loaded: LoadedRequest[], manifest: CollectionManifest, problems: FileProblem[]): CollectionRequest[] {
  const connections = Object.keys(manifest.connections);
  const pathOfName = new Map<string, string>();
  const requests: CollectionRequest[] = [];
  for (const { parsed, ...request } of loaded) {
    if (!Object.hasOwn(manifest.connections, request.request.connection)) {
      const known = connections.length ? `The manifest has: ${connections.join(', ')}` : 'The manifest has none yet';
      problems.push(problemAt(parsed, request.path, ['connection'], `Unknown connection "${request.request.connection}". ${known}. Fix the name, or add it under connections: in ${COLLECTION_MANIFEST_FILE}.`));
      continue;
    }
    const key = JSON.stringify([request.folder, request.name]);
    const other = pathOfName.get(key);
    if (other !== undefined) {
      problems.push(problemAt(parsed, request.path, ['name'], `Another request in this folder is also named "${request.name}" (${other}). Rename one: run reports tell requests apart by name.`));
      continue;
    }
    pathOfName.set(key, request.path);
    requests.push(request);
  }
  return requests;
}

async function readAndParse<T>(root: string, relativePath: string, schema: z.ZodType<T>, hints: Record<string, string>): Promise<ParsedFile<T>> {
  let text: string;
  try {
    text = await readFile(join(root, relativePath), 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ path: relativePath, message: `Cannot read this file: ${(error as Error).message}. Check its permissions.` }] };
  }
  return parseYamlFile(text, relativePath, schema, hints) as ParsedFile<T>;
}

function isCollectionFile(name: string): boolean {
  return (REQUEST_FILE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}
