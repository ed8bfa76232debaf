// What `describe` must say about the fixture's users.proto, whether the schema came from the
// .proto or from server reflection: shared by the unit and integration tests.
const method = (name: string, requestType: string, responseType: string, clientStreaming: boolean, serverStreaming: boolean, requestTemplate: Record<string, unknown>) => ({
  name: `users.UsersService/${name}`,
  method: name,
  requestType,
  responseType,
  clientStreaming,
  serverStreaming,
  requestTemplate,
});

export const usersServiceDescription = {
  kind: 'grpc',
  services: [
    {
      name: 'users.UsersService',
      package: 'users',
      methods: [
        method('GetUser', 'users.GetUserRequest', 'users.User', false, false, { id: 0 }),
        method('ListUsers', 'users.ListUsersRequest', 'users.User', false, true, { limit: 0 }),
        method('CreateUsers', 'users.CreateUserRequest', 'users.CreateUsersReply', true, false, { name: '', email: '' }),
        method('Chat', 'users.ChatMessage', 'users.ChatMessage', true, true, { text: '' }),
        method('Echo', 'users.ChatMessage', 'users.ChatMessage', false, false, { text: '' }),
        method('Fail', 'users.FailRequest', 'users.ChatMessage', false, false, { kind: '' }),
      ],
    },
  ],
};
