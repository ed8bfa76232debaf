// An environment as the environment view edits it: variable rows of text, and secret names; and
// back, with a message for each row that needs fixing. Values read like `patchbay run --var`:
// valid JSON is that value, anything else is text.
import type { Environment } from '../../../shared/collection';

export type VariableRow = { key: number; name: string; value: string };
export type EnvironmentDraft = { rows: VariableRow[]; secrets: string[]; nextKey: number };

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const NAME_RULE = 'starts with a letter or _ and holds letters, digits, _, . or -, e.g. userId';
/** An environment's name is its file's name. */
const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** How a value is shown for editing: text as it is, unless it would read back as something else. */
export function valueText(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return readsAsJson(value) ? JSON.stringify(value) : value;
}

export function parseValueText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function readsAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export function environmentDraft(environment: Environment): EnvironmentDraft {
  const rows = Object.entries(environment.variables).map(([name, value], index) => ({ key: index, name, value: valueText(value) }));
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
    else variables[name] = parseValueText(row.value);
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
