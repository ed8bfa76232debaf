import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestFile } from '../../../shared/collection';
import { loadCollection } from './collection-files';
import { createCollection, deleteRequestFile, moveRequestFile, writeEnvironment, writeManifest, writeRequestFile } from './collection-writes';
import { requestFileText } from './file-text';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'patchbay-writes-'));
  const created = await createCollection(root, 'demo');
  expect(created).toEqual({ ok: true, value: { root } });
  expect(await writeManifest(root, { patchbay: 1, name: 'demo', connections: { tcp: { target: 'tcp://{{host}}:{{tcpPort}}' } } })).toEqual({
    ok: true,
    value: { path: 'patchbay-collection.yaml', changed: true },
  });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const getUser: RequestFile = {
  name: 'get user',
  connection: 'tcp',
  kind: 'send',
  pattern: { cmd: 'get_user' },
  data: { id: '{{userId}}', tags: ['a', 'b'] },
  headers: { 'x-trace': 'abc' },
  timeoutMs: 2000,
  capture: [{ variable: 'email', path: 'email' }, { variable: 'user', path: '$' }],
  assert: [{ ok: true }, { equals: 'Ada', path: 'name' }, { path: 'email', matches: '^ada@' }],
  description: 'Reads back the user created before: a long line that must not be folded whatever its length, because folding makes diffs noisy.',
};

