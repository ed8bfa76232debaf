import { describe, expect, it } from 'vitest';
import { takeRpcUrl } from './carrier';

/** A page's address bar, history and session storage, just enough for takeRpcUrl. */
function fakePage(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const page = {
    location: { href } as Location,
    history: {
      state: { kept: true },
      replaceState(_state: unknown, _unused: string, url: string) {
        page.location = { href: new URL(url, page.location.href).href } as Location;
      },
    } as unknown as History,
    sessionStorage: {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
      removeItem: (key: string) => void storage.delete(key),
    } as Storage,
  };
  return { page, storage };
}

const rpc = 'ws://127.0.0.1:4100/rpc?token=s3cret';

describe('takeRpcUrl', () => {
  it('takes the engine address out of the address bar and keeps it for this tab only', () => {
    const { page, storage } = fakePage(`http://127.0.0.1:4100/?rpc=${encodeURIComponent(rpc)}&tab=2#traffic`);
    expect(takeRpcUrl(page)).toBe(rpc);
    expect(page.location.href).toBe('http://127.0.0.1:4100/?tab=2#traffic');
    expect([...storage]).toEqual([['patchbay.rpc', rpc]]);
  });

  it('finds it again after a reload, when the address bar no longer has it', () => {
    const { page } = fakePage('http://127.0.0.1:4100/', { 'patchbay.rpc': rpc });
    expect(takeRpcUrl(page)).toBe(rpc);
    expect(page.location.href).toBe('http://127.0.0.1:4100/');
  });

  it('lets a new address replace the kept one, and ignores one that is not a WebSocket URL', () => {
    const fresh = 'ws://127.0.0.1:4200/rpc?token=other';
    expect(takeRpcUrl(fakePage(`http://127.0.0.1:4200/?rpc=${encodeURIComponent(fresh)}`, { 'patchbay.rpc': rpc }).page)).toBe(fresh);
    const { page, storage } = fakePage('http://127.0.0.1:4100/?rpc=javascript:alert(1)', { 'patchbay.rpc': rpc });
    expect(takeRpcUrl(page)).toBeUndefined();
    expect(storage.size).toBe(0);
    expect(page.location.href).toBe('http://127.0.0.1:4100/');
  });

  it('says there is no engine when neither the address nor the tab has one', () => {
    expect(takeRpcUrl(fakePage('http://127.0.0.1:4100/').page)).toBeUndefined();
  });
});
