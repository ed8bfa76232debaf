// The built `patchbay run` against the real Nest fixture services: a collection on disk, captures
// flowing from one request into the next, JUnit output and exit codes.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { patchbay } from '../test-support/run-cli';
import { NEST_MAJORS, fixtureServices } from '../test-support/fixture-services';

const services = fixtureServices();
const root = mkdtempSync(join(tmpdir(), 'patchbay-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A collection aimed at one Nest major's TCP port, through the `port` variable. */
function writeCollection(major: (typeof NEST_MAJORS)[number]): string {
  const folder = join(root, `nest-${major}`);
  const files: Record<string, string> = {
    'patchbay-collection.yaml': 'patchbay: 1\nname: Fixture math\nconnections:\n  nest:\n    target: tcp://127.0.0.1:{{port}}\n',
    'environments/local.yaml': `variables:\n  port: ${services.nest[major].tcp.port}\n  numbers: [1, 2, 3]\n  expectedSum: 6\n`,
    'math/01-sum.yaml': [
      'connection: nest',
      'pattern: { cmd: sum }',
      'data: "{{numbers}}"',
      'capture:',
      '  - variable: total',
      'assert:',
      '  - { ok: true }',
      '  - { path: $, equals: "{{expectedSum}}" }',
      '  - { latencyBelowMs: 5000 }',
      '',
    ].join('\n'),
    'math/02-echo.yaml': [
      'name: echo the total',
      'connection: nest',
      'pattern: { cmd: echo }',
      'data: { total: "{{total}}", label: "sum={{total}}" }',
      'assert:',
      '  - { path: total, equals: 6 }',
      '  - { path: label, equals: "sum=6" }',
      '',
    ].join('\n'),
    'users/missing-user.yaml': [
      'connection: nest',
      'pattern: { cmd: get_user }',
      'data: { id: 999999 }',
      'assert:',
      '  - { ok: false }',
      '  - { error: "User 999999 not found" }',
      '',
    ].join('\n'),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

/** Times vary from run to run; everything else is checked exactly. */
const withoutTimes = (text: string) => text.replace(/time="[0-9.]+"/g, 'time="T"').replace(/\([0-9.]+ ms\)/g, '(T ms)').replace(/in [0-9.]+ ms\)/g, 'in T ms)');

const junitOf = (failure?: string) =>
  [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="Fixture math" tests="3" failures="${failure ? 1 : 0}" errors="0" skipped="0" time="T">`,
    `  <testsuite name="math" tests="2" failures="${failure ? 1 : 0}" errors="0" skipped="0" time="T">`,
    ...(failure ? ['    <testcase name="01-sum" classname="math" time="T">', `      ${failure}`, '    </testcase>'] : ['    <testcase name="01-sum" classname="math" time="T"/>']),
    '    <testcase name="echo the total" classname="math" time="T"/>',
    '  </testsuite>',
    '  <testsuite name="users" tests="1" failures="0" errors="0" skipped="0" time="T">',
    '    <testcase name="missing-user" classname="users" time="T"/>',
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');

describe.each(NEST_MAJORS)('patchbay run against Nest %s', (major) => {
  const collection = writeCollection(major);

  it('runs green, a capture feeding the next request, and writes the JUnit report', async () => {
    const junitFile = join(root, `green-${major}.xml`);
    const run = await patchbay(['run', collection, '--env', 'local', '--reporter', 'cli,junit', '--reporter-junit-export', junitFile]);
    expect({ ...run, stdout: withoutTimes(run.stdout) }).toEqual({
      code: 0,
      stdout: '✓ 01-sum (T ms)\n✓ echo the total (T ms)\n✓ missing-user (T ms)\n3 passed, 0 failed, 0 errored, 0 skipped (3 requests in T ms)\n',
      stderr: '',
    });
    expect(withoutTimes(readFileSync(junitFile, 'utf8'))).toBe(junitOf());
  });
});

describe('patchbay run exit codes', () => {
  const collection = writeCollection('12');

  it('exits 1 with one JUnit failure when an expected value is overridden', async () => {
    const junitFile = join(root, 'failing.xml');
    const run = await patchbay(['run', collection, '--env', 'local', '--var', 'expectedSum=7', '--reporter-junit-export', junitFile]);
    expect({ ...run, stdout: withoutTimes(run.stdout) }).toEqual({
      code: 1,
      stdout: '✗ 01-sum (T ms)\n    path $ equals 7: expected 7, got 6\n✓ echo the total (T ms)\n✓ missing-user (T ms)\n2 passed, 1 failed, 0 errored, 0 skipped (3 requests in T ms)\n',
      stderr: '',
    });
    expect(withoutTimes(readFileSync(junitFile, 'utf8'))).toBe(junitOf('<failure message="path $ equals 7: expected 7, got 6">path $ equals 7: expected 7, got 6</failure>'));
  });

  it('prints the report as JSON with --reporter json', async () => {
    const run = await patchbay(['run', collection, '--env', 'local', '--folder', 'math', '--reporter', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { collection: string; environment: string; totals: unknown; results: { path: string; values: unknown[]; captured: unknown }[] };
    expect({ collection: report.collection, environment: report.environment, totals: report.totals, results: report.results.map(({ path, values, captured }) => ({ path, values, captured })) }).toEqual({
      collection: 'Fixture math',
      environment: 'local',
      totals: { passed: 2, failed: 0, errored: 0, skipped: 0 },
      results: [
        { path: 'math/01-sum.yaml', values: [6], captured: { total: 6 } },
        { path: 'math/02-echo.yaml', values: [{ total: 6, label: 'sum=6' }], captured: {} },
      ],
    });
  });

  it('exits 3 when the service is unreachable, its requests errored', async () => {
    const run = await patchbay(['run', collection, '--env', 'local', '--var', 'port=1', '--bail']);
    expect({ ...run, stdout: withoutTimes(run.stdout) }).toEqual({
      code: 3,
      stdout:
        '✗ 01-sum: Connection "nest" (tcp://127.0.0.1:1): Nothing is listening on tcp://127.0.0.1:1 (connection refused). Start the service, or check the port.\n' +
        '- echo the total (skipped)\n- missing-user (skipped)\n0 passed, 0 failed, 1 errored, 2 skipped (3 requests in T ms)\n',
      stderr: '',
    });
  });

  it('exits 2 naming file, line and column when a request to run cannot be read', async () => {
    const broken = join(root, 'broken');
    mkdirSync(join(broken, 'math'), { recursive: true });
    writeFileSync(join(broken, 'patchbay-collection.yaml'), readFileSync(join(collection, 'patchbay-collection.yaml')));
    writeFileSync(join(broken, 'math', 'bad.yaml'), 'connection: nest\npattern: [\n');
    const run = await patchbay(['run', broken]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(`${join(broken, 'math', 'bad.yaml')}:3:1: `)).toBe(true);
    expect(run.stderr.endsWith('\npatchbay: fix the files above to run these requests.\n')).toBe(true);
  });

  it('exits 2 for an unknown environment, listing the ones there are', async () => {
    expect(await patchbay(['run', collection, '--env', 'prod'])).toEqual({ code: 2, stdout: '', stderr: 'patchbay: No environment "prod" in Fixture math. Environments: local.\n' });
  });
});
