import { describe, expect, it } from 'vitest';
import { requestsFromProto } from './proto-import';

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
