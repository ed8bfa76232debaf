// The secret values this engine has put on the wire: every collection secret a send, run or saga
// resolved (a payload, a header, a connection URL's password). The traffic log hides them in
// every entry it takes, so the live view, exports, history and saved sagas never show them, even
// when a service, a listener's tap or a mock echoes them back. Until a secret is resolved the log
// does no scanning at all; after, one regular expression test per entry (see traffic-log.ts).
import type { Redactor } from '../../../shared/redaction';
import { createRedactor, noRedaction } from '../../../shared/redaction';

export interface SecretsInUse {
  /** Remembers values that were sent; the log hides them from now on. */
  add(values: Iterable<string>): void;
  /** Hides every value added so far (inactive until one is). */
  readonly redactor: Redactor;
}

export function createSecretsInUse(): SecretsInUse {
  const values = new Set<string>();
  let redactor: Redactor = noRedaction;
  return {
    add(added) {
      const before = values.size;
      for (const value of added) if (value !== '') values.add(value);
      // Rebuilt only when a new value arrives: sends that reuse the same secrets cost a set lookup.
      if (values.size !== before) redactor = createRedactor(values);
    },
    get redactor() {
      return redactor;
    },
  };
}
