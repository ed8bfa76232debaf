import { describe, expect, it } from 'vitest';
import { transportKinds } from '../connections/connection-form-model';
import { appendRuleFor, checkRulesText, formatIssuePath, patternValue, rulesFileName, sampleRulesText } from './mock-rules-text';

describe('checkRulesText', () => {
  it('accepts rules and fills in the schema defaults', () => {
    expect(checkRulesText('{"rules": [{"pattern": {"cmd": "sum"}, "reply": {"value": 6}}]}')).toEqual({
      ok: true,
      rules: { rules: [{ pattern: { cmd: 'sum' }, when: [], reply: { value: 6 }, failureRate: 0 }], unmatched: 'nest-error' },
    });
  });

  it('names the path and the fix of the first problem', () => {
    expect(checkRulesText('{"rules": [{"pattern": "a", "reply": {"value": 1, "error": "x"}}]}')).toEqual({
      ok: false,
      path: 'rules[0].reply',
      message: 'A reply has exactly one of: value, template, sequence, stream, error, grpcStatus, noReply. For example {"value": {"id": 1}}',
    });
    expect(checkRulesText('{"rules": [{"pattern": "a", "reply": {"value": 1}, "failureRate": 2}]}')).toEqual({ ok: false, path: 'rules[0].failureRate', message: 'failureRate is 0 to 1' });
    expect(checkRulesText('{"rules": [{"reply": {"value": 1}}]}')).toEqual({ ok: false, path: 'rules[0]', message: 'A rule matches by "pattern" or by "glob" (exactly one of them)' });
  });

  it('says what to do with text that is not a rules object', () => {
    expect(checkRulesText('')).toEqual({ ok: false, message: 'Rules are empty — start from {"rules": []}' });
    expect(checkRulesText('[]')).toEqual({ ok: false, message: 'Rules are an object: wrap the list as {"rules": [ … ]}' });
    expect(checkRulesText('{"rules": [')).toMatchObject({ ok: false, message: expect.stringMatching(/^Rules are not valid JSON \(.+\) — fix the JSON$/) });
  });

  it('formats issue paths the way JSON paths are written', () => {
    expect(formatIssuePath(['rules', 2, 'when', 0, 'path'])).toBe('rules[2].when[0].path');
    expect(formatIssuePath([])).toBe('');
  });
});

describe('Make rule', () => {
  it('appends a rule for the recorded pattern, objects kept as objects', () => {
    const result = appendRuleFor('{"rules": [{"pattern": "a", "reply": {"value": 1}}], "unmatched": "nest-error"}', '{"cmd":"unknown"}');
    expect(result).toEqual({
      ok: true,
      text: JSON.stringify({ rules: [{ pattern: 'a', reply: { value: 1 } }, { pattern: { cmd: 'unknown' }, reply: { value: {} } }], unmatched: 'nest-error' }, null, 2),
    });
    expect(checkRulesText(result.ok ? result.text : '').ok).toBe(true);
  });

  it('keeps string patterns as strings, even ones that start with a brace', () => {
    expect(patternValue('users.create')).toBe('users.create');
    expect(patternValue('{not json')).toBe('{not json');
    expect(patternValue('{"cmd":"sum"}')).toEqual({ cmd: 'sum' });
  });

  it('refuses to guess when the rules text is broken', () => {
    expect(appendRuleFor('{"rules": [', 'a')).toEqual({ ok: false, message: 'Fix the rules JSON first: the new rule is added to it' });
    expect(appendRuleFor('{}', 'a')).toEqual({ ok: true, text: JSON.stringify({ rules: [{ pattern: 'a', reply: { value: {} } }] }, null, 2) });
  });
});

describe('sample rules', () => {
  it('are valid for every transport', () => {
    for (const transport of transportKinds) expect(checkRulesText(sampleRulesText(transport)).ok).toBe(true);
  });
});

describe('rulesFileName', () => {
  it('names the file the CLI reads after the mock, safe for any file system', () => {
    expect(rulesFileName('users-mock')).toBe('users-mock.mock.json');
    expect(rulesFileName('Users Service (mock) / v2')).toBe('users-service-mock-v2.mock.json');
    expect(rulesFileName('Café')).toBe('cafe.mock.json');
    expect(rulesFileName('///')).toBe('rules.mock.json');
  });
});
