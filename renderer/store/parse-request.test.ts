import { describe, expect, it } from 'vitest';
import { formatJson, parsePattern, parsePayload } from './parse-request';

describe('parsePattern', () => {
  it('reads text starting with { as a JSON object pattern', () => {
    expect(parsePattern(' {"cmd":"sum"} ')).toEqual({ ok: true, value: { cmd: 'sum' } });
  });

  it('reads anything else as a string pattern, trimmed', () => {
    expect(parsePattern('  user.created ')).toEqual({ ok: true, value: 'user.created' });
    expect(parsePattern('42')).toEqual({ ok: true, value: '42' });
  });

  it('names the problem and the fix for an invalid object', () => {
    expect(parsePattern('{"cmd":')).toEqual({
      ok: false,
      message: 'Pattern is not a valid JSON object (value expected at line 1, column 8) — fix the JSON, or drop the leading { for a string pattern',
    });
  });

  it('refuses an empty pattern', () => {
    expect(parsePattern('   ').ok).toBe(false);
  });
});

describe('parsePayload', () => {
  it('accepts any JSON value but null', () => {
    expect(parsePayload('[1,2,3]')).toEqual({ ok: true, value: [1, 2, 3] });
    expect(parsePayload('"text"')).toEqual({ ok: true, value: 'text' });
    expect(parsePayload('0')).toEqual({ ok: true, value: 0 });
  });

  it('refuses null and empty text, as Nest does, and says to send {}', () => {
    expect(parsePayload('null')).toEqual({ ok: false, message: 'Payload must not be null — Nest refuses null data: send {} for "nothing"' });
    expect(parsePayload(' ')).toEqual({ ok: false, message: 'Payload is empty — Nest refuses empty data: send {} for "nothing"' });
  });

  it('says where invalid JSON breaks, by line and column', () => {
    const result = parsePayload('{\n  "a": 1,\n  "b" 2\n}');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe('Payload is not valid JSON (colon expected at line 3, column 7) — fix it, then press Send');
    // JSON.parse names no position at the end of the text; the message still does.
    expect(parsePayload('[1,2,')).toEqual({ ok: false, message: 'Payload is not valid JSON (value expected at line 1, column 6) — fix it, then press Send' });
  });
});

describe('formatJson', () => {
  it('pretty-prints with two spaces, and gives up on invalid JSON', () => {
    expect(formatJson('{"a":[1,2]}')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}');
    expect(formatJson('{')).toBeUndefined();
  });
});
