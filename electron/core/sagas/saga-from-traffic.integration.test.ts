// Traffic to a real Nest 12 TCP service becomes a saga file (`saga.fromTraffic`): the file written
// exactly, the connection added to the manifest, replies found by correlation id; the saga then
// replays with a diff against the recording. Refusals name the entry and leave no file behind.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionInfo } from '../../../shared/collection';
import type { TrafficEntry } from '../../../shared/traffic';
import { fixtureServices } from '../../test-support/fixture-services';
import { okValue } from '../../test-support/ok-value';
import { recordedSumStep, recordedUserStep } from '../../test-support/recorded-saga-steps';
import { runSagaOn } from '../../test-support/saga-run-harness';
import { readSagaFile } from '../collections/saga-file';
import type { Handlers } from '../contract-handlers';
import { createContractHandlers } from '../contract-handlers';
import type { Engine } from '../engine';
import { createEngine } from '../engine';

const { tcp } = fixtureServices().nest['12'];
const url = `tcp://127.0.0.1:${tcp.port}`;

let folder: string;
let engine: Engine;
let handlers: Handlers;
let collection: CollectionInfo;
let connectionId: string;
const cleanUp: string[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'patchbay-replay-it-'));
  // The collection already knows the service under another name, by a target with a variable that is not this one.
  await writeFile(join(folder, 'patchbay-collection.yaml'), 'patchbay: 1\nname: Shop\nconnections:\n  other:\n    target: tcp://{{host}}:1\n');
  engine = createEngine();
  handlers = createContractHandlers(engine);
  collection = okValue(await handlers['collection.open']({ root: folder }));
  const target = okValue(await handlers['target.parseUrl']({ url }));
  connectionId = okValue(await handlers['connection.open']({ name: 'users-tcp', target })).id;
  okValue(await engine.connections.get(connectionId)!.client.firstAttempt());
});
afterAll(async () => {
  await engine.close();
  await Promise.all([folder, ...cleanUp].map((path) => rm(path, { recursive: true, force: true })));
});

/** The log's entries since `afterSeq`, every batch delivered. */
function entriesAfter(afterSeq: number): TrafficEntry[] {
  engine.traffic.flush();
  return engine.traffic.readPage(afterSeq, 1_000).entries;
}

