export const EXIT = { ok: 0, remoteError: 1, usage: 2, connection: 3 } as const;
