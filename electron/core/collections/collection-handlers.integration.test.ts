// The collection commands as the app drives them, against a real Nest 12 TCP service and a copy of
// fixtures/collections/users-service: files that survive a round trip byte for byte, edits that
// touch only what changed, sends whose captures feed the next one, a run with its events, secrets
// kept out of the collection, a corrupted file reported and never overwritten, the watcher.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionInfo } from '../../../shared/collection';
import type { EventName, EventPayload } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { fixtureServices } from '../../test-support/fixture-services';
import type { Handlers } from '../contract-handlers';
import { createContractHandlers } from '../contract-handlers';
import type { Engine, EngineEvent } from '../engine';
import { createEngine } from '../engine';

const services = fixtureServices();
const fixture = resolve('fixtures/collections/users-service');
let folder: string;
let root: string;
let engine: Engine;
let handlers: Handlers;
const events: EngineEvent[] = [];
let info: CollectionInfo;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'patchbay-collection-it-'));
  root = join(folder, 'users-service');
  await cp(fixture, root, { recursive: true });
  engine = createEngine();
  engine.onEvent((event) => events.push(event));
  handlers = createContractHandlers(engine);
});
afterAll(async () => {
  await engine.close();
  await rm(folder, { recursive: true, force: true });
});

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};
const payloads = <E extends EventName>(name: E) => events.filter((event) => event.event === name).map((event) => event.payload as EventPayload<E>);
const read = (path: string) => readFile(join(root, path), 'utf8');

/** Every file of the collection by path, hidden ones included. */
async function snapshot(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(root, path).split('\\').join('/')] = await readFile(path, 'utf8');
  }
  return files;
}

