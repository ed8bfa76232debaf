// A collection's `{{variables}}`: which scope a name comes from (--var, captured, secrets, the
// environment), and the errors that say where to define a missing one. The filling itself is
// shared/placeholders.ts.
import type { Environment } from '../../../shared/collection';
import { ENVIRONMENTS_FOLDER, LOCAL_FOLDER } from '../../../shared/collection';
import { jsonOrText } from '../../../shared/json-text';
import type { DynamicValueDeps } from '../../../shared/placeholders';
import { dynamicValue, fillPlaceholders } from '../../../shared/placeholders';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';

/** Where a run's variables come from, highest scope first. */
export type VariableScopes = {
  /** `--var name=value`. */
  overrides: Record<string, unknown>;
  /** Captured from replies earlier in the run. */
  captured: Record<string, unknown>;
  /** Values of the environment's secrets that were provided (see `secretValues`). */
  secrets: Record<string, string>;
  /** The chosen environment, if any. */
  environment?: { name: string; value: Environment };
  /** Told each secret value a placeholder resolves to, so the engine can hide it wherever it shows up (secrets-in-use.ts). */
  onSecretUsed?: (value: string) => void;
};

/** Fills a request's `{{variables}}` and dynamic values; `requestPath` names the file in errors. */
export function interpolate(value: unknown, scopes: VariableScopes, requestPath: string, deps: DynamicValueDeps): Result<unknown> {
  return fillPlaceholders(value, (expression) => resolveVariable(expression, scopes, requestPath, deps));
}

/** Like `interpolate`, for text that must stay text (target URLs, header values). */
export function interpolateText(text: string, scopes: VariableScopes, requestPath: string, deps: DynamicValueDeps): Result<string> {
  const filled = interpolate(text, scopes, requestPath, deps);
  if (!filled.ok) return filled;
  return ok(typeof filled.value === 'string' ? filled.value : JSON.stringify(filled.value));
}

function resolveVariable(expression: string, scopes: VariableScopes, requestPath: string, deps: DynamicValueDeps): Result<unknown> {
  if (expression.startsWith('$')) {
    const value = dynamicValue(expression, deps);
    if (value !== undefined) return ok(value);
    return fail('unknown-variable', `Unknown dynamic value "{{${expression}}}" in ${requestPath}. Use {{$uuid}}, {{$now}}, {{$timestamp}}, {{$randomInt}} or {{$randomInt MIN MAX}}.`);
  }
  for (const scope of [scopes.overrides, scopes.captured]) {
    if (Object.hasOwn(scope, expression)) return ok(scope[expression]);
  }
  if (Object.hasOwn(scopes.secrets, expression)) {
    const secret = scopes.secrets[expression]!;
    scopes.onSecretUsed?.(secret);
    return ok(secret);
  }
  const environment = scopes.environment;
  if (environment?.value.secrets.includes(expression)) {
    return fail(
      'missing-secret',
      `The secret "${expression}" that environment "${environment.name}" lists has no value (needed by ${requestPath}). ` +
        `Set the environment variable ${secretEnvironmentVariable(expression)}, or add it under "${environment.name}:" in ${LOCAL_FOLDER}/secrets.yaml.`,
    );
  }
  if (environment && Object.hasOwn(environment.value.variables, expression)) return ok(environment.value.variables[expression]);
  const where = environment
    ? `the environment file ${ENVIRONMENTS_FOLDER}/${environment.name}.yaml (under variables:)`
    : `an environment file (${ENVIRONMENTS_FOLDER}/NAME.yaml, under variables:, then run with --env NAME)`;
  return fail('unknown-variable', `Unknown variable "${expression}" in ${requestPath}. Define it in ${where} or pass --var ${expression}=value.`);
}

/** `apiToken` → `PATCHBAY_SECRET_APITOKEN`; `db.pass-word` → `PATCHBAY_SECRET_DB_PASS_WORD`. */
export function secretEnvironmentVariable(name: string): string {
  return `PATCHBAY_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * The values of the secrets an environment lists: from the process environment
 * (`PATCHBAY_SECRET_<NAME>`, which wins so CI can override) or the local secrets file's
 * section for that environment. Unlisted names are left out: a secret reaches only the
 * environments that ask for it.
 */
export function secretValues(environment: Environment, fileSecrets: Record<string, string> | undefined, processEnvironment: Record<string, string | undefined>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of environment.secrets) {
    const value = processEnvironment[secretEnvironmentVariable(name)] ?? fileSecrets?.[name];
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/**
 * `--var name=value`: the value is read as JSON when it is JSON (`42`, `true`, `{"a":1}`),
 * else taken as text, so `--var id=42` keeps the type an environment file would give it.
 */
export function parseVariableAssignment(assignment: string): Result<[string, unknown]> {
  const equals = assignment.indexOf('=');
  const name = equals === -1 ? '' : assignment.slice(0, equals);
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
    return fail('usage', `--var takes name=value, e.g. --var userId=42 (a name starts with a letter or _ and holds letters, digits, _, . or -); got "${assignment}".`);
  }
  return ok([name, jsonOrText(assignment.slice(equals + 1))]);
}
