// End-to-end tests: the built UI in headless Chromium, against the real engine (`patchbay web`)
// and real Nest services. Run them as `node fixtures/with-services.mjs -- npm run test:e2e`
// after `npm run build`. Screenshots for the README: add PATCHBAY_SCREENSHOTS=1.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Project } from '@playwright/test';
import { findElectronBinary } from './renderer/e2e/desktop/electron-binary';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  // Never skip: a suite that silently runs nothing is worse than a red one.
  throw new Error(`Chromium is missing at ${CHROMIUM}: the end-to-end tests need it. Install it with "apt-get install -y chromium".`);
}

const screenshots: Project = { name: 'screenshots', testMatch: 'screenshots.e2e.ts' };

// brokers.e2e.ts talks to the broker rig (Redis, RabbitMQ, Kafka), which `with-services.mjs --no-brokers`
// does not start: then it is left out, and the run says so rather than skipping in silence.
const brokersStarted = (() => {
  try {
    return Boolean((JSON.parse(process.env.PATCHBAY_FIXTURES ?? '{}') as { brokers?: unknown }).brokers);
  } catch {
    return false;
  }
})();
if (!brokersStarted && process.env.PATCHBAY_FIXTURES) console.warn('[e2e] brokers.e2e.ts and listen-brokers.e2e.ts left out: no broker rig (run with-services.mjs without --no-brokers to include it).');
const brokers: Project = { name: 'brokers', testMatch: ['brokers.e2e.ts', 'listen-brokers.e2e.ts'] };

// The desktop smoke suite drives the real Electron app; it is always listed, and without a binary
// each of its tests is skipped as "NOT RUN: …", so a run never counts it as passed.
const electronBinary = findElectronBinary(fileURLToPath(new URL('./', import.meta.url)));
if (!electronBinary.found) console.warn(`[e2e] desktop smoke suite (renderer/e2e/desktop) NOT RUN: ${electronBinary.reason}.`);
const desktop: Project = { name: 'desktop', testDir: 'renderer/e2e/desktop', testMatch: '*.desktop.ts', workers: 1 };

export default defineConfig({
  testDir: 'renderer/e2e',
  testMatch: '*.e2e.ts',
  outputDir: 'test-results',
  // Generous: CI runs these on two loaded cores beside Kafka and six Nest services, where a test
  // takes three to four times as long as on a developer's machine. Each action and expectation still
  // fails on its own after 15 s, naming the step that stuck, rather than the whole test timing out.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One engine per worker; two cores.
  workers: 2,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    actionTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'e2e', testIgnore: ['screenshots.e2e.ts', 'brokers.e2e.ts', 'listen-brokers.e2e.ts'] }, ...(brokersStarted ? [brokers] : []), desktop, ...(process.env.PATCHBAY_SCREENSHOTS ? [screenshots] : [])],
});
