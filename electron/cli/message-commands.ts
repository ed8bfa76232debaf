// `patchbay send` and `patchbay emit`: one engine, one connection, one message.
import { readFileSync } from 'node:fs';
import { connectionOptionsSchema, describeTarget } from '../../shared/connection';
import { payloadSchema } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import { parseTargetUrl } from '../core/transports/target-url';
import type { SendOutcome } from '../../shared/contract';
import type { RequestAttempt, RetryPolicy } from '../../shared/retry';
import { retryPolicySchema } from '../../shared/retry';
import { sendWithRetries } from '../core/messaging/retrying-send';
import { timerSleep } from '../core/runner/retry-policy';
import type { Engine } from '../core/engine';
import { createEngine } from '../core/engine';
import type { Connection } from '../core/connections/registry';
import { EXIT, exitCodeForFailure } from './exit-codes';
import { parseJsonArgument, parsePatternArgument } from './json-argument';
import { streamCall } from './stream-command';
import { withMaxFrame } from './max-frame';

/** `maxFrame`: TCP's max frame size in MiB (--max-frame). */
export type MessageArgs = { target: string; pattern: string; data?: string; dataFile?: string; connectTimeout: number; maxFrame?: number };
/** `--stream`: for gRPC client-streaming and bidi methods, messages are NDJSON lines of --data-file, written as they arrive. */
type SendArgs = MessageArgs & { timeout: number; json?: boolean; stream?: boolean } & RetryArgs;
/** `--retries N` sends again up to N times after a failure or an error reply; the others shape the waits (shared/retry.ts). */
export type RetryArgs = { retries?: number; retryBackoff?: number; retryFactor?: number; retryJitter?: number; retryMaxBackoff?: number };

type Prepared = { engine: Engine; connection: Connection; pattern: unknown; data: unknown };

const printError = (message: string) => process.stderr.write(`patchbay: ${message}\n`);
const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

function readPayload({ data, dataFile }: MessageArgs): Result<unknown> {
  if (data !== undefined && dataFile !== undefined) return fail('usage', 'Give the payload either as an argument or with --data-file, not both.');
  let text = data ?? '{}';
  if (dataFile !== undefined) {
    try {
      text = readFileSync(dataFile === '-' ? 0 : dataFile, 'utf8');
    } catch (error) {
      return fail('usage', `Cannot read the payload file "${dataFile}": ${(error as Error).message}`);
    }
  }
  const parsed =
    dataFile === undefined
      ? parseJsonArgument(text, 'the payload')
      : parseJsonArgument(text, dataFile === '-' ? 'the payload read from stdin' : `the payload file ${dataFile}`, 'Fix the JSON there.');
  if (!parsed.ok) return parsed;
  const valid = payloadSchema.safeParse(parsed.value);
  return valid.success ? ok(valid.data) : fail('usage', valid.error.issues[0]?.message ?? 'Invalid payload');
}

