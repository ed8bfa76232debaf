// The collection commands against an engine whose transport clients are fakes: opening and
// watching, secrets, variables, sends with captures over reused named connections, history without
// secrets, runs and their events. The same against a real Nest service: *.integration.test.ts.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestFile } from '../../../shared/collection';
import type { ConnectionTarget } from '../../../shared/connection';
import type { EventName, EventPayload } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import type { Handlers } from '../contract-handlers';
import { createContractHandlers } from '../contract-handlers';
import type { Engine, EngineEvent } from '../engine';
import { createEngine } from '../engine';
import type { ReplyPart, TransportClient } from '../transports/transport';

/** While set, replies wait for it: a run can be stopped with a request in flight. */
let replyGate: Promise<void> | undefined;
let requestsSent = 0;

/** Echoes every request's data back; {cmd:'sum'} adds. */
function echoClient(): TransportClient {
  return {
    status: { state: 'ready' },
    onStatus: () => () => {},
    firstAttempt: async () => ok(null),
    async *send(request): AsyncIterable<ReplyPart> {
      yield { kind: 'written', sizeBytes: 10 };
      requestsSent += 1;
      if (replyGate) await replyGate;
      const cmd = (request.pattern as { cmd?: string }).cmd;
      const value = cmd === 'sum' ? (request.data as number[]).reduce((a, b) => a + b, 0) : { data: request.data, headers: request.options?.headers ?? {} };
      yield { kind: 'value', value, last: true, sizeBytes: 5 };
    },
    emit: async () => ok({ sizeBytes: 7 }),
    close: async () => {},
  };
}

const files: Record<string, string> = {
  'patchbay-collection.yaml': 'patchbay: 1\nname: demo\nconnections:\n  svc:\n    target: tcp://{{host}}:3001\n',
  'environments/local.yaml': 'variables:\n  host: 127.0.0.1\n  numbers: [1, 2]\n  userId: from-environment\nsecrets: [apiToken, ciToken]\n',
  'environments/staging.yaml': 'variables:\n  host: staging.local\n  numbers: [3]\n',
  'math/sum.yaml': 'order: 1\nconnection: svc\npattern: { cmd: sum }\ndata: "{{numbers}}"\ncapture:\n  - variable: total\nassert:\n  - { path: $, equals: 3 }\n',
  'math/echo.yaml': 'name: echo total\norder: 2\nconnection: svc\npattern: { cmd: echo }\ndata: { total: "{{total}}" }\nheaders: { authorization: "Bearer {{apiToken}}" }\nassert:\n  - { path: data.total, equals: 3 }\n',
};

let root: string;
let engine: Engine;
let handlers: Handlers;
let events: EngineEvent[];
const opened: ConnectionTarget[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'patchbay-collection-handlers-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  await mkdir(join(root, 'empty'));
  opened.length = 0;
  replyGate = undefined;
  requestsSent = 0;
  process.env.PATCHBAY_SECRET_CITOKEN = 'from-ci';
  engine = createEngine({ createClient: (target) => (opened.push(target), echoClient()) });
  events = [];
  engine.onEvent((event) => events.push(event));
  handlers = createContractHandlers(engine);
});
afterEach(async () => {
  delete process.env.PATCHBAY_SECRET_CITOKEN;
  await engine.close();
  await rm(root, { recursive: true, force: true });
});

const payloads = <E extends EventName>(name: E) => events.filter((event) => event.event === name).map((event) => event.payload as EventPayload<E>);
const value = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
};
const request = (file: Partial<RequestFile> & Pick<RequestFile, 'pattern'>): RequestFile => ({ connection: 'svc', kind: 'send', data: null, capture: [], assert: [], ...file });

