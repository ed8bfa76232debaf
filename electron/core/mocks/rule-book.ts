// What a mock answers, decided without touching a wire or a timer: the first rule that matches a
// message, and its reply as the parts to write, each with how long to wait before it. Pure but for
// the injected randomness, clock and ids; one rule book per version of the rules, so `sequence`
// positions start over when the rules are replaced (mock.update).
import type { MockCondition, MockReply, MockRule, MockRules } from '../../../shared/mock';
import { grpcStatusNames, grpcStatusReplySchema } from '../../../shared/mock';
import { jsonEquals, readJsonPath } from '../../../shared/json-path';
import type { TransportKind } from '../../../shared/connection';
import { normalizePattern } from '../../../shared/pattern-route';
import { ok } from '../../../shared/result';
import type { DynamicValueDeps } from '../../../shared/placeholders';
import { dynamicValue, fillPlaceholders } from '../../../shared/placeholders';
import type { IncomingMessage, MockAnswerPart, MockRoutes } from './mock-transport';

/** `random` also drives failure injection and random delays. */
export type RuleBookDeps = DynamicValueDeps;

/** One part to write, after waiting `waitMs` (the rule's delay before the first, a stream's interval between the others). */
export type AnswerStep = { waitMs: number; part: MockAnswerPart };

export type MatchedRule = { index: number; name: string };

export type AnswerPlan = {
  /** The rule that matched, or none (the message is `unmatched`). */
  rule?: MatchedRule;
  /** True when the rule's failureRate struck: the answer is its `failWith`. */
  injectedFailure: boolean;
  /** Nothing for events, `noReply` and ignored unmatched requests. */
  steps: AnswerStep[];
};

export interface RuleBook {
  readonly rules: MockRules;
  /** The exact routes and globs the rules match, for transports that subscribe (Redis, Kafka). */
  readonly routes: MockRoutes;
  /** Matches the message and plans its answer; advances `sequence` rules. */
  plan(message: IncomingMessage): AnswerPlan;
}

export const NO_FAILURE_MESSAGE = 'Injected failure';
const GRPC_UNAVAILABLE = 14;

/** A rule's name in the UI, the log and the CLI: its own, or its pattern (normalized) or glob. */
export function ruleName(rule: MockRule): string {
  return rule.name ?? (rule.pattern !== undefined ? normalizePattern(rule.pattern) : (rule.glob ?? ''));
}

