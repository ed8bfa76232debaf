// The built `patchbay import nest` on the repo's Nest fixture app, then `patchbay run` of what it
// wrote against the real fixture service: an imported collection runs as it is.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { patchbay } from '../test-support/run-cli';
import { fixtureServices } from '../test-support/fixture-services';

const services = fixtureServices();
const root = mkdtempSync(join(tmpdir(), 'patchbay-import-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const fixtureApp = resolve('fixtures/nest/app');

describe('patchbay import nest', () => {
  const collection = join(root, 'fixture');

  it('writes a collection from the fixture app and prints what it could not read', async () => {
    const run = await patchbay(['import', 'nest', fixtureApp, collection, '--name', 'nest fixture']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      `Created the collection "nest fixture" in ${collection}`,
      '  43 request(s) from 43 handler(s) in 13 file(s); 5 transport(s) found',
      '  connections: tcp, redis, rabbitmq, kafka, grpc (values in environments/local.yaml)',
      'Not read (5):',
    ]);
  });

  it('runs the imported requests of one controller against the fixture service', async () => {
    const { host, port } = services.nest['12'].tcp;
    const run = await patchbay(['run', collection, '--env', 'local', '--var', `host=${host}`, '--var', `tcpPort=${port}`, '--folder', 'DomainController', '--reporter', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { totals: unknown; results: { path: string; status: string }[] };
    expect(report.totals).toEqual({ passed: 4, failed: 0, errored: 0, skipped: 0 });
    expect(report.results.map(({ path, status }) => [path, status])).toEqual([
      ['DomainController/createOrder.yaml', 'passed'],
      ['DomainController/createUser.yaml', 'passed'],
      ['DomainController/getOrder.yaml', 'passed'],
      ['DomainController/userCreated.yaml', 'passed'],
    ]);
  });

  it('exits 2 for a missing folder, a folder without handlers and a target that is not empty', async () => {
    const empty = join(root, 'empty-project');
    mkdirSync(join(empty, 'src'), { recursive: true });
    writeFileSync(join(empty, 'src/index.ts'), 'export const x = 1;\n');
    const missing = await patchbay(['import', 'nest', join(root, 'missing'), join(root, 'out-1')]);
    expect(missing).toEqual({ code: 2, stdout: '', stderr: `patchbay: ${join(root, 'missing')} is not a folder. Point at the Nest project's folder (the one holding src/).\n` });
    const none = await patchbay(['import', 'nest', empty, join(root, 'out-2')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`patchbay: ${empty} has no @nestjs/microservices handlers: searched 1 .ts file(s) for @MessagePattern`);
    const occupied = await patchbay(['import', 'nest', fixtureApp, collection]);
    expect(occupied).toEqual({ code: 2, stdout: '', stderr: `patchbay: ${collection} exists and is not an empty folder. Import into a new or empty folder.\n` });
    const usage = await patchbay(['import', 'nest', fixtureApp]);
    expect(usage.code).toBe(2);
  });
});

describe('patchbay import proto', () => {
  const proto = resolve('fixtures/nest/app/proto/users.proto');

  it('starts a collection with one request per method and a connection naming the .proto', async () => {
    const collection = join(root, 'from-proto');
    const run = await patchbay(['import', 'proto', proto, collection, '--target', 'grpc://127.0.0.1:5000?proto=users.proto']);
    expect(run).toEqual({
      code: 0,
      stdout: `Wrote 6 request(s) to ${collection}\n  added the connection "grpc" to the manifest: check its target (host, port) there\n`,
      stderr: '',
    });
    expect(readdirSync(join(collection, 'UsersService')).sort()).toEqual(['Chat.yaml', 'CreateUsers.yaml', 'Echo.yaml', 'Fail.yaml', 'GetUser.yaml', 'ListUsers.yaml']);
    expect(readFileSync(join(collection, 'patchbay-collection.yaml'), 'utf8')).toBe('patchbay: 1\nname: users\nconnections:\n  grpc:\n    target: grpc://127.0.0.1:5000?proto=users.proto\n');
    const again = await patchbay(['import', 'proto', proto, collection]);
    expect(again.stdout).toBe(`Wrote 0 request(s) to ${collection}; 6 already there, left as they were\n`);
  });

  it('exits 2 for a missing .proto', async () => {
    const run = await patchbay(['import', 'proto', join(root, 'nope.proto'), join(root, 'out-proto')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^patchbay: .*nope\.proto/);
  });
});
