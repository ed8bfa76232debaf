import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importProto, requestsFromProto } from './proto-import';

describe('requestsFromProto', () => {
  it('makes one request per method of the fixture service, with its request template', () => {
    const imported = requestsFromProto('fixtures/nest/app/proto/users.proto', 'grpc');
    if (!imported.ok) throw new Error(imported.error.message);
    expect(imported.value.map(({ relativePath, request }) => [relativePath, request.pattern, request.data])).toEqual([
      ['UsersService/GetUser.yaml', 'users.UsersService/GetUser', { id: 0 }],
      ['UsersService/ListUsers.yaml', 'users.UsersService/ListUsers', { limit: 0 }],
      ['UsersService/CreateUsers.yaml', 'users.UsersService/CreateUsers', { name: '', email: '' }],
      ['UsersService/Chat.yaml', 'users.UsersService/Chat', { text: '' }],
      ['UsersService/Echo.yaml', 'users.UsersService/Echo', { text: '' }],
      ['UsersService/Fail.yaml', 'users.UsersService/Fail', { kind: '' }],
    ]);
    expect(imported.value[0]?.request).toEqual({ connection: 'grpc', kind: 'send', pattern: 'users.UsersService/GetUser', data: { id: 0 }, capture: [], assert: [] });
  });

  it('fails on a missing .proto as a value', () => {
    const imported = requestsFromProto('fixtures/nest/app/proto/nope.proto', 'grpc');
    expect(imported.ok ? undefined : imported.error.code).toBe('invalid-proto');
  });
});

describe('importProto', () => {
  const protoPath = resolve('fixtures/nest/app/proto/users.proto');
  let root: string;
  beforeEach(() => {
    root = join(mkdtempSync(join(tmpdir(), 'patchbay-proto-import-')), 'users');
  });
  afterEach(() => rmSync(dirname(root), { recursive: true, force: true }));

  it('creates a collection with a gRPC connection naming the .proto relative to it, and one file per method', async () => {
    const imported = await importProto(root, protoPath, { connection: 'grpc' });
    if (!imported.ok) throw new Error(imported.error.message);
    const protoFromRoot = relative(root, protoPath).split(sep).join('/');
    expect(imported.value).toEqual({
      root,
      connection: 'grpc',
      connectionAdded: true,
      written: ['UsersService/GetUser.yaml', 'UsersService/ListUsers.yaml', 'UsersService/CreateUsers.yaml', 'UsersService/Chat.yaml', 'UsersService/Echo.yaml', 'UsersService/Fail.yaml'],
      skipped: [],
    });
    expect(readFileSync(join(root, 'patchbay-collection.yaml'), 'utf8')).toBe(`patchbay: 1\nname: users\nconnections:\n  grpc:\n    target: grpc://127.0.0.1:50051?proto=${protoFromRoot}\n`);
    expect(readFileSync(join(root, 'UsersService/GetUser.yaml'), 'utf8')).toBe('connection: grpc\npattern: users.UsersService/GetUser\ndata:\n  id: 0\n');
  });

  it('adds only what is new to an existing collection and never replaces a request file', async () => {
    await importProto(root, protoPath, { connection: 'grpc', folder: 'api' });
    writeFileSync(join(root, 'api/UsersService/GetUser.yaml'), '# mine\nconnection: grpc\npattern: users.UsersService/GetUser\ndata: { id: 7 }\n');
    rmSync(join(root, 'api/UsersService/Fail.yaml'));
    const again = await importProto(root, protoPath, { connection: 'grpc', folder: 'api' });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.connectionAdded).toBe(false);
    expect(again.value.written).toEqual(['api/UsersService/Fail.yaml']);
    expect(again.value.skipped).toHaveLength(5);
    expect(readFileSync(join(root, 'api/UsersService/GetUser.yaml'), 'utf8')).toBe('# mine\nconnection: grpc\npattern: users.UsersService/GetUser\ndata: { id: 7 }\n');
  });

  it('fails on a .proto without services, naming the fix', async () => {
    const empty = join(dirname(root), 'empty.proto');
    writeFileSync(empty, 'syntax = "proto3";\nmessage Nothing {}\n');
    const imported = await importProto(root, empty, { connection: 'grpc' });
    expect(imported.ok ? undefined : imported.error).toEqual({ code: 'no-services', message: `${empty} defines no services, so there is nothing to import. Point at the .proto that holds your service definitions.` });
    expect(existsSync(root)).toBe(false);
  });
});
