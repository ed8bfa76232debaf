// An environment as the environment view edits it: variable rows of text, and secret names; and
// back, with a message for each row that needs fixing. Values read like `patchbay run --var`:
// valid JSON is that value, anything else is text.
import type { Environment } from '../../../shared/collection';
import { jsonOrText, jsonOrTextOf } from '../../../shared/json-text';

export type VariableRow = { key: number; name: string; value: string };
export type EnvironmentDraft = { rows: VariableRow[]; secrets: string[]; nextKey: number };

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const NAME_RULE = 'starts with a letter or _ and holds letters, digits, _, . or -, e.g. userId';
/** An environment's name is its file's name. */
const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function environmentDraft(environment: Environment): EnvironmentDraft {
  const rows = Object.entries(environment.variables).map(([name, value], index) => ({ key: index, name, value: jsonOrTextOf(value) }));
  return { rows, secrets: [...environment.secrets], nextKey: rows.length };
}

export type EnvironmentDraftCheck = { ok: true; environment: Environment } | { ok: false; errors: { rows?: Record<number, string>; secrets?: string } };

export function checkEnvironmentDraft(draft: EnvironmentDraft): EnvironmentDraftCheck {
  const rowErrors: Record<number, string> = {};
  const variables: Record<string, unknown> = {};
  draft.rows.forEach((row, index) => {
    const name = row.name.trim();
    if (name === '' && row.value === '') return;
    if (name === '') rowErrors[index] = 'Name this variable, or remove the row';
    else if (!VARIABLE_NAME.test(name)) rowErrors[index] = `"${name}" is not a variable name: a name ${NAME_RULE}`;
    else if (Object.hasOwn(variables, name)) rowErrors[index] = `"${name}" appears twice: keep one row per name`;
    else if (draft.secrets.includes(name)) rowErrors[index] = `"${name}" is also a secret: a name is either a variable or a secret`;
    else variables[name] = jsonOrText(row.value);
  });
  const badSecret = draft.secrets.find((name) => !VARIABLE_NAME.test(name));
  const secretsError = badSecret === undefined ? undefined : `"${badSecret}" is not a secret name: a name ${NAME_RULE}. Remove it and add it again`;
  if (Object.keys(rowErrors).length > 0 || secretsError) return { ok: false, errors: { ...(Object.keys(rowErrors).length > 0 ? { rows: rowErrors } : {}), ...(secretsError ? { secrets: secretsError } : {}) } };
  return { ok: true, environment: { variables: variables as Environment['variables'], secrets: [...draft.secrets] } };
}

/** Same variables (in the same order) and secrets: nothing to save. */
export const sameEnvironment = (a: Environment, b: Environment) => JSON.stringify(a.variables) === JSON.stringify(b.variables) && JSON.stringify(a.secrets) === JSON.stringify(b.secrets);

/** Why `name` cannot be a new environment, or undefined. */
export function checkEnvironmentName(name: string, existing: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Name the environment, e.g. staging';
  if (!ENVIRONMENT_NAME.test(trimmed)) return `"${trimmed}" cannot be a file name here: use letters, digits, _, . or -, starting with a letter or digit`;
  if (existing.includes(trimmed)) return `There is already an environment named ${trimmed}: pick another name`;
  return undefined;
}

/** `apiToken` → `PATCHBAY_SECRET_APITOKEN`, as the engine reads it (electron/core/collections/variables.ts). */
export const secretEnvironmentVariable = (name: string) => `PATCHBAY_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/** Whether a draft holds an edit of `saved`: a row to fix, or other variables or secrets. */
export function isEnvironmentEdited(draft: EnvironmentDraft, saved: Environment): boolean {
  const check = checkEnvironmentDraft(draft);
  return !check.ok || !sameEnvironment(check.environment, saved);
}

/** The draft shows `saved` row for row, as opening it would: there is nothing in it to keep. */
export function isUntouchedDraft(draft: EnvironmentDraft, saved: Environment): boolean {
  const fresh = environmentDraft(saved);
  return (
    draft.rows.length === fresh.rows.length &&
    draft.rows.every((row, index) => row.key === fresh.rows[index]!.key && row.name === fresh.rows[index]!.name && row.value === fresh.rows[index]!.value) &&
    draft.secrets.length === fresh.secrets.length &&
    draft.secrets.every((name, index) => name === fresh.secrets[index])
  );
}

/** The drafts (by environment name) worth keeping: those with edits, and those whose file is gone or does not parse for now, for when it is back. */
export function editedEnvironmentDrafts(drafts: Record<string, EnvironmentDraft>, environments: Record<string, Environment>): Record<string, EnvironmentDraft> {
  return Object.fromEntries(
    Object.entries(drafts).filter(([name, draft]) => {
      const saved = environments[name];
      return !saved || isEnvironmentEdited(draft, saved);
    }),
  );
}

/**
 * One collection's environment drafts (by name) once its environments went from `before` to
 * `after` (a file changed, or the collection was read again): a draft without edits takes the new
 * file, as does one the new file now equals (a save landed). Edits over a changed file stay, to be
 * saved over it or reverted; so does a draft whose file is gone or does not parse for now.
 */
export function followEnvironmentFiles(drafts: Record<string, EnvironmentDraft>, before: Record<string, Environment> | undefined, after: Record<string, Environment>): Record<string, EnvironmentDraft> {
  const kept = Object.entries(drafts).filter(([name, draft]) => {
    const now = after[name];
    if (!now) return true;
    const was = before?.[name];
    if (was && sameEnvironment(was, now)) return true;
    if (was && !isEnvironmentEdited(draft, was)) return false;
    return isEnvironmentEdited(draft, now);
  });
  return kept.length === Object.keys(drafts).length ? drafts : Object.fromEntries(kept);
}
