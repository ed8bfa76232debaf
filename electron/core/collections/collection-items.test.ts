import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolder, deleteItem, duplicateItem, itemPath, moveItem } from './collection-items';
import { listFolders } from './collection-folders';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'patchbay-items-'));
  const files: Record<string, string> = {
    'patchbay-collection.yaml': 'patchbay: 1\nname: demo\nconnections:\n  tcp:\n    target: tcp://127.0.0.1:3001\n',
    'environments/local.yaml': 'variables: {}\n',
    'users/get-user.yaml': '# reads one\nname: get user\nconnection: tcp\npattern: users.get   # by id\n',
    'users/list.yaml': 'connection: tcp\npattern: users.list\n',
    'users/admin/_folder.yaml': 'order: 1\n',
    'users/admin/ban.json': '{"name": "ban", "connection": "tcp", "pattern": "users.ban"}',
    '.patchbay/secrets.yaml': 'local: {}\n',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const read = (path: string) => readFile(join(root, path), 'utf8');
async function allFiles(folder = root, prefix = ''): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? allFiles(join(folder, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`])));
  return nested.flat().sort();
}
const before = [
  '.patchbay/secrets.yaml',
  'environments/local.yaml',
  'patchbay-collection.yaml',
  'users/admin/_folder.yaml',
  'users/admin/ban.json',
  'users/get-user.yaml',
  'users/list.yaml',
];

describe('itemPath', () => {
  it('keeps every path inside the collection and out of the places Patchbay keeps for itself', () => {
    expect(itemPath('users\\admin/')).toEqual({ ok: true, value: 'users/admin' });
    expect(itemPath('./users//list.yaml')).toEqual({ ok: true, value: 'users/list.yaml' });
    expect(itemPath('users/../../elsewhere')).toEqual({
      ok: false,
      error: { code: 'outside-collection', message: '"users/../../elsewhere" uses "..", which could lead outside the collection. Give a path relative to the collection folder, e.g. users or users/get-user.yaml.' },
    });
    expect(itemPath('users/../orders')).toMatchObject({ ok: false, error: { code: 'outside-collection' } });
    expect(itemPath('/etc/passwd')).toEqual({ ok: false, error: { code: 'outside-collection', message: '"/etc/passwd" is an absolute path. Give a path relative to the collection folder, e.g. users or users/get-user.yaml.' } });
    expect(itemPath('.')).toEqual({ ok: false, error: { code: 'invalid-path', message: "That is the collection's own folder, not an item in it. Give a path relative to the collection folder, e.g. users or users/get-user.yaml." } });
    expect(itemPath('.patchbay/secrets.yaml')).toEqual({
      ok: false,
      error: { code: 'reserved-path', message: '".patchbay/secrets.yaml" is hidden or in node_modules: Patchbay keeps its local files there (.patchbay/) and reads no requests from such folders. Give a path relative to the collection folder, e.g. users or users/get-user.yaml.' },
    });
    expect(itemPath('environments')).toEqual({ ok: false, error: { code: 'reserved-path', message: '"environments" is in environments/, which holds environments, not requests: change environments in the environment view.' } });
    expect(itemPath('patchbay-collection.yaml')).toEqual({
      ok: false,
      error: { code: 'reserved-path', message: "patchbay-collection.yaml is the collection's manifest: change it in the collection's settings; it cannot be moved, copied or deleted." },
    });
  });
});

describe('createFolder', () => {
  it('creates a folder (and its parents) that then lists, empty as it is', async () => {
    expect(await createFolder(root, 'orders/refunds')).toEqual({ ok: true, value: { path: 'orders/refunds' } });
    expect(await listFolders(root)).toEqual(['orders', 'orders/refunds', 'users', 'users/admin']);
    expect(await createFolder(root, 'orders')).toEqual({ ok: false, error: { code: 'already-exists', message: 'orders already exists. Choose another name.' } });
    expect((await createFolder(root, '../outside')).ok).toBe(false);
  });
});

describe('moveItem', () => {
  it('renames a request file and moves a folder with everything in it', async () => {
    expect(await moveItem(root, 'users/list.yaml', 'users/list-all.yaml')).toEqual({ ok: true, value: { path: 'users/list-all.yaml' } });
    expect(await moveItem(root, 'users/admin', 'admin')).toEqual({ ok: true, value: { path: 'admin' } });
    expect(await allFiles()).toEqual([
      '.patchbay/secrets.yaml',
      'admin/_folder.yaml',
      'admin/ban.json',
      'environments/local.yaml',
      'patchbay-collection.yaml',
      'users/get-user.yaml',
      'users/list-all.yaml',
    ]);
  });

  it('never replaces anything, and refuses a folder into itself or a change of format', async () => {
    expect(await moveItem(root, 'users/list.yaml', 'users/get-user.yaml')).toEqual({
      ok: false,
      error: { code: 'already-exists', message: 'users/get-user.yaml already exists. Choose another name, or delete that request first.' },
    });
    await mkdir(join(root, 'admin'));
    expect(await moveItem(root, 'users/admin', 'admin')).toEqual({
      ok: false,
      error: { code: 'already-exists', message: 'admin already exists. Choose another name, or move or delete that one first.' },
    });
    expect(await moveItem(root, 'users', 'users/admin/users')).toEqual({ ok: false, error: { code: 'invalid-path', message: 'The folder users cannot move into itself (users/admin/users). Choose a place outside it.' } });
    expect(await moveItem(root, 'users/list.yaml', 'users/list.json')).toEqual({
      ok: false,
      error: { code: 'invalid-path', message: 'Moving users/list.yaml to users/list.json would change its format between YAML and JSON. Keep the extension .yaml, or save the request under the new name instead.' },
    });
    expect(await moveItem(root, 'users/list.yaml', 'environments/list.yaml')).toMatchObject({ ok: false, error: { code: 'reserved-path' } });
    expect(await moveItem(root, 'users/none.yaml', 'users/other.yaml')).toEqual({ ok: false, error: { code: 'not-found', message: 'users/none.yaml does not exist. Reload the collection to see its current files.' } });
    expect(await allFiles()).toEqual(before);
  });
});

describe('duplicateItem', () => {
  it('copies a request as "name copy", renaming it inside and keeping every other byte', async () => {
    expect(await duplicateItem(root, 'users/get-user.yaml')).toEqual({ ok: true, value: { path: 'users/get-user copy.yaml' } });
    expect(await read('users/get-user copy.yaml')).toBe('# reads one\nname: get user copy\nconnection: tcp\npattern: users.get   # by id\n');
    expect(await duplicateItem(root, 'users/get-user.yaml')).toEqual({ ok: true, value: { path: 'users/get-user copy 2.yaml' } });
    expect(await read('users/get-user copy 2.yaml')).toBe('# reads one\nname: get user copy 2\nconnection: tcp\npattern: users.get   # by id\n');
    // No name in the file: the file name tells the copy apart already.
    expect(await duplicateItem(root, 'users/list.yaml')).toEqual({ ok: true, value: { path: 'users/list copy.yaml' } });
    expect(await read('users/list copy.yaml')).toBe('connection: tcp\npattern: users.list\n');
    expect(await duplicateItem(root, 'users/admin/ban.json')).toEqual({ ok: true, value: { path: 'users/admin/ban copy.json' } });
    expect(await read('users/admin/ban copy.json')).toBe('{\n  "name": "ban copy",\n  "connection": "tcp",\n  "pattern": "users.ban"\n}\n');
  });

  it('copies a folder with everything in it', async () => {
    expect(await duplicateItem(root, 'users/admin')).toEqual({ ok: true, value: { path: 'users/admin copy' } });
    expect(await duplicateItem(root, 'users/admin')).toEqual({ ok: true, value: { path: 'users/admin copy 2' } });
    expect(await allFiles()).toEqual([
      ...before.slice(0, 3),
      'users/admin copy 2/_folder.yaml',
      'users/admin copy 2/ban.json',
      'users/admin copy/_folder.yaml',
      'users/admin copy/ban.json',
      ...before.slice(3),
    ]);
    expect(await read('users/admin copy/ban.json')).toBe('{"name": "ban", "connection": "tcp", "pattern": "users.ban"}');
  });

  it('copies a file it cannot read as it is', async () => {
    await writeFile(join(root, 'broken.yaml'), 'name: half\npattern: [\n');
    expect(await duplicateItem(root, 'broken.yaml')).toEqual({ ok: true, value: { path: 'broken copy.yaml' } });
    expect(await read('broken copy.yaml')).toBe('name: half\npattern: [\n');
  });
});

describe('deleteItem', () => {
  it('deletes a request file, or a folder with everything in it', async () => {
    expect(await deleteItem(root, 'users/list.yaml')).toEqual({ ok: true, value: null });
    expect(await deleteItem(root, 'users/admin')).toEqual({ ok: true, value: null });
    expect(await allFiles()).toEqual(['.patchbay/secrets.yaml', 'environments/local.yaml', 'patchbay-collection.yaml', 'users/get-user.yaml']);
  });

  it('refuses the manifest, environments/, hidden folders, folder settings and anything outside the collection', async () => {
    for (const path of ['patchbay-collection.yaml', 'environments', 'environments/local.yaml', '.patchbay', '../x', 'users/admin/_folder.yaml', '.']) {
      expect((await deleteItem(root, path)).ok).toBe(false);
    }
    expect(await deleteItem(root, 'users/admin/_folder.yaml')).toEqual({
      ok: false,
      error: { code: 'invalid-path', message: '"users/admin/_folder.yaml" is reserved for the collection\'s own settings. Use a path inside the collection such as users/get-user.yaml.' },
    });
    expect(await allFiles()).toEqual(before);
  });
});

describe('listFolders', () => {
  it('lists request folders in tree order: by their order, then name, each before the folders in it', async () => {
    await mkdir(join(root, 'orders/2-refunds'), { recursive: true });
    await mkdir(join(root, 'orders/10-payouts'));
    await mkdir(join(root, 'node_modules/x'), { recursive: true });
    await mkdir(join(root, 'users/.git'));
    await writeFile(join(root, 'orders/_folder.yaml'), 'order: 1\n');
    await writeFile(join(root, 'users/_folder.yaml'), 'order: [\n');
    expect(await listFolders(root)).toEqual(['orders', 'orders/2-refunds', 'orders/10-payouts', 'users', 'users/admin']);
  });
});
