// Secrets stay on one machine, in the git-ignored `.patchbay/secrets.yaml`:
//   staging:
//     apiToken: "s3cr3t"
// Environments only name the secrets they need; the values come from here (or the CLI). This is
// the secret store of the CLI and the headless host; the desktop app keeps them encrypted instead.
import { mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Document } from 'yaml';
import { isMap, parseDocument, Scalar } from 'yaml';
import { z } from 'zod';
import { LOCAL_FOLDER } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { writeFileAtomically } from './atomic-write';
import { ensureLocalFolderIgnored } from './collection-writes';
import type { SecretStore } from './secret-store';
import { formatFileProblem, parseYamlFile } from './yaml-source';

export const SECRETS_FILE = `${LOCAL_FOLDER}/secrets.yaml`;

// Values must be text: YAML would read 0123 as the number 123 and silently change a PIN.
const secretsFileSchema = z.record(
  z.string(),
  z.record(z.string(), z.string('A secret value is text: quote it, e.g. pin: "0123"')).nullable().transform((secrets) => secrets ?? {}),
);

export type LocalSecrets = Record<string /* environment */, Record<string /* secret name */, string>>;

export async function readLocalSecrets(root: string): Promise<Result<LocalSecrets>> {
  let text: string;
  try {
    text = await readFile(join(root, SECRETS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok({});
    return fail('invalid-secrets', `Cannot read ${SECRETS_FILE}: ${(error as Error).message}. Check its permissions.`);
  }
  // An empty file (or only comments) means no secrets yet.
  const parsed = parseYamlFile(text, SECRETS_FILE, secretsFileSchema.nullable().transform((secrets) => secrets ?? {}));
  if (!parsed.ok) {
    const problems = parsed.problems.map(formatFileProblem).join('\n');
    return fail('invalid-secrets', `${problems}\nThe file maps each environment to its secrets, e.g. "staging:" then "  apiToken: \\"…\\"" on the next line.`);
  }
  return ok(parsed.value);
}

/** Reads and writes `.patchbay/secrets.yaml` in each collection. */
export function createLocalSecretStore(): SecretStore {
  // A write reads the whole file and replaces it: one at a time, so none is lost.
  let writes: Promise<unknown> = Promise.resolve();
  return {
    read: readLocalSecrets,
    write(root, environment, name, value) {
      const written = writes.then(() => writeLocalSecret(root, environment, name, value));
      writes = written;
      return written;
    },
  };
}

/**
 * Sets one secret of one environment (or removes it with `null`), keeping every other value and
 * the file's comments. Refuses to replace a file it cannot read, as collection files. Creates
 * `.patchbay/` (readable by this user only) and makes sure git ignores it.
 */
export async function writeLocalSecret(root: string, environment: string, name: string, value: string | null): Promise<Result<void>> {
  const current = await readLocalSecrets(root);
  if (!current.ok) return fail('invalid-secrets', `${current.error.message}\nPatchbay does not overwrite ${SECRETS_FILE} while it cannot read it: fix or delete the file, then set the secret again.`);
  const path = join(root, SECRETS_FILE);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined && value === null) return ok(undefined);
  // Edited as a plain Document: its new nodes carry no source positions.
  const document: Document = parseDocument(text ?? '');
  if (!isMap(document.contents)) document.contents = document.createNode({});
  const section = document.get(environment, true);
  if (value === null) {
    if (isMap(section)) section.delete(name);
    if (isMap(section) && section.items.length === 0) document.delete(environment);
  } else {
    // Always quoted: a secret is text, and 0123 must not read back as the number 123.
    const scalar = new Scalar(value);
    scalar.type = Scalar.QUOTE_DOUBLE;
    if (isMap(section)) section.set(name, scalar);
    else document.set(environment, document.createNode({ [name]: scalar }));
  }
  try {
    await mkdir(join(root, LOCAL_FOLDER), { recursive: true, mode: 0o700 });
    await ensureLocalFolderIgnored(root);
    // Created empty first, for this user only: the atomic write keeps the mode of the file it replaces.
    if (text === undefined) await (await open(path, 'wx', 0o600)).close();
    await writeFileAtomically(path, document.toString({ lineWidth: 0 }));
  } catch (error) {
    return fail('write-failed', `Cannot write ${SECRETS_FILE}: ${(error as Error).message}. Check the collection folder's permissions and free disk space.`);
  }
  return ok(undefined);
}

