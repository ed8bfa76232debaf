// The folders of a collection that may hold requests, empty ones included (the loader only sees
// folders through their requests), in the order a tree shows them.
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ENVIRONMENTS_FOLDER } from '../../../shared/collection';
import { compareFileNames, FOLDER_FILE, folderFileSchema, isSkippedName } from './collection-layout';
import { parseYamlFile } from './yaml-source';

/**
 * Relative paths with `/` (`users`, `users/admin`), each folder before the folders in it;
 * siblings by their `_folder.yaml` order, then by name, as the runner orders them. Hidden
 * folders, node_modules and `environments/` are left out. A `_folder.yaml` that cannot be read
 * counts as no order (the loader reports it).
 */
export async function listFolders(root: string): Promise<string[]> {
  const folders: string[] = [];
  const visit = async (folder: string[]) => {
    const entries = await readdir(join(root, ...folder), { withFileTypes: true }).catch(() => [] as Dirent[]);
    const children = entries.filter((entry) => entry.isDirectory() && !isSkippedName(entry.name) && !(folder.length === 0 && entry.name === ENVIRONMENTS_FOLDER));
    const ordered = await Promise.all(children.map(async (entry) => ({ name: entry.name, order: await folderOrder(root, [...folder, entry.name]) })));
    ordered.sort((a, b) => {
      if (a.order !== b.order) {
        if (a.order === undefined) return 1;
        if (b.order === undefined) return -1;
        return a.order - b.order;
      }
      return compareFileNames(a.name, b.name);
    });
    for (const child of ordered) {
      folders.push([...folder, child.name].join('/'));
      await visit([...folder, child.name]);
    }
  };
  await visit([]);
  return folders;
}

async function folderOrder(root: string, folder: string[]): Promise<number | undefined> {
  const relativePath = [...folder, FOLDER_FILE].join('/');
  const text = await readFile(join(root, relativePath), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = parseYamlFile(text, relativePath, folderFileSchema);
  return parsed.ok ? parsed.value.order : undefined;
}
