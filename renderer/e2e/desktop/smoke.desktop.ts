// The desktop app itself, through Playwright's Electron driver: it starts, serves its page from
// app:// with the CSP header, talks to a real Nest TCP service, opens a collection folder given on
// the command line, and quits cleanly. Everything else is covered by the browser-mode suite. Where
// no Electron binary exists (no download possible), each test is skipped with a reason starting
// "NOT RUN:", never passed in silence.
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { addConnection, composeRequest, expect, responseRegion, test } from '../patchbay-test';
import { copySampleCollection } from '../temp-collection';
import { findElectronBinary } from './electron-binary';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const binary = findElectronBinary(repoRoot);
test.skip(!binary.found, binary.found ? '' : `NOT RUN: ${binary.reason}`);

type Desktop = { app: ElectronApplication; window: Page; userData: string; errors: string[] };

/** Starts `electron <repo> [folder]` with its own data folder; the page's console errors are collected. */
async function startDesktop(extraArgs: string[] = []): Promise<Desktop> {
  const userData = await mkdtemp(join(tmpdir(), 'patchbay-desktop-'));
  const app = await electron.launch({
    executablePath: binary.path,
    // Chromium refuses its sandbox as root (CI containers); the page stays sandboxed by its own settings otherwise.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), repoRoot, ...extraArgs],
    cwd: repoRoot,
    env: { ...process.env, PATCHBAY_USER_DATA_DIR: userData },
  });
  const window = await app.firstWindow();
  const errors: string[] = [];
  window.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  window.on('pageerror', (error) => errors.push(error.message));
  await expect(window.getByRole('heading', { name: 'Connections' })).toBeVisible();
  return { app, window, userData, errors };
}

/** Quits the way File › Quit does and waits for the process to end; its exit code. */
async function quit(app: ElectronApplication): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => app.process().once('exit', (code) => resolve(code)));
  await app.evaluate(({ app: electronApp }) => electronApp.quit());
  return exited;
}

test('starts, sends {"cmd":"sum"} to a Nest TCP service, shows 6 and quits cleanly', async ({ services }) => {
  const { app, window, userData, errors } = await startDesktop();
  try {
    expect(window.url()).toBe('app://patchbay/index.html');
    expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    const headers = await window.evaluate(async () => {
      const page = await fetch('app://patchbay/index.html');
      return [page.headers.get('content-security-policy'), page.headers.get('x-content-type-options')];
    });
    expect(headers).toEqual([
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
      'nosniff',
    ]);

    const { host, port } = services.nest['12'].tcp;
    await addConnection(window, { name: 'desktop-sum', host, port });
    await composeRequest(window, '{"cmd":"sum"}', '[1,2,3]');
    await window.getByRole('button', { name: 'Send', exact: true }).click();
    const response = responseRegion(window);
    await expect(response.getByRole('status', { name: 'Outcome' })).toHaveText('OK');
    await expect(response.getByRole('textbox', { name: 'Value' })).toHaveText('6');

    expect(await quit(app)).toBe(0);
    // The engine closed before the exit: the send is in the history file, the window's place saved.
    expect(await readFile(join(userData, 'history.jsonl'), 'utf8')).toContain('desktop-sum');
    expect(JSON.parse(await readFile(join(userData, 'window-state.json'), 'utf8'))).toMatchObject({ maximized: false, fullScreen: false });
    expect(errors).toEqual([]);
  } finally {
    await app.close().catch(() => undefined);
    await rm(userData, { recursive: true, force: true });
  }
});

test('opens the collection folder given on the command line and lists it under File › Open Recent', async ({ services }) => {
  const collection = await copySampleCollection(services.nest['12'].tcp);
  const { app, window, userData } = await startDesktop([collection.root]);
  try {
    await expect(window.getByRole('region', { name: 'users-service', exact: true })).toBeVisible();
    const recentLabels = () =>
      app.evaluate(({ Menu }) => {
        const file = Menu.getApplicationMenu()?.items.find((item) => item.label === 'File');
        const recent = file?.submenu?.items.find((item) => item.label === 'Open Recent');
        return recent?.submenu?.items.map((item) => item.label) ?? [];
      });
    // The engine records the folder it resolved (symlinks followed: /tmp is /private/tmp on macOS).
    await expect.poll(recentLabels).toEqual([`users-service — ${await realpath(collection.root)}`, '', 'Clear Recent']);
    expect(await quit(app)).toBe(0);
  } finally {
    await app.close().catch(() => undefined);
    await rm(userData, { recursive: true, force: true });
    await collection.remove();
  }
});
