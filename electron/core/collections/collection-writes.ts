// Every change Patchbay makes to a collection's files. Each write is atomic (atomic-write.ts) and
// refuses to replace a file that does not currently parse or fit its schema: that file holds a
// person's unfinished edit, and overwriting it would lose their work. A file whose value did not
// change is not written at all, and a changed YAML file is edited in place (yaml-edit.ts), so a
// hand-written file keeps its comments and style wherever the user changed nothing.
import { mkdir, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import type { CollectionManifest, Environment, RequestFile } from '../../../shared/collection';
import { COLLECTION_MANIFEST_FILE, collectionManifestSchema, ENVIRONMENTS_FOLDER, environmentSchema, LOCAL_FOLDER, requestFileSchema } from '../../../shared/collection';
import { jsonEquals } from '../../../shared/json-path';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { moveDurably, syncFolder, writeFileAtomically } from './atomic-write';
import { environmentFileName, requestFilePath } from './collection-layout';
import type { FileFormat } from './file-text';
import { environmentFileFields, formatOfPath, jsonText, manifestFileFields, manifestFileText, REQUEST_FLOW_KEYS, requestFileFields, yamlText } from './file-text';
import { editYamlText } from './yaml-edit';
import { formatFileProblem, parseYamlFile } from './yaml-source';

export type WrittenFile = { /** Relative to the root, with `/`. */ path: string; /** False when the file already held this value: its bytes were left alone. */ changed: boolean };

/** What to write: the checked value, its canonical top-level fields, and which of them go on one line. */
type FileValue<T> = { schema: z.ZodType<T>; value: T; fields: Record<string, unknown>; flowKeys: string[] };

/** Writes one request; `relativePath` decides YAML or JSON by its extension. */
export async function writeRequestFile(root: string, relativePath: string, request: RequestFile): Promise<Result<WrittenFile>> {
  const path = requestFilePath(relativePath);
  if (!path.ok) return path;
  const checked = checkValue(requestFileSchema, request, 'request');
  if (!checked.ok) return checked;
  return writeValue(root, path.value, { schema: requestFileSchema, value: checked.value, fields: requestFileFields(checked.value), flowKeys: REQUEST_FLOW_KEYS });
}

/** Writes `environments/<name>.yaml`, or the .yml/.json file that already defines it. */
export async function writeEnvironment(root: string, name: string, environment: Environment): Promise<Result<WrittenFile>> {
  const fileName = environmentFileName(name);
  if (!fileName.ok) return fileName;
  const checked = checkValue(environmentSchema, environment, 'environment');
  if (!checked.ok) return checked;
  let path = `${ENVIRONMENTS_FOLDER}/${fileName.value}`;
  for (const extension of ['.yml', '.json']) {
    const existing = `${ENVIRONMENTS_FOLDER}/${name}${extension}`;
    if (await exists(join(root, existing))) path = existing;
  }
  return writeValue(root, path, { schema: environmentSchema, value: checked.value, fields: environmentFileFields(checked.value), flowKeys: [] });
}

export async function writeManifest(root: string, manifest: CollectionManifest): Promise<Result<WrittenFile>> {
  const checked = checkValue(collectionManifestSchema, manifest, 'manifest');
  if (!checked.ok) return checked;
  return writeValue(root, COLLECTION_MANIFEST_FILE, { schema: collectionManifestSchema, value: checked.value, fields: manifestFileFields(checked.value), flowKeys: [] });
}

export async function deleteRequestFile(root: string, relativePath: string): Promise<Result<{ path: string }>> {
  const path = requestFilePath(relativePath);
  if (!path.ok) return path;
  const absolutePath = join(resolve(root), path.value);
  try {
    await unlink(absolutePath);
  } catch (error) {
    return ioFailure(error, path.value, 'delete');
  }
  await syncFolder(dirname(absolutePath));
  return ok({ path: path.value });
}

/** Renames a request or moves it to another folder (created if needed); never replaces a file. */
export async function moveRequestFile(root: string, fromPath: string, toPath: string): Promise<Result<{ path: string }>> {
  const from = requestFilePath(fromPath);
  if (!from.ok) return from;
  const to = requestFilePath(toPath);
  if (!to.ok) return to;
  const absoluteFrom = join(resolve(root), from.value);
  const absoluteTo = join(resolve(root), to.value);
  if (!(await exists(absoluteFrom))) return fail('not-found', `${from.value} does not exist, so it cannot be moved. Reload the collection to see its current files.`);
  if (await exists(absoluteTo)) return fail('already-exists', `${to.value} already exists. Choose another name, or delete that request first.`);
  try {
    await moveDurably(absoluteFrom, absoluteTo);
  } catch (error) {
    return ioFailure(error, from.value, 'move');
  }
  return ok({ path: to.value });
}

/** A new collection: the manifest, an `environments/` folder and a .gitignore that keeps `.patchbay/` local. */
export async function createCollection(root: string, name: string): Promise<Result<{ root: string }>> {
  const absoluteRoot = resolve(root);
  if (await exists(join(absoluteRoot, COLLECTION_MANIFEST_FILE))) {
    return fail('already-exists', `${absoluteRoot} already holds a collection (${COLLECTION_MANIFEST_FILE}). Open it, or choose another folder.`);
  }
  const manifest = checkValue(collectionManifestSchema, { patchbay: 1, name, connections: {} }, 'manifest');
  if (!manifest.ok) return manifest;
  try {
    await mkdir(join(absoluteRoot, ENVIRONMENTS_FOLDER), { recursive: true });
    await writeFileAtomically(join(absoluteRoot, COLLECTION_MANIFEST_FILE), manifestFileText(manifest.value));
    await ensureLocalFolderIgnored(absoluteRoot);
  } catch (error) {
    return ioFailure(error, absoluteRoot, 'create');
  }
  return ok({ root: absoluteRoot });
}

/** Adds `.patchbay/` to the collection's .gitignore unless a line already ignores it. Throws on I/O errors. */
export async function ensureLocalFolderIgnored(root: string): Promise<void> {
  const gitignorePath = join(root, '.gitignore');
  const gitignore = await readFile(gitignorePath, 'utf8').catch(() => '');
  const ignored = gitignore.split(/\r?\n/).some((line) => [LOCAL_FOLDER, `${LOCAL_FOLDER}/`, `/${LOCAL_FOLDER}`, `/${LOCAL_FOLDER}/`].includes(line.trim()));
  if (!ignored) await writeFileAtomically(gitignorePath, `${gitignore}${gitignore && !gitignore.endsWith('\n') ? '\n' : ''}${LOCAL_FOLDER}/\n`);
}

async function writeValue<T>(root: string, relativePath: string, file: FileValue<T>): Promise<Result<WrittenFile>> {
  const absolutePath = join(resolve(root), relativePath);
  const current = await readFile(absolutePath, 'utf8').catch(() => undefined);
  const text = fileTextFor(current, relativePath, file);
  if (!text.ok) return text;
  if (text.value === undefined) return ok({ path: relativePath, changed: false });
  try {
    await writeFileAtomically(absolutePath, text.value);
  } catch (error) {
    return ioFailure(error, relativePath, 'write');
  }
  return ok({ path: relativePath, changed: true });
}

/**
 * The text for a request file at `relativePath` that holds `current` (undefined: a new file):
 * undefined when it already holds this request, a failure when `current` cannot be read.
 */
export function requestTextFor(current: string | undefined, relativePath: string, request: RequestFile): Result<string | undefined> {
  return fileTextFor(current, relativePath, { schema: requestFileSchema, value: request, fields: requestFileFields(request), flowKeys: REQUEST_FLOW_KEYS });
}

function fileTextFor<T>(current: string | undefined, relativePath: string, file: FileValue<T>): Result<string | undefined> {
  const format = formatOfPath(relativePath);
  if (current === undefined) return ok(canonicalText(file, format));
  const parsed = parseQuietly(current, relativePath, file.schema);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    const where = first ? formatFileProblem(first) : relativePath;
    return fail('file-has-problems', `${where} Patchbay does not overwrite a file it cannot read: fix ${relativePath} in an editor first, then save again.`, { problems: parsed.problems });
  }
  if (jsonEquals(parsed.value, file.value)) return ok(undefined);
  if (format === 'yaml') {
    const edited = editYamlText(current, parsed.document, parsed.value, file.value, file.fields, file.flowKeys);
    if (edited !== undefined && readsBackAs(edited, relativePath, file)) return ok(edited);
  }
  return ok(canonicalText(file, format));
}

