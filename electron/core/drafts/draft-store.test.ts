import { mkdir, mkdtemp, readFile, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDraftStore } from './draft-store';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchbay-drafts-'));
  file = join(dir, 'drafts.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const now = () => Date.UTC(2025, 0, 2, 3, 4, 5, 6);

describe('draft store', () => {
  it('has every save on disk when it answers, and a new store reads them back', async () => {
    const store = createDraftStore({ file, now });
    expect(await store.load()).toEqual({ ok: true, value: {} });
    expect(await store.save('composer', { pattern: 'users.get', data: '{ "id": 1 }' })).toEqual({ ok: true, value: null });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ composer: { pattern: 'users.get', data: '{ "id": 1 }' } });
    await store.save('tab:/work/users/create.yaml', { pattern: 'users.create' });
    await store.close();

    const reopened = createDraftStore({ file, now });
    expect(await reopened.load()).toEqual({ ok: true, value: { composer: { pattern: 'users.get', data: '{ "id": 1 }' }, 'tab:/work/users/create.yaml': { pattern: 'users.create' } } });
  });

  it('forgets a draft saved as null', async () => {
    const store = createDraftStore({ file, now });
    await store.save('composer', { pattern: 'a' });
    await store.save('other', 'text');
    expect(await store.save('composer', null)).toEqual({ ok: true, value: null });
    expect(await store.save('never-saved', null)).toEqual({ ok: true, value: null });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ other: 'text' });
    expect(await createDraftStore({ file, now }).load()).toEqual({ ok: true, value: { other: 'text' } });
  });

  it('answers saves made together in order, the last one winning on disk', async () => {
    const store = createDraftStore({ file, now });
    const results = await Promise.all(['v1', 'v2', 'v3', 'v4'].map((value) => store.save('composer', value)));
    expect(results).toEqual(Array(4).fill({ ok: true, value: null }));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ composer: 'v4' });
  });

  it('refuses a draft over 2 MiB and keeps the one before', async () => {
    const store = createDraftStore({ file, now });
    await store.save('composer', 'small');
    expect(await store.save('composer', 'x'.repeat(3 * 1024 * 1024))).toEqual({
      ok: false,
      error: { code: 'draft-too-large', message: 'The draft "composer" is 3.0 MiB; drafts are kept up to 2 MiB. Save it into a collection request or a file instead.' },
    });
    expect(await store.load()).toEqual({ ok: true, value: { composer: 'small' } });
  });

  it('moves a corrupt drafts file aside with a warning and starts empty', async () => {
    await writeFile(file, '{"composer": {"pattern": "users.get"');
    const warnings: string[] = [];
    const store = createDraftStore({ file, now, onWarning: (message) => warnings.push(message) });
    expect(await store.load()).toEqual({ ok: true, value: {} });
    const asidePath = `${file}.corrupt-2025-01-02T03-04-05-006Z`;
    expect(await readFile(asidePath, 'utf8')).toBe('{"composer": {"pattern": "users.get"');
    expect(warnings).toEqual([`The drafts file ${file} was not valid drafts JSON; it was moved to ${asidePath} and drafts start empty.`]);
    await store.save('composer', 'new');
    expect((await readdir(dir)).sort()).toEqual(['drafts.json', 'drafts.json.corrupt-2025-01-02T03-04-05-006Z']);
  });

  it('treats JSON that is not an object of drafts as corrupt too', async () => {
    await writeFile(file, '["not", "drafts"]');
    const store = createDraftStore({ file, now });
    expect(await store.load()).toEqual({ ok: true, value: {} });
    expect(await readFile(`${file}.corrupt-2025-01-02T03-04-05-006Z`, 'utf8')).toBe('["not", "drafts"]');
  });

  it('saves nothing while the drafts file cannot be read, says why, and reads it once it can', async () => {
    await mkdir(file); // reading a folder fails with EISDIR, even as root
    const store = createDraftStore({ file, now });
    expect(await store.save('composer', 'new')).toEqual({
      ok: false,
      error: { code: 'drafts-unreadable', message: `Cannot read the drafts file ${file}: EISDIR: illegal operation on a directory, read. Check its permissions; drafts are not saved until it can be read, so nothing in it is lost.` },
    });
    expect(await readdir(file)).toEqual([]);
    await rmdir(file);
    await writeFile(file, '{"composer":"kept"}');
    expect(await store.load()).toEqual({ ok: true, value: { composer: 'kept' } });
  });

  it('keeps drafts in memory without a file', async () => {
    const store = createDraftStore({ now });
    await store.save('composer', { pattern: 'a' });
    expect(await store.load()).toEqual({ ok: true, value: { composer: { pattern: 'a' } } });
    expect(await readdir(dir)).toEqual([]);
  });
});