describe('collection.open', () => {
  it('loads the collection with its folders and where each secret comes from, once per folder', async () => {
    const info = value(await handlers['collection.open']({ root }));
    expect({ ...info, collection: { ...info.collection, requests: info.collection.requests.map((entry) => entry.path) } }).toEqual({
      collectionId: info.collectionId,
      root,
      collection: {
        root,
        manifest: { patchbay: 1, name: 'demo', connections: { svc: { target: 'tcp://{{host}}:3001' } } },
        requests: ['math/sum.yaml', 'math/echo.yaml'],
        environments: {
          local: { variables: { host: '127.0.0.1', numbers: [1, 2], userId: 'from-environment' }, secrets: ['apiToken', 'ciToken'] },
          staging: { variables: { host: 'staging.local', numbers: [3] }, secrets: [] },
        },
        problems: [],
      },
      folders: ['empty', 'math'],
      secrets: { local: { apiToken: 'missing', ciToken: 'process' }, staging: {} },
    });
    expect(payloads('collection.changed')).toEqual([info]);
    expect(value(await handlers['collection.open']({ root: `${root}/math/..` })).collectionId).toBe(info.collectionId);
    expect(value(await handlers['collection.list']({})).map((listed) => listed.collectionId)).toEqual([info.collectionId]);
  });

  it('creates a collection, or reads one from a Nest project, and opens it', async () => {
    const created = value(await handlers['collection.create']({ root: join(root, 'new'), name: 'fresh' }));
    expect({ root: created.root, manifest: created.collection.manifest, requests: created.collection.requests, folders: created.folders }).toEqual({
      root: join(root, 'new'),
      manifest: { patchbay: 1, name: 'fresh', connections: {} },
      requests: [],
      folders: [],
    });
    const project = join(root, 'nest-project');
    await mkdir(join(project, 'src'), { recursive: true });
    await writeFile(join(project, 'src/app.controller.ts'), "export class AppController { @MessagePattern('ping') ping() {} }\n");
    const imported = value(await handlers['collection.importNest']({ project, root: join(root, 'imported') }));
    expect(imported.collection.requests.map((entry) => entry.path)).toEqual(['AppController/ping.yaml']);
    expect(value(await handlers['collection.list']({})).map((listed) => listed.root)).toEqual([join(root, 'new'), join(root, 'imported')]);
    expect(await handlers['collection.create']({ root: join(root, 'new'), name: 'again' })).toMatchObject({ ok: false, error: { code: 'already-exists' } });
  });

  it('adds the requests of a .proto to an open collection', async () => {
    const { collectionId } = value(await handlers['collection.open']({ root }));
    const imported = value(await handlers['collection.importProto']({ collectionId, proto: join(process.cwd(), 'fixtures/nest/app/proto/users.proto'), connection: 'grpc', target: 'grpc://127.0.0.1:5000' }));
    expect({ connectionAdded: imported.connectionAdded, skipped: imported.skipped }).toEqual({ connectionAdded: true, skipped: [] });
    const latest = payloads('collection.changed').at(-1);
    expect(latest?.collection.manifest.connections.grpc).toEqual({ target: 'grpc://127.0.0.1:5000' });
    // Listed in run order (by file name), written in the .proto's order.
    expect(latest?.collection.requests.filter((entry) => entry.request.connection === 'grpc').map((entry) => entry.path)).toEqual([...imported.written].sort());
    expect(await handlers['collection.importProto']({ collectionId, proto: 'proto/users.proto', connection: 'grpc' })).toEqual({
      ok: false,
      error: { code: 'invalid-path', message: '"proto/users.proto" is a relative path. Give the .proto file as an absolute path, e.g. /home/me/users-service/proto/users.proto.' },
    });
  });

  it('says what is wrong with a folder that is not a collection', async () => {
    expect(await handlers['collection.open']({ root: 'relative/folder' })).toEqual({
      ok: false,
      error: { code: 'invalid-path', message: '"relative/folder" is a relative path. Give the folder as an absolute path, e.g. /home/me/users-service/collection.' },
    });
    expect(await handlers['collection.open']({ root: join(root, 'math') })).toEqual({
      ok: false,
      error: {
        code: 'no-manifest',
        message: `${join(root, 'math')} has no patchbay-collection.yaml, so it is not a Patchbay collection. Point at the collection's folder, or create the file with "patchbay: 1" and "name: <collection name>".`,
      },
    });
  });

  it('republishes the collection when a file changes on disk, and forgets it on close', async () => {
    const { collectionId } = value(await handlers['collection.open']({ root }));
    await writeFile(join(root, 'math/sum.yaml'), files['math/sum.yaml']?.replace('data: "{{numbers}}"', 'data: [5, 6]') ?? '');
    await expect.poll(() => payloads('collection.changed').at(-1)?.collection.requests.find((entry) => entry.path === 'math/sum.yaml')?.request.data).toEqual([5, 6]);
    expect(await handlers['collection.close']({ collectionId })).toEqual({ ok: true, value: null });
    expect(payloads('collection.removed')).toEqual([{ collectionId }]);
    expect(value(await handlers['collection.list']({}))).toEqual([]);
    expect((await handlers['collection.saveRequest']({ collectionId, path: 'x.yaml', request: request({ pattern: 'x' }) })).ok).toBe(false);
  });
});

