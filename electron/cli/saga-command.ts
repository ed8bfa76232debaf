// `patchbay saga run <file>`: runs a saga of a collection against real services and prints its
// timeline (or the JSON report). Exit 0 completed · 1 a step failed (after compensating) ·
// 2 usage, file or variable problems · 3 a connection failed.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FileProblem } from '../../shared/collection';
import { COLLECTION_MANIFEST_FILE, ENVIRONMENTS_FOLDER } from '../../shared/collection';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import type { SagaFailureInjection, SagaRunReport } from '../../shared/saga';
import { loadCollection } from '../core/collections/collection-files';
import { readLocalSecrets } from '../core/collections/local-secrets';
import { findCollectionRoot, readSagaFile, sagaFileProblems } from '../core/collections/saga-file';
import { parseVariableAssignment, secretValues } from '../core/collections/variables';
import { formatFileProblem } from '../core/collections/yaml-source';
import { createEngine, systemClock } from '../core/engine';
import { timerSleep } from '../core/runner/retry-policy';
import { runSaga } from '../core/runner/saga-run';
import type { CrashRedaction } from '../core/crash-redaction';
import { EXIT } from './exit-codes';
import { formatSagaEvent, formatSagaSummary } from './saga-reporter';

export type SagaRunArgs = {
  /** The process's crash report (electron/core/crash-redaction.ts): told the secret values read, to hide them. */
  crash?: Pick<CrashRedaction, 'hide'>;
  file: string;
  env?: string;
  var: string[];
  failAt?: string;
  json?: boolean;
  timeout: number;
  connectTimeout: number;
};

const printError = (message: string) => process.stderr.write(`patchbay: ${message}\n`);

/** `--fail-at STEP`, `STEP:fail`, `STEP:timeout` or `STEP:error`. */
export function parseFailAt(text: string): Result<SagaFailureInjection> {
  const [step = '', mode = 'fail', ...rest] = text.split(':');
  if (step === '' || rest.length > 0 || (mode !== 'fail' && mode !== 'timeout' && mode !== 'error')) {
    return fail('usage', `--fail-at takes a step id, optionally with :timeout or :error, e.g. --fail-at charge or --fail-at charge:timeout; got "${text}".`);
  }
  return ok({ step, mode });
}

/** 0 completed; a failed saga 1, unless it failed for want of a connection (3) or on a bad variable or connection name (2). */
export function sagaExitCode(report: SagaRunReport): number {
  if (report.status === 'completed') return EXIT.ok;
  if (report.error?.stage === 'connect') return EXIT.connection;
  if (report.error?.stage === 'prepare') return EXIT.usage;
  return EXIT.remoteError;
}

export async function sagaRunCommand(args: SagaRunArgs): Promise<number> {
  const variables: Record<string, unknown> = {};
  for (const assignment of args.var) {
    const parsed = parseVariableAssignment(assignment);
    if (!parsed.ok) return printError(parsed.error.message), EXIT.usage;
    variables[parsed.value[0]] = parsed.value[1];
  }
  const inject = args.failAt === undefined ? undefined : parseFailAt(args.failAt);
  if (inject && !inject.ok) return printError(inject.error.message), EXIT.usage;

  const root = await findCollectionRoot(args.file);
  if (!root.ok) return printError(root.error.message), EXIT.usage;
  const loaded = await loadCollection(root.value);
  if (!loaded.ok) return printError(loaded.error.message), EXIT.usage;
  const collection = loaded.value;
  const printProblems = (problems: FileProblem[]) => {
    for (const problem of problems) process.stderr.write(`${formatFileProblem({ ...problem, path: join(root.value, problem.path) })}\n`);
  };
  // Only the manifest and the chosen environment matter to a saga; a broken request file elsewhere does not.
  const blocking = collection.problems.filter((problem) => problem.path === COLLECTION_MANIFEST_FILE || (args.env !== undefined && problem.path.replace(/\.[^.]+$/, '') === `${ENVIRONMENTS_FOLDER}/${args.env}`));
  if (blocking.length > 0) return printProblems(blocking), printError('fix the files above to run this saga.'), EXIT.usage;
  const saga = await readSagaFile(collection, args.file);
  if (!saga.ok) {
    const problems = sagaFileProblems(saga.error);
    if (problems.length > 0) printProblems(problems);
    return printError(problems.length > 0 ? 'fix the saga file above to run it.' : saga.error.message), EXIT.usage;
  }

  const environment = args.env === undefined ? undefined : collection.environments[args.env];
  let secrets: Record<string, string> = {};
  if (environment && args.env !== undefined) {
    const local = await readLocalSecrets(root.value);
    if (!local.ok) return printError(local.error.message), EXIT.usage;
    secrets = secretValues(environment, local.value[args.env], process.env);
  }
  args.crash?.hide(Object.values(secrets));

  const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  // Ctrl-C stops at the current step and still compensates what completed.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let outcome;
  try {
    outcome = await runSaga(
      collection,
      saga.value,
      {
        environment: args.env,
        variables,
        secrets,
        ...(inject ? { inject: inject.value } : {}),
        connectTimeoutMs: args.connectTimeout,
        requestTimeoutMs: args.timeout,
        signal: stop.signal,
        onEvent: (event) => {
          if (!args.json) process.stdout.write(formatSagaEvent(event).map((line) => `${line}\n`).join(''));
        },
      },
      {
        engine,
        now: systemClock.now,
        monotonicMs: systemClock.monotonicMs,
        uuid: randomUUID,
        random: Math.random,
        sleep: timerSleep,
        // Files a target names (`?proto=`, TLS keys) are relative to the collection.
        readFile: (path) => readFileSync(resolve(root.value, path), 'utf8'),
      },
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.close();
  }
  if (!outcome.ok) return printError(outcome.error.message), EXIT.usage;
  const report = outcome.value;
  process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : `${formatSagaSummary(report)}\n`);
  return sagaExitCode(report);
}
