// The built `patchbay` never prints a secret: a collection whose request carries a secret token
// (given as PATCHBAY_SECRET_APITOKEN, the CI way) is run and run as a saga against the Nest 12
// TCP fixture, which echoes the token back; the timeline, the JSON reports and stderr show the
// marker. A password in a target URL stays hidden in the CLI's errors.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../shared/redaction';
import { fixtureServices } from '../test-support/fixture-services';
import type { CliRun } from '../test-support/run-cli';

const nest = fixtureServices().nest['12'].tcp;
const API_TOKEN = 'tok-cli-5521-secret';
const root = mkdtempSync(join(tmpdir(), 'patchbay-cli-secrets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files: Record<string, string> = {
  'patchbay-collection.yaml': `patchbay: 1\nname: secrets-cli\nconnections:\n  nest:\n    target: tcp://127.0.0.1:${nest.port}\n`,
  'environments/ci.yaml': 'variables: {}\nsecrets: [apiToken]\n',
  'echo-token.yaml': ['name: echo token', 'connection: nest', 'pattern: { cmd: echo }', 'data: { token: "{{apiToken}}" }', 'assert:', '  - { path: token, equals: "{{apiToken}}" }', ''].join('\n'),
  'echo.saga.yaml': ['name: Echo saga', 'steps:', '  - id: echo', '    request:', '      connection: nest', '      pattern: { cmd: echo }', '      data: { token: "{{apiToken}}" }', ''].join('\n'),
};
for (const [path, text] of Object.entries(files)) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** The built CLI with the token in its environment, as CI gives it; `nodeOptions` go before the script. */
function patchbayWithSecret(args: string[], nodeOptions: string[] = []): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeOptions, join(process.cwd(), 'dist/node/cli.js'), ...args], { env: { ...process.env, PATCHBAY_SECRET_APITOKEN: API_TOKEN } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

describe('patchbay with secrets', () => {
  it('run: sends the real token (its assertion passes) and prints the marker in the timeline and the JSON report', async () => {
    // Both reporters at once: the timeline goes to stderr, the JSON report to stdout.
    const run = await patchbayWithSecret(['run', root, '--env', 'ci', '--reporter', 'cli,json']);
    expect(run.code).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain(API_TOKEN);
    expect(run.stderr).toContain('echo token');
    const report = JSON.parse(run.stdout) as { results: { path: string; status: string; values: unknown[] }[] };
    expect(report.results.map(({ path, status, values }) => ({ path, status, values }))).toEqual([{ path: 'echo-token.yaml', status: 'passed', values: [{ token: REDACTED }] }]);
  });

  it('saga run: prints the marker in the timeline and the JSON report', async () => {
    const timeline = await patchbayWithSecret(['saga', 'run', join(root, 'echo.saga.yaml'), '--env', 'ci']);
    expect(timeline.code).toBe(0);
    expect(`${timeline.stdout}${timeline.stderr}`).not.toContain(API_TOKEN);

    const json = await patchbayWithSecret(['saga', 'run', join(root, 'echo.saga.yaml'), '--env', 'ci', '--json']);
    expect({ code: json.code, stderr: json.stderr }).toEqual({ code: 0, stderr: '' });
    expect(json.stdout).not.toContain(API_TOKEN);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'completed', steps: [{ id: 'echo', request: { data: { token: REDACTED } }, response: { token: REDACTED } }] });
  });

  it('hides a password written in a target URL in its errors', async () => {
    expect(await patchbayWithSecret(['send', 'redis://app:hunter-9931@127.0.0.1:6379/cache', 'ping', '{}'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `patchbay: Invalid target "redis://app:${REDACTED}@127.0.0.1:6379/cache": the database "cache" is not a number; write /0, /1, … after the port\n`,
    });
  });

  it('crash: prints the error with its URL password and secret hidden, says it stopped, and exits 70', async () => {
    // A bug stand-in: an error naming a URL with a password and the secret, thrown from a timer once the CLI has loaded (its crash handler is on).
    const bug = [
      'const timer = setInterval(() => {',
      '  if (process.listenerCount("uncaughtException") === 0) return;',
      '  clearInterval(timer);',
      '  throw new Error("boom at amqp://app:hunter-4242@mq:5672 with " + process.env.PATCHBAY_SECRET_APITOKEN);',
      '}, 50);',
    ].join('\n');
    const bugFile = join(root, 'bug.mjs');
    writeFileSync(bugFile, bug);
    const crashed = await patchbayWithSecret(['web', '--port', '0', '--data-dir', join(root, 'data')], ['--import', pathToFileURL(bugFile).href]);
    expect(crashed.code).toBe(70);
    const lines = crashed.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`patchbay: uncaught exception: Error: boom at amqp://app:${REDACTED}@mq:5672 with ${REDACTED}`);
    expect(lines.at(-1)).toBe(`patchbay: stopped after an unexpected error. This is a bug in Patchbay: please report it with the lines above (secrets in them are shown as ${REDACTED}).`);
    expect(crashed.stderr).not.toContain('hunter-4242');
    expect(crashed.stderr).not.toContain(API_TOKEN);
    expect(crashed.stderr).not.toMatch(/token=/);
  });
});
