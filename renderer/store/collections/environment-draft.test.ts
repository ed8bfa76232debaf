import { describe, expect, it } from 'vitest';
import { checkEnvironmentDraft, checkEnvironmentName, environmentDraft, followEnvironmentFiles, isEnvironmentEdited, isUntouchedDraft, sameEnvironment, secretEnvironmentVariable } from './environment-draft';

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

describe('environment drafts over changing files', () => {
  const saved = { variables: { host: '127.0.0.1', tcpPort: 3001 }, secrets: ['apiToken'] };
  const moved = { variables: { host: '10.0.0.1', tcpPort: 3001 }, secrets: ['apiToken'] };
  const withEmptyRow = { ...environmentDraft(saved), rows: [...environmentDraft(saved).rows, { key: 2, name: '', value: '' }], nextKey: 3 };
  const edited = { ...environmentDraft(saved), rows: [{ key: 0, name: 'host', value: '127.0.0.1' }, { key: 1, name: 'tcpPort', value: '3002' }] };

  it('tells an untouched draft from one with edits', () => {
    expect(isUntouchedDraft(environmentDraft(saved), saved)).toBe(true);
    expect(isUntouchedDraft(withEmptyRow, saved)).toBe(false);
    expect(isEnvironmentEdited(withEmptyRow, saved)).toBe(false);
    expect(isEnvironmentEdited(edited, saved)).toBe(true);
  });

  it('lets a draft without edits take the new file, and keeps edits, and drafts whose file is gone', () => {
    const drafts = { local: withEmptyRow, staging: edited, gone: edited };
    expect(followEnvironmentFiles(drafts, { local: saved, staging: saved, gone: saved }, { local: moved, staging: moved })).toEqual({ staging: edited, gone: edited });
    // Nothing changed: the very same drafts.
    expect(followEnvironmentFiles(drafts, { local: saved, staging: saved }, { local: saved, staging: saved })).toBe(drafts);
    // The file now holds the edits (a save landed): nothing left to keep.
    expect(followEnvironmentFiles({ local: edited }, { local: saved }, { local: { ...saved, variables: { host: '127.0.0.1', tcpPort: 3002 } } })).toEqual({});
  });
});
