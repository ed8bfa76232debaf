// Where each secret an environment lists gets its value on this machine: the process environment
// (`PATCHBAY_SECRET_<NAME>`, which wins so CI can override) or the secret store. The values stay
// in the engine; the app only learns whether each one is there.
import type { Environment, LoadedCollection, SecretSource } from '../../../shared/collection';
import { ENVIRONMENTS_FOLDER } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { unknownEnvironment } from '../runner/collection-run';
import type { LocalSecrets } from './local-secrets';
import type { SecretStore } from './secret-store';
import { secretEnvironmentVariable, secretValues } from './variables';

export type ProcessEnvironment = Record<string, string | undefined>;

/** Per environment, per secret it lists: `process`, `store` or `missing`. */
export function secretSources(collection: LoadedCollection, stored: LocalSecrets, processEnvironment: ProcessEnvironment): Record<string, Record<string, SecretSource>> {
  return Object.fromEntries(
    Object.entries(collection.environments).map(([name, environment]) => [
      name,
      Object.fromEntries(
        environment.secrets.map((secret): [string, SecretSource] => {
          if (processEnvironment[secretEnvironmentVariable(secret)] !== undefined) return [secret, 'process'];
          return [secret, stored[name]?.[secret] !== undefined ? 'store' : 'missing'];
        }),
      ),
    ]),
  );
}

/** The values of the secrets `environment` lists that are provided; the store is read only when it lists any. */
export async function readSecretValues(store: SecretStore, root: string, name: string, environment: Environment, processEnvironment: ProcessEnvironment): Promise<Result<Record<string, string>>> {
  if (environment.secrets.length === 0) return ok({});
  const stored = await store.read(root);
  if (!stored.ok) return stored;
  return ok(secretValues(environment, stored.value[name], processEnvironment));
}

/**
 * Stores one secret's value for an environment (or forgets it with `null`). Only a secret the
 * environment lists can be set: a value under another name would never be used.
 */
export async function setSecret(store: SecretStore, collection: LoadedCollection, environmentName: string, name: string, value: string | null): Promise<Result<null>> {
  if (value !== null) {
    const environment = collection.environments[environmentName];
    if (!environment) return unknownEnvironment(collection, environmentName);
    if (!environment.secrets.includes(name)) {
      return fail('unknown-secret', `Environment "${environmentName}" does not list the secret "${name}". Add it under secrets: in ${ENVIRONMENTS_FOLDER}/${environmentName}.yaml first, then set its value.`);
    }
  }
  const written = await store.write(collection.root, environmentName, name, value);
  return written.ok ? ok(null) : written;
}
