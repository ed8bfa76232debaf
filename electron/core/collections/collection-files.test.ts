import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCollection } from './collection-files';
import { useTempFolder } from '../../test-support/temp-folder';

const temp = useTempFolder('collection');
const { files } = temp;

const manifest = 'patchbay: 1\nname: demo\nconnections:\n  tcp:\n    target: tcp://127.0.0.1:3001\n';
const request = (extra = '') => `connection: tcp\npattern: users.get\n${extra}`;

async function loaded() {
  const result = await loadCollection(temp.root);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('loadCollection', () => {
  it('loads the sample collection of the Nest fixture service in run order', async () => {
    const collection = await loadCollection('fixtures/collections/users-service');
    if (!collection.ok) throw new Error(collection.error.message);
    expect(collection.value.root).toBe(resolve('fixtures/collections/users-service'));
    expect(collection.value.problems).toEqual([]);
    expect(collection.value.manifest.connections).toEqual({
      tcp: { target: 'tcp://{{host}}:{{tcpPort}}', requestTimeoutMs: 5000 },
      grpc: { target: 'grpc://{{host}}:{{grpcPort}}?proto={{usersProto}}', requestTimeoutMs: 5000 },
    });
    expect(collection.value.environments).toEqual({
      local: { variables: { host: '127.0.0.1', tcpPort: 3001, grpcPort: 5000, usersProto: '../../nest/app/proto/users.proto' }, secrets: [] },
    });
    expect(collection.value.requests.map(({ path, folder, name }) => ({ path, folder, name }))).toEqual([
      { path: 'tcp/sum.yaml', folder: ['tcp'], name: 'sum' },
      { path: 'tcp/create-user.yaml', folder: ['tcp'], name: 'create user' },
      { path: 'tcp/get-user.yaml', folder: ['tcp'], name: 'get created user' },
      { path: 'tcp/missing-user.yaml', folder: ['tcp'], name: 'unknown user fails' },
      { path: 'grpc/get-user.yaml', folder: ['grpc'], name: 'get seeded user' },
      { path: 'grpc/list-users.yaml', folder: ['grpc'], name: 'list users' },
    ]);
    expect(collection.value.requests[0]?.request).toEqual({
      name: 'sum',
      order: 1,
      connection: 'tcp',
      kind: 'send',
      pattern: { cmd: 'sum' },
      data: [1, 2, 3],
      capture: [],
      assert: [{ ok: true }, { path: '$', equals: 6 }, { latencyBelowMs: 2000 }],
    });
  });

  it('runs requests and folders by order, then by file name with numbers compared as numbers', async () => {
    await files({
      'patchbay-collection.yaml': manifest,
      'b.yaml': request(),
      'a.yml': request(),
      '10-last.json': '{"connection": "tcp", "pattern": "x"}',
      '2-second.yaml': request(),
      'late.yaml': request('order: 5\n'),
      'early.yaml': request('order: -1\nname: first of all\n'),
      'folder-a/one.yaml': request(),
      'folder-b/_folder.yaml': 'order: 1\n',
      'folder-b/inner/deep.yaml': request(),
      'folder-b/two.yaml': request(),
      'environments/local.yaml': 'variables: {host: localhost}\n',
      'environments/nested/ignored.yaml': 'not: read',
      '.patchbay/drafts/draft.yaml': request(),
      '.git/config.yaml': 'x',
      'README.md': '# not a request',
    });
    const collection = await loaded();
    expect(collection.problems).toEqual([]);
    expect(collection.requests.map((item) => [item.path, item.folder, item.name])).toEqual([
      ['early.yaml', [], 'first of all'],
      ['folder-b/inner/deep.yaml', ['folder-b', 'inner'], 'deep'],
      ['folder-b/two.yaml', ['folder-b'], 'two'],
      ['late.yaml', [], 'late'],
      ['2-second.yaml', [], '2-second'],
      ['10-last.json', [], '10-last'],
      ['a.yml', [], 'a'],
      ['b.yaml', [], 'b'],
      ['folder-a/one.yaml', ['folder-a'], 'one'],
    ]);
    expect(collection.environments).toEqual({ local: { variables: { host: 'localhost' }, secrets: [] } });
  });

  it('reports a YAML syntax error at its line and column and still loads the other requests', async () => {
    await files({
      'patchbay-collection.yaml': manifest,
      'good.yaml': request(),
      'users/broken.yaml': 'connection: tcp\npattern: users.get\ndata:\n  name: [Ada\n  email: x\n',
    });
    const collection = await loaded();
    expect(collection.requests.map((item) => item.path)).toEqual(['good.yaml']);
    expect(collection.problems).toEqual([
      { path: 'users/broken.yaml', line: 5, column: 3, message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]. Check the indentation, quotes and brackets here.' },
    ]);
  });

  it('reports an alias used before its anchor as a problem of that file', async () => {
    await files({ 'patchbay-collection.yaml': manifest, 'good.yaml': request(), 'alias.yaml': 'connection: tcp\npattern: *name\ndata: &name x\n' });
    const collection = await loaded();
    expect(collection.requests.map((item) => item.path)).toEqual(['good.yaml']);
    expect(collection.problems).toEqual([{ path: 'alias.yaml', line: 1, column: 1, message: 'YAML cannot be read: Unresolved alias (the anchor must be set before the alias): name. Define each &anchor before its *alias.' }]);
  });

  it('reports a schema error in a nested field at the offending value', async () => {
    await files({
      'patchbay-collection.yaml': manifest,
      'capture.yaml': request('capture:\n  - variable: userId\n    path: id\n  - variable: 1st\n'),
    });
    const collection = await loaded();
    expect(collection.requests).toEqual([]);
    expect(collection.problems).toEqual([{ path: 'capture.yaml', line: 6, column: 15, message: 'capture[1].variable: A variable name starts with a letter or _ and holds letters, digits, _, . or -, e.g. userId.' }]);
  });

  it('explains unknown and missing fields, unknown connections and duplicates', async () => {
    await files({
      'patchbay-collection.yaml': manifest,
      'unknown-field.yaml': request('assert:\n  - path: name\n    equal: Ada\n'),
      'missing.yaml': 'pattern: users.get\n',
      'wrong-type.json': '{\n  "connection": "tcp",\n  "pattern": "users.get",\n  "timeoutMs": "soon"\n}\n',
      'no-such-connection.yaml': 'connection: kafka\npattern: users.get\n',
      'duplicate-key.yaml': 'connection: tcp\npattern: a\npattern: b\n',
      'a/one.yaml': request('name: same\n'),
      'a/two.yaml': request('name: same\n'),
      'environments/local.yaml': 'variables: {}\n',
      'environments/local.json': '{"variables": {}}',
    });
    const collection = await loaded();
    expect(collection.requests.map((item) => item.path)).toEqual(['a/one.yaml']);
    expect(collection.problems).toEqual([
      { path: 'a/two.yaml', line: 3, column: 7, message: 'Another request in this folder is also named "same" (a/one.yaml). Rename one: run reports tell requests apart by name.' },
      { path: 'duplicate-key.yaml', line: 3, column: 1, message: 'Map keys must be unique. Keep one of the duplicate keys.' },
      { path: 'environments/local.yaml', line: 1, column: 1, message: 'Environment "local" is also defined by environments/local.json. Keep one of the two files.' },
      { path: 'missing.yaml', line: 1, column: 1, message: 'Missing field "connection". Name one of the collection\'s connections, e.g. connection: users.' },
      { path: 'no-such-connection.yaml', line: 1, column: 13, message: 'Unknown connection "kafka". The manifest has: tcp. Fix the name, or add it under connections: in patchbay-collection.yaml.' },
      { path: 'unknown-field.yaml', line: 4, column: 5, message: 'assert[0]: A path assertion has exactly one of equals, contains, matches or exists, e.g. {path: name, equals: "Ada"}.' },
      {
        path: 'unknown-field.yaml',
        line: 5,
        column: 5,
        message: 'assert[0]: Unknown field "equal". Remove it or fix its spelling; the fields here are ok, error, path, equals, contains, matches, exists, latencyBelowMs, parts.',
      },
      { path: 'wrong-type.json', line: 4, column: 16, message: 'timeoutMs: expected number, received string.' },
    ]);
  });
});

describe('loadCollection refuses a collection it cannot use', () => {
  it('fails when the folder does not exist', async () => {
    const missing = join(temp.root, 'nope');
    expect(await loadCollection(missing)).toEqual({
      ok: false,
      error: { code: 'not-found', message: `${missing} does not exist. Check the path, or create a collection there: a folder with a patchbay-collection.yaml holding "patchbay: 1" and "name: <collection name>".` },
    });
  });

  it('fails without a manifest', async () => {
    expect(await loadCollection(temp.root)).toEqual({
      ok: false,
      error: { code: 'no-manifest', message: `${temp.root} has no patchbay-collection.yaml, so it is not a Patchbay collection. Point at the collection's folder, or create the file with "patchbay: 1" and "name: <collection name>".` },
    });
  });

  it('fails on a manifest that does not fit its schema, naming file, line and column', async () => {
    await files({ 'patchbay-collection.yaml': 'patchbay: 2\nname: demo\nconnections:\n  tcp:\n    url: tcp://x:1\n' });
    const result = await loadCollection(temp.root);
    expect(result.ok ? undefined : result.error.code).toBe('invalid-manifest');
    expect(result.ok ? undefined : result.error.message).toBe(
      [
        'patchbay-collection.yaml:1:11: patchbay: This file is a Patchbay collection manifest of format 1: start it with "patchbay: 1".',
        'patchbay-collection.yaml:5:5: connections.tcp: Missing field "target". Give the connection a target URL, e.g. target: tcp://127.0.0.1:3001.',
        'patchbay-collection.yaml:5:5: connections.tcp: Unknown field "url". Remove it or fix its spelling; the fields here are target, connectTimeoutMs, requestTimeoutMs.',
      ].join('\n'),
    );
  });
});
