import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonOrText, jsonOrTextOf, parseJsonAs, parseJsonText } from './json-text';

describe('parseJsonText', () => {
  it('parses valid JSON', () => {
    expect(parseJsonText('{"a":[1,"😀"]}')).toEqual({ ok: true, value: { a: [1, '😀'] } });
  });

  it.each([
    ['{"id":}', 'Invalid JSON in the payload at line 1, column 7 (position 6): value expected'],
    ['{\n  "a": 1,\n}', 'Invalid JSON in the payload at line 3, column 1 (position 12): property name expected'],
    ['[1 2]', 'Invalid JSON in the payload at line 1, column 4 (position 3): comma expected'],
    ['', 'Invalid JSON in the payload at line 1, column 1 (position 0): value expected'],
  ])('locates the error in %j', (text, message) => {
    const result = parseJsonText(text, 'the payload');
    expect(result.ok ? '' : result.error.message).toBe(message);
  });
});

describe('jsonOrText and jsonOrTextOf', () => {
  it('shows text as it is unless it would read back as another value', () => {
    expect(jsonOrTextOf('127.0.0.1')).toBe('127.0.0.1');
    expect(jsonOrTextOf('3001')).toBe('"3001"');
    expect(jsonOrTextOf('true')).toBe('"true"');
    expect(jsonOrTextOf(3001)).toBe('3001');
    expect(jsonOrTextOf({ a: [1, null] })).toBe('{"a":[1,null]}');
  });

  it('reads valid JSON as that value and anything else as text, like --var', () => {
    expect(jsonOrText('42')).toBe(42);
    expect(jsonOrText('"42"')).toBe('42');
    expect(jsonOrText('[1, 2]')).toEqual([1, 2]);
    expect(jsonOrText('127.0.0.1')).toBe('127.0.0.1');
    expect(jsonOrText('')).toBe('');
  });

  it('takes values as JSON when they read as JSON, else as text', () => {
    expect([jsonOrText('6'), jsonOrText('"6"'), jsonOrText('Ada'), jsonOrText('{"a":1}'), jsonOrText('')]).toEqual([6, '6', 'Ada', { a: 1 }, '']);
    expect([jsonOrTextOf(6), jsonOrTextOf('6'), jsonOrTextOf('Ada'), jsonOrTextOf(true), jsonOrTextOf('true')]).toEqual(['6', '"6"', 'Ada', 'true', '"true"']);
  });

  it('round-trips every value it shows', () => {
    for (const value of ['127.0.0.1', '3001', 'null', '', 0, false, null, ['a'], { nested: { id: 7 } }]) {
      expect(jsonOrText(jsonOrTextOf(value))).toEqual(value);
    }
  });
});

describe('parseJsonAs', () => {
  const schema = z.object({ runs: z.array(z.number()).default([]) });

  it('gives the parsed value, defaults applied, when the text is JSON of that shape', () => {
    expect(parseJsonAs('{"runs":[1,2]}', schema)).toEqual({ runs: [1, 2] });
    expect(parseJsonAs('{}', schema)).toEqual({ runs: [] });
  });

  it('gives undefined for text that is not JSON, or JSON of another shape', () => {
    expect(parseJsonAs('{"runs":[1,', schema)).toBeUndefined();
    expect(parseJsonAs('{"runs":["one"]}', schema)).toBeUndefined();
    expect(parseJsonAs('null', schema)).toBeUndefined();
  });
});
