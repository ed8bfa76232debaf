// `patchbay mock` (the built CLI) serving fixtures/mocks/users.mock.json to a real Nest 12 client.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startNestClient } from '../../fixtures/nest/client.mjs';
import { patchbay } from '../test-support/run-cli';

const CLI = join(process.cwd(), 'dist/node/cli.js');
const SAMPLE = join(process.cwd(), 'fixtures/mocks/users.mock.json');

/** Starts `patchbay mock`, resolving once it prints the "Mock serving" line. */
function startMock(args: string[]) {
  const child = spawn(process.execPath, [CLI, 'mock', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const serving = new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const line = /Mock serving on [^\n]*\n/.exec(stderr)?.[0];
      if (line) resolve(line);
    });
    void exited.then((code) => reject(new Error(`patchbay mock exited with ${code}: ${stderr}`)));
  });
  return { child, serving, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('patchbay mock', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patchbay-mock-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves the sample rule file to a Nest 12 client, prints NDJSON per message, and exits 0 on SIGINT", async () => {
    const mock = startMock(['tcp://127.0.0.1:0', '--rules', SAMPLE]);
    try {
      const line = await mock.serving;
      expect(line).toMatch(/^Mock serving on tcp:\/\/127\.0\.0\.1:\d+ \(6 rules\)\n$/);
      const port = Number(/:(\d+) \(/.exec(line)?.[1]);
      const client = await startNestClient({ major: 12, transport: 'TCP', options: { host: '127.0.0.1', port } });
      try {
        expect(await client.send({ cmd: 'get_user' }, { id: 1 })).toEqual({ values: [{ id: 1, name: 'Ada' }] });
        expect(await client.send({ cmd: 'get_user' }, { id: 2 })).toEqual({ values: [{ id: 2, name: 'User 2' }] });
        expect(await client.send({ cmd: 'get_user_missing' }, { id: 3 })).toEqual({ values: [], error: { status: 404, message: 'User not found' } });
        expect(await client.send('users.list', {})).toEqual({ values: [{ id: 1 }, { id: 2 }, { id: 3 }] });
        expect(await client.send('health.check', {})).toEqual({ values: ['up'] });
        expect(await client.send('health.check', {})).toEqual({ values: ['degraded'] });
        expect(await client.send('nope', {})).toEqual({ values: [], error: 'There is no matching message handler defined in the remote service.' });
        expect(await client.emit('user.created', { id: 4 })).toEqual({ values: [] });
        await vi.waitFor(() => expect(mock.stdout().trim().split('\n')).toHaveLength(8), { timeout: 5_000, interval: 10 });
      } finally {
        await client.close();
      }
      const lines = mock
        .stdout()
        .trim()
        .split('\n')
        .map((text) => JSON.parse(text) as Record<string, unknown>);
      expect(lines.every((entry) => typeof entry.at === 'number')).toBe(true);
      expect(lines.every((entry) => entry.kind === 'event' || (typeof entry.correlationId === 'string' && entry.correlationId.length === 21))).toBe(true);
      expect(lines.map(({ at: _at, correlationId: _id, ...rest }) => rest)).toEqual([
        { kind: 'request', pattern: { cmd: 'get_user' }, data: { id: 1 }, rule: 'get user 1', reply: { value: { id: 1, name: 'Ada' } } },
        { kind: 'request', pattern: { cmd: 'get_user' }, data: { id: 2 }, rule: 'get any user', reply: { value: { id: 2, name: 'User 2' } } },
        { kind: 'request', pattern: { cmd: 'get_user_missing' }, data: { id: 3 }, rule: 'missing user', reply: { error: { status: 404, message: 'User not found' } } },
        { kind: 'request', pattern: 'users.list', data: {}, rule: 'list users', reply: { stream: [{ id: 1 }, { id: 2 }, { id: 3 }] } },
        { kind: 'request', pattern: 'health.check', data: {}, rule: 'slow health', reply: { value: 'up' } },
        { kind: 'request', pattern: 'health.check', data: {}, rule: 'slow health', reply: { value: 'degraded' } },
        { kind: 'request', pattern: 'nope', data: {}, unmatched: true, reply: { noHandler: true } },
        { kind: 'event', pattern: 'user.created', data: { id: 4 }, rule: 'user created' },
      ]);
      mock.child.kill('SIGINT');
      expect(await mock.exited).toBe(0);
    } finally {
      mock.child.kill('SIGKILL');
    }
  });

  it('exits 3 when the port is in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      expect(await patchbay(['mock', `tcp://127.0.0.1:${port}`, '--rules', SAMPLE])).toEqual({
        code: 3,
        stdout: '',
        stderr: `patchbay: Port ${port} on 127.0.0.1 is already in use. Stop what listens there, or pick another port (0 picks a free one).\n`,
      });
    } finally {
      blocker.close();
    }
  });

  it('exits 2 naming every problem of a bad rule file with its path', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ rules: [{ pattern: 'a', reply: { value: 1, error: 'x' } }, { reply: { value: 1 }, failureRate: 2 }] }));
    expect(await patchbay(['mock', 'tcp://127.0.0.1:0', '--rules', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        `patchbay: The rules file ${file} is not valid:`,
        '  rules[0].reply: A reply has exactly one of: value, template, sequence, stream, error, grpcStatus, noReply. For example {"value": {"id": 1}}',
        '  rules[1].failureRate: failureRate is 0 to 1',
        '  rules[1]: A rule matches by "pattern" or by "glob" (exactly one of them)',
        'A rule file looks like {"rules": [{"pattern": {"cmd": "get_user"}, "reply": {"value": {"id": 1}}}]}.',
        '',
      ].join('\n'),
    });
  });

  it('exits 2 with the line and column of a JSON syntax error', async () => {
    const file = join(dir, 'syntax.json');
    writeFileSync(file, '{\n  "rules": [\n    {"pattern": "a",}\n  ]\n}\n');
    expect(await patchbay(['mock', 'tcp://127.0.0.1:0', '--rules', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: `patchbay: Invalid JSON in the rules file ${file} at line 3, column 21 (position 35): property name expected\n`,
    });
  });
});
