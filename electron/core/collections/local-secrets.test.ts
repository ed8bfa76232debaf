import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalSecretStore, readLocalSecrets, writeLocalSecret } from './local-secrets';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'patchbay-secrets-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const secretsFile = async (text: string) => {
  await mkdir(join(root, '.patchbay'), { recursive: true });
  await writeFile(join(root, '.patchbay', 'secrets.yaml'), text);
};

describe('readLocalSecrets', () => {
  it('reads secrets by environment', async () => {
    await secretsFile('# local only\nstaging:\n  apiToken: "s3cr3t"\n  pin: "0123"\nlocal:\n');
    expect(await readLocalSecrets(root)).toEqual({ ok: true, value: { staging: { apiToken: 's3cr3t', pin: '0123' }, local: {} } });
  });

  it('treats a missing or empty file as no secrets', async () => {
    expect(await readLocalSecrets(root)).toEqual({ ok: true, value: {} });
    await secretsFile('# nothing yet\n');
    expect(await readLocalSecrets(root)).toEqual({ ok: true, value: {} });
  });

  it('fails on a malformed file with its line, without printing the values', async () => {
    await secretsFile('staging:\n  apiToken: "s3cr3t\n');
    const syntax = await readLocalSecrets(root);
    expect(syntax.ok ? undefined : syntax.error.code).toBe('invalid-secrets');
    expect(syntax.ok ? undefined : syntax.error.message.split('\n')[0]).toBe('.patchbay/secrets.yaml:3:1: YAML syntax error: Missing closing "quote. Check the indentation, quotes and brackets here.');
    await secretsFile('staging:\n  pin: 1234\n');
    const schema = await readLocalSecrets(root);
    expect(schema).toEqual({
      ok: false,
      error: {
        code: 'invalid-secrets',
        message: '.patchbay/secrets.yaml:2:8: staging.pin: A secret value is text: quote it, e.g. pin: "0123".\nThe file maps each environment to its secrets, e.g. "staging:" then "  apiToken: \\"…\\"" on the next line.',
      },
    });
  });
});

describe('writeLocalSecret', () => {
  const read = (path: string) => readFile(join(root, path), 'utf8');

  it('creates .patchbay/secrets.yaml for this user only and git-ignores the folder', async () => {
    expect(await writeLocalSecret(root, 'staging', 'apiToken', 's3cr3t')).toEqual({ ok: true, value: undefined });
    expect(await read('.patchbay/secrets.yaml')).toBe('staging:\n  apiToken: "s3cr3t"\n');
    expect(await read('.gitignore')).toBe('.patchbay/\n');
    expect((await stat(join(root, '.patchbay/secrets.yaml'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(root, '.patchbay'))).mode & 0o777).toBe(0o700);
  });

  it('keeps other values and comments, quotes every value, and forgets one with null', async () => {
    await secretsFile('# local only\nlocal:\n  dbPassword: "pw"\nstaging:\n  apiToken: "old"\n');
    await writeFile(join(root, '.gitignore'), 'node_modules\n/.patchbay\n');
    await writeLocalSecret(root, 'staging', 'apiToken', 'new');
    await writeLocalSecret(root, 'staging', 'pin', '0123');
    await writeLocalSecret(root, 'ci', 'token', 'ci-token');
    expect(await read('.patchbay/secrets.yaml')).toBe('# local only\nlocal:\n  dbPassword: "pw"\nstaging:\n  apiToken: "new"\n  pin: "0123"\nci:\n  token: "ci-token"\n');
    expect(await readLocalSecrets(root)).toEqual({ ok: true, value: { local: { dbPassword: 'pw' }, staging: { apiToken: 'new', pin: '0123' }, ci: { token: 'ci-token' } } });
    await writeLocalSecret(root, 'ci', 'token', null);
    await writeLocalSecret(root, 'staging', 'pin', null);
    await writeLocalSecret(root, 'nowhere', 'x', null);
    expect(await read('.patchbay/secrets.yaml')).toBe('# local only\nlocal:\n  dbPassword: "pw"\nstaging:\n  apiToken: "new"\n');
    // Already ignored by a line of its own: the .gitignore is left as it was.
    expect(await read('.gitignore')).toBe('node_modules\n/.patchbay\n');
  });

  it('fills an environment left empty in the file', async () => {
    await secretsFile('local:\n');
    await writeLocalSecret(root, 'local', 'apiToken', 't');
    expect(await read('.patchbay/secrets.yaml')).toBe('local:\n  apiToken: "t"\n');
  });

  it('refuses to overwrite a secrets file it cannot read, leaving it as it was', async () => {
    await secretsFile('staging:\n  apiToken: "s3cr3t\n');
    const result = await writeLocalSecret(root, 'staging', 'apiToken', 'x');
    expect(result.ok ? undefined : result.error).toEqual({
      code: 'invalid-secrets',
      message:
        '.patchbay/secrets.yaml:3:1: YAML syntax error: Missing closing "quote. Check the indentation, quotes and brackets here.\n' +
        'The file maps each environment to its secrets, e.g. "staging:" then "  apiToken: \\"…\\"" on the next line.\n' +
        'Patchbay does not overwrite .patchbay/secrets.yaml while it cannot read it: fix or delete the file, then set the secret again.',
    });
    expect(await read('.patchbay/secrets.yaml')).toBe('staging:\n  apiToken: "s3cr3t\n');
  });

  it('is the secret store of the CLI and the headless host, keeping every one of writes made at once', async () => {
    const store = createLocalSecretStore();
    await Promise.all([store.write(root, 'local', 'apiToken', 'abc'), store.write(root, 'local', 'pin', '0123'), store.write(root, 'ci', 'token', 't')]);
    expect(await store.read(root)).toEqual({ ok: true, value: { local: { apiToken: 'abc', pin: '0123' }, ci: { token: 't' } } });
  });
});
