// Steps the run and history end-to-end tests share: a throwaway copy of the sample collection
// (fixtures/collections/users-service) pointed at a Nest service, opened the way a user does, and
// a look at every file in it.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './patchbay-test';

const sample = fileURLToPath(new URL('../../fixtures/collections/users-service', import.meta.url));
const usersProto = fileURLToPath(new URL('../../fixtures/nest/app/proto/users.proto', import.meta.url));

export type TempCollection = { root: string; remove(): Promise<void> };

/**
 * The sample collection's TCP requests against `tcp`, in a temporary folder. Its gRPC folder goes
 * (no gRPC service runs here) unless `keepGrpc`, for tests that only read and write its files.
 * `files` are written over it, relative to its root.
 */
export async function copySampleCollection(tcp: { host: string; port: number }, files: Record<string, string> = {}, { keepGrpc = false } = {}): Promise<TempCollection> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-e2e-collection-'));
  const root = join(dir, 'users-service');
  await cp(sample, root, { recursive: true });
  if (!keepGrpc) await rm(join(root, 'grpc'), { recursive: true });
  const grpc = keepGrpc ? `  grpcPort: 5000\n  usersProto: ${usersProto}\n` : '';
  await writeFile(join(root, 'environments/local.yaml'), `variables:\n  host: ${tcp.host}\n  tcpPort: ${tcp.port}\n${grpc}`);
  for (const [path, text] of Object.entries(files)) await writeFile(join(root, path), text);
  return { root, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Call at the top of a test file. Gives a function that hands back the collection it is given
 * and removes it after the test that made it, passed or failed.
 */
export function useRemoveAfterTest(): (collection: TempCollection) => TempCollection {
  let made: TempCollection[] = [];
  test.afterEach(async () => {
    await Promise.all(made.map((collection) => collection.remove()));
    made = [];
  });
  return (collection) => {
    made.push(collection);
    return collection;
  };
}

/** Add collection → Open collection…, the folder typed in; waits for it in the sidebar. */
export async function openCollectionInApp(page: Page, root: string, name = 'users-service') {
  await page.getByRole('button', { name: 'Add collection' }).click();
  await page.getByRole('menuitem', { name: 'Open collection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open collection' });
  await dialog.getByLabel('Folder', { exact: true }).fill(root);
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
}

/** Every file under `root` (paths relative to it, with `/`) and its exact bytes; `skip` leaves folders out. */
export async function filesUnder(root: string, skip: readonly string[] = []): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(root, join(entry.parentPath, entry.name)).split('\\').join('/');
    if (skip.some((folder) => path === folder || path.startsWith(`${folder}/`))) continue;
    files[path] = await readFile(join(root, path));
  }
  return files;
}
