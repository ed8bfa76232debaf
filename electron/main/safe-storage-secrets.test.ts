// The safeStorage secret store with Electron's safeStorage replaced by a fake cipher: values are
// only ever on disk encrypted, and a store it cannot read is reported, never replaced.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SafeStorageLike } from './safe-storage-secrets';
import { createSafeStorageSecretStore } from './safe-storage-secrets';

// safeStorage is passed in: loading Electron itself here would be a bug.
vi.mock('electron', () => {
  throw new Error('safe-storage-secrets.ts must not import electron at run time');
});

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchbay-secrets-'));
  file = join(dir, 'secrets.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Flips every byte and adds a header, so the cipher text never contains the plain text. */
function fakeSafeStorage(overrides: Partial<SafeStorageLike> = {}): SafeStorageLike {
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((byte) => byte ^ 0xff));
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plainText) => Buffer.concat([Buffer.from('v10'), flip(Buffer.from(plainText, 'utf8'))]),
    decryptString: (encrypted) => {
      if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return flip(encrypted.subarray(3)).toString('utf8');
    },
    getSelectedStorageBackend: () => 'gnome_libsecret',
    ...overrides,
  };
}

const root = '/work/collections/users';

describe('safeStorage secret store', () => {
  it('keeps values encrypted on disk and reads them back by environment', async () => {
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux' });
    expect(await store.write(root, 'staging', 'apiToken', 'tok-s3cr3t')).toEqual({ ok: true, value: undefined });
    expect(await store.write(root, 'staging', 'pin', '0123')).toEqual({ ok: true, value: undefined });
    expect(await store.write(root, 'prod', 'apiToken', 'prod-tok-ÿ')).toEqual({ ok: true, value: undefined });
    expect(await store.write('/work/collections/orders', 'staging', 'apiToken', 'other')).toEqual({ ok: true, value: undefined });

    const text = await readFile(file, 'utf8');
    for (const plain of ['tok-s3cr3t', '0123', 'prod-tok', 'other']) expect(text).not.toContain(plain);
    expect(Object.keys(JSON.parse(text))).toEqual([root, '/work/collections/orders']);
    expect(JSON.parse(text)[root].staging.pin).toBe(Buffer.concat([Buffer.from('v10'), Buffer.from([0x30, 0x31, 0x32, 0x33].map((byte) => byte ^ 0xff))]).toString('base64'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    expect(await store.read(root)).toEqual({ ok: true, value: { staging: { apiToken: 'tok-s3cr3t', pin: '0123' }, prod: { apiToken: 'prod-tok-ÿ' } } });
    const reopened = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux' });
    expect(await reopened.read('/work/collections/orders/')).toEqual({ ok: true, value: { staging: { apiToken: 'other' } } });
    expect(await reopened.read('/work/collections/unknown')).toEqual({ ok: true, value: {} });
  });

  it('forgets a value written as null, and the emptied environment and collection with it', async () => {
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux' });
    await store.write(root, 'staging', 'apiToken', 'tok');
    await store.write('/other', 'dev', 'key', 'k');
    expect(await store.write(root, 'staging', 'apiToken', null)).toEqual({ ok: true, value: undefined });
    expect(await store.write(root, 'staging', 'never-set', null)).toEqual({ ok: true, value: undefined });
    expect(await store.read(root)).toEqual({ ok: true, value: {} });
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')))).toEqual(['/other']);
  });

  it('keeps every value of writes made at once', async () => {
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux' });
    await Promise.all(['a', 'b', 'c', 'd'].map((name) => store.write(root, 'staging', name, `value-${name}`)));
    expect(await store.read(root)).toEqual({ ok: true, value: { staging: { a: 'value-a', b: 'value-b', c: 'value-c', d: 'value-d' } } });
  });

  it('refuses to store a value without encryption, never falling back to plain text', async () => {
    const unavailable = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage({ isEncryptionAvailable: () => false }), file, platform: 'darwin' });
    expect(await unavailable.write(root, 'staging', 'apiToken', 'tok')).toEqual({
      ok: false,
      error: {
        code: 'secrets-unavailable',
        message:
          'The secret "apiToken" was not stored: the operating system offers Patchbay no encryption (safeStorage is unavailable), and Patchbay never keeps a secret in plain text. Set the environment variable PATCHBAY_SECRET_APITOKEN for Patchbay instead, or start a keyring and try again.',
      },
    });
    const basicText = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage({ getSelectedStorageBackend: () => 'basic_text' }), file, platform: 'linux' });
    const refused = await basicText.write(root, 'staging', 'apiToken', 'tok');
    expect(refused.ok ? undefined : refused.error.message).toBe(
      'The secret "apiToken" was not stored: no desktop keyring (GNOME Keyring, KWallet) is running, so nothing could encrypt it, and Patchbay never keeps a secret in plain text. Set the environment variable PATCHBAY_SECRET_APITOKEN for Patchbay instead, or start a keyring and try again.',
    );
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('reports a corrupt store and leaves it untouched', async () => {
    await writeFile(file, '{"/work/collections/users": {"staging": ');
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux' });
    const expected = {
      ok: false,
      error: {
        code: 'invalid-secret-store',
        message: `The secret store ${file} cannot be used: it is not JSON (Unexpected end of JSON input). Patchbay leaves it untouched; restore it from a backup, or move it aside to start over (the secrets in it must then be set again).`,
      },
    };
    expect(await store.read(root)).toEqual(expected);
    expect(await store.write(root, 'staging', 'apiToken', 'tok')).toEqual(expected);
    expect(await readFile(file, 'utf8')).toBe('{"/work/collections/users": {"staging": ');

    await writeFile(file, '{"/work/collections/users": {"staging": {"apiToken": 42}}}');
    const wrongShape = await store.write(root, 'staging', 'apiToken', 'tok');
    expect(wrongShape.ok ? undefined : wrongShape.error.message).toContain('it does not map collection folders to environments to encrypted values');
    expect(await readFile(file, 'utf8')).toBe('{"/work/collections/users": {"staging": {"apiToken": 42}}}');
  });

  it('says which secret cannot be decrypted and how to fix it', async () => {
    await writeFile(file, JSON.stringify({ [root]: { staging: { apiToken: Buffer.from('garbage').toString('base64') } } }));
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux' });
    expect(await store.read(root)).toEqual({
      ok: false,
      error: {
        code: 'secret-undecryptable',
        message:
          'Cannot decrypt the secret "apiToken" of environment "staging" (Error while decrypting the ciphertext provided to safeStorage.decryptString.): it was stored by another user or before the keyring changed. Set it again.',
      },
    });
  });
});