describe('writes through the engine', () => {
  it('saves, and publishes the new state before answering; an unchanged save writes nothing', async () => {
    const { collectionId, collection } = value(await handlers['collection.open']({ root }));
    const sum = collection.requests.find((entry) => entry.path === 'math/sum.yaml')?.request;
    if (!sum) throw new Error('math/sum.yaml did not load');
    const published = events.length;
    expect(await handlers['collection.saveRequest']({ collectionId, path: 'math/sum.yaml', request: sum })).toEqual({ ok: true, value: { path: 'math/sum.yaml', changed: false } });
    expect(await readFile(join(root, 'math/sum.yaml'), 'utf8')).toBe(files['math/sum.yaml']);
    expect(await handlers['collection.saveRequest']({ collectionId, path: 'orders/new.yaml', request: request({ pattern: 'orders.create' }) })).toEqual({ ok: true, value: { path: 'orders/new.yaml', changed: true } });
    const latest = payloads('collection.changed').at(-1);
    expect(events.length).toBeGreaterThan(published);
    expect(latest?.folders).toEqual(['empty', 'math', 'orders']);
    expect(latest?.collection.requests.map((entry) => entry.path)).toEqual(['math/sum.yaml', 'math/echo.yaml', 'orders/new.yaml']);
  });

  it('keeps secrets out of collection files and reports where each one is', async () => {
    const { collectionId } = value(await handlers['collection.open']({ root }));
    expect(await handlers['collection.setSecret']({ collectionId, environment: 'local', name: 'apiToken', value: 's3cr3t' })).toEqual({ ok: true, value: null });
    expect(payloads('collection.changed').at(-1)?.secrets).toEqual({ local: { apiToken: 'store', ciToken: 'process' }, staging: {} });
    expect(await readFile(join(root, '.patchbay/secrets.yaml'), 'utf8')).toBe('local:\n  apiToken: "s3cr3t"\n');
    expect(JSON.stringify(events)).not.toContain('s3cr3t');
    expect(await handlers['collection.setSecret']({ collectionId, environment: 'staging', name: 'apiToken', value: 'x' })).toEqual({
      ok: false,
      error: { code: 'unknown-secret', message: 'Environment "staging" does not list the secret "apiToken". Add it under secrets: in environments/staging.yaml first, then set its value.' },
    });
  });
});

