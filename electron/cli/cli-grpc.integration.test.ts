// The built `patchbay` command against a real Nest 12 gRPC service (with server reflection on):
// send with a .proto and by reflection, streams, errors, and `describe`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchbay } from '../test-support/run-cli';
import type { NestService } from '../../fixtures/nest/start.mjs';
import { startNestService } from '../../fixtures/nest/start.mjs';

const PROTO = 'fixtures/nest/app/proto/users.proto';

const USERS_DESCRIPTION = `package users
  service users.UsersService
    rpc GetUser (users.GetUserRequest) returns (users.User)
      request:  users.GetUserRequest { int32 id = 1; }
      response: users.User { int32 id = 1; string name = 2; string email = 3; }
    rpc ListUsers (users.ListUsersRequest) returns (stream users.User)
      request:  users.ListUsersRequest { int32 limit = 1; }
      response: users.User { int32 id = 1; string name = 2; string email = 3; }
    rpc CreateUsers (stream users.CreateUserRequest) returns (users.CreateUsersReply)
      request:  users.CreateUserRequest { string name = 1; string email = 2; }
      response: users.CreateUsersReply { repeated users.User users = 1; int32 count = 2; }
    rpc Chat (stream users.ChatMessage) returns (stream users.ChatMessage)
      request:  users.ChatMessage { string text = 1; }
      response: users.ChatMessage { string text = 1; }
    rpc Echo (users.ChatMessage) returns (users.ChatMessage)
      request:  users.ChatMessage { string text = 1; }
      response: users.ChatMessage { string text = 1; }
    rpc Fail (users.FailRequest) returns (users.ChatMessage)
      request:  users.FailRequest { string kind = 1; }
      response: users.ChatMessage { string text = 1; }
`;

describe('patchbay with a gRPC target', () => {
  let nest: NestService;
  let withProto: string;
  let byReflection: string;
  beforeAll(async () => {
    nest = await startNestService({ major: 12, grpc: { port: 0, reflection: true } });
    byReflection = `grpc://127.0.0.1:${nest.grpc!.port}`;
    withProto = `${byReflection}?proto=${PROTO}`;
  }, 60_000);
  afterAll(() => nest?.stop());

  it('prints the user for a unary call with a .proto', async () => {
    expect(await patchbay(['send', withProto, 'users.UsersService/GetUser', '{"id":1}'])).toEqual({ code: 0, stdout: '{"id":1,"name":"User 1","email":"user1@example.com"}\n', stderr: '' });
  });

  it('prints one line per streamed message, the schema from reflection', async () => {
    expect(await patchbay(['send', byReflection, '/users.UsersService/ListUsers', '{"limit":2}'])).toEqual({
      code: 0,
      stdout: '{"id":1,"name":"User 1","email":"user1@example.com"}\n{"id":2,"name":"User 2","email":"user2@example.com"}\n',
      stderr: '',
    });
  });

  it('writes each element of a JSON array to a bidi stream', async () => {
    expect(await patchbay(['send', withProto, 'users.UsersService/Chat', '[{"text":"a"},{"text":"b"}]'])).toEqual({ code: 0, stdout: '{"text":"echo: a"}\n{"text":"echo: b"}\n', stderr: '' });
  });

  it('exits 1 with the status on stderr', async () => {
    expect(await patchbay(['send', withProto, 'users.UsersService/GetUser', '{"id":1000}'])).toEqual({
      code: 1,
      stdout: '',
      stderr: '{"code":5,"codeName":"NOT_FOUND","details":"User 1000 not found","metadata":{}}\n',
    });
  });

  it('exits 2 for an unknown method, naming the closest ones', async () => {
    expect(await patchbay(['send', withProto, 'users.UsersService/Get', '{}'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'patchbay: No gRPC method "users.UsersService/Get". Closest: users.UsersService/GetUser, users.UsersService/Chat, users.UsersService/Echo.\n',
    });
  });

  it('describes the service from its .proto and by reflection alike', async () => {
    expect(await patchbay(['describe', withProto])).toEqual({ code: 0, stdout: USERS_DESCRIPTION, stderr: '' });
    expect(await patchbay(['describe', byReflection])).toEqual({ code: 0, stdout: USERS_DESCRIPTION, stderr: '' });
  });

  it('describes as JSON with a request template per method', async () => {
    const run = await patchbay(['describe', byReflection, '--json']);
    expect(run.code).toBe(0);
    const description = JSON.parse(run.stdout) as { packages: string[]; services: { methods: { name: string; requestStream: boolean; responseStream: boolean; requestTemplate: unknown }[] }[] };
    expect(description.packages).toEqual(['users']);
    expect(description.services[0]?.methods.map(({ name, requestStream, responseStream, requestTemplate }) => ({ name, requestStream, responseStream, requestTemplate }))).toEqual([
      { name: 'users.UsersService/GetUser', requestStream: false, responseStream: false, requestTemplate: { id: 0 } },
      { name: 'users.UsersService/ListUsers', requestStream: false, responseStream: true, requestTemplate: { limit: 0 } },
      { name: 'users.UsersService/CreateUsers', requestStream: true, responseStream: false, requestTemplate: { name: '', email: '' } },
      { name: 'users.UsersService/Chat', requestStream: true, responseStream: true, requestTemplate: { text: '' } },
      { name: 'users.UsersService/Echo', requestStream: false, responseStream: false, requestTemplate: { text: '' } },
      { name: 'users.UsersService/Fail', requestStream: false, responseStream: false, requestTemplate: { kind: '' } },
    ]);
  });

  it('exits 2 when describe is given another transport', async () => {
    expect(await patchbay(['describe', 'tcp://127.0.0.1:3000'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'patchbay: describe needs a gRPC target (grpc://host:port or grpcs://…); tcp services have no schema to ask for.\n',
    });
  });

  it('exits 3 when nothing listens', async () => {
    expect(await patchbay(['describe', `grpc://127.0.0.1:1?proto=${PROTO}`])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'patchbay: Nothing is listening on grpc://127.0.0.1:1 (connection refused). Start the service, or check the port.\n',
    });
  });

  it('exits 3 when the service has no reflection and no proto was given', async () => {
    const plain = await startNestService({ major: 12, grpc: { port: 0 } });
    try {
      const run = await patchbay(['send', `grpc://127.0.0.1:${plain.grpc!.port}`, 'users.UsersService/GetUser', '{"id":1}']);
      expect(run).toEqual({
        code: 3,
        stdout: '',
        stderr: `patchbay: grpc://127.0.0.1:${plain.grpc!.port}: The service does not offer server reflection (reflection v1alpha: The server does not implement the method /grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo). Give its .proto files instead.\n`,
      });
    } finally {
      await plain.stop();
    }
  });

  it('listens to a server stream until the service ends it, one line per message', async () => {
    const { code, stdout, stderr } = await patchbay(['listen', withProto, 'users.UsersService/ListUsers', '--data', '{"limit":2}']);
    expect(stderr).toBe('patchbay: listening on grpc stream users.UsersService/ListUsers\npatchbay: the stream ended. 4 messages seen.\n');
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map(({ kind, data, final }) => ({ kind, data, final }))).toEqual([
      { kind: 'request', data: { limit: 2 }, final: undefined },
      { kind: 'reply', data: { id: 1, name: 'User 1', email: 'user1@example.com' }, final: false },
      { kind: 'reply', data: { id: 2, name: 'User 2', email: 'user2@example.com' }, final: false },
      { kind: 'reply', data: null, final: true },
    ]);
    expect(code).toBe(0);
  });
});
