// The tree of an open collection: folders and request files created, moved, duplicated and
// deleted. Every path is relative to the collection and checked to stay inside it, out of the
// places Patchbay keeps for itself (the manifest, environments/, hidden folders); nothing is
// ever replaced.
import { randomBytes } from 'node:crypto';
import { cp, lstat, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, posix, resolve, sep } from 'node:path';
import { COLLECTION_MANIFEST_FILE, ENVIRONMENTS_FOLDER, requestFileSchema } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { moveDurably, syncFolder, writeFileAtomically } from './atomic-write';
import { isSkippedName, requestFilePath } from './collection-layout';
import { deleteRequestFile, ioFailure, moveRequestFile, requestTextFor } from './collection-writes';
import { formatOfPath } from './file-text';
import { parseYamlFile } from './yaml-source';

const EXAMPLE = 'Give a path relative to the collection folder, e.g. users or users/get-user.yaml.';
/** Copies are named `x copy`, `x copy 2`, … up to this. */
const MAX_COPIES = 1_000;

/** A request file's or folder's path, normalized (`/`, no trailing slash), or why it is not one Patchbay may touch. */
export function itemPath(relativePath: string): Result<string> {
  const slashed = relativePath.replace(/\\/g, '/');
  if (isAbsolute(relativePath) || posix.isAbsolute(slashed) || /^[A-Za-z]:/.test(slashed)) {
    return fail('outside-collection', `"${relativePath}" is an absolute path. ${EXAMPLE}`);
  }
  // Refused even when it would come back inside: a path names one place, plainly.
  if (slashed.split('/').includes('..')) return fail('outside-collection', `"${relativePath}" uses "..", which could lead outside the collection. ${EXAMPLE}`);
  const normalized = posix.normalize(slashed).replace(/\/+$/, '');
  const segments = normalized.split('/');
  if (normalized === '' || normalized === '.') return fail('invalid-path', `That is the collection's own folder, not an item in it. ${EXAMPLE}`);
  if (segments.some(isSkippedName)) {
    return fail('reserved-path', `"${relativePath}" is hidden or in node_modules: Patchbay keeps its local files there (.patchbay/) and reads no requests from such folders. ${EXAMPLE}`);
  }
  if (segments[0] === ENVIRONMENTS_FOLDER) return fail('reserved-path', `"${relativePath}" is in ${ENVIRONMENTS_FOLDER}/, which holds environments, not requests: change environments in the environment view.`);
  if (normalized === COLLECTION_MANIFEST_FILE) return fail('reserved-path', `${COLLECTION_MANIFEST_FILE} is the collection's manifest: change it in the collection's settings; it cannot be moved, copied or deleted.`);
  return ok(normalized);
}

export async function createFolder(root: string, relativePath: string): Promise<Result<{ path: string }>> {
  const path = itemPath(relativePath);
  if (!path.ok) return path;
  const absolute = inside(root, path.value);
  if (await kindOf(absolute)) return fail('already-exists', `${path.value} already exists. Choose another name.`);
  try {
    await mkdir(dirname(absolute), { recursive: true });
    await mkdir(absolute);
  } catch (error) {
    return ioFailure(error, path.value, 'create');
  }
  await syncFolder(dirname(absolute));
  return ok({ path: path.value });
}

/** Renames or moves a request file or a folder (parents created as needed); never replaces anything. */
export async function moveItem(root: string, fromPath: string, toPath: string): Promise<Result<{ path: string }>> {
  const from = itemPath(fromPath);
  if (!from.ok) return from;
  const to = itemPath(toPath);
  if (!to.ok) return to;
  const absoluteFrom = inside(root, from.value);
  const kind = await kindOf(absoluteFrom);
  if (!kind) return notFound(from.value);
  if (from.value === to.value) return ok({ path: to.value });
  if (kind === 'file') {
    const target = requestFilePath(to.value);
    if (!target.ok) return target;
    if (formatOfPath(from.value) !== formatOfPath(target.value)) {
      return fail('invalid-path', `Moving ${from.value} to ${target.value} would change its format between YAML and JSON. Keep the extension ${extname(from.value)}, or save the request under the new name instead.`);
    }
    return moveRequestFile(root, from.value, target.value);
  }
  if (to.value.startsWith(`${from.value}/`)) return fail('invalid-path', `The folder ${from.value} cannot move into itself (${to.value}). Choose a place outside it.`);
  const absoluteTo = inside(root, to.value);
  if (await kindOf(absoluteTo)) return fail('already-exists', `${to.value} already exists. Choose another name, or move or delete that one first.`);
  try {
    await moveDurably(absoluteFrom, absoluteTo);
  } catch (error) {
    return ioFailure(error, from.value, 'move');
  }
  return ok({ path: to.value });
}