describe('collection.variables and collection.send', () => {
  it('lists what a request would see: captured, then secrets without values, then the environment', async () => {
    const { collectionId } = value(await handlers['collection.open']({ root }));
    await handlers['collection.send']({ collectionId, environment: 'local', request: request({ pattern: { cmd: 'sum' }, data: [2, 3], capture: [{ variable: 'userId', path: '$' }] }) });
    expect(value(await handlers['collection.variables']({ collectionId, environment: 'local' }))).toEqual({
      userId: { source: 'captured', value: 5 },
      apiToken: { source: 'secret', missing: true },
      ciToken: { source: 'secret', missing: false },
      host: { source: 'environment', value: '127.0.0.1' },
      numbers: { source: 'environment', value: [1, 2] },
    });
    expect(value(await handlers['collection.variables']({ collectionId }))).toEqual({ userId: { source: 'captured', value: 5 } });
    expect(await handlers['collection.variables']({ collectionId, environment: 'prod' })).toEqual({ ok: false, error: { code: 'unknown-environment', message: 'No environment "prod" in demo. Environments: local, staging.' } });
  });

  it('sends with the environment, keeps captures for the next send, and reuses the named connection', async () => {
    const { collectionId, collection } = value(await handlers['collection.open']({ root }));
    await handlers['collection.setSecret']({ collectionId, environment: 'local', name: 'apiToken', value: 's3cr3t' });
    const [sum, echo] = collection.requests;
    if (!echo || !sum) throw new Error('requests did not load');

    const first = value(await handlers['collection.send']({ collectionId, environment: 'local', path: sum.path, request: sum.request }));
    expect(first.result).toEqual({ path: 'math/sum.yaml', name: 'sum', iteration: 1, status: 'passed', durationMs: first.result.durationMs, values: [3], assertions: [{ label: 'path $ equals 3', passed: true }], captured: { total: 3 } });
    expect(first.outcome).toMatchObject({ status: 'ok', values: [3], requestBytes: 10, replyBytes: 5 });
    const connection = engine.connections.get(first.connectionId ?? '')?.info();
    expect({ name: connection?.name, target: connection?.target }).toEqual({ name: 'demo · svc', target: { kind: 'tcp', host: '127.0.0.1', port: 3001 } });

    const second = value(await handlers['collection.send']({ collectionId, environment: 'local', path: echo.path, request: echo.request }));
    // The service got the real token; what comes back to the app shows the redaction marker.
    expect(second.result.values).toEqual([{ data: { total: 3 }, headers: { authorization: 'Bearer ••••••' } }]);
    expect(second.result.status).toBe('passed');
    expect(second.connectionId).toBe(first.connectionId);
    expect(opened).toHaveLength(1);

    // Another environment resolves another target: a new connection, the old one closed.
    const staging = value(await handlers['collection.send']({ collectionId, environment: 'staging', request: request({ pattern: 'ping', kind: 'emit', data: { at: '{{host}}' } }) }));
    expect(staging).toEqual({ result: { path: '', name: 'unsaved request', iteration: 1, status: 'passed', durationMs: staging.result.durationMs, values: [], assertions: [], captured: {} }, connectionId: staging.connectionId, emittedBytes: 7 });
    expect(engine.connections.list().map((info) => [info.name, info.target])).toEqual([['demo · svc', { kind: 'tcp', host: 'staging.local', port: 3001 }]]);
  });

  it('records sends in history, a secret left as its placeholder in the request and shown as the marker in the reply', async () => {
    const { collectionId, collection } = value(await handlers['collection.open']({ root }));
    await handlers['collection.setSecret']({ collectionId, environment: 'local', name: 'apiToken', value: 's3cr3t' });
    const echo = collection.requests.find((entry) => entry.path === 'math/echo.yaml');
    if (!echo) throw new Error('math/echo.yaml did not load');
    await handlers['collection.send']({ collectionId, environment: 'local', request: request({ pattern: { cmd: 'sum' }, data: '{{numbers}}', capture: [{ variable: 'total', path: '$' }] }) });
    await handlers['collection.send']({ collectionId, environment: 'local', path: echo.path, request: echo.request });
    const { entries } = value(await handlers['history.list']({ limit: 10 }));
    expect(entries.map(({ id: _id, at: _at, outcome, ...entry }) => ({ ...entry, outcome: { ...outcome, durationMs: 0 } }))).toEqual([
      {
        kind: 'send',
        connection: { name: 'demo · svc', url: 'tcp://127.0.0.1:3001' },
        pattern: { cmd: 'echo' },
        data: { total: '{{total}}' },
        headers: { authorization: 'Bearer {{apiToken}}' },
        source: { collectionRoot: root, path: 'math/echo.yaml' },
        outcome: { status: 'ok', durationMs: 0, summary: '{"data":{"total":3},"headers":{"authorization":"Bearer ••••••"}}' },
      },
      {
        kind: 'send',
        connection: { name: 'demo · svc', url: 'tcp://127.0.0.1:3001' },
        pattern: { cmd: 'sum' },
        data: [1, 2],
        outcome: { status: 'ok', durationMs: 0, summary: '3' },
      },
    ]);
    expect(JSON.stringify(entries)).not.toContain('s3cr3t');
  });

  it('reports a request it cannot fill as errored, naming the variable and where to define it', async () => {
    const { collectionId } = value(await handlers['collection.open']({ root }));
    const sent = value(await handlers['collection.send']({ collectionId, environment: 'local', path: 'math/echo.yaml', request: request({ pattern: 'x', data: '{{apiToken}}' }) }));
    expect(sent).toEqual({
      result: {
        path: 'math/echo.yaml',
        name: 'echo',
        iteration: 1,
        status: 'errored',
        durationMs: 0,
        values: [],
        problem:
          'The secret "apiToken" that environment "local" lists has no value (needed by math/echo.yaml). Set the environment variable PATCHBAY_SECRET_APITOKEN, or add it under "local:" in .patchbay/secrets.yaml.',
        assertions: [],
        captured: {},
      },
    });
  });
});

