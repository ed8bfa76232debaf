// Secrets never leave the engine in clear, against real services: a collection whose request
// payload and Redis connection password are secrets is sent, run and run as a saga over the Nest
// 12 TCP fixture and the rig's Redis (which refuses the password). The service really receives
// the token (it echoes it back), yet the live traffic log, its export, history, the run report,
// the saga report and its events, connection.list, the state events and every error show the
// marker instead. A password typed into a connection (not a secret) stays hidden the same way.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionInfo } from '../../../shared/collection';
import type { EventPayload } from '../../../shared/contract';
import { REDACTED } from '../../../shared/redaction';
import { fixtureServices } from '../../test-support/fixture-services';
import { okValue } from '../../test-support/ok-value';
import type { Handlers } from '../contract-handlers';
import { createContractHandlers } from '../contract-handlers';
import type { Engine, EngineEvent } from '../engine';
import { createEngine } from '../engine';

const services = fixtureServices();
const nest = services.nest['12'].tcp;
const brokers = services.brokers;
if (!brokers) throw new Error('These tests need the broker rig: run them through `node fixtures/with-services.mjs` without --no-brokers.');
const redisPort = brokers.redis.port;

const API_TOKEN = 'tok-7Hq2-zz91-secret';
const REDIS_PASSWORD = 'redis-pw-4471';
const TYPED_PASSWORD = 'typed-pw-8832';
const SECRETS = [API_TOKEN, REDIS_PASSWORD, TYPED_PASSWORD];

let folder: string;
let root: string;
let engine: Engine;
let handlers: Handlers;
let info: CollectionInfo;
const events: EngineEvent[] = [];

/** Fails naming which secret showed up where. */
function expectNoSecret(where: string, value: unknown): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const secret of SECRETS) expect(text.includes(secret), `${where} shows ${secret}`).toBe(false);
}

function waitForEvent<E extends EngineEvent['event']>(name: E, matches: (payload: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
  return new Promise((resolve) => {
    const seen = events.find((event) => event.event === name && matches(event.payload as EventPayload<E>));
    if (seen) return resolve(seen.payload as EventPayload<E>);
    const stop = engine.onEvent((event) => {
      if (event.event === name && matches(event.payload as EventPayload<E>)) {
        stop();
        resolve(event.payload as EventPayload<E>);
      }
    });
  });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'patchbay-secrets-it-'));
  root = join(folder, 'secrets-demo');
  await mkdir(join(root, 'environments'), { recursive: true });
  await writeFile(
    join(root, 'patchbay-collection.yaml'),
    [
      'patchbay: 1',
      'name: secrets-demo',
      'connections:',
      '  nest:',
      `    target: tcp://127.0.0.1:${nest.port}`,
      '  cache:',
      `    target: redis://app:{{redisPass}}@127.0.0.1:${redisPort}`,
      '    connectTimeoutMs: 3000',
      '',
    ].join('\n'),
  );
  await writeFile(join(root, 'environments', 'ci.yaml'), 'variables:\n  user: ada\nsecrets: [apiToken, redisPass]\n');
  await writeFile(
    join(root, 'echo-token.yaml'),
    ['name: echo token', 'order: 1', 'connection: nest', 'pattern: { cmd: echo }', 'data: { token: "{{apiToken}}", user: "{{user}}" }', 'assert:', '  - { path: token, equals: "{{apiToken}}" }', ''].join('\n'),
  );
  await writeFile(join(root, 'cache-ping.yaml'), ['name: cache ping', 'order: 2', 'connection: cache', 'pattern: cache.ping', 'data: {}', ''].join('\n'));
  await writeFile(join(root, 'echo.saga.yaml'), ['name: Echo saga', 'steps:', '  - id: echo', '    request:', '      connection: nest', '      pattern: { cmd: echo }', '      data: { token: "{{apiToken}}" }', ''].join('\n'));

  engine = createEngine({ dataDir: join(folder, 'data'), reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  engine.onEvent((event) => events.push(event));
  handlers = createContractHandlers(engine);
  info = okValue(await handlers['collection.open']({ root }));
  okValue(await handlers['collection.setSecret']({ collectionId: info.collectionId, environment: 'ci', name: 'apiToken', value: API_TOKEN }));
  okValue(await handlers['collection.setSecret']({ collectionId: info.collectionId, environment: 'ci', name: 'redisPass', value: REDIS_PASSWORD }));
}, 60_000);

