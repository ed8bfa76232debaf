import { describe, expect, it } from 'vitest';
import { grpcTargetSchema } from '../../../../shared/connection';
import { buildCatalogue, findMethod, formatMessageShape, messageShape } from './catalogue';
import { loadProtoFiles } from './proto-schema';

const loader = grpcTargetSchema.parse({ kind: 'grpc', host: 'h', port: 1 }).loader;
function rootOf(file: string) {
  const loaded = loadProtoFiles([file], [], loader);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value.root;
}
const users = buildCatalogue(rootOf('fixtures/nest/app/proto/users.proto'));
const kinds = rootOf('electron/core/transports/grpc/test-protos/every-kind.proto');

describe('buildCatalogue', () => {
  it('lists packages, services and methods with streaming flags and message types', () => {
    expect(users.packages).toEqual(['users']);
    expect(users.services.map((service) => service.name)).toEqual(['users.UsersService']);
    expect(users.services[0]?.methods.slice(0, 4)).toEqual([
      { name: 'users.UsersService/GetUser', path: '/users.UsersService/GetUser', method: 'GetUser', requestType: 'users.GetUserRequest', responseType: 'users.User', requestStream: false, responseStream: false },
      { name: 'users.UsersService/ListUsers', path: '/users.UsersService/ListUsers', method: 'ListUsers', requestType: 'users.ListUsersRequest', responseType: 'users.User', requestStream: false, responseStream: true },
      { name: 'users.UsersService/CreateUsers', path: '/users.UsersService/CreateUsers', method: 'CreateUsers', requestType: 'users.CreateUserRequest', responseType: 'users.CreateUsersReply', requestStream: true, responseStream: false },
      { name: 'users.UsersService/Chat', path: '/users.UsersService/Chat', method: 'Chat', requestType: 'users.ChatMessage', responseType: 'users.ChatMessage', requestStream: true, responseStream: true },
    ]);
  });

  it('names dotted packages', () => {
    expect(buildCatalogue(kinds).packages).toEqual(['kinds.v1']);
  });
});

describe('findMethod', () => {
  it('accepts package.Service/Method with or without the leading slash', () => {
    expect(findMethod(users, 'users.UsersService/GetUser')).toMatchObject({ ok: true, value: { path: '/users.UsersService/GetUser' } });
    expect(findMethod(users, '/users.UsersService/ListUsers')).toMatchObject({ ok: true, value: { path: '/users.UsersService/ListUsers' } });
  });

  it.each([
    ['users.UsersService/GetUsr', 'No gRPC method "users.UsersService/GetUsr". Closest: users.UsersService/GetUser, users.UsersService/Echo, users.UsersService/ListUsers.'],
    ['UsersService/GetUser', 'No gRPC method "UsersService/GetUser". Closest: users.UsersService/GetUser, users.UsersService/ListUsers, users.UsersService/CreateUsers.'],
    ['GetUser', 'No gRPC method "GetUser". Write it as package.Service/Method. Closest: users.UsersService/GetUser, users.UsersService/Chat, users.UsersService/Echo.'],
  ])('explains an unknown method %s with the closest names', (pattern, message) => {
    expect(findMethod(users, pattern)).toEqual({ ok: false, error: { code: 'unknown-method', message } });
  });

  it('refuses an object pattern, showing a method name', () => {
    expect(findMethod(users, { cmd: 'sum' })).toEqual({ ok: false, error: { code: 'unknown-method', message: 'A gRPC pattern is a method name such as "users.UsersService/GetUser", not {"cmd":"sum"}.' } });
  });
});

describe('messageShape', () => {
  it('describes every field kind in .proto syntax', () => {
    expect(formatMessageShape(messageShape(kinds, 'kinds.v1.Everything'))).toBe(
      'kinds.v1.Everything { double aDouble = 1; float aFloat = 2; int32 anInt32 = 3; int64 anInt64 = 4; uint32 aUint32 = 5; uint64 aUint64 = 6; ' +
        'sint32 aSint32 = 7; sint64 aSint64 = 8; fixed32 aFixed32 = 9; fixed64 aFixed64 = 10; sfixed32 anSfixed32 = 11; sfixed64 anSfixed64 = 12; ' +
        'bool aBool = 13; string aString = 14; bytes someBytes = 15; kinds.v1.Colour colour = 16; kinds.v1.Everything.Inner inner = 17; ' +
        'repeated string tags = 18; repeated kinds.v1.Everything.Inner inners = 19; map<string, int32> counts = 20; ' +
        'map<int64, kinds.v1.Everything.Inner> innerById = 21; oneof choice: string byName = 22; oneof choice: int32 byId = 23; ' +
        'optional string nickname = 24; google.protobuf.Timestamp createdAt = 25; kinds.v1.Node tree = 26; }',
    );
  });
});