/** Parses input and connects; on failure prints why and returns the exit code. */
export async function prepare(args: MessageArgs, requestTimeoutMs?: number, { streamed = false } = {}): Promise<Prepared | number> {
  const parsedTarget = parseTargetUrl(args.target, (path) => readFileSync(path, 'utf8'));
  const target = parsedTarget.ok ? withMaxFrame(parsedTarget.value, args.maxFrame) : parsedTarget;
  if (!target.ok) return printError(target.error.message), EXIT.usage;
  const pattern = parsePatternArgument(args.pattern);
  if (!pattern.ok) return printError(pattern.error.message), EXIT.usage;
  // A streamed call reads its messages later, line by line, once the call is open.
  const data = streamed ? ok(undefined) : readPayload(args);
  if (!data.ok) return printError(data.error.message), EXIT.usage;

  const engine = createEngine({ reconnect: { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
  const options = connectionOptionsSchema.parse({ connectTimeoutMs: args.connectTimeout, requestTimeoutMs });
  const connection = engine.connections.open(describeTarget(target.value), target.value, options);
  const connected = await connection.client.firstAttempt();
  if (!connected.ok) {
    await engine.close();
    // A .proto that does not load is the user's input to fix, like a bad URL: not a connection failure.
    return printError(connected.error.message), exitCodeForFailure(connected.error.code);
  }
  return { engine, connection, pattern: pattern.value, data: data.value };
}

export async function sendCommand(args: SendArgs): Promise<number> {
  const retry = retryPolicyOf(args);
  if (!retry.ok) return printError(retry.error.message), EXIT.usage;
  if (retry.value && args.stream) return printError('--retries cannot repeat a --stream call: its messages are read from --data-file once. Leave out --retries.'), EXIT.usage;
  if (args.stream) return sendStreamCommand(args);
  if (retry.value) return sendRetryingCommand(args, retry.value);
  const prepared = await prepare(args, args.timeout);
  if (typeof prepared === 'number') return prepared;
  const { engine, connection, pattern, data } = prepared;
  let exitCode: number = EXIT.ok;
  let printedValue = false;
  try {
    for await (const part of engine.messenger.request({ connection, pattern, data, timeoutMs: args.timeout }).parts) {
      const latencyMs = Math.round(part.elapsedMs * 100) / 100;
      switch (part.kind) {
        case 'written':
          break;
        case 'value':
          printJson(args.json ? { ok: true, response: part.value, latencyMs } : part.value);
          printedValue = true;
          break;
        case 'end':
          // A stream's separate closing packet; only worth saying when no value came at all.
          if (printedValue) break;
          if (args.json) printJson({ ok: true, empty: true, latencyMs });
          else process.stderr.write('patchbay: the handler completed without a value (a Nest client would get EmptyError)\n');
          break;
        case 'remote-error':
          if (args.json) printJson({ ok: false, error: part.error, latencyMs });
          else process.stderr.write(`${JSON.stringify(part.error)}\n`);
          exitCode = EXIT.remoteError;
          break;
        case 'failure':
          if (args.json) printJson({ ok: false, failure: part.failure, latencyMs });
          else printError(part.failure.message);
          exitCode = exitCodeForFailure(part.failure.code);
          break;
      }
    }
  } finally {
    await engine.close();
  }
  return exitCode;
}

/** The retry flags as a policy; none without `--retries`. */
export function retryPolicyOf(args: RetryArgs): Result<RetryPolicy | undefined> {
  const shaping = (['retryBackoff', 'retryFactor', 'retryJitter', 'retryMaxBackoff'] as const).filter((key) => args[key] !== undefined);
  if (args.retries === undefined) {
    if (shaping.length === 0) return ok(undefined);
    const flag = `--${shaping[0]!.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    return fail('usage', `${flag} shapes the waits between retries: add --retries N to retry at all, e.g. --retries 2 ${flag} …`);
  }
  const parsed = retryPolicySchema.safeParse({
    count: args.retries,
    ...(args.retryBackoff !== undefined ? { backoffMs: args.retryBackoff } : {}),
    ...(args.retryFactor !== undefined ? { factor: args.retryFactor } : {}),
    ...(args.retryJitter !== undefined ? { jitter: args.retryJitter } : {}),
    ...(args.retryMaxBackoff !== undefined ? { maxBackoffMs: args.retryMaxBackoff } : {}),
  });
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const flags: Record<string, string> = { count: '--retries', backoffMs: '--retry-backoff', factor: '--retry-factor', jitter: '--retry-jitter', maxBackoffMs: '--retry-max-backoff' };
  const field = String(issue?.path[0] ?? '');
  return fail('usage', `${flags[field] ?? field}: ${issue?.message ?? 'invalid value'}`);
}

/** One line per attempt on stderr, as it finishes: what failed, and when the next one goes. */
export function attemptLine(attempt: RequestAttempt, total: number): string {
  const took = `${Math.round(attempt.durationMs)} ms`;
  const head = `attempt ${attempt.attempt}/${total}`;
  if (attempt.status === 'ok') return `${head} answered in ${took}`;
  const retrying = attempt.retryInMs !== undefined ? ` — retrying in ${attempt.retryInMs} ms` : '';
  return `${head} failed in ${took}: ${attempt.error?.message ?? 'no reason given'}${retrying}`;
}

/** Sends with retries: each attempt is a whole send, its line printed as it ends; the last attempt's reply is printed like a plain send's. */
async function sendRetryingCommand(args: SendArgs, retry: RetryPolicy): Promise<number> {
  const prepared = await prepare(args, args.timeout);
  if (typeof prepared === 'number') return prepared;
  const { engine, connection, pattern, data } = prepared;
  const total = retry.count + 1;
  const abort = new AbortController();
  // Ctrl-C during a wait stops retrying and reports what came so far.
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  try {
    const outcome = await sendWithRetries((request) => engine.messenger.send(request), { connection, pattern, data, timeoutMs: args.timeout }, retry, {
      sleep: timerSleep,
      random: Math.random,
      monotonicMs: () => performance.now(),
      signal: abort.signal,
      onAttempt: (attempt) => printError(attemptLine(attempt, total)),
    });
    return printOutcome(outcome, args.json === true);
  } finally {
    process.off('SIGINT', stop);
    await engine.close();
  }
}

/** A whole outcome printed as `send` prints its parts; with --json the last envelope also lists the attempts. */
function printOutcome(outcome: SendOutcome, json: boolean): number {
  const latencyMs = Math.round(outcome.totalMs * 100) / 100;
  const attempts = outcome.attempts ? { attempts: outcome.attempts } : {};
  switch (outcome.status) {
    case 'ok':
      outcome.values.forEach((value, index) => printJson(json ? { ok: true, response: value, latencyMs, ...(index === outcome.values.length - 1 ? attempts : {}) } : value));
      return EXIT.ok;
    case 'empty':
      if (json) printJson({ ok: true, empty: true, latencyMs, ...attempts });
      else process.stderr.write('patchbay: the handler completed without a value (a Nest client would get EmptyError)\n');
      return EXIT.ok;
    case 'remote-error':
      if (json) printJson({ ok: false, error: outcome.remoteError, latencyMs, ...attempts });
      else process.stderr.write(`${JSON.stringify(outcome.remoteError)}\n`);
      return EXIT.remoteError;
    case 'failure': {
      const failure = outcome.failure ?? { code: 'failure', message: 'The request failed without a reason.' };
      if (json) printJson({ ok: false, failure, latencyMs, ...attempts });
      else printError(failure.message);
      return exitCodeForFailure(failure.code);
    }
  }
}

async function sendStreamCommand(args: SendArgs): Promise<number> {
  if (args.data !== undefined || args.dataFile === undefined) {
    return printError('--stream reads one JSON message per line from --data-file (- for stdin); leave out the data argument.'), EXIT.usage;
  }
  const prepared = await prepare(args, args.timeout, { streamed: true });
  if (typeof prepared === 'number') return prepared;
  const { engine, connection, pattern } = prepared;
  try {
    return await streamCall(engine, connection, pattern, { dataFile: args.dataFile, timeout: args.timeout, json: args.json });
  } finally {
    await engine.close();
  }
}

export async function emitCommand(args: MessageArgs): Promise<number> {
  const prepared = await prepare(args);
  if (typeof prepared === 'number') return prepared;
  const { engine, connection, pattern, data } = prepared;
  try {
    const result = await engine.messenger.emit({ connection, pattern, data });
    if (!result.ok) return printError(result.error.message), exitCodeForFailure(result.error.code);
    return EXIT.ok;
  } finally {
    await engine.close();
  }
}
