export const EXIT = { ok: 0, remoteError: 1, usage: 2, connection: 3 } as const;

/** Failures caused by what the user asked for, which retrying cannot fix. */
const INPUT_FAILURES = new Set(['invalid-pattern', 'invalid-options', 'invalid-request', 'unknown-method', 'unsupported', 'invalid-proto']);

/** Exit 2 for a request the transport cannot send as asked; 3 for connections and timeouts. */
export const exitCodeForFailure = (code: string): number => (INPUT_FAILURES.has(code) ? EXIT.usage : EXIT.connection);