describe.sequential('collection commands against Nest 12 over TCP', () => {
  it('opens the collection: its requests in run order, its folders, its environment', async () => {
    info = value(await handlers['collection.open']({ root }));
    expect(info.root).toBe(root);
    expect(info.collection.requests.map((entry) => [entry.path, entry.name])).toEqual([
      ['tcp/sum.yaml', 'sum'],
      ['tcp/create-user.yaml', 'create user'],
      ['tcp/get-user.yaml', 'get created user'],
      ['tcp/missing-user.yaml', 'unknown user fails'],
      ['grpc/get-user.yaml', 'get seeded user'],
      ['grpc/list-users.yaml', 'list users'],
    ]);
    expect(info.folders).toEqual(['tcp', 'grpc']);
    expect(info.collection.problems).toEqual([]);
    expect(info.secrets).toEqual({ local: {} });
  });

  it('leaves every file byte for byte as it was when the app saves what it loaded', async () => {
    const before = await snapshot();
    const { collectionId, collection } = info;
    for (const entry of collection.requests) {
      expect(await handlers['collection.saveRequest']({ collectionId, path: entry.path, request: entry.request })).toEqual({ ok: true, value: { path: entry.path, changed: false } });
    }
    expect(await handlers['collection.saveManifest']({ collectionId, manifest: collection.manifest })).toEqual({ ok: true, value: { path: 'patchbay-collection.yaml', changed: false } });
    const local = collection.environments.local;
    if (!local) throw new Error('environments/local.yaml did not load');
    expect(await handlers['collection.saveEnvironment']({ collectionId, name: 'local', environment: local })).toEqual({ ok: true, value: { path: 'environments/local.yaml', changed: false } });
    expect(await snapshot()).toEqual(before);
  });

  it('writes only what changed: the port of the running service, one request', async () => {
    const { collectionId, collection } = info;
    const local = collection.environments.local;
    if (!local) throw new Error('environments/local.yaml did not load');
    const port = services.nest['12'].tcp.port;
    expect(await handlers['collection.saveEnvironment']({ collectionId, name: 'local', environment: { ...local, variables: { ...local.variables, tcpPort: port } } })).toEqual({
      ok: true,
      value: { path: 'environments/local.yaml', changed: true },
    });
    expect(await read('environments/local.yaml')).toBe(
      `variables:\n  host: 127.0.0.1\n  tcpPort: ${port}\n  grpcPort: 5000\n  # Relative to the collection folder, as every file a target names.\n  usersProto: ../../nest/app/proto/users.proto\n`,
    );

    const sum = collection.requests.find((entry) => entry.path === 'tcp/sum.yaml');
    if (!sum) throw new Error('tcp/sum.yaml did not load');
    const edited = { ...sum.request, data: [1, 2, 3, 4], assert: sum.request.assert.map((assertion) => (assertion.equals === 6 ? { ...assertion, equals: 10 } : assertion)) };
    expect(await handlers['collection.saveRequest']({ collectionId, path: 'tcp/sum.yaml', request: edited })).toEqual({ ok: true, value: { path: 'tcp/sum.yaml', changed: true } });
    expect(await read('tcp/sum.yaml')).toBe(
      'name: sum\norder: 1\nconnection: tcp\npattern: { cmd: sum }\ndata: [1, 2, 3, 4]\nassert:\n  - ok: true\n  - path: $\n    equals: 10\n  - latencyBelowMs: 2000\n',
    );
    // The command answered after the new state went out.
    info = payloads('collection.changed').at(-1) ?? info;
    expect(info.collection.requests.find((entry) => entry.path === 'tcp/sum.yaml')?.request.data).toEqual([1, 2, 3, 4]);
  });

  it('sends a request, keeps its capture, and fills the next request with it over the same connection', async () => {
    const { collectionId, collection } = info;
    const create = collection.requests.find((entry) => entry.path === 'tcp/create-user.yaml');
    const get = collection.requests.find((entry) => entry.path === 'tcp/get-user.yaml');
    if (!create || !get) throw new Error('tcp requests did not load');

    const created = value(await handlers['collection.send']({ collectionId, environment: 'local', path: create.path, request: create.request }));
    const userId = (created.result.values[0] as { id: number }).id;
    expect(typeof userId).toBe('number');
    expect(created.result).toEqual({
      path: 'tcp/create-user.yaml',
      name: 'create user',
      iteration: 1,
      status: 'passed',
      durationMs: created.result.durationMs,
      values: [{ id: userId, name: 'Ada', email: 'ada@example.com' }],
      assertions: [
        { label: 'path name equals "Ada"', passed: true },
        { label: 'path id exists', passed: true },
      ],
      captured: { userId },
    });
    expect(created.outcome?.status).toBe('ok');
    const connection = engine.connections.get(created.connectionId ?? '')?.info();
    expect({ name: connection?.name, state: connection?.state }).toEqual({ name: 'users-service · tcp', state: 'ready' });

    const fetched = value(await handlers['collection.send']({ collectionId, environment: 'local', path: get.path, request: get.request }));
    expect({ status: fetched.result.status, values: fetched.result.values, connectionId: fetched.connectionId }).toEqual({
      status: 'passed',
      values: [{ id: userId, name: 'Ada', email: 'ada@example.com' }],
      connectionId: created.connectionId,
    });
    expect(value(await handlers['collection.variables']({ collectionId, environment: 'local' })).userId).toEqual({ source: 'captured', value: userId });
    // Both went through the traffic log and into history.
    const { entries } = value(await handlers['history.list']({ limit: 10 }));
    expect(entries.map((entry) => [entry.pattern, entry.data, entry.source?.path, entry.connection.url, entry.outcome.status])).toEqual([
      [{ cmd: 'get_user' }, { id: userId }, 'tcp/get-user.yaml', `tcp://127.0.0.1:${services.nest['12'].tcp.port}`, 'ok'],
      ['users.create', { name: 'Ada', email: 'ada@example.com' }, 'tcp/create-user.yaml', `tcp://127.0.0.1:${services.nest['12'].tcp.port}`, 'ok'],
    ]);
  });

  it('runs a folder in the background: each result as it finishes, then the report', async () => {
    const { collectionId } = info;
    const { runId } = value(await handlers['collection.run']({ collectionId, environment: 'local', folder: 'tcp', iterations: 1, bail: false }));
    await expect.poll(() => payloads('collection.runFinished').filter((payload) => payload.runId === runId)).toHaveLength(1);
    const results = payloads('collection.runResult').filter((payload) => payload.runId === runId);
    expect(results.map(({ collectionId: id, result }) => [id, result.path, result.status, result.assertions.filter((assertion) => !assertion.passed)])).toEqual([
      [collectionId, 'tcp/sum.yaml', 'passed', []],
      [collectionId, 'tcp/create-user.yaml', 'passed', []],
      [collectionId, 'tcp/get-user.yaml', 'passed', []],
      [collectionId, 'tcp/missing-user.yaml', 'passed', []],
    ]);
    const finished = payloads('collection.runFinished').find((payload) => payload.runId === runId);
    expect({ collection: finished?.report?.collection, environment: finished?.report?.environment, totals: finished?.report?.totals, results: finished?.report?.results.length, failure: finished?.failure }).toEqual({
      collection: 'users-service',
      environment: 'local',
      totals: { passed: 4, failed: 0, errored: 0, skipped: 0 },
      results: 4,
      failure: undefined,
    });
    expect(results.map((payload) => payload.result.values)[0]).toEqual([10]);
  });

  it('keeps a secret out of the collection files and shows where it comes from', async () => {
    const { collectionId } = info;
    const local = info.collection.environments.local;
    if (!local) throw new Error('environments/local.yaml did not load');
    value(await handlers['collection.saveEnvironment']({ collectionId, name: 'local', environment: { ...local, secrets: ['apiToken'] } }));
    expect(payloads('collection.changed').at(-1)?.secrets).toEqual({ local: { apiToken: 'missing' } });
    expect(await handlers['collection.setSecret']({ collectionId, environment: 'local', name: 'apiToken', value: 'tok-Zq81x' })).toEqual({ ok: true, value: null });
    expect(payloads('collection.changed').at(-1)?.secrets).toEqual({ local: { apiToken: 'store' } });
    expect(await read('.patchbay/secrets.yaml')).toBe('local:\n  apiToken: "tok-Zq81x"\n');
    const outside = Object.entries(await snapshot()).filter(([path, text]) => !path.startsWith('.patchbay/') && text.includes('tok-Zq81x'));
    expect(outside).toEqual([]);
    expect(JSON.stringify(events)).not.toContain('tok-Zq81x');
    expect(await read('environments/local.yaml')).toContain('\nsecrets:\n  - apiToken\n');

    const sent = value(await handlers['collection.send']({ collectionId, environment: 'local', request: { connection: 'tcp', kind: 'send', pattern: { cmd: 'echo' }, data: { token: '{{apiToken}}' }, capture: [], assert: [] } }));
    // Nest echoed the real token; the app sees the redaction marker (shared/redaction.ts).
    expect(sent.result.values).toEqual([{ token: '••••••' }]);
    const [latest] = value(await handlers['history.list']({ limit: 1 })).entries;
    expect({ data: latest?.data, summary: latest?.outcome.summary }).toEqual({ data: { token: '{{apiToken}}' }, summary: '{"token":"••••••"}' });
    expect(JSON.stringify(events)).not.toContain('tok-Zq81x');
  });

  it('reports a corrupted file with its line and column, and never overwrites it', async () => {
    const { collectionId } = info;
    const broken = 'name: unknown user fails\norder: 4\nconnection: tcp\npattern: { cmd: get_user\ndata:\n  id: 99999\n';
    await writeFile(join(root, 'tcp/missing-user.yaml'), broken);
    await expect.poll(() => payloads('collection.changed').at(-1)?.collection.problems).toEqual([
      {
        path: 'tcp/missing-user.yaml',
        line: 5,
        column: 1,
        message: 'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }. Check the indentation, quotes and brackets here.',
      },
    ]);
    const saved = await handlers['collection.saveRequest']({ collectionId, path: 'tcp/missing-user.yaml', request: { connection: 'tcp', kind: 'send', pattern: { cmd: 'get_user' }, data: { id: 1 }, capture: [], assert: [] } });
    expect(saved.ok ? undefined : saved.error.code).toBe('file-has-problems');
    expect(await read('tcp/missing-user.yaml')).toBe(broken);
  });

  it('publishes a file edited on disk with its new value', async () => {
    await writeFile(join(root, 'tcp/sum.yaml'), 'name: sum\norder: 1\nconnection: tcp\npattern: { cmd: sum }\ndata: [40, 2]\n');
    await expect.poll(() => payloads('collection.changed').at(-1)?.collection.requests.find((entry) => entry.path === 'tcp/sum.yaml')?.request).toEqual({
      name: 'sum',
      order: 1,
      connection: 'tcp',
      kind: 'send',
      pattern: { cmd: 'sum' },
      data: [40, 2],
      capture: [],
      assert: [],
    });
  });
});
