// What the page says when it has no engine to talk to.
import { expect, startEngine, test } from './patchbay-test';

test('says how to connect when the page was opened without an engine address', async ({ page, engine }) => {
  await page.goto(new URL('/', engine.url).href);

  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading')).toHaveText('This page is not connected to an engine');
  await expect(alert).toContainText('Open Patchbay with patchbay web and use the address it prints');
});

test('takes the token out of the address bar and still finds the engine after a reload', async ({ page, engine }) => {
  await page.goto(engine.url);
  await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();
  expect(page.url()).toBe(new URL('/', engine.url).href);

  await page.reload();
  await expect(page.getByRole('button', { name: 'New connection' })).toBeVisible();
  expect(page.url()).toBe(new URL('/', engine.url).href);
});

test('shows a full-screen message when the engine goes away', async ({ page }) => {
  const engine = await startEngine();
  try {
    await page.goto(engine.url);
    await expect(page.getByRole('heading', { name: 'Connections' })).toBeVisible();

    await engine.stop();

    const alert = page.getByRole('alert');
    await expect(alert.getByRole('heading')).toHaveText('Lost connection to the Patchbay engine');
    await expect(alert).toContainText('restart patchbay web');
    // The screen behind it is out of reach until the engine is back.
    await expect(page.getByRole('button', { name: 'New connection' })).toBeHidden();
  } finally {
    await engine.stop();
  }
});