const read = (path: string) => readFile(join(root, path), 'utf8');
/** Every file under the root, to prove no temp file is left behind. */
async function allFiles(folder = root, prefix = ''): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? allFiles(join(folder, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`])));
  return nested.flat().sort();
}

describe('createCollection', () => {
  it('writes a manifest, an environments folder and a .gitignore for .patchbay/', async () => {
    expect(await allFiles()).toEqual(['.gitignore', 'patchbay-collection.yaml']);
    expect(await readdir(join(root, 'environments'))).toEqual([]);
    expect(await read('.gitignore')).toBe('.patchbay/\n');
    expect(await read('patchbay-collection.yaml')).toBe('patchbay: 1\nname: demo\nconnections:\n  tcp:\n    target: tcp://{{host}}:{{tcpPort}}\n');
    expect(await createCollection(root, 'again')).toEqual({
      ok: false,
      error: { code: 'already-exists', message: `${root} already holds a collection (patchbay-collection.yaml). Open it, or choose another folder.` },
    });
  });
});

describe('writeRequestFile', () => {
  it('writes keys in a stable order, omits defaults and folds no lines', async () => {
    expect(await writeRequestFile(root, 'users/get-user.yaml', getUser)).toEqual({ ok: true, value: { path: 'users/get-user.yaml', changed: true } });
    expect(await read('users/get-user.yaml')).toBe(
      [
        'name: get user',
        'connection: tcp',
        'pattern: { cmd: get_user }',
        'data:',
        '  id: "{{userId}}"',
        '  tags:',
        '    - a',
        '    - b',
        'headers:',
        '  x-trace: abc',
        'timeoutMs: 2000',
        'capture:',
        '  - variable: email',
        '    path: email',
        '  - variable: user',
        'assert:',
        '  - ok: true',
        '  - path: name',
        '    equals: Ada',
        '  - path: email',
        '    matches: ^ada@',
        // Quoted only because ": " would end a plain scalar.
        'description: "Reads back the user created before: a long line that must not be folded whatever its length, because folding makes diffs noisy."',
        '',
      ].join('\n'),
    );
    expect(requestFileText({ connection: 'tcp', kind: 'emit', pattern: 'user.created', data: null, capture: [], assert: [] })).toBe('connection: tcp\nkind: emit\npattern: user.created\n');
  });

  it('writes a retry policy on one line, without its defaults, and reads it back the same', async () => {
    const charge = { connection: 'tcp', kind: 'send' as const, pattern: 'payment.charge', data: null, timeoutMs: 500, retry: { count: 2, backoffMs: 100, factor: 1, jitter: 0.2 }, capture: [], assert: [] };
    expect(requestFileText(charge)).toBe('connection: tcp\npattern: payment.charge\ntimeoutMs: 500\nretry: { count: 2, backoffMs: 100, jitter: 0.2 }\n');
    await writeRequestFile(root, 'charge.yaml', charge);
    const collection = await loadCollection(root);
    if (!collection.ok) throw new Error(collection.error.message);
    const loaded = collection.value.requests.find((request) => request.path === 'charge.yaml');
    expect(loaded?.request.retry).toEqual({ count: 2, backoffMs: 100, factor: 1, jitter: 0.2 });
    expect(await writeRequestFile(root, 'charge.yaml', loaded!.request)).toEqual({ ok: true, value: { path: 'charge.yaml', changed: false } });
  });

  it('round-trips a file Patchbay wrote byte for byte, in YAML and JSON', async () => {
    await writeRequestFile(root, 'users/get-user.yaml', getUser);
    await writeRequestFile(root, 'users/get-user-json.json', { ...getUser, name: 'as json' });
    const before = [await read('users/get-user.yaml'), await read('users/get-user-json.json')];
    const collection = await loadCollection(root);
    if (!collection.ok) throw new Error(collection.error.message);
    expect(collection.value.problems).toEqual([]);
    for (const loaded of collection.value.requests) {
      expect(await writeRequestFile(root, loaded.path, loaded.request)).toEqual({ ok: true, value: { path: loaded.path, changed: false } });
      expect(requestFileText(loaded.request, loaded.path.endsWith('.json') ? 'json' : 'yaml')).toBe(await read(loaded.path));
    }
    expect([await read('users/get-user.yaml'), await read('users/get-user-json.json')]).toEqual(before);
    expect(before[1]?.startsWith('{\n  "name": "as json",\n  "connection": "tcp",\n  "pattern": {\n    "cmd": "get_user"\n  },\n')).toBe(true);
  });

  it('replaces the file atomically and leaves no temp file behind', async () => {
    await writeRequestFile(root, 'users/get-user.yaml', getUser);
    expect(await writeRequestFile(root, 'users/get-user.yaml', { ...getUser, timeoutMs: 3000 })).toEqual({ ok: true, value: { path: 'users/get-user.yaml', changed: true } });
    expect(await read('users/get-user.yaml')).toContain('\ntimeoutMs: 3000\n');
    expect(await allFiles()).toEqual(['.gitignore', 'patchbay-collection.yaml', 'users/get-user.yaml']);
  });

  it('refuses to overwrite a file that does not parse, leaving its bytes unchanged', async () => {
    const broken = 'connection: tcp\npattern: users.get\ndata: {name: "Ada"\n';
    await mkdir(join(root, 'users'));
    await writeFile(join(root, 'users/get-user.yaml'), broken);
    const result = await writeRequestFile(root, 'users/get-user.yaml', getUser);
    expect(result.ok ? undefined : result.error.detail).toEqual({
      problems: [{ path: 'users/get-user.yaml', line: 4, column: 1, message: 'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }. Check the indentation, quotes and brackets here.' }],
    });
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'file-has-problems',
        message:
          'users/get-user.yaml:4:1: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }. Check the indentation, quotes and brackets here. Patchbay does not overwrite a file it cannot read: fix users/get-user.yaml in an editor first, then save again.',
      },
    });
    expect(await read('users/get-user.yaml')).toBe(broken);
  });

  it('refuses to overwrite a file that does not fit the request schema', async () => {
    const unfinished = 'connection: tcp\npattern: users.get\ntimeoutMs: soon\n';
    await writeFile(join(root, 'get.yaml'), unfinished);
    const result = await writeRequestFile(root, 'get.yaml', getUser);
    expect(result.ok ? undefined : result.error.message).toBe(
      'get.yaml:3:12: timeoutMs: expected number, received string. Patchbay does not overwrite a file it cannot read: fix get.yaml in an editor first, then save again.',
    );
    expect(await read('get.yaml')).toBe(unfinished);
  });

  it('refuses paths outside the request folders', async () => {
    expect(await writeRequestFile(root, '../escape.yaml', getUser)).toEqual({
      ok: false,
      error: { code: 'invalid-path', message: '"../escape.yaml" is not inside the collection. Use a path inside the collection such as users/get-user.yaml.' },
    });
    expect((await writeRequestFile(root, 'environments/x.yaml', getUser)).ok).toBe(false);
    expect((await writeRequestFile(root, '.patchbay/x.yaml', getUser)).ok).toBe(false);
    expect((await writeRequestFile(root, 'patchbay-collection.yaml', getUser)).ok).toBe(false);
    expect((await writeRequestFile(root, 'notes.txt', getUser)).ok).toBe(false);
    expect(await writeRequestFile(root, 'orders/place.saga.yaml', getUser)).toEqual({
      ok: false,
      error: { code: 'invalid-path', message: '"orders/place.saga.yaml" ends in .saga.yaml, which marks a saga, not a request. Name the request without ".saga", e.g. users/get-user.yaml.' },
    });
  });
});

describe('environments, moves and deletes', () => {
  it('writes an environment in YAML, keeping an existing JSON file as JSON', async () => {
    expect(await writeEnvironment(root, 'local', { variables: { host: '127.0.0.1', tcpPort: 3001 }, secrets: ['apiToken'] })).toEqual({
      ok: true,
      value: { path: 'environments/local.yaml', changed: true },
    });
    expect(await read('environments/local.yaml')).toBe('variables:\n  host: 127.0.0.1\n  tcpPort: 3001\nsecrets:\n  - apiToken\n');
    await writeFile(join(root, 'environments/ci.json'), '{"variables": {}}');
    expect(await writeEnvironment(root, 'ci', { variables: { host: 'db' }, secrets: [] })).toEqual({ ok: true, value: { path: 'environments/ci.json', changed: true } });
    expect(await read('environments/ci.json')).toBe('{\n  "variables": {\n    "host": "db"\n  }\n}\n');
    expect((await writeEnvironment(root, '../x', { variables: {}, secrets: [] })).ok).toBe(false);
  });

  it('moves a request between folders without replacing another, then deletes it', async () => {
    await writeRequestFile(root, 'a/one.yaml', getUser);
    await writeRequestFile(root, 'b/two.yaml', getUser);
    expect(await moveRequestFile(root, 'a/one.yaml', 'b/two.yaml')).toEqual({
      ok: false,
      error: { code: 'already-exists', message: 'b/two.yaml already exists. Choose another name, or delete that request first.' },
    });
    expect(await moveRequestFile(root, 'a/one.yaml', 'c/d/one.yaml')).toEqual({ ok: true, value: { path: 'c/d/one.yaml' } });
    expect(await deleteRequestFile(root, 'b/two.yaml')).toEqual({ ok: true, value: { path: 'b/two.yaml' } });
    expect(await deleteRequestFile(root, 'b/two.yaml')).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'b/two.yaml does not exist, so it cannot be deleted. Reload the collection to see its current files.' },
    });
    expect(await allFiles()).toEqual(['.gitignore', 'c/d/one.yaml', 'patchbay-collection.yaml']);
  });
});

describe('saving what the app holds, byte for byte', () => {
  /** Hand-written: comments, a blank line, quotes and flow style Patchbay would not write, a default spelled out. */
  const handWritten = [
    '# Reads one user back',
    'name: get user',
    'connection: tcp',
    'kind: send   # waits for the reply',
    'pattern: {cmd: "get_user"}',
    '',
    '# the user to read',
    'data:',
    '  id: 7',
    'capture: []',
    'assert:',
    '  - {path: name, equals: Ada}',
    '',
  ].join('\n');

  async function loadedRequest(path: string): Promise<RequestFile> {
    const collection = await loadCollection(root);
    if (!collection.ok) throw new Error(collection.error.message);
    const request = collection.value.requests.find((entry) => entry.path === path)?.request;
    if (!request) throw new Error(`${path} did not load: ${JSON.stringify(collection.value.problems)}`);
    return request;
  }

  it('leaves a hand-written file alone when its value did not change', async () => {
    await writeFile(join(root, 'get.yaml'), handWritten);
    expect(await writeRequestFile(root, 'get.yaml', await loadedRequest('get.yaml'))).toEqual({ ok: true, value: { path: 'get.yaml', changed: false } });
    // The same value spelled differently (defaults left out, keys reordered) is still no change.
    expect(await writeRequestFile(root, 'get.yaml', { assert: [{ equals: 'Ada', path: 'name' }], pattern: { cmd: 'get_user' }, connection: 'tcp', name: 'get user', data: { id: 7 }, kind: 'send', capture: [] })).toEqual({
      ok: true,
      value: { path: 'get.yaml', changed: false },
    });
    expect(await read('get.yaml')).toBe(handWritten);
  });

  it('rewrites only the key whose value changed, keeping comments, quotes and blank lines', async () => {
    await writeFile(join(root, 'get.yaml'), handWritten);
    const request = await loadedRequest('get.yaml');
    expect(await writeRequestFile(root, 'get.yaml', { ...request, data: { id: 8, verbose: true } })).toEqual({ ok: true, value: { path: 'get.yaml', changed: true } });
    expect(await read('get.yaml')).toBe(handWritten.replace('data:\n  id: 7\n', 'data:\n  id: 8\n  verbose: true\n'));
  });

  it('adds new keys at their canonical place and removes emptied ones', async () => {
    await writeFile(join(root, 'get.yaml'), handWritten);
    const request = await loadedRequest('get.yaml');
    await writeRequestFile(root, 'get.yaml', { ...request, order: 2, kind: 'emit', timeoutMs: 2000, assert: [] });
    expect(await read('get.yaml')).toBe(
      [
        '# Reads one user back',
        'name: get user',
        'order: 2',
        'connection: tcp',
        'kind: emit',
        'pattern: {cmd: "get_user"}',
        '',
        '# the user to read',
        'data:',
        '  id: 7',
        'timeoutMs: 2000',
        'capture: []',
        '',
      ].join('\n'),
    );
  });

  it('edits a changed mapping key by key, so comments next to other entries stay', async () => {
    const local = 'variables:\n  host: 127.0.0.1\n  # the TCP port of main.ts\n  tcpPort: 3001\n\nsecrets: [apiToken]   # from .patchbay/secrets.yaml\n';
    await writeFile(join(root, 'environments/local.yaml'), local);
    expect(await writeEnvironment(root, 'local', { variables: { tcpPort: 3001, host: '127.0.0.1' }, secrets: ['apiToken'] })).toEqual({ ok: true, value: { path: 'environments/local.yaml', changed: false } });
    expect(await writeEnvironment(root, 'local', { variables: { host: 'db.local', tcpPort: 3001, ids: [1, 2] }, secrets: ['apiToken', 'dbPassword'] })).toEqual({
      ok: true,
      value: { path: 'environments/local.yaml', changed: true },
    });
    expect(await read('environments/local.yaml')).toBe('variables:\n  host: db.local\n  # the TCP port of main.ts\n  tcpPort: 3001\n  ids:\n    - 1\n    - 2\n\nsecrets: [apiToken, dbPassword]\n');
  });

  it('adds a connection to a commented manifest without touching the others', async () => {
    const manifest = '# Users service\npatchbay: 1\nname: demo\nconnections:\n  # local TCP\n  tcp:\n    target: tcp://{{host}}:{{tcpPort}}   # main.ts\n';
    await writeFile(join(root, 'patchbay-collection.yaml'), manifest);
    const current = { patchbay: 1 as const, name: 'demo', connections: { tcp: { target: 'tcp://{{host}}:{{tcpPort}}' } } };
    expect(await writeManifest(root, current)).toEqual({ ok: true, value: { path: 'patchbay-collection.yaml', changed: false } });
    await writeManifest(root, { ...current, description: 'Requests against the users service', connections: { ...current.connections, grpc: { target: 'grpc://127.0.0.1:5000', requestTimeoutMs: 5000 } } });
    expect(await read('patchbay-collection.yaml')).toBe(
      '# Users service\npatchbay: 1\nname: demo\ndescription: Requests against the users service\nconnections:\n  # local TCP\n  tcp:\n    target: tcp://{{host}}:{{tcpPort}}   # main.ts\n  grpc:\n    target: grpc://127.0.0.1:5000\n    requestTimeoutMs: 5000\n',
    );
  });

  it('keeps Windows line endings in the lines it writes', async () => {
    await writeFile(join(root, 'crlf.yaml'), 'connection: tcp\r\npattern: users.get\r\ndata:\r\n  id: 1\r\n');
    await writeRequestFile(root, 'crlf.yaml', { connection: 'tcp', kind: 'send', pattern: 'users.get', data: { id: 2 }, capture: [], assert: [] });
    expect(await read('crlf.yaml')).toBe('connection: tcp\r\npattern: users.get\r\ndata:\r\n  id: 2\r\n');
  });

  it('rewrites a changed JSON file as canonical JSON, and leaves an unchanged one alone', async () => {
    const json = '{"connection": "tcp", "pattern": "users.get", "data": {"id": 1}}';
    await writeFile(join(root, 'get.json'), json);
    const request: RequestFile = { connection: 'tcp', kind: 'send', pattern: 'users.get', data: { id: 1 }, capture: [], assert: [] };
    expect(await writeRequestFile(root, 'get.json', request)).toEqual({ ok: true, value: { path: 'get.json', changed: false } });
    expect(await read('get.json')).toBe(json);
    await writeRequestFile(root, 'get.json', { ...request, data: { id: 2 } });
    expect(await read('get.json')).toBe('{\n  "connection": "tcp",\n  "pattern": "users.get",\n  "data": {\n    "id": 2\n  }\n}\n');
  });

  it('falls back to the canonical text when an edit in place would break an alias', async () => {
    await writeFile(join(root, 'alias.yaml'), 'connection: tcp\npattern: &p users.get\ndescription: *p\n');
    await writeRequestFile(root, 'alias.yaml', { connection: 'tcp', kind: 'send', pattern: 'users.list', data: null, description: 'users.get', capture: [], assert: [] });
    expect(await read('alias.yaml')).toBe('connection: tcp\npattern: users.list\ndescription: users.get\n');
  });
});

it('reports a file whose alias comes before its anchor instead of overwriting it', async () => {
  const text = 'connection: tcp\ndescription: *p\npattern: &p users.get\n';
  await writeFile(join(root, 'early-alias.yaml'), text);
  const result = await writeRequestFile(root, 'early-alias.yaml', { connection: 'tcp', kind: 'send', pattern: 'users.get', data: null, capture: [], assert: [] });
  expect(result).toMatchObject({ ok: false, error: { code: 'file-has-problems' } });
  expect(await read('early-alias.yaml')).toBe(text);
});
