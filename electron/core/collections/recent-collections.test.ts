// Recent collections: newest first, deduplicated, bounded, kept across restarts, and a file it
// cannot read is ignored rather than fatal.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectionInfo } from '../../../shared/collection';
import type { RecentCollection } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import type { OpenCollections } from './open-collections';
import { createRecentCollections, RECENT_COLLECTIONS_FILE, RECENT_COLLECTIONS_MAX, recordingRecentOpens } from './recent-collections';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchbay-recent-'));
  file = join(dir, RECENT_COLLECTIONS_FILE);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ticking = () => {
  let time = 1_000;
  return () => time++;
};

describe('recent collections', () => {
  it('keeps the newest first, moves a reopened folder to the top and tells every change', async () => {
    const changes: RecentCollection[][] = [];
    const recent = createRecentCollections({ file, now: ticking(), onChanged: (list) => changes.push(list) });
    expect(await recent.record('/work/users', 'users')).toEqual(ok(null));
    await recent.record('/work/orders', 'orders');
    await recent.record('/work/users', 'users renamed');
    expect(await recent.list()).toEqual([
      { root: '/work/users', name: 'users renamed', openedAt: 1_002 },
      { root: '/work/orders', name: 'orders', openedAt: 1_001 },
    ]);
    expect(changes.map((list) => list.map((entry) => entry.name))).toEqual([['users'], ['orders', 'users'], ['users renamed', 'orders']]);
  });

  it(`keeps at most ${RECENT_COLLECTIONS_MAX}, dropping the oldest`, async () => {
    const recent = createRecentCollections({ file, now: ticking() });
    await Promise.all(Array.from({ length: 12 }, (_, index) => recent.record(`/work/c${index}`, `c${index}`)));
    expect((await recent.list()).map((entry) => entry.name)).toEqual(['c11', 'c10', 'c9', 'c8', 'c7', 'c6', 'c5', 'c4', 'c3', 'c2']);
  });

  it('reads the list back after a restart, and clears it on disk', async () => {
    const first = createRecentCollections({ file, now: ticking() });
    await first.record('/work/users', 'users');
    await first.close();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, collections: [{ root: '/work/users', name: 'users', openedAt: 1_000 }] });

    const second = createRecentCollections({ file, now: ticking() });
    expect(await second.list()).toEqual([{ root: '/work/users', name: 'users', openedAt: 1_000 }]);
    expect(await second.clear()).toEqual(ok(null));
    expect(await second.list()).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, collections: [] });
  });

  it('ignores a corrupt or foreign file with a warning, and replaces it on the next open', async () => {
    for (const text of ['{"version": 1, "collections": [', '{"version": 2, "collections": []}', '[1, 2]']) {
      await writeFile(file, text);
      const warnings: string[] = [];
      const recent = createRecentCollections({ file, now: ticking(), onWarning: (message) => warnings.push(message) });
      expect(await recent.list()).toEqual([]);
      expect(warnings).toEqual([`The recent collections file ${file} is not a list Patchbay wrote; it is ignored and replaced on the next open.`]);
      await recent.record('/work/users', 'users');
      expect(JSON.parse(await readFile(file, 'utf8')).collections).toEqual([{ root: '/work/users', name: 'users', openedAt: 1_000 }]);
    }
  });

  it('says it could not save, and keeps the list in memory, when the data folder is not writable', async () => {
    const blocked = join(dir, 'not-a-folder');
    await writeFile(blocked, '');
    const recent = createRecentCollections({ file: join(blocked, RECENT_COLLECTIONS_FILE), now: ticking() });
    const saved = await recent.record('/work/users', 'users');
    expect(saved.ok ? undefined : saved.error.code).toBe('recent-not-saved');
    expect(await recent.list()).toEqual([{ root: '/work/users', name: 'users', openedAt: 1_000 }]);
  });

  it('records only successful opens, under the folder and name the engine read', async () => {
    const info = { collectionId: 'c1', root: '/work/users', collection: { manifest: { name: 'users-service' } } } as unknown as CollectionInfo;
    const open: OpenCollections['open'] = async (root) => (root === '/work/users' ? ok(info) : { ok: false, error: { code: 'not-a-collection', message: 'no manifest' } });
    const recent = createRecentCollections({ now: ticking() });
    const collections = recordingRecentOpens({ open } as OpenCollections, recent);
    expect(await collections.open('/work/users')).toEqual(ok(info));
    expect((await collections.open('/work/nothing')).ok).toBe(false);
    await recent.close();
    expect(await recent.list()).toEqual([{ root: '/work/users', name: 'users-service', openedAt: 1_000 }]);
  });
});
