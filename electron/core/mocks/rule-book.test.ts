import { describe, expect, it } from 'vitest';
import type { MockRuleInput } from '../../../shared/mock';
import { mockRulesSchema } from '../../../shared/mock';
import type { IncomingMessage } from './mock-transport';
import { createRuleBook, fillTemplate, globToRegExp, ruleName } from './rule-book';
import { nestRouteOf } from './incoming-route';

const rulesOf = (rules: MockRuleInput[], unmatched?: 'nest-error' | 'ignore') => mockRulesSchema.parse({ rules, ...(unmatched ? { unmatched } : {}) });

function deps(randoms: number[] = []) {
  const queue = [...randoms];
  return { random: () => queue.shift() ?? 0.99, now: () => Date.UTC(2024, 0, 2, 3, 4, 5, 6), uuid: () => 'uuid-1' };
}

const request = (pattern: unknown, data: unknown = {}, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  kind: 'request',
  pattern,
  route: nestRouteOf(pattern),
  data,
  correlationId: 'c1',
  sizeBytes: 10,
  ...extra,
});

describe('rule matching', () => {
  it('matches an object pattern whatever its key order', () => {
    const book = createRuleBook(rulesOf([{ pattern: { cmd: 'get', v: 1 }, reply: { value: 1 } }]), 'tcp', deps());
    expect(book.plan(request({ v: 1, cmd: 'get' }))).toEqual({ rule: { index: 0, name: '{"cmd":"get","v":1}' }, injectedFailure: false, steps: [{ waitMs: 0, part: { kind: 'value', value: 1, last: true } }] });
  });

  it('matches a TCP event whose pattern is the normalized string', () => {
    const book = createRuleBook(rulesOf([{ pattern: { cmd: 'created' }, reply: { value: 1 } }]), 'tcp', deps());
    expect(book.plan({ ...request('{"cmd":"created"}'), kind: 'event' })).toEqual({ rule: { index: 0, name: '{"cmd":"created"}' }, injectedFailure: false, steps: [] });
  });

  it('takes the first matching rule', () => {
    const book = createRuleBook(rulesOf([{ pattern: 'a', reply: { value: 1 } }, { glob: '*', reply: { value: 2 } }]), 'tcp', deps());
    expect(book.plan(request('a')).rule).toEqual({ index: 0, name: 'a' });
    expect(book.plan(request('b')).rule).toEqual({ index: 1, name: '*' });
  });

  it('matches globs over the normalized route', () => {
    const book = createRuleBook(rulesOf([{ glob: 'users.?et', reply: { value: 1 } }, { glob: '{"cmd":"user*"}', reply: { value: 2 } }]), 'tcp', deps());
    expect(book.plan(request('users.get')).rule?.index).toBe(0);
    expect(book.plan(request('users.set')).rule?.index).toBe(0);
    expect(book.plan(request('users.gets')).rule).toBeUndefined();
    expect(book.plan(request({ cmd: 'user_list' })).rule?.index).toBe(1);
    expect(book.plan(request({ cmd: 'order' })).rule).toBeUndefined();
  });

  it('reads glob characters other than * and ? literally', () => {
    expect(globToRegExp('a.b(c)*').test('a.b(c)xyz')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('*').test('')).toBe(true);
    expect(globToRegExp('?').test('')).toBe(false);
  });

  it('checks every when condition over pattern, data and headers', () => {
    const book = createRuleBook(
      rulesOf([
        { name: 'vip', pattern: 'get', when: [{ path: 'data.user.id', equals: 7 }, { path: 'headers.x-tenant', equals: 'acme' }], reply: { value: 'vip' } },
        { name: 'tagged', pattern: 'get', when: [{ path: 'data.tags[0]', exists: true }], reply: { value: 'tagged' } },
        { name: 'untagged', pattern: 'get', when: [{ path: 'data.tags', exists: false }], reply: { value: 'untagged' } },
        { name: 'by-pattern', glob: '*', when: [{ path: 'pattern.cmd', equals: 'x' }], reply: { value: 'x' } },
      ]),
      'tcp',
      deps(),
    );
    expect(book.plan(request('get', { user: { id: 7 } }, { headers: { 'x-tenant': 'acme' } })).rule?.name).toBe('vip');
    expect(book.plan(request('get', { user: { id: 7 }, tags: ['a'] }, { headers: { 'x-tenant': 'other' } })).rule?.name).toBe('tagged');
    expect(book.plan(request('get', { user: { id: '7' } })).rule?.name).toBe('untagged');
    expect(book.plan(request('get', { tags: [] })).rule).toBeUndefined();
    expect(book.plan(request({ cmd: 'x' })).rule?.name).toBe('by-pattern');
  });

  it('names rules by name, else pattern, else glob', () => {
    const [named, byPattern, byGlob] = rulesOf([
      { name: 'mine', pattern: 'a', reply: { value: 1 } },
      { pattern: { b: 1, a: 'x' }, reply: { value: 1 } },
      { glob: 'users.*', reply: { value: 1 } },
    ]).rules;
    expect([ruleName(named!), ruleName(byPattern!), ruleName(byGlob!)]).toEqual(['mine', '{"a":"x","b":1}', 'users.*']);
  });

  it('lists the exact routes and globs', () => {
    const book = createRuleBook(rulesOf([{ pattern: { cmd: 'a' }, reply: { value: 1 } }, { pattern: 'b', reply: { value: 1 } }, { pattern: 'b', reply: { value: 2 } }, { glob: 'c.*', reply: { value: 1 } }]), 'redis', deps());
    expect(book.routes).toEqual({ exact: ['{"cmd":"a"}', 'b'], globs: ['c.*'] });
  });
});

