// Live reload: edits by git, an editor or another Patchbay window reach the UI without a restart.
import type { Dirent, FSWatcher } from 'node:fs';
import { readdirSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { isAtomicWriteTempFile } from './atomic-write';
import { isSkippedName } from './collection-layout';

const DEBOUNCE_MS = 50;

/** Where fs.watch's recursive mode follows files that are replaced by rename (macOS FSEvents, Windows). */
const NATIVE_RECURSIVE = process.platform === 'darwin' || process.platform === 'win32';

/**
 * Calls `onChange` with the changed paths (relative, `/`-separated, sorted) once a burst of
 * changes has been quiet for ~50 ms: a git checkout touching 40 files is one reload, not 40.
 * Hidden paths (`.patchbay/`, `.git/`, editors' swap files) and our own temp files are ignored.
 * A path may be a folder or a deleted file: callers reload the collection rather than trust it.
 * The root must exist (load the collection first). Returns the function that stops watching.
 * `hiddenPaths` are reported all the same (the local secrets file: its values change which
 * secrets are missing).
 */
export function watchCollection(root: string, onChange: (changedPaths: string[]) => void, hiddenPaths: readonly string[] = []): () => void {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const flush = () => {
    timer = undefined;
    if (closed || pending.size === 0) return;
    const changedPaths = [...pending].sort();
    pending.clear();
    onChange(changedPaths);
  };
  const report = (relativePath: string) => {
    const segments = relativePath.split('/');
    if ((segments.some(isSkippedName) && !hiddenPaths.includes(relativePath)) || isAtomicWriteTempFile(relativePath)) return;
    pending.add(relativePath);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  };
  const stopWatching = NATIVE_RECURSIVE ? watchRecursively(root, report, () => stop()) : watchEachFolder(root, report, hiddenPaths, () => stop());
  function stop(): void {
    if (closed) return;
    closed = true;
    if (timer) clearTimeout(timer);
    stopWatching();
  }
  return stop;
}

type Report = (relativePath: string) => void;

function watchRecursively(root: string, report: Report, onRootGone: () => void): () => void {
  let closed = false;
  const watcher: FSWatcher = watch(root, { recursive: true, persistent: false }, (_event, fileName) => {
    if (!closed && fileName !== null) report(fileName.toString().split(/[\\/]/).join('/'));
  });
  // The root was removed or became unreadable: stop quietly; the next load reports why.
  watcher.on('error', onRootGone);
  return () => {
    closed = true;
    watcher.close();
  };
}

/**
 * One watcher per folder. Node's recursive mode on Linux watches each file by its inode, so a
 * file replaced by rename (every atomic write: ours, editors', git's) goes unwatched from then
 * on; a folder's own watcher sees every change to the names in it. Folders that appear get
 * watchers, folders that go lose theirs.
 */
function watchEachFolder(root: string, report: Report, hiddenPaths: readonly string[], onRootGone: () => void): () => void {
  const watchers = new Map<string, FSWatcher>();
  let closed = false;
  const child = (folder: string, name: string) => (folder === '' ? name : `${folder}/${name}`);
  // Hidden folders are skipped, except those on the way to a hidden path that is reported.
  const watched = (folder: string) => !folder.split('/').some(isSkippedName) || hiddenPaths.some((path) => path.startsWith(`${folder}/`));

  const add = (folder: string) => {
    if (closed || watchers.has(folder) || (folder !== '' && !watched(folder))) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(join(root, folder), { persistent: false }, (event, name) => {
        if (closed || name === null) return;
        const path = child(folder, name.toString());
        // Created, deleted or moved: a folder gets or loses its watchers.
        if (event === 'rename') {
          if (statSync(join(root, path), { throwIfNoEntry: false })?.isDirectory()) add(path);
          else remove(path);
        }
        report(path);
      });
    } catch {
      // Gone between listing and watching: its parent reports it.
      return;
    }
    watcher.on('error', () => (folder === '' ? onRootGone() : remove(folder)));
    watchers.set(folder, watcher);
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(join(root, folder), { withFileTypes: true });
    } catch {
      // Unreadable: the next load reports it.
    }
    for (const entry of entries) if (entry.isDirectory()) add(child(folder, entry.name));
  };
  const remove = (folder: string) => {
    for (const [path, watcher] of watchers) {
      if (path !== folder && !path.startsWith(`${folder}/`)) continue;
      watcher.close();
      watchers.delete(path);
    }
  };

  add('');
  return () => {
    closed = true;
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}
