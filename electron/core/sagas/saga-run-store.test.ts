import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeptSagaRun } from '../../../shared/saga-runs';
import { createSagaRunStore, SAGA_RUNS_FILE } from './saga-run-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchbay-saga-store-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const run = (runId: string, status: KeptSagaRun['status'] = 'completed', path = 'place-order.saga.yaml'): KeptSagaRun => ({
  runId,
  collectionId: 'c1',
  collectionName: 'order-saga',
  collectionRoot: '/sagas/order-saga',
  path,
  saga: 'Place order',
  startedAt: 1_700_000_000_000,
  status,
});
const now = () => Date.UTC(2024, 0, 2, 3, 4, 5);

describe('kept saga runs', () => {
  it('lists newest first, narrowed by collection and path', async () => {
    const store = createSagaRunStore({ now });
    await store.put(run('a'));
    await store.put(run('b', 'failed', 'other.saga.yaml'));
    await store.put(run('c', 'running'));
    expect((await store.list()).map((kept) => kept.runId)).toEqual(['c', 'b', 'a']);
    expect((await store.list({ path: 'place-order.saga.yaml' })).map((kept) => kept.runId)).toEqual(['c', 'a']);
    expect(await store.list({ collectionId: 'c2' })).toEqual([]);
  });

  it('keeps the newest runs up to the limit, never dropping one that is still running', async () => {
    const store = createSagaRunStore({ now, limit: 2 });
    await store.put(run('going', 'running'));
    await store.put(run('a'));
    await store.put(run('b'));
    await store.put(run('c'));
    expect((await store.list()).map((kept) => kept.runId)).toEqual(['c', 'going']);
  });

  it('writes only finished runs to disk and reads them back', async () => {
    const file = join(dir, SAGA_RUNS_FILE);
    const store = createSagaRunStore({ file, now });
    await store.put(run('done', 'failed'));
    await store.put(run('going', 'running'));
    await store.close();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ runs: [run('done', 'failed')] });
    expect(await createSagaRunStore({ file, now }).list()).toEqual([run('done', 'failed')]);
  });

  it('moves a corrupt file aside with a warning and starts empty', async () => {
    const file = join(dir, SAGA_RUNS_FILE);
    await writeFile(file, '{"runs": [ {"runId": 1} ]}');
    const warnings: string[] = [];
    const store = createSagaRunStore({ file, now, onWarning: (message) => warnings.push(message) });
    expect(await store.list()).toEqual([]);
    const aside = `${file}.corrupt-2024-01-02T03-04-05-000Z`;
    expect(warnings).toEqual([`The saga runs file ${file} was not valid saga runs JSON; it was moved to ${aside} and the kept saga runs start empty.`]);
    expect(await readFile(aside, 'utf8')).toBe('{"runs": [ {"runId": 1} ]}');
    await store.put(run('a'));
    await store.close();
    expect((await readdir(dir)).sort()).toEqual([SAGA_RUNS_FILE, `${SAGA_RUNS_FILE}.corrupt-2024-01-02T03-04-05-000Z`]);
  });

  it('forgets a deleted run, on disk too', async () => {
    const file = join(dir, SAGA_RUNS_FILE);
    const store = createSagaRunStore({ file, now });
    await store.put(run('a'));
    await store.put(run('b'));
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    await store.close();
    expect(await createSagaRunStore({ file, now }).list()).toEqual([run('b')]);
  });
});
