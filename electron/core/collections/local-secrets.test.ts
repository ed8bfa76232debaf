import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLocalSecrets } from './local-secrets';

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
