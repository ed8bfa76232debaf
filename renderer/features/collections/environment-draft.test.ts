import { describe, expect, it } from 'vitest';
import { checkEnvironmentDraft, checkEnvironmentName, environmentDraft, parseValueText, sameEnvironment, secretEnvironmentVariable, valueText } from './environment-draft';

describe('environment values as text', () => {
  it('shows text as it is unless it would read back as another value', () => {
    expect(valueText('127.0.0.1')).toBe('127.0.0.1');
    expect(valueText('3001')).toBe('"3001"');
    expect(valueText('true')).toBe('"true"');
    expect(valueText(3001)).toBe('3001');
    expect(valueText({ a: [1, null] })).toBe('{"a":[1,null]}');
  });

  it('reads valid JSON as that value and anything else as text, like --var', () => {
    expect(parseValueText('42')).toBe(42);
    expect(parseValueText('"42"')).toBe('42');
    expect(parseValueText('[1, 2]')).toEqual([1, 2]);
    expect(parseValueText('127.0.0.1')).toBe('127.0.0.1');
    expect(parseValueText('')).toBe('');
  });

  it('round-trips every value it shows', () => {
    for (const value of ['127.0.0.1', '3001', 'null', '', 0, false, null, ['a'], { nested: { id: 7 } }]) {
      expect(parseValueText(valueText(value))).toEqual(value);
    }
  });
});

describe('environment draft', () => {
  const saved = { variables: { host: '127.0.0.1', tcpPort: 3001 }, secrets: ['apiToken'] };

  it('gives back the same environment when nothing was edited', () => {
    const check = checkEnvironmentDraft(environmentDraft(saved));
    expect(check).toEqual({ ok: true, environment: saved });
    expect(check.ok && sameEnvironment(check.environment, saved)).toBe(true);
  });

  it('skips empty rows and names each row that needs fixing', () => {
    const draft = environmentDraft(saved);
    draft.rows.push({ key: 2, name: '', value: '' }, { key: 3, name: '', value: 'x' }, { key: 4, name: '9lives', value: '1' }, { key: 5, name: 'host', value: 'b' }, { key: 6, name: 'apiToken', value: 'c' });
    expect(checkEnvironmentDraft(draft)).toEqual({
      ok: false,
      errors: {
        rows: {
          3: 'Name this variable, or remove the row',
          4: '"9lives" is not a variable name: a name starts with a letter or _ and holds letters, digits, _, . or -, e.g. userId',
          5: '"host" appears twice: keep one row per name',
          6: '"apiToken" is also a secret: a name is either a variable or a secret',
        },
      },
    });
  });

  it('checks a new environment name against the file names there are', () => {
    expect(checkEnvironmentName(' ', ['local'])).toBe('Name the environment, e.g. staging');
    expect(checkEnvironmentName('local', ['local'])).toBe('There is already an environment named local: pick another name');
    expect(checkEnvironmentName('my env', [])).toBe('"my env" cannot be a file name here: use letters, digits, _, . or -, starting with a letter or digit');
    expect(checkEnvironmentName('staging-2', ['local'])).toBeUndefined();
  });

  it('names the process variable the CLI reads a secret from', () => {
    expect(secretEnvironmentVariable('db.pass-word')).toBe('PATCHBAY_SECRET_DB_PASS_WORD');
  });
});
