// What a process prints when something throws that nobody caught: the error and its stack, with
// URL passwords, access tokens and every known secret value hidden, then one line saying the
// process stops and why. Used by the CLI (which also runs the headless host, `patchbay web`) and
// by the Electron main process (electron/main wires it in). A crash report is the one text that
// is written whatever state the engine is in, so it is redacted here rather than trusted to callers.
import type { Redactor } from '../../shared/redaction';
import { messageRedactor, REDACTED } from '../../shared/redaction';
import { secretEnvironmentVariable } from './collections/variables';

/** What installCrashRedaction needs of `process` (the real one, or a stand-in in tests). */
export type CrashProcess = {
  on(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  env: Record<string, string | undefined>;
};

export type CrashRedactionOptions = {
  /** Starts each line: `patchbay`, `Patchbay`. */
  name: string;
  /** Where the report goes; stderr by default. */
  write?: (text: string) => void;
  /** Ends the process; `process.exit` by default. */
  exit?: (code: number) => void;
  /** Secret values known when the crash happens (an engine's `secrets.redactor`, say). */
  redactors?: () => Redactor[];
};

export interface CrashRedaction {
  /** Values to hide from now on (secrets a command read, an access token). */
  hide(values: Iterable<string>): void;
  /** A redactor to ask at crash time, e.g. `() => engine.secrets.redactor` (the values a session sent). */
  hideWith(redactor: () => Redactor): void;
  uninstall(): void;
}

/** The exit code of a crash: 70, EX_SOFTWARE, "an internal software error" (sysexits.h), apart from the CLI's 0–3. */
export const CRASH_EXIT_CODE = 70;

/**
 * Query parameters that carry access tokens (the headless host's `?token=`, also percent-encoded
 * inside its page URL's `?rpc=`); URL passwords are shared/redaction.ts's.
 */
const TOKEN_QUERY = /((?:[?&]|%3F|%26)(?:token|access_token|api_key|apikey)(?:=|%3D))[^&#\s'"`%]+/gi;

/**
 * Installs handlers for uncaught exceptions and unhandled rejections on `target`: each writes a
 * redacted report and exits with CRASH_EXIT_CODE. Secret values given to the process as
 * `PATCHBAY_SECRET_*` variables are hidden from the start.
 */
export function installCrashRedaction(target: CrashProcess, options: CrashRedactionOptions): CrashRedaction {
  const write = options.write ?? ((text: string) => void process.stderr.write(text));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const hidden = new Set(Object.entries(target.env).flatMap(([name, value]) => (name.startsWith(secretEnvironmentVariable('')) && value ? [value] : [])));
  const sources: (() => Redactor)[] = [];
  let crashed = false;

  const redact = (text: string) => {
    let redacted = messageRedactor(hidden).text(text).replace(TOKEN_QUERY, `$1${REDACTED}`);
    const redactors = safely(() => [...(options.redactors?.() ?? []), ...sources.map((source) => source())], [] as Redactor[]);
    for (const redactor of redactors) redacted = redactor.text(redacted);
    return redacted;
  };

  const report = (kind: string) => (error: unknown) => {
    // A second failure while reporting the first must not print an unredacted stack of its own.
    if (crashed) return;
    crashed = true;
    const text = safely(() => redact(describeError(error)), 'the error could not be described');
    write(`${options.name}: ${kind}: ${indent(text)}\n`);
    write(`${options.name}: stopped after an unexpected error. This is a bug in Patchbay: please report it with the lines above (secrets in them are shown as ${REDACTED}).\n`);
    exit(CRASH_EXIT_CODE);
  };
  const onException = report('uncaught exception');
  const onRejection = report('unhandled promise rejection');
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);

  return {
    hide(values) {
      for (const value of values) if (value !== '') hidden.add(value);
    },
    hideWith(redactor) {
      sources.push(redactor);
    },
    uninstall() {
      target.off('uncaughtException', onException);
      target.off('unhandledRejection', onRejection);
    },
  };
}

/** The stack when there is one (it starts with the message), else the message, else the value as JSON. */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const stack = error.stack ?? `${error.name}: ${error.message}`;
    const cause = error.cause === undefined ? '' : `\nCaused by: ${describeError(error.cause)}`;
    return `${stack.includes(error.message) ? stack : `${error.name}: ${error.message}\n${stack}`}${cause}`;
  }
  if (typeof error === 'string') return error;
  return safely(() => JSON.stringify(error) ?? String(error), String(error));
}

const indent = (text: string) => text.replace(/\n/g, '\n    ');

function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}
