import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeRequestFile } from './collection-writes';
import { watchCollection } from './watch-collection';

let root: string;
let stopWatching: (() => void) | undefined;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'patchbay-watch-'));
  await mkdir(join(root, 'users'));
  await mkdir(join(root, '.patchbay'));
});
afterEach(async () => {
  stopWatching?.();
  await rm(root, { recursive: true, force: true });
});

describe('watchCollection', () => {
  it('reports an edit made outside Patchbay, but nothing under .patchbay/', async () => {
    const batches: string[][] = [];
    stopWatching = watchCollection(root, (changedPaths) => batches.push(changedPaths));
    await writeFile(join(root, '.patchbay', 'secrets.yaml'), 'local: {}\n');
    await writeFile(join(root, 'users', 'get-user.yaml'), 'connection: tcp\npattern: users.get\n');
    await expect.poll(() => batches.flat()).toContain('users/get-user.yaml');
    expect(batches.flat().filter((path) => path.startsWith('.patchbay'))).toEqual([]);
  });

  it('reports the hidden paths it is asked to, and no other', async () => {
    const batches: string[][] = [];
    stopWatching = watchCollection(root, (changedPaths) => batches.push(changedPaths), ['.patchbay/secrets.yaml']);
    await writeFile(join(root, '.patchbay', 'drafts.json'), '{}');
    await writeFile(join(root, '.patchbay', 'secrets.yaml'), 'local: {}\n');
    await expect.poll(() => batches.flat()).toContain('.patchbay/secrets.yaml');
    expect(new Set(batches.flat())).toEqual(new Set(['.patchbay/secrets.yaml']));
  });

  it('reports an atomic write by its file name, never by its temp file', async () => {
    const batches: string[][] = [];
    stopWatching = watchCollection(root, (changedPaths) => batches.push(changedPaths));
    await writeRequestFile(root, 'users/create.yaml', { connection: 'tcp', kind: 'send', pattern: 'users.create', data: null, capture: [], assert: [] });
    await expect.poll(() => batches.flat()).toContain('users/create.yaml');
    expect(new Set(batches.flat())).toEqual(new Set(['users/create.yaml']));
  });

  it('keeps reporting a file after an atomic write replaced it', async () => {
    const batches: string[][] = [];
    stopWatching = watchCollection(root, (changedPaths) => batches.push(changedPaths));
    await writeRequestFile(root, 'users/create.yaml', { connection: 'tcp', kind: 'send', pattern: 'users.create', data: null, capture: [], assert: [] });
    await expect.poll(() => batches.flat()).toContain('users/create.yaml');
    batches.length = 0;
    await writeFile(join(root, 'users', 'create.yaml'), 'connection: tcp\npattern: users.add\n');
    await expect.poll(() => batches.flat()).toContain('users/create.yaml');
  });

  it('watches folders created or moved after it started, under their new names', async () => {
    const batches: string[][] = [];
    stopWatching = watchCollection(root, (changedPaths) => batches.push(changedPaths));
    await mkdir(join(root, 'orders'));
    await expect.poll(() => batches.flat()).toContain('orders');
    await writeFile(join(root, 'orders', 'create.yaml'), 'a: 1\n');
    await expect.poll(() => batches.flat()).toContain('orders/create.yaml');
    await rename(join(root, 'orders'), join(root, 'users', 'orders'));
    await expect.poll(() => batches.flat()).toContain('users/orders');
    batches.length = 0;
    await writeFile(join(root, 'users', 'orders', 'create.yaml'), 'a: 2\n');
    await expect.poll(() => batches.flat()).toContain('users/orders/create.yaml');
    expect(batches.flat().filter((path) => path.startsWith('orders'))).toEqual([]);
  });

  it('stops reporting once stopped', async () => {
    const batches: string[][] = [];
    const stop = watchCollection(root, (changedPaths) => batches.push(changedPaths));
    await writeFile(join(root, 'first.yaml'), 'a: 1\n');
    await expect.poll(() => batches.flat()).toContain('first.yaml');
    stop();
    const seen = batches.length;
    await writeFile(join(root, 'second.yaml'), 'a: 1\n');
    // A change after stop() must not arrive: prove it by letting a second watcher see one first.
    const later: string[][] = [];
    stopWatching = watchCollection(root, (changedPaths) => later.push(changedPaths));
    await writeFile(join(root, 'third.yaml'), 'a: 1\n');
    await expect.poll(() => later.flat()).toContain('third.yaml');
    expect(batches.length).toBe(seen);
  });
});
