import { describe, expect, it } from 'vitest';
import type { CollectionRequest, LoadedCollection, RequestFile, RequestRunResult } from '../../../shared/collection';
import type { ConnectionTarget } from '../../../shared/connection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { createEngine } from '../engine';
import type { ReplyPart, TransportClient } from '../transports/transport';
import type { CollectionRunOptions } from './collection-run';
import { blockingProblems, runCollection } from './collection-run';

/** Answers like the fixture service: {cmd:'sum'} adds, {cmd:'echo'} echoes, {cmd:'fail'} throws. */
function fakeClient(connected: Result<null>, sent: { pattern: unknown; data: unknown; headers?: Record<string, string> }[]): TransportClient {
  return {
    status: { state: connected.ok ? 'ready' : 'failed' },
    onStatus: () => () => {},
    firstAttempt: async () => connected,
    async *send(request): AsyncIterable<ReplyPart> {
      sent.push({ pattern: request.pattern, data: request.data, ...(request.options?.headers ? { headers: request.options.headers } : {}) });
      yield { kind: 'written', sizeBytes: 1 };
      const cmd = (request.pattern as { cmd?: string }).cmd;
      if (cmd === 'sum') yield { kind: 'value', value: (request.data as number[]).reduce((a, b) => a + b, 0), last: true, sizeBytes: 1 };
      else if (cmd === 'fail') yield { kind: 'remote-error', error: { status: 404, message: 'nope' }, sizeBytes: 1 };
      else yield { kind: 'value', value: request.data, last: true, sizeBytes: 1 };
    },
    emit: async (event) => (sent.push({ pattern: event.pattern, data: event.data }), ok({ sizeBytes: 1 })),
    close: async () => {},
  };
}

function setup() {
  const sent: { pattern: unknown; data: unknown; headers?: Record<string, string> }[] = [];
  const opened: ConnectionTarget[] = [];
  const engine = createEngine({
    clock: { now: () => 1_000, monotonicMs: () => 0 },
    createClient: (target) => {
      opened.push(target);
      const refused = target.kind === 'tcp' && target.port === 1;
      return fakeClient(refused ? fail('connection-refused', 'Nothing listens on 127.0.0.1:1.') : ok(null), sent);
    },
  });
  const deps = { engine, now: () => 1_000, monotonicMs: () => 0, uuid: () => 'uuid-1', random: () => 0, readFile: () => '' };
  return { engine, deps, sent, opened };
}

const request = (path: string, file: Partial<RequestFile> & Pick<RequestFile, 'pattern'>): CollectionRequest => {
  const parts = path.split('/');
  return {
    path,
    folder: parts.slice(0, -1),
    name: parts[parts.length - 1]?.replace(/\.yaml$/, '') ?? path,
    request: { connection: 'svc', kind: 'send', data: null, capture: [], assert: [], ...file },
  };
};

const collection = (requests: CollectionRequest[]): LoadedCollection => ({
  root: '/c',
  manifest: { patchbay: 1, name: 'Demo', connections: { svc: { target: 'tcp://{{host}}:{{port}}' }, down: { target: 'tcp://127.0.0.1:1' } } },
  requests,
  environments: { local: { variables: { host: '127.0.0.1', port: 3001, first: [1, 2, 3], expectedSum: 6 }, secrets: ['token'] }, staging: { variables: {}, secrets: [] } },
  problems: [],
});

const options = (overrides: Partial<CollectionRunOptions> = {}): CollectionRunOptions => ({ environment: 'local', variables: {}, iterations: 1, bail: false, secrets: {}, ...overrides });

const sumThenEcho = collection([
  request('math/sum.yaml', { pattern: { cmd: 'sum' }, data: '{{first}}', capture: [{ variable: 'total', path: '$' }], assert: [{ path: '$', equals: '{{expectedSum}}' }] }),
  request('math/echo.yaml', { pattern: { cmd: 'echo' }, data: { total: '{{total}}', label: 'sum={{total}}' }, headers: { authorization: 'Bearer {{token}}', 'x-total': '{{total}}' }, assert: [{ path: 'total', equals: 6 }, { ok: true }] }),
]);

