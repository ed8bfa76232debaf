// History and drafts through the contract handlers against a real Nest 12 TCP service: every send
// and emit is kept with exact fields, and an engine started later on the same data folder reads
// them back.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/history';
import { fixtureServices } from '../../test-support/fixture-services';
import { createContractHandlers } from '../contract-handlers';
import type { Engine, EngineEvent } from '../engine';
import { createEngine } from '../engine';

const nest12 = fixtureServices().nest['12'].tcp;
const url = `tcp://127.0.0.1:${nest12.port}`;
const SENT_AT = Date.UTC(2025, 4, 6, 7, 8, 9);

/** A fixed wall clock and counted ids make entries comparable; durations stay real. */
function engineOn(dataDir: string): Engine {
  let count = 0;
  return createEngine({ dataDir, clock: { now: () => SENT_AT, monotonicMs: () => performance.now() }, newId: () => `id-${++count}`, reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
}

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('history and drafts of the app against Nest 12 over TCP', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'patchbay-history-it-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every send and emit, and a new engine on the same data folder reads them back', async () => {
    const engine = engineOn(dataDir);
    const handlers = createContractHandlers(engine);
    const appended: HistoryEntry[] = [];
    const stop = engine.onEvent((event: EngineEvent) => {
      if (event.event === 'history.appended') appended.push(event.payload);
    });
    const connection = unwrap(await handlers['connection.open']({ name: 'nest12', target: { kind: 'tcp', host: '127.0.0.1', port: nest12.port } }));
    expect(await engine.connections.get(connection.id)!.client.firstAttempt()).toEqual({ ok: true, value: null });

    expect(unwrap(await handlers['message.send']({ connectionId: connection.id, pattern: { cmd: 'sum' }, data: [1, 2, 3] })).values).toEqual([6]);
    expect(unwrap(await handlers['message.send']({ connectionId: connection.id, pattern: { cmd: 'get_user' }, data: { id: 999 } })).status).toBe('remote-error');
    expect(unwrap(await handlers['message.emit']({ connectionId: connection.id, pattern: 'history.probe', data: { note: 'Émile' } })).sizeBytes).toBeGreaterThan(0);
    expect(unwrap(await handlers['drafts.save']({ key: 'composer', value: { pattern: '{"cmd":"sum"}', data: '[1, 2, 3]' } }))).toBeNull();

    const connectionFields = { connection: { name: 'nest12', url } };
    const expected = [
      { id: 'id-4', at: SENT_AT, kind: 'emit', ...connectionFields, pattern: 'history.probe', data: { note: 'Émile' }, outcome: { status: 'emitted', durationMs: expect.any(Number), summary: expect.stringMatching(/^Emitted, \d+ bytes$/) } },
      {
        id: 'id-3',
        at: SENT_AT,
        kind: 'send',
        ...connectionFields,
        pattern: { cmd: 'get_user' },
        data: { id: 999 },
        outcome: { status: 'remote-error', durationMs: expect.any(Number), summary: '{"status":404,"message":"User 999 not found"}' },
      },
      { id: 'id-2', at: SENT_AT, kind: 'send', ...connectionFields, pattern: { cmd: 'sum' }, data: [1, 2, 3], outcome: { status: 'ok', durationMs: expect.any(Number), summary: '6' } },
    ];
    const listed = unwrap(await handlers['history.list']({ limit: 200 }));
    expect(listed).toEqual({ entries: expected, total: 3 });
    expect(appended).toEqual([...listed.entries].reverse());
    expect(unwrap(await handlers['history.list']({ query: 'USER 999', limit: 200 }))).toEqual({ entries: [listed.entries[1]], total: 1 });
    stop();
    await engine.close();

    const lines = (await readFile(join(dataDir, 'history.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([...listed.entries].reverse());

    const restarted = engineOn(dataDir);
    const restartedHandlers = createContractHandlers(restarted);
    expect(unwrap(await restartedHandlers['history.list']({ limit: 200 }))).toEqual(listed);
    expect(unwrap(await restartedHandlers['drafts.load']({}))).toEqual({ composer: { pattern: '{"cmd":"sum"}', data: '[1, 2, 3]' } });
    expect(unwrap(await restartedHandlers['history.delete']({ id: 'id-3' }))).toBeNull();
    expect(unwrap(await restartedHandlers['history.list']({ limit: 200 })).entries.map((entry) => entry.id)).toEqual(['id-4', 'id-2']);
    await restarted.close();

    const third = engineOn(dataDir);
    expect(unwrap(await createContractHandlers(third)['history.list']({ limit: 200 })).entries.map((entry) => entry.id)).toEqual(['id-4', 'id-2']);
    await third.close();
  });
});
