// The desktop app's SecretStore: values encrypted with Electron safeStorage (the OS keychain,
// DPAPI, or the desktop keyring) and kept outside every collection, in `<userData>/secrets.json`:
//   { "<collection root>": { "<environment>": { "<secret name>": "<base64 ciphertext>" } } }
// Without real encryption it refuses rather than keep a value in plain text. `safeStorage` and the
// file are passed in, so this is tested without Electron.
import type { SafeStorage } from 'electron';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Result } from '../../shared/result';
import { fail, ok } from '../../shared/result';
import { writeFileAtomically } from '../core/collections/atomic-write';
import type { LocalSecrets } from '../core/collections/local-secrets';
import type { SecretStore } from '../core/collections/secret-store';
import { secretEnvironmentVariable } from '../core/collections/variables';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

const secretsFileSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.string())));
type SecretsFile = z.infer<typeof secretsFileSchema>;

export function createSafeStorageSecretStore({ safeStorage, file, platform = process.platform }: { safeStorage: SafeStorageLike; file: string; platform?: NodeJS.Platform }): SecretStore {
  // Writes read the whole file and replace it: one at a time, so none is lost.
  let writes: Promise<unknown> = Promise.resolve();

  const readSecretsFile = async (): Promise<Result<SecretsFile>> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok({});
      return fail('secret-store-unreadable', `Cannot read the secret store ${file}: ${(error as Error).message}. Check its permissions.`);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return corrupt(`it is not JSON (${(error as Error).message})`);
    }
    const parsed = secretsFileSchema.safeParse(value);
    return parsed.success ? ok(parsed.data) : corrupt('it does not map collection folders to environments to encrypted values');
  };

  const corrupt = (why: string) =>
    fail('invalid-secret-store', `The secret store ${file} cannot be used: ${why}. Patchbay leaves it untouched; restore it from a backup, or move it aside to start over (the secrets in it must then be set again).`);

  /** Why values cannot be encrypted here, or undefined when they can. */
  const encryptionProblem = (): string | undefined => {
    if (!safeStorage.isEncryptionAvailable()) return 'the operating system offers Patchbay no encryption (safeStorage is unavailable)';
    // Linux without a keyring: Chromium "encrypts" with a fixed, public key, which is plain text in disguise.
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return 'no desktop keyring (GNOME Keyring, KWallet) is running, so nothing could encrypt it';
    return undefined;
  };

  return {
    async read(root) {
      const stored = await readSecretsFile();
      if (!stored.ok) return stored;
      const environments = stored.value[resolve(root)] ?? {};
      const secrets: LocalSecrets = {};
      for (const [environment, values] of Object.entries(environments)) {
        const decrypted: Record<string, string> = (secrets[environment] = {});
        for (const [name, cipherText] of Object.entries(values)) {
          if (!safeStorage.isEncryptionAvailable()) {
            return fail('secrets-unavailable', `Cannot decrypt the secret "${name}" of environment "${environment}": the operating system offers Patchbay no encryption right now (safeStorage is unavailable). Unlock your keychain or keyring and try again, or set ${secretEnvironmentVariable(name)}.`);
          }
          try {
            decrypted[name] = safeStorage.decryptString(Buffer.from(cipherText, 'base64'));
          } catch (error) {
            return fail('secret-undecryptable', `Cannot decrypt the secret "${name}" of environment "${environment}" (${(error as Error).message}): it was stored by another user or before the keyring changed. Set it again.`);
          }
        }
      }
      return ok(secrets);
    },

    write(root, environment, name, value) {
      const write = writes.then(async (): Promise<Result<void>> => {
        let cipherText: string | undefined;
        if (value !== null) {
          const problem = encryptionProblem();
          if (problem) {
            return fail('secrets-unavailable', `The secret "${name}" was not stored: ${problem}, and Patchbay never keeps a secret in plain text. Set the environment variable ${secretEnvironmentVariable(name)} for Patchbay instead, or start a keyring and try again.`);
          }
          cipherText = safeStorage.encryptString(value).toString('base64');
        }
        const stored = await readSecretsFile();
        if (!stored.ok) return stored;
        const secrets = stored.value;
        const key = resolve(root);
        const environments = (secrets[key] ??= {});
        const values = (environments[environment] ??= {});
        if (cipherText === undefined) {
          if (!Object.hasOwn(values, name)) return ok(undefined);
          delete values[name];
          if (Object.keys(values).length === 0) delete environments[environment];
          if (Object.keys(environments).length === 0) delete secrets[key];
        } else {
          values[name] = cipherText;
        }
        try {
          // Created private first: the atomic write keeps the mode of the file it replaces.
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, '{}\n', { flag: 'wx', mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error;
          });
          await writeFileAtomically(file, `${JSON.stringify(secrets, null, 2)}\n`);
        } catch (error) {
          return fail('secret-not-saved', `Could not write the secret store ${file}: ${(error as Error).message}. Check that the folder is writable and has free space.`);
        }
        return ok(undefined);
      });
      writes = write;
      return write;
    },
  };
}
