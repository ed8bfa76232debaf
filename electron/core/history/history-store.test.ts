import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/history';
import type { HistoryRecord, HistoryStoreOptions } from './history-store';
import { createHistoryStore } from './history-store';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchbay-history-'));
  file = join(dir, 'history.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Ids `h1`, `h2`, … and times 1000, 2000, … so entries can be compared exactly. */
function storeOptions(overrides: Partial<HistoryStoreOptions> = {}): HistoryStoreOptions {
  let count = 0;
  let time = 0;
  return { now: () => (time += 1000), newId: () => `h${++count}`, ...overrides };
}

const request = (pattern: string, overrides: Partial<HistoryRecord> = {}): HistoryRecord => ({
  kind: 'send',
  connection: { name: 'users', url: 'tcp://127.0.0.1:3000' },
  pattern,
  data: { id: 1 },
  outcome: { status: 'ok', durationMs: 4, summary: '{"id":1,"name":"Ada"}' },
  ...overrides,
});

const entry = (index: number, pattern: string, overrides: Partial<HistoryRecord> = {}): HistoryEntry => ({ ...request(pattern, overrides), id: `h${index}`, at: index * 1000 });

const fileLines = async () => (await readFile(file, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as HistoryEntry);

describe('history store', () => {
  it('keeps at most its capacity, newest first, dropping the oldest', async () => {
    const store = createHistoryStore(storeOptions({ capacity: 3 }));
    for (const pattern of ['a', 'b', 'c', 'd', 'e']) store.record(request(pattern));
    expect(await store.list({ limit: 10 })).toEqual({ entries: [entry(5, 'e'), entry(4, 'd'), entry(3, 'c')], total: 3 });
    expect(await store.list({ limit: 2 })).toEqual({ entries: [entry(5, 'e'), entry(4, 'd')], total: 3 });
  });

  it('finds entries by pattern, connection, URL, payload and summary, whatever the case', async () => {
    const store = createHistoryStore(storeOptions());
    store.record(request('users.create', { data: { email: 'Ada@Example.com' } }));
    store.record(request('orders.list', { connection: { name: 'Orders', url: 'redis://:<password>@cache:6379' } }));
    store.record(request('{"cmd":"sum"}', { pattern: { cmd: 'sum' }, outcome: { status: 'remote-error', summary: '{"status":"error","message":"Overflow"}' } }));

    const patterns = async (query: string) => (await store.list({ query, limit: 10 })).entries.map((found) => found.pattern);
    expect(await patterns('USERS.CR')).toEqual(['users.create']);
    expect(await patterns('orders')).toEqual(['orders.list']);
    expect(await patterns('cache:6379')).toEqual(['orders.list']);
    expect(await patterns('ada@example')).toEqual(['users.create']);
    expect(await patterns('"cmd":"sum"')).toEqual([{ cmd: 'sum' }]);
    expect(await patterns('overflow')).toEqual([{ cmd: 'sum' }]);
    expect(await patterns('  ')).toEqual([{ cmd: 'sum' }, 'orders.list', 'users.create']);
    const limited = await store.list({ query: '127.0.0.1', limit: 1 });
    expect(limited.entries.map((found) => found.id)).toEqual(['h3']);
    expect(limited.total).toBe(2);
  });

  it('announces every entry it keeps and every clear', async () => {
    const appended: HistoryEntry[] = [];
    let cleared = 0;
    const store = createHistoryStore(storeOptions({ onAppended: (added) => appended.push(added), onCleared: () => cleared++ }));
    store.record(request('a'));
    expect(appended).toEqual([entry(1, 'a')]);
    expect(await store.clear()).toEqual({ ok: true, value: null });
    expect(cleared).toBe(1);
    expect(await store.list({ limit: 10 })).toEqual({ entries: [], total: 0 });
  });

  it('replaces a payload over 256 KiB by a marker saying how big it was', async () => {
    const store = createHistoryStore(storeOptions());
    const justFits = 'x'.repeat(256 * 1024 - 2); // plus the two quotes of its JSON text
    store.record(request('fits', { data: justFits }));
    store.record(request('too.big', { data: { text: 'y'.repeat(300 * 1024) } }));
    const { entries } = await store.list({ limit: 10 });
    expect(entries.map((found) => found.data)).toEqual(['[payload not kept in history: 300.0 KiB is over the 256 KiB limit]', justFits]);
  });

  it('writes behind: a record returns before the file is written, and close flushes it', async () => {
    const store = createHistoryStore(storeOptions({ file }));
    store.record(request('a'));
    store.record(request('b'));
    expect(await readdir(dir)).toEqual([]);
    await store.close();
    expect(await fileLines()).toEqual([entry(1, 'a'), entry(2, 'b')]);
  });

  it('reads its file back in a new store: the same entries, newest first', async () => {
    const first = createHistoryStore(storeOptions({ file }));
    first.record(request('a', { headers: { 'x-trace': '1' } }));
    first.record(request('b', { kind: 'emit', outcome: { status: 'emitted', durationMs: 1, summary: 'Emitted, 20 bytes' } }));
    await first.flush();
    first.record(request('c', { source: { collectionRoot: '/work/users', path: 'create.yaml' } }));
    await first.close();

    const second = createHistoryStore(storeOptions({ file }));
    expect(await second.loaded).toEqual({ entries: 3, corruptLines: 0 });
    expect(await second.list({ limit: 10 })).toEqual({
      entries: [
        entry(3, 'c', { source: { collectionRoot: '/work/users', path: 'create.yaml' } }),
        entry(2, 'b', { kind: 'emit', outcome: { status: 'emitted', durationMs: 1, summary: 'Emitted, 20 bytes' } }),
        entry(1, 'a', { headers: { 'x-trace': '1' } }),
      ],
      total: 3,
    });
    await second.close();
  });

  it('skips and counts corrupt lines, keeps the file as it was aside, and keeps every valid entry', async () => {
    const original = [JSON.stringify(entry(1, 'a')), '{"id":"torn', JSON.stringify({ ...entry(2, 'b'), kind: 'shout' }), JSON.stringify(entry(3, 'c')), '{"id":"h4","at":'].join('\n');
    await writeFile(file, original);
    const warnings: string[] = [];
    const store = createHistoryStore(storeOptions({ file, now: () => Date.UTC(2025, 0, 2, 3, 4, 5, 6), onWarning: (message) => warnings.push(message) }));

    expect(await store.loaded).toEqual({ entries: 2, corruptLines: 3 });
    expect(await store.list({ limit: 10 })).toEqual({ entries: [entry(3, 'c'), entry(1, 'a')], total: 2 });
    await store.flush();
    const asidePath = `${file}.corrupt-2025-01-02T03-04-05-006Z`;
    expect(await readFile(asidePath, 'utf8')).toBe(original);
    expect(warnings).toEqual([`Skipped 3 unreadable line(s) of the history file ${file}; the file as it was is kept in ${asidePath}.`]);
    // Rewritten with the valid entries, so the next append does not glue onto the torn last line.
    expect(await fileLines()).toEqual([entry(1, 'a'), entry(3, 'c')]);
    await store.close();
  });

  it('never writes over a history file it cannot read', async () => {
    await mkdir(file); // reading a folder fails with EISDIR
    const warnings: string[] = [];
    const store = createHistoryStore(storeOptions({ file, onWarning: (message) => warnings.push(message) }));
    store.record(request('a'));
    await store.close();
    expect(await readdir(file)).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining(`Cannot read the history file ${file}: EISDIR`)]);
    expect((await store.list({ limit: 10 })).entries.map((found) => found.pattern)).toEqual(['a']);
  });

  it('rewrites the file with the newest entries, in order, once it holds more than twice the capacity', async () => {
    const store = createHistoryStore(storeOptions({ file, capacity: 3 }));
    for (const pattern of ['a', 'b', 'c', 'd', 'e', 'f']) {
      store.record(request(pattern));
      await store.flush();
    }
    expect((await fileLines()).map((line) => line.pattern)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    store.record(request('g'));
    await store.flush();
    expect(await fileLines()).toEqual([entry(5, 'e'), entry(6, 'f'), entry(7, 'g')]);
    store.record(request('h'));
    await store.close();
    expect((await fileLines()).map((line) => line.pattern)).toEqual(['e', 'f', 'g', 'h']);
  });

  it('keeps a delete and a clear on disk', async () => {
    const store = createHistoryStore(storeOptions({ file }));
    for (const pattern of ['a', 'b', 'c']) store.record(request(pattern));
    expect(await store.delete('h2')).toEqual({ ok: true, value: null });
    expect(await fileLines()).toEqual([entry(1, 'a'), entry(3, 'c')]);
    expect(await store.delete('h2')).toEqual({
      ok: false,
      error: { code: 'unknown-history-entry', message: 'No history entry has id h2: it was deleted or dropped as one of the oldest. Refresh the history.' },
    });
    store.record(request('d'));
    await store.flush();
    expect((await fileLines()).map((line) => line.pattern)).toEqual(['a', 'c', 'd']);
    expect(await store.clear()).toEqual({ ok: true, value: null });
    expect(await readFile(file, 'utf8')).toBe('');
    await store.close();

    const reopened = createHistoryStore(storeOptions({ file }));
    expect(await reopened.list({ limit: 10 })).toEqual({ entries: [], total: 0 });
  });

  it('keeps what was recorded while the file was still being read, after the older entries', async () => {
    await writeFile(file, `${JSON.stringify(entry(1, 'old'))}\n`);
    const store = createHistoryStore({ now: () => 5000, newId: () => 'new', file });
    store.record(request('new'));
    expect(await store.list({ limit: 10 })).toEqual({ entries: [{ ...request('new'), id: 'new', at: 5000 }, entry(1, 'old')], total: 2 });
    await store.close();
    expect((await fileLines()).map((line) => line.pattern)).toEqual(['old', 'new']);
  });
});
