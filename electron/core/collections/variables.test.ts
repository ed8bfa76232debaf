import { describe, expect, it } from 'vitest';
import type { VariableScopes } from './variables';
import { interpolate, interpolateText, parseVariableAssignment, secretEnvironmentVariable, secretValues } from './variables';

function deps(randoms: number[] = []) {
  const queue = [...randoms];
  return { now: () => Date.UTC(2024, 0, 2, 3, 4, 5, 6), uuid: () => 'uuid-1', random: () => queue.shift() ?? 0 };
}

const scopes = (overrides: Partial<VariableScopes> = {}): VariableScopes => ({
  overrides: {},
  captured: {},
  secrets: {},
  environment: { name: 'local', value: { variables: { host: '127.0.0.1', userId: 42, user: { name: 'Ada' } }, secrets: ['apiToken'] } },
  ...overrides,
});

describe('interpolate', () => {
  it('keeps the type of a string that is exactly one placeholder', () => {
    expect(interpolate({ id: '{{userId}}', spaced: '{{ userId }}', user: '{{user}}' }, scopes(), 'users/get.yaml', deps())).toEqual({ ok: true, value: { id: 42, spaced: 42, user: { name: 'Ada' } } });
  });

  it('writes non-strings as JSON inside longer strings, keys included', () => {
    expect(interpolate({ '{{host}}-{{userId}}': ['id={{userId}}', 'u={{user}}', 7, null, true] }, scopes(), 'r.yaml', deps())).toEqual({
      ok: true,
      value: { '127.0.0.1-42': ['id=42', 'u={"name":"Ada"}', 7, null, true] },
    });
  });

  it('takes --var over captured over secrets over the environment', () => {
    const layered = scopes({ overrides: { a: 'override' }, captured: { a: 'captured', b: 'captured' }, secrets: { apiToken: 's3cret', b: 'secret' } });
    expect(interpolate(['{{a}}', '{{b}}', '{{apiToken}}', '{{host}}'], layered, 'r.yaml', deps())).toEqual({ ok: true, value: ['override', 'captured', 's3cret', '127.0.0.1'] });
  });

  it('fills dynamic values from the injected clock, ids and randomness', () => {
    expect(interpolate(['{{$uuid}}', '{{$now}}', '{{$timestamp}}', '{{$randomInt}}', '{{$randomInt 1 6}}', 'at {{$timestamp}}'], scopes(), 'r.yaml', deps([0.5, 0.99]))).toEqual({
      ok: true,
      value: ['uuid-1', '2024-01-02T03:04:05.006Z', 1704164645006, 500, 6, 'at 1704164645006'],
    });
  });

  it('names the variable, the request file and where to define it', () => {
    expect(interpolate({ id: 'x{{nope}}' }, scopes(), 'users/get.yaml', deps())).toEqual({
      ok: false,
      error: { code: 'unknown-variable', message: 'Unknown variable "nope" in users/get.yaml. Define it in the environment file environments/local.yaml (under variables:) or pass --var nope=value.' },
    });
    expect(interpolate('{{nope}}', scopes({ environment: undefined }), 'users/get.yaml', deps())).toEqual({
      ok: false,
      error: { code: 'unknown-variable', message: 'Unknown variable "nope" in users/get.yaml. Define it in an environment file (environments/NAME.yaml, under variables:, then run with --env NAME) or pass --var nope=value.' },
    });
  });

  it('says which environment lists a missing secret and how to provide it', () => {
    expect(interpolate({ headers: { authorization: 'Bearer {{apiToken}}' } }, scopes(), 'users/get.yaml', deps())).toEqual({
      ok: false,
      error: {
        code: 'missing-secret',
        message:
          'The secret "apiToken" that environment "local" lists has no value (needed by users/get.yaml). Set the environment variable PATCHBAY_SECRET_APITOKEN, or add it under "local:" in .patchbay/secrets.yaml.',
      },
    });
  });

  it('rejects an unknown dynamic value', () => {
    expect(interpolate('{{$nope}}', scopes(), 'r.yaml', deps())).toEqual({
      ok: false,
      error: { code: 'unknown-variable', message: 'Unknown dynamic value "{{$nope}}" in r.yaml. Use {{$uuid}}, {{$now}}, {{$timestamp}}, {{$randomInt}} or {{$randomInt MIN MAX}}.' },
    });
  });

  it('keeps text text for target URLs', () => {
    expect(interpolateText('{{userId}}', scopes(), 'r.yaml', deps())).toEqual({ ok: true, value: '42' });
    expect(interpolateText('tcp://{{host}}:3001', scopes(), 'r.yaml', deps())).toEqual({ ok: true, value: 'tcp://127.0.0.1:3001' });
  });
});

describe('secrets', () => {
  it('names the environment variable in upper case, other characters as _', () => {
    expect(secretEnvironmentVariable('db.pass-word2')).toBe('PATCHBAY_SECRET_DB_PASS_WORD2');
  });

  it('takes listed secrets from the process environment first, then the local file', () => {
    const environment = { variables: {}, secrets: ['apiToken', 'dbPassword', 'missing'] };
    expect(secretValues(environment, { apiToken: 'from-file', dbPassword: 'file-db', unlisted: 'x' }, { PATCHBAY_SECRET_APITOKEN: 'from-env' })).toEqual({ apiToken: 'from-env', dbPassword: 'file-db' });
  });
});

describe('parseVariableAssignment', () => {
  it('reads JSON values with their type and the rest as text', () => {
    expect(['id=42', 'flag=true', 'name=Ada', 'text="42"', 'empty=', 'eq=a=b'].map(parseVariableAssignment)).toEqual([
      { ok: true, value: ['id', 42] },
      { ok: true, value: ['flag', true] },
      { ok: true, value: ['name', 'Ada'] },
      { ok: true, value: ['text', '42'] },
      { ok: true, value: ['empty', ''] },
      { ok: true, value: ['eq', 'a=b'] },
    ]);
  });

  it('explains the form when there is no name', () => {
    expect(parseVariableAssignment('=1')).toEqual({
      ok: false,
      error: { code: 'usage', message: '--var takes name=value, e.g. --var userId=42 (a name starts with a letter or _ and holds letters, digits, _, . or -); got "=1".' },
    });
  });
});