/**
 * Copies a request file or a folder next to it as `name copy`, `name copy 2`, …. A copied
 * request whose file has a `name:` gets the same suffix there, so the two stay apart in runs.
 */
export async function duplicateItem(root: string, relativePath: string): Promise<Result<{ path: string }>> {
  const path = itemPath(relativePath);
  if (!path.ok) return path;
  const absolute = inside(root, path.value);
  const kind = await kindOf(absolute);
  if (!kind) return notFound(path.value);
  if (kind === 'file') {
    const request = requestFilePath(path.value);
    if (!request.ok) return request;
  }
  const extension = kind === 'file' ? extname(path.value) : '';
  const stem = basename(path.value, extension);
  const folder = posix.dirname(path.value);
  let copy: { path: string; suffix: string } | undefined;
  for (let number = 1; number <= MAX_COPIES && !copy; number++) {
    const suffix = number === 1 ? ' copy' : ` copy ${number}`;
    const candidate = `${folder === '.' ? '' : `${folder}/`}${stem}${suffix}${extension}`;
    if (!(await kindOf(inside(root, candidate)))) copy = { path: candidate, suffix };
  }
  if (!copy) return fail('already-exists', `${path.value} already has ${MAX_COPIES} copies. Delete or rename some first.`);
  const absoluteCopy = inside(root, copy.path);
  try {
    if (kind === 'file') await writeFileAtomically(absoluteCopy, await copiedRequestText(absolute, copy.path, copy.suffix));
    else await copyFolder(absolute, absoluteCopy);
  } catch (error) {
    return ioFailure(error, path.value, 'copy');
  }
  return ok({ path: copy.path });
}

/** Deletes a request file, or a folder with everything in it. */
export async function deleteItem(root: string, relativePath: string): Promise<Result<null>> {
  const path = itemPath(relativePath);
  if (!path.ok) return path;
  const absolute = inside(root, path.value);
  const kind = await kindOf(absolute);
  if (!kind) return notFound(path.value);
  if (kind === 'file') {
    const deleted = await deleteRequestFile(root, path.value);
    return deleted.ok ? ok(null) : deleted;
  }
  try {
    await rm(absolute, { recursive: true });
  } catch (error) {
    return ioFailure(error, path.value, 'delete');
  }
  await syncFolder(dirname(absolute));
  return ok(null);
}

/** The file's bytes, with `name: <name><suffix>` when it has a name; a file that cannot be read is copied as it is. */
async function copiedRequestText(absolute: string, copyPath: string, suffix: string): Promise<string> {
  const text = await readFile(absolute, 'utf8');
  const parsed = parseYamlFile(text, copyPath, requestFileSchema);
  if (!parsed.ok || parsed.value.name === undefined) return text;
  const renamed = requestTextFor(text, copyPath, { ...parsed.value, name: `${parsed.value.name}${suffix}` });
  return renamed.ok && renamed.value !== undefined ? renamed.value : text;
}

/** Copied under a hidden temp name the watcher ignores, then renamed: the copy appears whole or not at all. */
async function copyFolder(from: string, to: string): Promise<void> {
  const temp = join(dirname(to), `.${basename(to)}.patchbay-tmp-${randomBytes(6).toString('hex')}`);
  try {
    await cp(from, temp, { recursive: true, errorOnExist: true, force: false });
    await rename(temp, to);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await syncFolder(dirname(to));
}

/** The absolute path of a checked relative path; throws if it would leave the root, which itemPath rules out. */
function inside(root: string, relativePath: string): string {
  const absoluteRoot = resolve(root);
  const absolute = resolve(absoluteRoot, relativePath);
  if (!absolute.startsWith(`${absoluteRoot}${sep}`)) throw new Error(`${relativePath} is outside ${absoluteRoot}`);
  return absolute;
}

async function kindOf(absolute: string): Promise<'file' | 'folder' | undefined> {
  const stats = await lstat(absolute).catch(() => undefined);
  if (stats?.isDirectory()) return 'folder';
  if (stats?.isFile()) return 'file';
  return undefined;
}

function notFound(path: string): Result<never> {
  return fail('not-found', `${path} does not exist. Reload the collection to see its current files.`);
}
