// The built `patchbay saga run` on a recorded saga against a real Nest 12 TCP service: each step's
// reply against its recording printed under the step, the count in the last line and in --json,
// and the exit code that of the run alone (differences never fail it).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SagaRunReport } from '../../shared/saga';
import { fixtureServices } from '../test-support/fixture-services';
import { patchbay } from '../test-support/run-cli';

const { tcp } = fixtureServices().nest['12'];
let folder: string;
let file: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'patchbay-cli-replay-'));
  await writeFile(join(folder, 'patchbay-collection.yaml'), `patchbay: 1\nname: Replay\nconnections:\n  users:\n    target: tcp://127.0.0.1:${tcp.port}\n`);
  file = join(folder, 'recorded.saga.yaml');
  await writeFile(
    file,
    [
      'name: Recorded',
      'ignore: [requestedAt]',
      'steps:',
      '  - id: cmd_sum',
      '    request: { connection: users, pattern: { cmd: sum }, data: [1, 2] }',
      '    recorded: { values: [4] }',
      '  - id: cmd_echo',
      '    request: { connection: users, pattern: { cmd: echo }, data: { order: { total: 45, requestedAt: 2 }, coupon: SPRING } }',
      '    recorded: { values: [{ order: { total: 40, requestedAt: 1 }, note: gift }] }',
      '  - id: cmd_fail_object',
      '    request: { connection: users, pattern: { cmd: fail_object }, data: {} }',
      '    recorded: { error: { status: 404, message: nope, extra: 1 } }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('patchbay saga run on a recorded saga', () => {
  it('prints each difference under its step and counts them, exit 0', async () => {
    const run = await patchbay(['saga', 'run', file]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((line) => line.replace(/\d+(\.\d+)? ms/g, 'T'))).toEqual([
      '✓ cmd_sum (T)',
      '  ≠ (whole reply): 4 → 3',
      '✓ cmd_echo (T)',
      '  ≠ order.total: 40 → 45',
      '  − note: "gift" (now missing)',
      '  + coupon: "SPRING" (not recorded)',
      '✓ cmd_fail_object (T)',
      '  = same as recorded',
      'Saga "Recorded" completed: 3 steps in T; 4 differences from the recording.',
    ]);
  });

  it('puts the diffs in the --json report', async () => {
    const run = await patchbay(['saga', 'run', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as SagaRunReport;
    expect(report.differences).toBe(4);
    expect(report.steps.map((step) => step.diff)).toEqual([
      { equal: false, differences: [{ path: '', kind: 'changed', recorded: 4, actual: 3 }] },
      {
        equal: false,
        differences: [
          { path: 'order.total', kind: 'changed', recorded: 40, actual: 45 },
          { path: 'note', kind: 'removed', recorded: 'gift' },
          { path: 'coupon', kind: 'added', actual: 'SPRING' },
        ],
      },
      { equal: true, differences: [] },
    ]);
  });
});
