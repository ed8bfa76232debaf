// `patchbay send` and `patchbay emit`: one engine, one connection, one message.
import { readFileSync } from 'node:fs';
import { connectionOptionsSchema, describeTarget } from '../../shared/connection';
import { payloadSchema } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import { parseTargetUrl } from '../core/transports/target-url';
import type { Engine } from '../core/engine';
import { createEngine } from '../core/engine';
import type { Connection } from '../core/connections/registry';
import { EXIT, exitCodeForFailure } from './exit-codes';
import { parseJsonArgument, parsePatternArgument } from './json-argument';
import { streamCall } from './stream-command';

export type MessageArgs = { target: string; pattern: string; data?: string; dataFile?: string; connectTimeout: number };
/** `--stream`: for gRPC client-streaming and bidi methods, messages are NDJSON lines of --data-file, written as they arrive. */
type SendArgs = MessageArgs & { timeout: number; json?: boolean; stream?: boolean };

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
  const parsed = parseJsonArgument(text, dataFile ? `the payload file ${dataFile}` : 'the payload');
  if (!parsed.ok) return parsed;
  const valid = payloadSchema.safeParse(parsed.value);
  return valid.success ? ok(valid.data) : fail('usage', valid.error.issues[0]?.message ?? 'Invalid payload');
}

/** Parses input and connects; on failure prints why and returns the exit code. */
export async function prepare(args: MessageArgs, requestTimeoutMs?: number, { streamed = false } = {}): Promise<Prepared | number> {
  const target = parseTargetUrl(args.target, (path) => readFileSync(path, 'utf8'));
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
    return printError(connected.error.message), EXIT.connection;
  }
  return { engine, connection, pattern: pattern.value, data: data.value };
}

export async function sendCommand(args: SendArgs): Promise<number> {
  if (args.stream) return sendStreamCommand(args);
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
