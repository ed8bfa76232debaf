// Secrets stay on one machine, in the git-ignored `.patchbay/secrets.yaml`:
//   staging:
//     apiToken: "s3cr3t"
// Environments only name the secrets they need; the values come from here (or the CLI).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LOCAL_FOLDER } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
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
