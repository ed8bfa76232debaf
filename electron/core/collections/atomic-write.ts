// Writes that never leave a half-written file: the text goes to a temp file in the same folder
// (same file system, so the rename is atomic), is flushed to disk, then renamed over the target.
// A crash leaves either the old file or the new one, plus at worst a hidden temp file.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_MARKER = '.patchbay-tmp-';

/** Our temp files, `.<name>.patchbay-tmp-<random>`: the watcher ignores them. */
export function isAtomicWriteTempFile(fileName: string): boolean {
  return basename(fileName).includes(TEMP_MARKER);
}

/** Throws on I/O errors (disk full, permissions): callers turn them into Results. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const tempPath = join(folder, `.${basename(path)}${TEMP_MARKER}${randomBytes(6).toString('hex')}`);
  // Keep the mode of the file being replaced (an executable bit, a group-writable checkout).
  const mode = (await stat(path).catch(() => undefined))?.mode;
  const handle = await open(tempPath, 'wx', mode === undefined ? 0o666 : mode & 0o7777);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(tempPath, path);
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
  await syncFolder(folder);
}

/** Makes the rename itself durable. Not possible on every platform (Windows), hence best effort. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** Moves a file or folder (making its new parent folders) and makes the move durable in both folders. */
export async function moveDurably(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  await rename(from, to);
  await syncFolder(dirname(from));
  await syncFolder(dirname(to));
}
