// The rules editor's text: checked against the contract's mockRulesSchema as the user types
// (the message names the JSON path of the problem), a sample to start from, and "Make rule" for a
// request no rule matched.
import type { TransportKind } from '../../../shared/connection';
import { mockRulesSchema, type MockRules } from '../../../shared/mock';

export type RulesCheck = { ok: true; rules: MockRules } | { ok: false; message: string; path?: string };

/** `rules[0].reply.value`: the issue path as JSON paths are written. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  return text;
}

export function checkRulesText(text: string): RulesCheck {
  if (text.trim() === '') return { ok: false, message: 'Rules are empty — start from {"rules": []}' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Rules are not valid JSON (${(error as Error).message}) — fix the JSON` };
  }
  if (Array.isArray(value)) return { ok: false, message: 'Rules are an object: wrap the list as {"rules": [ … ]}' };
  const parsed = mockRulesSchema.safeParse(value);
  if (parsed.success) return { ok: true, rules: parsed.data };
  const issue = parsed.error.issues[0]!;
  const path = formatIssuePath(issue.path);
  return path === '' ? { ok: false, message: issue.message } : { ok: false, message: issue.message, path };
}

/** A recorded pattern (Nest-normalized text) as a rule's pattern: JSON objects stay objects. */
export function patternValue(recorded: string): string | Record<string, unknown> {
  if (recorded.startsWith('{')) {
    try {
      const value: unknown = JSON.parse(recorded);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // A string pattern that happens to start with a brace.
    }
  }
  return recorded;
}

export type MakeRuleResult = { ok: true; text: string } | { ok: false; message: string };

/** Appends `{"pattern": …, "reply": {"value": {}}}` to the rules in `text`, keeping the rest as written. */
export function appendRuleFor(text: string, recordedPattern: string): MakeRuleResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Fix the rules JSON first: the new rule is added to it' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'Rules are an object {"rules": [ … ]}: fix them first, then make the rule' };
  const rulesObject = value as { rules?: unknown };
  const rules = Array.isArray(rulesObject.rules) ? rulesObject.rules : [];
  const next = { ...rulesObject, rules: [...rules, { pattern: patternValue(recordedPattern), reply: { value: {} } }] };
  return { ok: true, text: JSON.stringify(next, null, 2) };
}

/** What a new mock starts with: one rule per reply form worth knowing, for the transport's pattern style. */
export function sampleRulesText(transport: TransportKind): string {
  const samples: Record<TransportKind, unknown> = {
    tcp: {
      rules: [
        { name: 'get user', pattern: { cmd: 'get_user' }, reply: { template: { id: '{{data.id}}', name: 'Ada Lovelace' } } },
        { name: 'slow sum', pattern: { cmd: 'sum' }, delayMs: 200, reply: { value: 6 } },
      ],
      unmatched: 'nest-error',
    },
    redis: { rules: [{ name: 'get user', pattern: { cmd: 'get_user' }, reply: { template: { id: '{{data.id}}', name: 'Ada Lovelace' } } }], unmatched: 'nest-error' },
    rmq: { rules: [{ name: 'create order', pattern: 'orders.create', reply: { template: { id: '{{$uuid}}', status: 'placed' } } }], unmatched: 'nest-error' },
    kafka: { rules: [{ name: 'sum', pattern: 'sum', reply: { value: 6 } }], unmatched: 'nest-error' },
    grpc: {
      rules: [
        { name: 'get user', pattern: 'users.UsersService/GetUser', reply: { template: { id: '{{data.id}}', name: 'Ada Lovelace' } } },
        { name: 'not found', pattern: 'users.UsersService/DeleteUser', reply: { grpcStatus: { code: 'NOT_FOUND', details: 'No such user' } } },
      ],
      unmatched: 'nest-error',
    },
  };
  return JSON.stringify(samples[transport], null, 2);
}

/** The file name a mock's rules are saved under: what `patchbay mock --rules` reads (`users-mock.mock.json`). */
export function rulesFileName(mockName: string): string {
  const stem = mockName
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `${stem || 'rules'}.mock.json`;
}
