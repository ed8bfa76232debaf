import { describe, expect, it } from 'vitest';
import { parseJsonArgument, parsePatternArgument } from './json-argument';

describe('command-line JSON', () => {
  it('treats text starting with { as an object pattern and anything else as a string', () => {
    expect(parsePatternArgument('{"cmd":"sum"}')).toEqual({ ok: true, value: { cmd: 'sum' } });
    expect(parsePatternArgument('users.create')).toEqual({ ok: true, value: 'users.create' });
    expect(parsePatternArgument('[1]')).toEqual({ ok: true, value: '[1]' });
  });

  it('names the position of a JSON error', () => {
    const result = parseJsonArgument('{"id":}', 'the payload');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe(`Invalid JSON in the payload at line 1, column 7 (position 6): value expected. Quote it for your shell, e.g. '{"id":1}'.`);
  });
});