/** `*` any run of characters (none included), `?` exactly one; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const source = [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'su');
}

export function createRuleBook(rules: MockRules, transport: TransportKind, deps: RuleBookDeps): RuleBook {
  const compiled = rules.rules.map((rule, index) => ({
    rule,
    index,
    name: ruleName(rule),
    exact: rule.pattern !== undefined ? normalizePattern(rule.pattern) : undefined,
    glob: rule.glob !== undefined ? globToRegExp(rule.glob) : undefined,
  }));
  const sequencePositions = new Map<number, number>();
  const grpc = transport === 'grpc';

  const matches = (entry: (typeof compiled)[number], message: IncomingMessage, context: Record<string, unknown>) =>
    (entry.exact !== undefined ? entry.exact === message.route : (entry.glob?.test(message.route) ?? false)) &&
    entry.rule.when.every((condition) => conditionHolds(condition, context));

  return {
    rules,
    routes: {
      exact: [...new Set(compiled.flatMap((entry) => (entry.exact === undefined ? [] : [entry.exact])))],
      globs: [...new Set(compiled.flatMap((entry) => (entry.rule.glob === undefined ? [] : [entry.rule.glob])))],
    },
    plan(message) {
      const context = { pattern: message.pattern, data: message.data, headers: message.headers ?? {} };
      const entry = compiled.find((candidate) => matches(candidate, message, context));
      if (!entry) {
        const answer = message.kind === 'request' && rules.unmatched === 'nest-error';
        return { injectedFailure: false, steps: answer ? [{ waitMs: 0, part: { kind: 'no-handler' } }] : [] };
      }
      const rule = { index: entry.index, name: entry.name };
      // Events are matched (the log says which rule saw them) but never answered.
      if (message.kind === 'event') return { rule, injectedFailure: false, steps: [] };
      const { rule: definition } = entry;
      const delayMs = delayOf(definition, deps.random);
      if (definition.failureRate > 0 && deps.random() < definition.failureRate) {
        return { rule, injectedFailure: true, steps: [{ waitMs: delayMs, part: failurePart(definition, grpc) }] };
      }
      const parts = replyParts(definition.reply, context, grpc, deps, () => {
        const position = sequencePositions.get(entry.index) ?? 0;
        sequencePositions.set(entry.index, position + 1);
        return position;
      });
      return { rule, injectedFailure: false, steps: parts.map((part, index) => ({ waitMs: index === 0 ? delayMs : (definition.reply.intervalMs ?? 0), part })) };
    },
  };
}

function conditionHolds(condition: MockCondition, context: Record<string, unknown>): boolean {
  const found = readJsonPath(context, condition.path);
  if (condition.exists !== undefined) return found.found === condition.exists;
  return found.found && jsonEquals(found.value, condition.equals);
}

function delayOf(rule: MockRule, random: () => number): number {
  const delay = rule.delayMs;
  if (delay === undefined) return 0;
  if (typeof delay === 'number') return delay;
  return Math.round(delay.min + random() * (delay.max - delay.min));
}

function failurePart(rule: MockRule, grpc: boolean): MockAnswerPart {
  const failWith = rule.failWith;
  if (failWith === undefined) {
    return grpc
      ? { kind: 'grpc-status', code: GRPC_UNAVAILABLE, details: NO_FAILURE_MESSAGE, metadata: {} }
      : { kind: 'error', error: { status: 'error', message: NO_FAILURE_MESSAGE } };
  }
  // `{grpcStatus: …}` also fits the RpcException-object branch of the schema's union, which comes
  // first, so its defaults (details, metadata) are applied here.
  if (typeof failWith === 'object' && Object.keys(failWith).length === 1 && 'grpcStatus' in failWith) {
    const status = grpcStatusReplySchema.safeParse(failWith.grpcStatus);
    if (status.success) return grpcStatusPart(status.data, grpc);
  }
  return { kind: 'error', error: failWith };
}

type GrpcStatusReply = NonNullable<MockReply['grpcStatus']>;

export const grpcStatusCode = (code: GrpcStatusReply['code']): number => (typeof code === 'number' ? code : grpcStatusNames.indexOf(code));

/**
 * A gRPC status; other transports have no status, so they get the RpcException a Nest service
 * would send for it: `{status:'error', code, message: details}`.
 */
function grpcStatusPart(status: GrpcStatusReply, grpc: boolean): MockAnswerPart {
  const code = grpcStatusCode(status.code);
  if (grpc) return { kind: 'grpc-status', code, details: status.details, metadata: status.metadata };
  return { kind: 'error', error: { status: 'error', code, message: status.details } };
}

function replyParts(reply: MockReply, context: Record<string, unknown>, grpc: boolean, deps: RuleBookDeps, nextPosition: () => number): MockAnswerPart[] {
  if (reply.value !== undefined) return [{ kind: 'value', value: reply.value, last: true }];
  if (reply.template !== undefined) return [{ kind: 'value', value: fillTemplate(reply.template, context, deps), last: true }];
  if (reply.sequence !== undefined) return [{ kind: 'value', value: reply.sequence[nextPosition() % reply.sequence.length], last: true }];
  if (reply.stream !== undefined) {
    if (reply.stream.length === 0) return [{ kind: 'end' }];
    return reply.stream.map((value, index, all) => ({ kind: 'value', value, last: index === all.length - 1 }));
  }
  if (reply.error !== undefined) return [{ kind: 'error', error: reply.error }];
  if (reply.grpcStatus !== undefined) return [grpcStatusPart(reply.grpcStatus, grpc)];
  // noReply: the caller is left waiting, as with a hung service.
  return [];
}

/**
 * Fills `{{data.x}}`, `{{pattern}}`, `{{headers.x}}` and the dynamic values (`{{$uuid}}`,
 * `{{$now}}`, `{{$timestamp}}`, `{{$randomInt}}`) in every string of a JSON value, keys included
 * (see fillPlaceholders). A missing value is null alone, empty text inside a longer string.
 */
export function fillTemplate(template: unknown, context: Record<string, unknown>, deps: DynamicValueDeps): unknown {
  const filled = fillPlaceholders(template, (expression) => {
    const dynamic = dynamicValue(expression, deps);
    if (dynamic !== undefined) return ok(dynamic);
    const found = readJsonPath(context, expression);
    return ok(found.found ? found.value : undefined);
  });
  // The resolver never fails: a template is filled with whatever the message has.
  return filled.ok ? filled.value : null;
}
