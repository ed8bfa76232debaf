// A fresh temp folder per test, removed after it, with a helper to lay out files in it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export type TempFolder = {
  /** The folder of the running test. */
  readonly root: string;
  /** Writes each file (path relative to the root, folders made as needed). */
  files(entries: Record<string, string>): Promise<void>;
};

/** Call at the top of a test file (or describe block): each test gets its own empty folder. */
export function useTempFolder(prefix: string): TempFolder {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), `patchbay-${prefix}-`));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  return {
    get root() {
      return root;
    },
    async files(entries) {
      for (const [path, text] of Object.entries(entries)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), text);
      }
    },
  };
}