/** Only an edit that reads back as exactly the new value is kept: anchors and aliases, say, can break one. */
function readsBackAs<T>(text: string, relativePath: string, file: FileValue<T>): boolean {
  const check = parseQuietly(text, relativePath, file.schema);
  return check.ok && jsonEquals(check.value, file.value);
}

/** parseYamlFile, with the one error it throws (an alias used before its anchor) as a problem. */
function parseQuietly<T>(text: string, relativePath: string, schema: z.ZodType<T>): ReturnType<typeof parseYamlFile<z.ZodType<T>>> {
  try {
    return parseYamlFile(text, relativePath, schema);
  } catch (error) {
    return { ok: false, problems: [{ path: relativePath, message: `${(error as Error).message}. Define the anchor (&name) before its aliases (*name).` }] };
  }
}

function canonicalText(file: FileValue<unknown>, format: FileFormat): string {
  return format === 'json' ? jsonText(file.fields) : yamlText(file.fields, file.flowKeys);
}

function checkValue<T>(schema: z.ZodType<T>, value: unknown, what: string): Result<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  const issues = parsed.error.issues.map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  return fail(`invalid-${what}`, `This ${what} cannot be saved: ${issues.join('; ')}.`);
}

/** An I/O error as a Result that names the file and what to check. */
export function ioFailure(error: unknown, path: string, action: string): Result<never> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' && (action === 'delete' || action === 'move')) return fail('not-found', `${path} does not exist, so it cannot be ${action === 'delete' ? 'deleted' : 'moved'}. Reload the collection to see its current files.`);
  return fail(`${action}-failed`, `Cannot ${action} ${path}: ${(error as Error).message}. Check the folder's permissions and free disk space.`);
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
