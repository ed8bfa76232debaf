// `patchbay mock <target> --rules <file>`: a mock service answering by a rule file, until SIGINT or
// SIGTERM. One line on stderr when it serves; one NDJSON line per request or event on stdout.
import { readFileSync } from 'node:fs';
import type { ConnectionTarget } from '../../shared/connection';
import { describeTarget } from '../../shared/connection';
import { parseJsonText } from '../../shared/json-text';
import type { MockRules } from '../../shared/mock';
import { mockRulesSchema } from '../../shared/mock';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import { createEngine } from '../core/engine';
import type { MockExchange } from '../core/mocks/mock-registry';
import type { MockAnswerPart } from '../core/mocks/mock-transport';
import { parseTargetUrl } from '../core/transports/target-url';
import { EXIT } from './exit-codes';
import { withMaxFrame } from './max-frame';

/** `maxFrame`: the TCP mock's max frame size in MiB (--max-frame). */
export type MockArgs = { target: string; rules: string; maxFrame?: number };

const printError = (message: string) => process.stderr.write(`patchbay: ${message}\n`);

/**
 * The target URL, where port 0 means "pick a free port". Connection targets need ports 1 to
 * 65535 (a client cannot dial 0), so the URL is parsed with a stand-in port that is then reset.
 */
export function parseMockTarget(text: string): Result<ConnectionTarget> {
  const anyPort = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*):0(?=$|[/?#])/i.exec(text);
  const parsed = parseTargetUrl(anyPort ? text.replace(/:0(?=$|[/?#])/, ':1') : text, (path) => readFileSync(path, 'utf8'));
  if (!parsed.ok || !anyPort) return parsed;
  return parsed.value.kind === 'tcp' || parsed.value.kind === 'grpc' ? ok({ ...parsed.value, port: 0 }) : parsed;
}

/** Reads and validates a rule file; every problem names where it is and what to write instead. */
export function readRulesFile(file: string, read: (path: string) => string = (path) => readFileSync(path, 'utf8')): Result<MockRules> {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    return fail('usage', `Cannot read the rules file "${file}": ${(error as Error).message}`);
  }
  const json = parseJsonText(text, `the rules file ${file}`);
  if (!json.ok) return json;
  const rules = mockRulesSchema.safeParse(json.value);
  if (rules.success) return ok(rules.data);
  const problems = rules.error.issues.map((issue) => `  ${formatPath(issue.path) || '(the whole file)'}: ${issue.message}`);
  return fail('usage', `The rules file ${file} is not valid:\n${problems.join('\n')}\nA rule file looks like {"rules": [{"pattern": {"cmd": "get_user"}, "reply": {"value": {"id": 1}}}]}.`);
}

function formatPath(path: PropertyKey[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`)).join('');
}

/** The `reply` of an NDJSON line: what the rules answered, in the rule file's words. */
export function replySummary(parts: MockAnswerPart[]): unknown {
  if (parts.length === 0) return { noReply: true };
  const [first] = parts;
  if (parts.length === 1 && first?.kind === 'value') return { value: first.value };
  if (parts.every((part) => part.kind === 'value' || part.kind === 'end')) return { stream: parts.flatMap((part) => (part.kind === 'value' ? [part.value] : [])) };
  switch (first?.kind) {
    case 'error':
      return { error: first.error };
    case 'grpc-status':
      return { grpcStatus: { code: first.code, details: first.details, metadata: first.metadata } };
    default:
      return { noHandler: true };
  }
}

function exchangeLine({ message, plan, at }: MockExchange): string {
  return JSON.stringify({
    at,
    kind: message.kind,
    pattern: message.pattern,
    data: message.data,
    ...(message.correlationId !== undefined ? { correlationId: message.correlationId } : {}),
    ...(plan.rule ? { rule: plan.rule.name } : { unmatched: true }),
    ...(message.kind === 'request' ? { reply: replySummary(plan.steps.map((step) => step.part)) } : {}),
  });
}

export async function mockCommand(args: MockArgs): Promise<number> {
  const parsedTarget = parseMockTarget(args.target);
  const target = parsedTarget.ok ? withMaxFrame(parsedTarget.value, args.maxFrame) : parsedTarget;
  if (!target.ok) return printError(target.error.message), EXIT.usage;
  const rules = readRulesFile(args.rules);
  if (!rules.ok) return printError(rules.error.message), EXIT.usage;

  const engine = createEngine();
  engine.mocks.onExchange((exchange) => process.stdout.write(`${exchangeLine(exchange)}\n`));
  // A client dropped for breaking the wire format: said on stderr, the mock goes on.
  engine.mocks.onNote((_mock, note) => printError(note.message));
  const started = await engine.mocks.start(describeTarget(target.value), target.value, rules.value);
  if (!started.ok) {
    await engine.close();
    printError(started.error.message);
    return started.error.code === 'address-in-use' || started.error.code === 'listen-failed' ? EXIT.connection : EXIT.usage;
  }
  const count = rules.value.rules.length;
  process.stderr.write(`Mock serving on ${started.value.address} (${count} ${count === 1 ? 'rule' : 'rules'})\n`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await engine.close();
  return EXIT.ok;
}
