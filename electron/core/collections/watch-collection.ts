// Live reload: edits by git, an editor or another Patchbay window reach the UI without a restart.
import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';
import { isAtomicWriteTempFile } from './atomic-write';
import { isSkippedName } from './collection-layout';

const DEBOUNCE_MS = 50;

/**
 * Calls `onChange` with the changed paths (relative, `/`-separated, sorted) once a burst of
 * changes has been quiet for ~50 ms: a git checkout touching 40 files is one reload, not 40.
 * Hidden paths (`.patchbay/`, `.git/`, editors' swap files) and our own temp files are ignored.
 * A path may be a folder or a deleted file: callers reload the collection rather than trust it.
 * The root must exist (load the collection first). Returns the function that stops watching.
 */
export function watchCollection(root: string, onChange: (changedPaths: string[]) => void): () => void {
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
  // Node 20+ watches recursively on Linux too (it adds a watcher per folder, new folders included).
  const watcher: FSWatcher = watch(root, { recursive: true, persistent: false }, (_event, fileName) => {
    if (closed || fileName === null) return;
    const relativePath = fileName.toString().split(/[\\/]/).join('/');
    const segments = relativePath.split('/');
    if (segments.some(isSkippedName) || isAtomicWriteTempFile(relativePath)) return;
    pending.add(relativePath);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  });
  // The root was removed or became unreadable: stop quietly; the next load reports why.
  watcher.on('error', () => stop());
  function stop(): void {
    if (closed) return;
    closed = true;
    if (timer) clearTimeout(timer);
    watcher.close();
  }
  return stop;
}
