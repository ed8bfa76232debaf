// The app:// handler with a real folder: built files with the CSP header, nothing outside it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, createAppProtocolHandler, isAppUrl } from './app-protocol';

vi.mock('electron', () => {
  throw new Error('app-protocol.ts must not import electron at run time');
});

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

let dir: string;
let rendererDir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchbay-protocol-'));
  rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Patchbay</title>');
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(rendererDir, 'assets', 'inter.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  await writeFile(join(dir, 'secrets.json'), '{"token":"s3cr3t"}');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => createAppProtocolHandler({ rendererDir })(new Request(url, { method }));

describe('app:// protocol', () => {
  it('serves the entry page with a strict CSP and nosniff', async () => {
    const response = await get(APP_ENTRY_URL);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<!doctype html><title>Patchbay</title>');
    expect(Object.fromEntries(response.headers)).toEqual({
      'cache-control': 'no-cache',
      'content-security-policy': CSP,
      'content-type': 'text/html; charset=utf-8',
      'cross-origin-opener-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    expect(CSP).not.toContain('unsafe-eval');
  });

  it('serves built assets with their content types, and the root as index.html', async () => {
    const script = await get('app://patchbay/assets/index-abc.js');
    expect([script.status, script.headers.get('content-type'), await script.text()]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log(1)']);
    const font = await get('app://patchbay/assets/inter.woff2');
    expect([font.status, font.headers.get('content-type'), [...new Uint8Array(await font.arrayBuffer())]]).toEqual([200, 'font/woff2', [0x77, 0x4f, 0x46, 0x32]]);
    const root = await get('app://patchbay/');
    expect([root.status, await root.text()]).toEqual([200, '<!doctype html><title>Patchbay</title>']);
    const head = await get('app://patchbay/index.html', 'HEAD');
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('refuses every path out of the renderer folder', async () => {
    for (const url of ['app://patchbay/..%2fsecrets.json', 'app://patchbay/assets/..%2f..%2fsecrets.json', 'app://patchbay/%2e%2e%2fsecrets.json']) {
      const response = await get(url);
      expect([url, response.status]).toEqual([url, 403]);
      expect(await response.text()).toBe('Forbidden');
    }
    // "/../" in the URL itself is folded by the URL parser: it can only reach the renderer folder.
    expect((await get('app://patchbay/../secrets.json')).status).toBe(404);
    // A backslash is no separator here (a file name, not found); on Windows it is one, and the check above holds.
    expect((await get('app://patchbay/..%5csecrets.json')).status).toBe(404);
    expect((await get('app://patchbay/a%00.js')).status).toBe(400);
    expect((await get('app://patchbay/%E0%A4%A')).status).toBe(400);
  });

  it('answers 404 for a missing file or another host, and 405 for anything but GET and HEAD', async () => {
    expect((await get('app://patchbay/nothing.js')).status).toBe(404);
    const other = await get('app://elsewhere/index.html');
    expect([other.status, other.headers.get('content-security-policy')]).toEqual([404, CSP]);
    expect((await get('app://patchbay/index.html', 'POST')).status).toBe(405);
  });

  it('trusts only URLs of its own origin', () => {
    expect([APP_ENTRY_URL, 'app://patchbay', 'app://patchbay/#/x'].map(isAppUrl)).toEqual([true, true, true]);
    expect(['app://patchbay.evil/index.html', 'file:///index.html', 'https://patchbay/', 'app://other/'].map(isAppUrl)).toEqual([false, false, false, false]);
  });
});