const passedResult = (path: string, name: string, values: unknown[], assertions: RequestRunResult['assertions'], captured = {}): RequestRunResult =>
  ({ path, name, iteration: 1, status: 'passed', durationMs: 0, values, assertions, captured }) as RequestRunResult;

describe('runCollection', () => {
  it('sends in order, captures into the next request and checks assertions, reporting each result as it finishes', async () => {
    const { engine, deps, sent, opened } = setup();
    const live: string[] = [];
    const run = await runCollection(sumThenEcho, options({ secrets: { token: 't0k' }, onResult: (result) => live.push(`${result.path} ${result.status}`) }), deps);
    expect(run).toEqual({
      ok: true,
      value: {
        errors: [],
        report: {
          collection: 'Demo',
          environment: 'local',
          startedAt: 1_000,
          durationMs: 0,
          totals: { passed: 2, failed: 0, errored: 0, skipped: 0 },
          results: [
            passedResult('math/sum.yaml', 'sum', [6], [{ label: 'path $ equals 6', passed: true }], { total: 6 }),
            passedResult('math/echo.yaml', 'echo', [{ total: 6, label: 'sum=6' }], [{ label: 'path total equals 6', passed: true }, { label: 'ok', passed: true }]),
          ],
        },
      },
    });
    expect(live).toEqual(['math/sum.yaml passed', 'math/echo.yaml passed']);
    expect(sent).toEqual([
      { pattern: { cmd: 'sum' }, data: [1, 2, 3] },
      { pattern: { cmd: 'echo' }, data: { total: 6, label: 'sum=6' }, headers: { authorization: 'Bearer t0k', 'x-total': '6' } },
    ]);
    expect(opened).toEqual([{ kind: 'tcp', host: '127.0.0.1', port: 3001 }]);
    // Everything the run opened is closed.
    expect(engine.connections.list()).toEqual([]);
    await engine.close();
  });

  it('lets --var override the environment and reports the failed assertion', async () => {
    const { engine, deps } = setup();
    const run = await runCollection(sumThenEcho, options({ variables: { expectedSum: 7 }, secrets: { token: 't' } }), deps);
    expect(run.ok && run.value.report.results.map(({ status, assertions }) => ({ status, assertions }))).toEqual([
      { status: 'failed', assertions: [{ label: 'path $ equals 7', passed: false, message: 'expected 7, got 6' }] },
      { status: 'passed', assertions: [{ label: 'path total equals 6', passed: true }, { label: 'ok', passed: true }] },
    ]);
    await engine.close();
  });

  it('marks the requests of a connection that cannot connect as errored, connecting once', async () => {
    const { engine, deps, opened } = setup();
    const down = collection([request('a.yaml', { connection: 'down', pattern: 'x' }), request('b.yaml', { connection: 'down', pattern: 'y' }), request('c.yaml', { pattern: { cmd: 'sum' }, data: [1] })]);
    const run = await runCollection(down, options(), deps);
    const problem = 'Connection "down" (tcp://127.0.0.1:1): Nothing listens on 127.0.0.1:1.';
    expect(run.ok && run.value.report.results.map(({ path, status, problem }) => ({ path, status, problem }))).toEqual([
      { path: 'a.yaml', status: 'errored', problem },
      { path: 'b.yaml', status: 'errored', problem },
      { path: 'c.yaml', status: 'passed', problem: undefined },
    ]);
    expect(run.ok && run.value.errors).toEqual([
      { path: 'a.yaml', iteration: 1, stage: 'connect', failure: { code: 'connection-refused', message: problem } },
      { path: 'b.yaml', iteration: 1, stage: 'connect', failure: { code: 'connection-refused', message: problem } },
    ]);
    expect(opened.length).toBe(2);
    await engine.close();
  });

  it('with bail, skips everything after the first failure, later iterations included', async () => {
    const { engine, deps } = setup();
    const failing = collection([request('a.yaml', { pattern: { cmd: 'fail' }, assert: [{ ok: true }] }), request('b.yaml', { pattern: { cmd: 'sum' }, data: [1] })]);
    const run = await runCollection(failing, options({ bail: true, iterations: 2 }), deps);
    expect(run.ok && run.value.report.results.map(({ path, iteration, status }) => `${iteration} ${path} ${status}`)).toEqual(['1 a.yaml failed', '1 b.yaml skipped', '2 a.yaml skipped', '2 b.yaml skipped']);
    expect(run.ok && run.value.report.totals).toEqual({ passed: 0, failed: 1, errored: 0, skipped: 3 });
    await engine.close();
  });

  it('errors a request whose variable is unknown or whose secret is missing, and runs the rest', async () => {
    const { engine, deps } = setup();
    const run = await runCollection(sumThenEcho, options(), deps);
    expect(run.ok && run.value.errors).toEqual([
      {
        path: 'math/echo.yaml',
        iteration: 1,
        stage: 'prepare',
        failure: {
          code: 'missing-secret',
          message:
            'The secret "token" that environment "local" lists has no value (needed by math/echo.yaml). Set the environment variable PATCHBAY_SECRET_TOKEN, or add it under "local:" in .patchbay/secrets.yaml.',
        },
      },
    ]);
    const unknown = await runCollection(collection([request('a.yaml', { pattern: 'x', data: '{{userId}}' })]), options({ environment: 'staging' }), deps);
    expect(unknown.ok && unknown.value.report.results[0]?.problem).toBe('Unknown variable "userId" in a.yaml. Define it in the environment file environments/staging.yaml (under variables:) or pass --var userId=value.');
    await engine.close();
  });

  it('sends an emit and passes with no values', async () => {
    const { engine, deps, sent } = setup();
    const run = await runCollection(collection([request('e.yaml', { kind: 'emit', pattern: 'user.created', data: { id: '{{$uuid}}' }, assert: [{ parts: 0 }] })]), options(), deps);
    expect(run.ok && run.value.report.results[0]?.status).toBe('passed');
    expect(sent).toEqual([{ pattern: 'user.created', data: { id: 'uuid-1' } }]);
    await engine.close();
  });

  it('runs only the requests of a folder, and names the folders when there is none such', async () => {
    const { engine, deps } = setup();
    const mixed = collection([request('root.yaml', { pattern: { cmd: 'sum' }, data: [1] }), request('math/deep/sum.yaml', { pattern: { cmd: 'sum' }, data: [2] })]);
    const run = await runCollection(mixed, options({ folder: 'math' }), deps);
    expect(run.ok && run.value.report.results.map((result) => result.path)).toEqual(['math/deep/sum.yaml']);
    expect(await runCollection(mixed, options({ folder: 'nope' }), deps)).toEqual({ ok: false, error: { code: 'unknown-folder', message: 'No requests in folder "nope". Folders: math/deep.' } });
    await engine.close();
  });

  it('fails on an unknown environment, listing the ones there are', async () => {
    const { engine, deps } = setup();
    expect(await runCollection(sumThenEcho, options({ environment: 'prod' }), deps)).toEqual({ ok: false, error: { code: 'unknown-environment', message: 'No environment "prod" in Demo. Environments: local, staging.' } });
    await engine.close();
  });
});

describe('blockingProblems', () => {
  it('blocks on the manifest, the chosen environment and request files of the folder to run', () => {
    const problems = [
      { path: 'patchbay-collection.yaml', message: 'm' },
      { path: 'environments/local.yaml', message: 'e1' },
      { path: 'environments/staging.yaml', message: 'e2' },
      { path: 'math/bad.yaml', message: 'r1' },
      { path: 'users/bad.yaml', message: 'r2' },
    ];
    const loaded = { ...collection([]), problems };
    expect(blockingProblems(loaded, { environment: 'local', folder: 'math' }).map((problem) => problem.message)).toEqual(['m', 'e1', 'r1']);
    expect(blockingProblems(loaded, {}).map((problem) => problem.message)).toEqual(['m', 'r1', 'r2']);
  });
});
