// `patchbay send … --stream`: a gRPC client-streaming or bidi call fed from NDJSON, one message per
// line written as soon as the line arrives; each reply printed as it comes; input EOF ends the call.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { SendOutcome } from '../../shared/contract';
import { payloadSchema } from '../../shared/contract';
import { parseJsonText } from '../../shared/json-text';
import type { Connection } from '../core/connections/registry';
import type { Engine } from '../core/engine';
import { EXIT, exitCodeForFailure } from './exit-codes';

export type StreamArgs = { dataFile: string; timeout: number; json?: boolean };

const printError = (message: string) => process.stderr.write(`patchbay: ${message}\n`);
const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const roundMs = (ms: number) => Math.round(ms * 100) / 100;

/** Runs the call on an open connection; returns the exit code. */
export async function streamCall(engine: Engine, connection: Connection, pattern: unknown, args: StreamArgs): Promise<number> {
  // --timeout bounds the whole call: the stream must be done, replies and all, within it.
  const opened = engine.calls.open({ connection, pattern, timeoutMs: args.timeout });
  if (!opened.ok) return printError(opened.error.message), exitCodeForFailure(opened.error.code);
  const { callId } = opened.value;

  const input: Readable = args.dataFile === '-' ? process.stdin : createReadStream(args.dataFile);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let printedValue = false;
  const finished = new Promise<SendOutcome>((resolve) => {
    const unsubscribe = engine.onEvent(({ event, payload }) => {
      if (event === 'call.part' && payload.callId === callId) {
        printJson(args.json ? { ok: true, response: payload.value, latencyMs: roundMs(payload.atMs) } : payload.value);
        printedValue = true;
      } else if (event === 'call.finished' && payload.callId === callId) {
        unsubscribe();
        // Finished early (an error status, the deadline): stop reading input.
        lines.close();
        resolve(payload.outcome);
      }
    });
  });

  let inputExitCode: number | undefined;
  try {
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const parsed = parseJsonText(line);
      const message = parsed.ok ? payloadSchema.safeParse(parsed.value) : undefined;
      if (!parsed.ok || !message?.success) {
        const column = parsed.ok ? undefined : (parsed.error.detail as { column?: number } | undefined)?.column;
        const why = parsed.ok ? `: ${message?.error?.issues[0]?.message ?? 'not a message'}` : ` is not valid JSON${column ? ` (column ${column})` : ''}`;
        printError(`line ${lineNumber} of the input${why}. With --stream each line is one JSON message (NDJSON).`);
        inputExitCode = EXIT.usage;
        break;
      }
      const written = engine.calls.write(callId, message.data);
      if (!written.ok) {
        // The call has already finished (the service answered early): its outcome says why.
        if (written.error.code === 'unknown-call') break;
        printError(`line ${lineNumber} of the input: ${written.error.message}`);
        inputExitCode = exitCodeForFailure(written.error.code);
        break;
      }
    }
  } catch (error) {
    printError(`Cannot read the messages from "${args.dataFile}": ${(error as Error).message}`);
    inputExitCode = EXIT.usage;
  } finally {
    lines.close();
    if (input === process.stdin) process.stdin.destroy();
  }

  if (inputExitCode !== undefined) engine.calls.cancel(callId);
  else engine.calls.end(callId);
  const outcome = await finished;
  if (inputExitCode !== undefined) return inputExitCode;
  return reportOutcome(outcome, printedValue, args.json);
}

function reportOutcome(outcome: SendOutcome, printedValue: boolean, json: boolean | undefined): number {
  const latencyMs = roundMs(outcome.totalMs);
  switch (outcome.status) {
    case 'ok':
      return EXIT.ok;
    case 'empty':
      if (printedValue) return EXIT.ok;
      if (json) printJson({ ok: true, empty: true, latencyMs });
      else printError('the call completed without a reply message');
      return EXIT.ok;
    case 'remote-error':
      if (json) printJson({ ok: false, error: outcome.remoteError, latencyMs });
      else process.stderr.write(`${JSON.stringify(outcome.remoteError)}\n`);
      return EXIT.remoteError;
    case 'failure': {
      const failure = outcome.failure ?? { code: 'failure', message: 'The call failed.' };
      if (json) printJson({ ok: false, failure, latencyMs });
      else printError(failure.message);
      return exitCodeForFailure(failure.code);
    }
  }
}