describe('unmatched messages', () => {
  it("answers Nest's no-handler to a request", () => {
    const book = createRuleBook(rulesOf([]), 'tcp', deps());
    expect(book.plan(request('nope'))).toEqual({ injectedFailure: false, steps: [{ waitMs: 0, part: { kind: 'no-handler' } }] });
  });

  it('stays silent with unmatched: ignore, and always for events', () => {
    expect(createRuleBook(rulesOf([], 'ignore'), 'tcp', deps()).plan(request('nope'))).toEqual({ injectedFailure: false, steps: [] });
    expect(createRuleBook(rulesOf([]), 'tcp', deps()).plan({ ...request('nope'), kind: 'event' })).toEqual({ injectedFailure: false, steps: [] });
  });
});

describe('replies', () => {
  const only = (reply: MockRuleInput['reply'], transport: 'tcp' | 'grpc' = 'tcp', extra: Partial<MockRuleInput> = {}) =>
    createRuleBook(rulesOf([{ pattern: 'p', reply, ...extra }]), transport, deps());

  it('answers a value once, as the last part', () => {
    expect(only({ value: { id: 1 } }).plan(request('p')).steps).toEqual([{ waitMs: 0, part: { kind: 'value', value: { id: 1 }, last: true } }]);
  });

  it('fills a template from the request', () => {
    const book = only({ template: { id: '{{data.id}}', name: 'user {{data.id}} of {{headers.x-tenant}}', pattern: '{{pattern}}', at: '{{$now}}', ts: '{{$timestamp}}', uid: '{{ $uuid }}', missing: '{{data.nope}}', text: 'a{{data.nope}}b', obj: 'x={{data}}', '{{data.key}}': [true, '{{data.flag}}'] } });
    expect(book.plan(request('p', { id: 7, key: 'k', flag: false }, { headers: { 'x-tenant': 'acme' } })).steps).toEqual([
      {
        waitMs: 0,
        part: {
          kind: 'value',
          last: true,
          value: {
            id: 7,
            name: 'user 7 of acme',
            pattern: 'p',
            at: '2024-01-02T03:04:05.006Z',
            ts: Date.UTC(2024, 0, 2, 3, 4, 5, 6),
            uid: 'uuid-1',
            missing: null,
            text: 'ab',
            obj: 'x={"id":7,"key":"k","flag":false}',
            k: [true, false],
          },
        },
      },
    ]);
  });

  it('fills a template that is a single string', () => {
    expect(fillTemplate('{{data}}', { data: [1, 2] }, deps())).toEqual([1, 2]);
    expect(fillTemplate(42, { data: 1 }, deps())).toBe(42);
  });

  it('answers a sequence one value per call, starting over after the last', () => {
    const book = only({ sequence: ['a', 'b', 'c'] });
    const values = [1, 2, 3, 4, 5].map(() => book.plan(request('p')).steps[0]?.part);
    expect(values).toEqual(['a', 'b', 'c', 'a', 'b'].map((value) => ({ kind: 'value', value, last: true })));
  });

  it('keeps a sequence position per rule, and starts over with a new rule book', () => {
    const rules = rulesOf([{ pattern: 'a', reply: { sequence: [1, 2] } }, { pattern: 'b', reply: { sequence: [10, 20] } }]);
    const book = createRuleBook(rules, 'tcp', deps());
    const value = (pattern: string, from = book) => (from.plan(request(pattern)).steps[0]?.part as { value: unknown }).value;
    expect([value('a'), value('b'), value('a'), value('b')]).toEqual([1, 10, 2, 20]);
    expect(value('a', createRuleBook(rules, 'tcp', deps()))).toBe(1);
  });

  it('streams every value intervalMs apart, the last one last', () => {
    expect(only({ stream: [1, 2, 3], intervalMs: 50 }, 'tcp', { delayMs: 10 }).plan(request('p')).steps).toEqual([
      { waitMs: 10, part: { kind: 'value', value: 1, last: false } },
      { waitMs: 50, part: { kind: 'value', value: 2, last: false } },
      { waitMs: 50, part: { kind: 'value', value: 3, last: true } },
    ]);
  });

  it('ends an empty stream without a value', () => {
    expect(only({ stream: [] }).plan(request('p')).steps).toEqual([{ waitMs: 0, part: { kind: 'end' } }]);
  });

  it('answers an RpcException error as is', () => {
    expect(only({ error: 'nope' }).plan(request('p')).steps).toEqual([{ waitMs: 0, part: { kind: 'error', error: 'nope' } }]);
    expect(only({ error: { status: 404, message: 'nope' } }).plan(request('p')).steps).toEqual([{ waitMs: 0, part: { kind: 'error', error: { status: 404, message: 'nope' } } }]);
  });

  it('answers a gRPC status by name or code, with details and trailers', () => {
    expect(only({ grpcStatus: { code: 'NOT_FOUND', details: 'no user', metadata: { 'x-why': 'gone' } } }, 'grpc').plan(request('p')).steps).toEqual([
      { waitMs: 0, part: { kind: 'grpc-status', code: 5, details: 'no user', metadata: { 'x-why': 'gone' } } },
    ]);
    expect(only({ grpcStatus: { code: 16 } }, 'grpc').plan(request('p')).steps).toEqual([{ waitMs: 0, part: { kind: 'grpc-status', code: 16, details: '', metadata: {} } }]);
  });

  it('turns a gRPC status into an RpcException object on other transports', () => {
    expect(only({ grpcStatus: { code: 'NOT_FOUND', details: 'no user' } }).plan(request('p')).steps).toEqual([
      { waitMs: 0, part: { kind: 'error', error: { status: 'error', code: 5, message: 'no user' } } },
    ]);
  });

  it('never answers with noReply', () => {
    expect(only({ noReply: true }, 'tcp', { delayMs: 100 }).plan(request('p'))).toEqual({ rule: { index: 0, name: 'p' }, injectedFailure: false, steps: [] });
  });
});

