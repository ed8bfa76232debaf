// `patchbay send … --stream` against a real Nest 12 gRPC service: NDJSON lines written as they
// arrive, replies printed as they come, stdin EOF ends the call.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestService } from '../../fixtures/nest/start.mjs';
import { startNestService } from '../../fixtures/nest/start.mjs';
import { patchbay } from '../test-support/run-cli';

const CLI = join(process.cwd(), 'dist/node/cli.js');

/** The built command with stdin left open: the test writes lines and waits for output. */
function interactive(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args]);
  let stdout = '';
  let stderr = '';
  let onOutput: (() => void) | undefined;
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    onOutput?.();
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return {
    writeLine: (line: string) => child.stdin.write(`${line}\n`),
    endInput: () => child.stdin.end(),
    /** Resolves once stdout holds `count` lines. */
    linesPrinted: (count: number) =>
      new Promise<string[]>((resolve) => {
        const lines = () => stdout.split('\n').filter(Boolean);
        onOutput = () => lines().length >= count && resolve(lines());
        onOutput();
      }),
    exited,
  };
}

describe('patchbay send --stream with a gRPC target', () => {
  let nest: NestService;
  let target: string;
  beforeAll(async () => {
    nest = await startNestService({ major: 12, grpc: { port: 0, reflection: true } });
    target = `grpc://127.0.0.1:${nest.grpc!.port}`;
  }, 60_000);
  afterAll(() => nest?.stop());

  it('prints each bidi reply as soon as its line is written, and exits 0 at the end of input', async () => {
    const run = interactive(['send', target, 'users.UsersService/Chat', '--data-file', '-', '--stream']);
    run.writeLine('{"text":"a"}');
    expect(await run.linesPrinted(1)).toEqual(['{"text":"echo: a"}']);
    run.writeLine('{"text":"b"}');
    expect(await run.linesPrinted(2)).toEqual(['{"text":"echo: a"}', '{"text":"echo: b"}']);
    run.endInput();
    expect(await run.exited).toEqual({ code: 0, stdout: '{"text":"echo: a"}\n{"text":"echo: b"}\n', stderr: '' });
  });

  it('prints the one client-stream reply after the end of input, in --json envelopes too', async () => {
    const run = await patchbay(['send', target, 'users.UsersService/CreateUsers', '--data-file', '-', '--stream', '--json'], '{"name":"Ada","email":"ada@example.com"}\n\n{"name":"Grace","email":"grace@example.com"}\n');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      response: { users: [{ id: 101, name: 'Ada', email: 'ada@example.com' }, { id: 102, name: 'Grace', email: 'grace@example.com' }], count: 2 },
      latencyMs: expect.any(Number),
    });
  });

  it('exits 2 naming the line that is not JSON, after the replies to the lines before it', async () => {
    expect(await patchbay(['send', target, 'users.UsersService/Chat', '--data-file', '-', '--stream'], '{"text":"a"}\n{"text":\n')).toEqual({
      code: 2,
      stdout: expect.stringMatching(/^(\{"text":"echo: a"\}\n)?$/),
      stderr: 'patchbay: line 2 of the input is not valid JSON (column 9). With --stream each line is one JSON message (NDJSON).\n',
    });
  });

  it('exits 2 for a message that does not fit the schema, and for a unary method', async () => {
    expect(await patchbay(['send', target, 'users.UsersService/Chat', '--data-file', '-', '--stream'], '"hi"\n')).toEqual({
      code: 2,
      stdout: '',
      stderr: "patchbay: line 1 of the input: The request does not fit users.ChatMessage: .users.ChatMessage: object expected. Compare it with the method's request template.\n",
    });
    expect(await patchbay(['send', target, 'users.UsersService/GetUser', '--data-file', '-', '--stream'], '{"id":1}\n')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'patchbay: users.UsersService/GetUser takes one request message, so it cannot be opened as a stream. Send it instead; only client-streaming and bidi methods are written message by message.\n',
    });
  });

  it('exits 3 when the call passes --timeout', async () => {
    const run = interactive(['send', target, 'users.UsersService/Chat', '--data-file', '-', '--stream', '--timeout', '300']);
    run.writeLine('{"text":"a"}');
    expect(await run.exited).toEqual({
      code: 3,
      stdout: '{"text":"echo: a"}\n',
      stderr: 'patchbay: The call to users.UsersService/Chat passed its 300 ms deadline and was cancelled. Raise the deadline to keep the stream open longer.\n',
    });
  });

  it('exits 2 when --stream has no --data-file to read', async () => {
    expect(await patchbay(['send', target, 'users.UsersService/Chat', '{"text":"a"}', '--stream'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'patchbay: --stream reads one JSON message per line from --data-file (- for stdin); leave out the data argument.\n',
    });
  });
});
