// The lines `saga.fromTraffic` writes for requests to the Nest test service (fixtures/nest/app),
// as the engine test and the app's replay test expect them in the saga file, byte for byte.

/** `{"cmd":"sum"}` with [1, 2, 3], answered 6. */
export const recordedSumStep = (connection: string): string[] => [
  '  - id: cmd_sum',
  '    request:',
  `      connection: ${connection}`,
  '      pattern:',
  '        cmd: sum',
  '      data:',
  '        - 1',
  '        - 2',
  '        - 3',
  '    recorded:',
  '      values:',
  '        - 6',
];

/** `users.create` for `name`, answered with the user the service made (`id`, and its email). */
export const recordedUserStep = (stepId: string, connection: string, name: string, id: number): string[] => [
  `  - id: ${stepId}`,
  '    request:',
  `      connection: ${connection}`,
  '      pattern: users.create',
  '      data:',
  `        name: ${name}`,
  '    recorded:',
  '      values:',
  `        - id: ${id}`,
  `          name: ${name}`,
  `          email: user${id}@example.com`,
];