describe('delays and injected failures', () => {
  it('waits a fixed delay before the first part', () => {
    expect(createRuleBook(rulesOf([{ pattern: 'p', reply: { value: 1 }, delayMs: 250 }]), 'tcp', deps()).plan(request('p')).steps[0]?.waitMs).toBe(250);
  });

  it('waits a uniform random delay between min and max', () => {
    const rules = rulesOf([{ pattern: 'p', reply: { value: 1 }, delayMs: { min: 100, max: 200 } }]);
    expect(createRuleBook(rules, 'tcp', deps([0])).plan(request('p')).steps[0]?.waitMs).toBe(100);
    expect(createRuleBook(rules, 'tcp', deps([0.5])).plan(request('p')).steps[0]?.waitMs).toBe(150);
    expect(createRuleBook(rules, 'tcp', deps([0.999])).plan(request('p')).steps[0]?.waitMs).toBe(200);
  });

  it('fails with the default RpcException at the failure rate', () => {
    const book = createRuleBook(rulesOf([{ pattern: 'p', reply: { sequence: [1, 2] }, failureRate: 0.5, delayMs: 20 }]), 'tcp', deps([0.4, 0.6, 0.5]));
    expect(book.plan(request('p'))).toEqual({ rule: { index: 0, name: 'p' }, injectedFailure: true, steps: [{ waitMs: 20, part: { kind: 'error', error: { status: 'error', message: 'Injected failure' } } }] });
    // A failed call does not use up a sequence value.
    expect(book.plan(request('p')).steps).toEqual([{ waitMs: 20, part: { kind: 'value', value: 1, last: true } }]);
    expect(book.plan(request('p')).steps).toEqual([{ waitMs: 20, part: { kind: 'value', value: 2, last: true } }]);
  });

  it('fails gRPC calls with UNAVAILABLE by default', () => {
    const book = createRuleBook(rulesOf([{ pattern: 'p', reply: { value: 1 }, failureRate: 1 }]), 'grpc', deps([0.99]));
    expect(book.plan(request('p')).steps).toEqual([{ waitMs: 0, part: { kind: 'grpc-status', code: 14, details: 'Injected failure', metadata: {} } }]);
  });

  it('fails with failWith: a string, an object or a gRPC status', () => {
    const plan = (failWith: unknown, transport: 'tcp' | 'grpc' = 'tcp') =>
      createRuleBook(mockRulesSchema.parse({ rules: [{ pattern: 'p', reply: { value: 1 }, failureRate: 1, failWith }] }), transport, deps()).plan(request('p')).steps;
    expect(plan('down')).toEqual([{ waitMs: 0, part: { kind: 'error', error: 'down' } }]);
    expect(plan({ status: 503, message: 'busy' })).toEqual([{ waitMs: 0, part: { kind: 'error', error: { status: 503, message: 'busy' } } }]);
    expect(plan({ grpcStatus: { code: 'RESOURCE_EXHAUSTED' } }, 'grpc')).toEqual([{ waitMs: 0, part: { kind: 'grpc-status', code: 8, details: '', metadata: {} } }]);
    expect(plan({ grpcStatus: { code: 8, details: 'slow down' } })).toEqual([{ waitMs: 0, part: { kind: 'error', error: { status: 'error', code: 8, message: 'slow down' } } }]);
  });

  it('never fails at rate 0 and does not draw a random number for it', () => {
    let draws = 0;
    const book = createRuleBook(rulesOf([{ pattern: 'p', reply: { value: 1 } }]), 'tcp', { ...deps(), random: () => (draws++, 0) });
    expect(book.plan(request('p')).injectedFailure).toBe(false);
    expect(draws).toBe(0);
  });
});

describe('nestRouteOf', () => {
  it('routes as a Nest server does', () => {
    expect(nestRouteOf({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
    expect(nestRouteOf('{"b":1,"a":"x"}')).toBe('{"a":"x","b":1}');
    expect(nestRouteOf('users.get')).toBe('users.get');
    expect(nestRouteOf(42)).toBe('42');
    expect(nestRouteOf('true')).toBe('true');
  });
});