describe('collection.run', () => {
  it('runs in the background, publishing each result and then the report', async () => {
    const { collectionId } = value(await handlers['collection.open']({ root }));
    await handlers['collection.setSecret']({ collectionId, environment: 'local', name: 'apiToken', value: 't' });
    const { runId } = value(await handlers['collection.run']({ collectionId, environment: 'local', folder: 'math', iterations: 1, bail: false }));
    await expect.poll(() => payloads('collection.runFinished')).toHaveLength(1);
    expect(payloads('collection.runResult').map((payload) => [payload.runId, payload.collectionId, payload.result.path, payload.result.status])).toEqual([
      [runId, collectionId, 'math/sum.yaml', 'passed'],
      [runId, collectionId, 'math/echo.yaml', 'passed'],
    ]);
    const [finished] = payloads('collection.runFinished');
    expect({ runId: finished?.runId, totals: finished?.report?.totals, environment: finished?.report?.environment, failure: finished?.failure }).toEqual({
      runId,
      totals: { passed: 2, failed: 0, errored: 0, skipped: 0 },
      environment: 'local',
      failure: undefined,
    });
    // Over the session's named connection, which stays open for the sends after.
    expect(engine.connections.list().map((info) => info.name)).toEqual(['demo · svc']);
    expect(await handlers['collection.stopRun']({ runId })).toEqual({ ok: false, error: { code: 'unknown-run', message: `No run has id ${runId}: it has finished already, or was never started.` } });
  });

  it('stops before the next request when asked, reporting the rest skipped', async () => {
    const { collectionId } = value(await handlers['collection.open']({ root }));
    let release = () => {};
    replyGate = new Promise((resolve) => (release = resolve));
    const { runId } = value(await handlers['collection.run']({ collectionId, environment: 'staging', folder: 'math', iterations: 2, bail: false }));
    await expect.poll(() => requestsSent).toBe(1);
    expect(await handlers['collection.stopRun']({ runId })).toEqual({ ok: true, value: null });
    release();
    await expect.poll(() => payloads('collection.runFinished')).toHaveLength(1);
    expect(payloads('collection.runResult').map((payload) => [payload.result.path, payload.result.iteration, payload.result.status])).toEqual([
      ['math/sum.yaml', 1, 'passed'],
      ['math/echo.yaml', 1, 'skipped'],
      ['math/sum.yaml', 2, 'skipped'],
      ['math/echo.yaml', 2, 'skipped'],
    ]);
    expect(payloads('collection.runFinished')[0]?.report?.totals).toEqual({ passed: 1, failed: 0, errored: 0, skipped: 3 });
  });

  it('does not start over a file it cannot read, saying which line to fix', async () => {
    const { collectionId } = value(await handlers['collection.open']({ root }));
    await writeFile(join(root, 'math/broken.yaml'), 'connection: svc\npattern: [\n');
    const { runId } = value(await handlers['collection.run']({ collectionId, iterations: 1, bail: false }));
    await expect.poll(() => payloads('collection.runFinished')).toHaveLength(1);
    expect(payloads('collection.runFinished')[0]).toMatchObject({
      runId,
      collectionId,
      failure: {
        code: 'file-has-problems',
        message:
          'math/broken.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]. Check the indentation, quotes and brackets here.\nFix this file in an editor to run these requests.',
      },
    });
    expect(payloads('collection.runResult')).toEqual([]);
  });
});
