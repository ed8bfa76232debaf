// Where the values of a collection's secrets live on this machine. Never in the collection's
// files: the desktop app keeps them encrypted with the operating system's store (Electron
// safeStorage, electron/main), the headless host and the CLI in the collection's git-ignored
// `.patchbay/secrets.yaml` (local-secrets.ts). The engine only sees this interface.
import type { Result } from '../../../shared/result';
import type { LocalSecrets } from './local-secrets';

export interface SecretStore {
  /** Every stored value of the collection at `root`, by environment, then secret name. */
  read(root: string): Promise<Result<LocalSecrets>>;
  /** Stores one value, or forgets it with `null`; durable before it resolves. */
  write(root: string, environment: string, name: string, value: string | null): Promise<Result<void>>;
}
