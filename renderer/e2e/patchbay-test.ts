// The test fixtures every end-to-end test uses: a real engine per worker (`patchbay web`), the
// real Nest services started by fixtures/with-services.mjs, and the few steps a user repeats.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { startWebHost } from '../../electron/test-support/web-host';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cliPath = fileURLToPath(new URL('../../dist/node/cli.js', import.meta.url));
const rendererIndex = fileURLToPath(new URL('../../dist/renderer/index.html', import.meta.url));

export interface NestService {
  version: string;
  tcp: { host: string; port: number };
}

export interface Services {
  nest: Record<'10' | '11' | '12', NestService>;
  /** Nest 12 behind TLS (server certificate only) and mutual TLS (client certificate required). */
  tls: { tcp: { host: string; port: number } };
  mtls: { tcp: { host: string; port: number } };
  /** PEM text. */
  certs: { ca: string; client: { cert: string; key: string } };
  /** The broker rig; absent with --no-brokers. */
  brokers?: { redis: { host: string; port: number }; rabbitmq: { url: string; host: string; port: number }; kafka: { brokers: string[]; port: number } };
}

export interface Engine {
  /** The address `patchbay web` printed, with its `?rpc=` WebSocket URL and token. */
  url: string;
  /** Stops the engine (the page sees its socket close); `start` brings up a new one. */
  stop(): Promise<void>;
}

function readServices(): Services {
  const json = process.env.PATCHBAY_FIXTURES;
  if (!json) {
    throw new Error('PATCHBAY_FIXTURES is not set: run the suite as `node fixtures/with-services.mjs -- npm run test:e2e`, which starts the Nest services it talks to.');
  }
  const services = JSON.parse(json) as Partial<Services>;
  if (!services.nest?.['12'] || !services.nest['10'] || !services.mtls || !services.certs) throw new Error(`PATCHBAY_FIXTURES lacks the Nest 10 and 12 TCP services or the TLS ones: ${json}`);
  return services as Services;
}

/** Starts `node dist/node/cli.js web --port 0` and waits for the line with its address. */
export async function startEngine(): Promise<Engine> {
  if (!existsSync(cliPath) || !existsSync(rendererIndex)) {
    throw new Error('The app is not built (dist/node/cli.js or dist/renderer/index.html is missing): run `npm run build` first.');
  }
  const { url, stop } = await startWebHost(cliPath, repoRoot);
  return { url, stop };
}

async function openApp(page: Page, engine: Engine, use: (page: Page) => Promise<void>) {
  // A CSP violation or an uncaught error is a bug even when the screen looks right.
  const errors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(engine.url);
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  await use(page);
  expect(errors).toEqual([]);
}

export const test = base.extend<{ app: Page; emptyApp: Page }, { services: Services; engine: Engine }>({
  services: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      await use(readServices());
    },
    { scope: 'worker' },
  ],
  engine: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const engine = await startEngine();
      await use(engine);
      await engine.stop();
    },
    { scope: 'worker' },
  ],
  /** The screen, loaded from the engine and talking to it. */
  /** The screen, on the worker's engine (other tests of the worker may have left connections). */
  app: async ({ page, engine }, use) => {
    await openApp(page, engine, use);
  },
  /** The screen on an engine of its own, with no connections and no traffic yet. */
  emptyApp: async ({ page }, use) => {
    const engine = await startEngine();
    try {
      await openApp(page, engine, use);
    } finally {
      await engine.stop();
    }
  },
});

export { expect };

export interface NewConnection {
  name: string;
  host: string;
  port: number;
  requestTimeoutMs?: number;
}

/** Fills "New connection" and waits until the connection is ready. Returns its list item. */
export async function addConnection(page: Page, connection: NewConnection): Promise<Locator> {
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Name', { exact: true }).fill(connection.name);
  await dialog.getByLabel('Host', { exact: true }).fill(connection.host);
  await dialog.getByLabel('Port', { exact: true }).fill(String(connection.port));
  if (connection.requestTimeoutMs !== undefined) await dialog.getByLabel('Request timeout (ms)').fill(String(connection.requestTimeoutMs));
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toBeHidden();
  const item = connectionItem(page, connection.name);
  await expect(item.getByRole('status')).toHaveText('Ready');
  return item;
}

export const connectionItem = (page: Page, name: string) => page.getByRole('list', { name: 'Connections' }).getByRole('listitem', { name, exact: true });

export const responseRegion = (page: Page) => page.getByRole('region', { name: 'Response' });

export const trafficRegion = (page: Page) => page.getByRole('region', { name: 'Traffic' });

/** The payload editor (CodeMirror's content element, a labelled textbox). */
export const payloadEditor = (page: Page) => page.getByRole('textbox', { name: 'Payload' });

/** Types a request into the composer: pattern and payload, as a user would. */
export async function composeRequest(page: Page, pattern: string, payload: string): Promise<void> {
  await page.getByLabel('Pattern', { exact: true }).fill(pattern);
  await payloadEditor(page).fill(payload);
  // innerText keeps the editor's line breaks, which textContent drops.
  await expect.poll(() => payloadEditor(page).innerText()).toBe(payload);
}

/** The rows of the traffic log that belong to one connection, oldest first. */
export const trafficRowsOf = (page: Page, connectionName: string) =>
  trafficRegion(page)
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: connectionName, exact: true }) });
