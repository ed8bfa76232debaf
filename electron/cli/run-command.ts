// `patchbay run <collection>`: runs a collection's requests against real services and reports
// for people (cli) and CI (json, junit). Exit 0 all passed · 1 an assertion failed · 2 usage or
// collection problems · 3 a connection failed or a request got no answer.
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { COLLECTION_MANIFEST_FILE } from '../../shared/collection';
import { writeFileAtomically } from '../core/collections/atomic-write';
import { loadCollection } from '../core/collections/collection-files';
import { readLocalSecrets } from '../core/collections/local-secrets';
import { formatFileProblem } from '../core/collections/yaml-source';
import { parseVariableAssignment, secretValues } from '../core/collections/variables';
import { createEngine, systemClock } from '../core/engine';
import type { CollectionRunOutcome, RunError } from '../core/runner/collection-run';
import { blockingProblems, runCollection } from '../core/runner/collection-run';
import type { CrashRedaction } from '../core/crash-redaction';
import { EXIT, exitCodeForFailure } from './exit-codes';
import type { RunReporter } from './run-reporters';
import { RUN_REPORTERS, formatResultLines, formatTotals, junitXml } from './run-reporters';

export const DEFAULT_JUNIT_FILE = 'patchbay-junit.xml';

export type RunArgs = {
  /** The process's crash report (electron/core/crash-redaction.ts): told the secret values read, to hide them. */
  crash?: Pick<CrashRedaction, 'hide'>;
  collection: string;
  env?: string;
  var: string[];
  folder?: string;
  iterations: number;
  bail?: boolean;
  /** Comma-separated lists, as given (`--reporter cli,junit`). */
  reporter: string[];
  reporterJunitExport?: string;
  timeout: number;
  connectTimeout: number;
};

const printError = (message: string) => process.stderr.write(`patchbay: ${message}\n`);

export async function runCommand(args: RunArgs): Promise<number> {
  const reporters = parseReporters(args);
  if (typeof reporters === 'string') return printError(reporters), EXIT.usage;
  const variables: Record<string, unknown> = {};
  for (const assignment of args.var) {
    const parsed = parseVariableAssignment(assignment);
    if (!parsed.ok) return printError(parsed.error.message), EXIT.usage;
    variables[parsed.value[0]] = parsed.value[1];
  }

  // The manifest's path works as well as its folder.
  const isManifest = basename(args.collection) === COLLECTION_MANIFEST_FILE && statSync(args.collection, { throwIfNoEntry: false })?.isFile();
  const root = isManifest ? dirname(args.collection) : args.collection;
  const loaded = await loadCollection(root);
  if (!loaded.ok) return printError(loaded.error.message), EXIT.usage;
  const collection = loaded.value;
  for (const problem of collection.problems) process.stderr.write(`${formatFileProblem({ ...problem, path: join(root, problem.path) })}\n`);
  if (blockingProblems(collection, { environment: args.env, folder: args.folder }).length > 0) {
    return printError('fix the files above to run these requests.'), EXIT.usage;
  }

  const environment = args.env === undefined ? undefined : collection.environments[args.env];
  let secrets: Record<string, string> = {};
  if (environment && args.env !== undefined) {
    const local = await readLocalSecrets(root);
    if (!local.ok) return printError(local.error.message), EXIT.usage;
    secrets = secretValues(environment, local.value[args.env], process.env);
  }
  args.crash?.hide(Object.values(secrets));

  // The cli lines go to stderr when stdout carries the JSON report.
  const cliOut = reporters.has('cli') ? (reporters.has('json') ? process.stderr : process.stdout) : undefined;
  const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  // Files a target names (`?proto=users.proto`, TLS keys) are relative to the collection, so it
  // runs the same from any folder.
  let outcome;
  try {
    outcome = await runCollection(
      collection,
      {
        environment: args.env,
        variables,
        folder: args.folder,
        iterations: args.iterations,
        bail: args.bail ?? false,
        secrets,
        connectTimeoutMs: args.connectTimeout,
        requestTimeoutMs: args.timeout,
        onResult: (result) => cliOut?.write(formatResultLines(result, args.iterations > 1).map((line) => `${line}\n`).join('')),
      },
      { engine, now: systemClock.now, monotonicMs: systemClock.monotonicMs, uuid: randomUUID, random: Math.random, readFile: (path) => readFileSync(resolve(root, path), 'utf8') },
    );
  } finally {
    await engine.close();
  }
  if (!outcome.ok) return printError(outcome.error.message), EXIT.usage;

  const { report } = outcome.value;
  cliOut?.write(`${formatTotals(report)}\n`);
  if (reporters.has('json')) process.stdout.write(`${JSON.stringify(report)}\n`);
  if (reporters.has('junit')) {
    const file = args.reporterJunitExport ?? DEFAULT_JUNIT_FILE;
    try {
      await writeFileAtomically(file, junitXml(report));
    } catch (error) {
      return printError(`Cannot write the JUnit report to ${file}: ${(error as Error).message}`), EXIT.usage;
    }
  }
  return runExitCode(outcome.value);
}

function parseReporters(args: RunArgs): Set<RunReporter> | string {
  const names = args.reporter.flatMap((list) => list.split(',')).map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => !(RUN_REPORTERS as readonly string[]).includes(name));
  if (unknown.length > 0) return `Unknown reporter "${unknown[0]}". Reporters: ${RUN_REPORTERS.join(', ')} (comma-separated, e.g. --reporter cli,junit).`;
  const reporters = new Set(names as RunReporter[]);
  // Naming the export file asks for the report.
  if (args.reporterJunitExport !== undefined) reporters.add('junit');
  return reporters;
}

const errorExitCode = (error: RunError): number => {
  switch (error.stage) {
    case 'prepare':
      return EXIT.usage;
    case 'connect':
      return EXIT.connection;
    case 'send':
      return exitCodeForFailure(error.failure.code);
    case 'capture':
      return EXIT.remoteError;
  }
};

/** The gravest cause wins: a connection (3), then usage (2), then a failed check (1). */
export function runExitCode({ report, errors }: CollectionRunOutcome): number {
  const codes = new Set(errors.map(errorExitCode));
  if (report.totals.failed > 0) codes.add(EXIT.remoteError);
  for (const code of [EXIT.connection, EXIT.usage, EXIT.remoteError]) if (codes.has(code)) return code;
  return EXIT.ok;
}