describe.sequential('saga.fromTraffic against Nest 12 over TCP', () => {
  let recorded: TrafficEntry[];

  it('writes one step per request and event, with the recorded replies, and adds the connection to the manifest', async () => {
    const before = engine.traffic.lastSeq;
    const created = okValue(await handlers['message.send']({ connectionId, pattern: 'users.create', data: { name: 'Ada' } }));
    okValue(await handlers['message.send']({ connectionId, pattern: { cmd: 'sum' }, data: [1, 2, 3] }));
    okValue(await handlers['message.send']({ connectionId, pattern: { cmd: 'fail_object' }, data: {} }));
    okValue(await handlers['message.send']({ connectionId, pattern: { cmd: 'stream' }, data: {} }));
    okValue(await handlers['message.emit']({ connectionId, pattern: { event: 'order_placed' }, data: { orderId: 9 } }));
    okValue(await handlers['message.send']({ connectionId, pattern: 'users.create', data: { name: 'Bob' } }));
    recorded = entriesAfter(before);
    const steps = recorded.filter((entry) => entry.kind === 'request' || entry.kind === 'event');
    expect(steps.map((entry) => entry.pattern)).toEqual(['users.create', '{"cmd":"sum"}', '{"cmd":"fail_object"}', '{"cmd":"stream"}', '{"event":"order_placed"}', 'users.create']);
    const adaId = (created.values[0] as { id: number }).id;

    // Picked out of order: the saga follows the log.
    const output = okValue(
      await handlers['saga.fromTraffic']({ collectionId: collection.collectionId, source: 'live', path: 'recorded/signup.saga.yaml', seqs: steps.map((entry) => entry.seq).reverse() }),
    );
    expect(output).toEqual({ path: 'recorded/signup.saga.yaml', steps: ['users_create', 'cmd_sum', 'cmd_fail_object', 'cmd_stream', 'event_order_placed', 'users_create_2'], connectionsAdded: ['users-tcp'] });
    expect(await readFile(join(folder, 'recorded/signup.saga.yaml'), 'utf8')).toBe(
      [
        'name: signup',
        'steps:',
        ...recordedUserStep('users_create', 'users-tcp', 'Ada', adaId),
        ...recordedSumStep('users-tcp'),
        '  - id: cmd_fail_object',
        '    request:',
        '      connection: users-tcp',
        '      pattern:',
        '        cmd: fail_object',
        '      data: {}',
        '    recorded:',
        '      error:',
        '        status: 404',
        '        message: nope',
        '        extra: 1',
        '  - id: cmd_stream',
        '    request:',
        '      connection: users-tcp',
        '      pattern:',
        '        cmd: stream',
        '      data: {}',
        '    recorded:',
        '      values:',
        '        - 1',
        '        - 2',
        '        - 3',
        '  - id: event_order_placed',
        '    request:',
        '      connection: users-tcp',
        '      kind: emit',
        '      pattern:',
        '        event: order_placed',
        '      data:',
        '        orderId: 9',
        '    recorded:',
        '      event: true',
        ...recordedUserStep('users_create_2', 'users-tcp', 'Bob', adaId + 1),
        '',
      ].join('\n'),
    );
    expect(await readFile(join(folder, 'patchbay-collection.yaml'), 'utf8')).toBe(`patchbay: 1\nname: Shop\nconnections:\n  other:\n    target: tcp://{{host}}:1\n  users-tcp:\n    target: ${url}\n`);
    // The open collection was read again: it knows the new connection.
    expect(Object.keys(engine.collections.get(collection.collectionId)!.info().collection.manifest.connections)).toEqual(['other', 'users-tcp']);
  });

  it('replays the saga with a diff of each reply against the recording, volatile keys ignored', async () => {
    const loaded = engine.collections.get(collection.collectionId)!.info().collection;
    const read = okValue(await readSagaFile(loaded, join(folder, 'recorded/signup.saga.yaml')));
    const report = await runSagaOn(engine, loaded, read);
    // New users get new ids (and so new emails); everything else answers as recorded.
    expect(report.status).toBe('completed');
    const diffs = Object.fromEntries(report.steps.map((step) => [step.id, step.diff?.differences.map(({ path, kind }) => `${kind} ${path}`)]));
    expect(diffs).toEqual({
      users_create: ['changed id', 'changed email'],
      cmd_sum: [],
      cmd_fail_object: [],
      cmd_stream: [],
      event_order_placed: [],
      users_create_2: ['changed id', 'changed email'],
    });
    expect(report.differences).toBe(4);
    const ignoring = { ...read, saga: { ...read.saga, ignore: ['id', 'email'] } };
    const again = await runSagaOn(engine, loaded, ignoring);
    expect(again.differences).toBe(0);
    expect(again.steps.every((step) => step.diff?.equal === true)).toBe(true);
  });

  it('uses the collection connection with the same target, or the one it is mapped to', async () => {
    const request = recorded.find((entry) => entry.kind === 'request')!;
    const reused = okValue(await handlers['saga.fromTraffic']({ collectionId: collection.collectionId, source: 'live', path: 'again.saga.yaml', name: 'Again', seqs: [request.seq] }));
    expect(reused).toEqual({ path: 'again.saga.yaml', steps: ['users_create'], connectionsAdded: [] });
    const mapped = okValue(await handlers['saga.fromTraffic']({ collectionId: collection.collectionId, source: 'live', path: 'mapped.saga.json', seqs: [request.seq], connections: { 'users-tcp': 'other' } }));
    expect(mapped.connectionsAdded).toEqual([]);
    const saga = JSON.parse(await readFile(join(folder, 'mapped.saga.json'), 'utf8')) as { name: string; steps: { request: { connection: string } }[] };
    expect([saga.name, saga.steps[0]?.request.connection]).toEqual(['mapped', 'other']);
    expect((await readFile(join(folder, 'again.saga.yaml'), 'utf8')).startsWith('name: Again\nsteps:\n  - id: users_create\n    request:\n      connection: users-tcp\n')).toBe(true);
  });

  it('refuses replies, entries no longer in the log, and an existing file, naming what to fix', async () => {
    const reply = recorded.find((entry) => entry.kind === 'reply')!;
    const fromTraffic = (seqs: number[], path = 'refused.saga.yaml') => handlers['saga.fromTraffic']({ collectionId: collection.collectionId, source: 'live', path, seqs });
    expect(await fromTraffic([reply.seq])).toEqual({
      ok: false,
      error: { code: 'not-replayable', message: `Entry ${reply.seq} is a reply: a saga is made of requests and events. Select the requests (their replies are found by correlation id) and the events.` },
    });
    expect(await fromTraffic([999_999])).toEqual({ ok: false, error: { code: 'unknown-entry', message: 'Entry 999999 is no longer in the log (evicted or cleared). Pick an entry the traffic view still lists.' } });
    expect(await fromTraffic([recorded[0]!.seq], 'recorded/signup.saga.yaml')).toEqual({
      ok: false,
      error: { code: 'file-exists', message: 'recorded/signup.saga.yaml already exists in the collection, and a recording never replaces a file. Choose another path, e.g. recorded/signup-2.saga.yaml.' },
    });
    expect(await fromTraffic([recorded[0]!.seq], 'signup.yaml')).toMatchObject({ ok: false, error: { code: 'invalid-path' } });
    await expect(stat(join(folder, 'refused.saga.yaml'))).rejects.toThrow();
  });

  it('maps a connection closed since by its name, and else needs a mapping, since its target is no longer known', async () => {
    const request = recorded.find((entry) => entry.kind === 'request')!;
    okValue(await handlers['connection.close']({ connectionId }));
    const byName = okValue(await handlers['saga.fromTraffic']({ collectionId: collection.collectionId, source: 'live', path: 'closed.saga.yaml', seqs: [request.seq] }));
    expect(byName).toEqual({ path: 'closed.saga.yaml', steps: ['users_create'], connectionsAdded: [] });

    const otherRoot = join(await mkdtemp(join(tmpdir(), 'patchbay-replay-other-')), 'other');
    cleanUp.push(dirname(otherRoot));
    const other = okValue(await handlers['collection.create']({ root: otherRoot, name: 'Other' }));
    expect(await handlers['saga.fromTraffic']({ collectionId: other.collectionId, source: 'live', path: 'closed.saga.yaml', seqs: [request.seq] })).toEqual({
      ok: false,
      error: {
        code: 'unknown-connection',
        message: 'Connection "users-tcp" of the traffic is no longer open, so its target URL is unknown: map it to one of the collection\'s connections, or open it again first.',
      },
    });
    await expect(stat(join(otherRoot, 'closed.saga.yaml'))).rejects.toThrow();
  });
});