afterAll(async () => {
  await engine?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('secrets sent from a collection', () => {
  it('are sent for real, and shown as the marker in the reply, traffic, its export and history', async () => {
    const request = info.collection.requests.find((entry) => entry.path === 'echo-token.yaml')!.request;
    const sent = okValue(await handlers['collection.send']({ collectionId: info.collectionId, environment: 'ci', path: 'echo-token.yaml', request }));
    // The assertion compares with the real token: it passed, so Nest received and echoed the real one.
    expect(sent.result).toMatchObject({ status: 'passed', values: [{ token: REDACTED, user: 'ada' }] });
    expect(sent.result.assertions.map((assertion) => assertion.passed)).toEqual([true]);

    engine.traffic.flush();
    const entries = engine.traffic.readPage(undefined, 100).entries.filter((entry) => entry.pattern === '{"cmd":"echo"}');
    expect(entries.map((entry) => [entry.kind, entry.bodyPreview])).toEqual([
      ['request', `{"token":"${REDACTED}","user":"ada"}`],
      ['reply', `{"token":"${REDACTED}","user":"ada"}`],
    ]);
    const appended = events.flatMap((event) => (event.event === 'traffic.appended' ? event.payload.entries : []));
    expect(appended.filter((entry) => entry.pattern === '{"cmd":"echo"}').map((entry) => entry.bodyPreview)).toEqual([`{"token":"${REDACTED}","user":"ada"}`, `{"token":"${REDACTED}","user":"ada"}`]);

    const exported = okValue(await handlers['traffic.export']({ source: 'live', filter: {} }));
    expectNoSecret('the traffic export', exported.ndjson);
    expect(exported.ndjson.split('\n').filter((line) => line.includes('"pattern":"{\\"cmd\\":\\"echo\\"}"')).map((line) => (JSON.parse(line) as { bodyPreview: string }).bodyPreview)).toEqual([
      `{"token":"${REDACTED}","user":"ada"}`,
      `{"token":"${REDACTED}","user":"ada"}`,
    ]);

    const history = okValue(await handlers['history.list']({ limit: 10 }));
    expect(history.entries[0]).toMatchObject({ kind: 'send', pattern: { cmd: 'echo' }, data: { token: '{{apiToken}}', user: '{{user}}' }, outcome: { status: 'ok', summary: `{"token":"${REDACTED}","user":"ada"}` } });
    expectNoSecret('history', history);
  });

  it('shows the marker in a collection run report, and a refused Redis password nowhere', async () => {
    const { runId } = okValue(await handlers['collection.run']({ collectionId: info.collectionId, environment: 'ci', iterations: 1, bail: false }));
    const finished = await waitForEvent('collection.runFinished', (payload) => payload.runId === runId);
    const report = finished.report!;
    expect(report.results.map((result) => [result.path, result.status])).toEqual([
      ['echo-token.yaml', 'passed'],
      ['cache-ping.yaml', 'errored'],
    ]);
    expect(report.results[0]!.values).toEqual([{ token: REDACTED, user: 'ada' }]);
    expect(report.results[1]!.problem).toBe(
      `Connection "cache" (redis://app@127.0.0.1:${redisPort}): redis://app@127.0.0.1:${redisPort} refused the credentials (WRONGPASS invalid username-password pair or user is disabled.). Check the password, and the ACL user name if the service uses one.`,
    );
    expectNoSecret('the run report', report);
    expectNoSecret('the run results', events.filter((event) => event.event === 'collection.runResult'));
  });

  it('shows the marker in a saga report, its events and the kept run', async () => {
    const { runId } = okValue(await handlers['saga.run']({ collectionId: info.collectionId, path: 'echo.saga.yaml', environment: 'ci' }));
    const finished = await waitForEvent('saga.finished', (payload) => payload.runId === runId);
    expect(finished.report).toMatchObject({ status: 'completed', steps: [{ id: 'echo', status: 'completed', request: { data: { token: REDACTED } }, response: { token: REDACTED } }] });
    expectNoSecret('the saga report', finished);
    expectNoSecret('the saga events', events.filter((event) => event.event === 'saga.event'));
    expectNoSecret('the kept saga runs', okValue(await handlers['saga.runs']({ collectionId: info.collectionId })));
  });

  it('never shows a secret or a typed password in connections, their state events or the traffic log', async () => {
    const typed = okValue(await handlers['connection.open']({ name: 'typed', target: { kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: redisPort, db: 0, username: 'ops', password: TYPED_PASSWORD } }));
    expect(typed.target).toMatchObject({ kind: 'redis', username: 'ops', password: REDACTED });
    // Which words the driver's refusal comes in is the Redis client's business (redis-client tests); here: no password in them.
    const attempt = await engine.connections.get(typed.id)!.client.firstAttempt();
    expect(attempt.ok).toBe(false);
    expectNoSecret('the connection failure', attempt);
    const failed = await waitForEvent('connection.stateChanged', (payload) => payload.id === typed.id && payload.state === 'failed');
    expect(failed.target).toEqual({ kind: 'redis', mode: 'standalone', host: '127.0.0.1', port: redisPort, db: 0, username: 'ops', password: REDACTED });

    const listed = okValue(await handlers['connection.list']({}));
    expect(listed.find((connection) => connection.id === typed.id)?.target).toMatchObject({ password: REDACTED });
    expectNoSecret('connection.list', listed);
    expectNoSecret('the connection state events', events.filter((event) => event.event === 'connection.stateChanged'));
    engine.traffic.flush();
    expectNoSecret('the traffic log', engine.traffic.readPage(undefined, 1000));
    expectNoSecret('every event', events);
  });
});
