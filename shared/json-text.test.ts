import { describe, expect, it } from 'vitest';
import { parseJsonText } from './json-text';

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
