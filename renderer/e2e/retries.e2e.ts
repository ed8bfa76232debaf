// Retries from the composer: a send with Retries 2 against a mock that always fails goes out three
// times, and the Response shows each attempt on a time axis, with the backoff between them. And a
// collection request's `retry:` edited in its Details, saved to its file and used when it is sent.
import { freePort } from '../../fixtures/nest/start.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addConnection, composeRequest, connectionItem, expect, responseRegion, test, trafficRowsOf } from './patchbay-test';
import { startMock } from './mock-steps';
import { copySampleCollection, openCollectionInApp } from './temp-collection';

const FAILING_RULES = '{"rules": [{"name": "charge", "pattern": "payment.charge", "reply": {"value": {"charged": true}}, "failureRate": 1, "failWith": {"status": "error", "message": "Payment service down"}}]}';

test('a send with Retries 2 against a failing mock shows its three attempts in the response', async ({ emptyApp: page }) => {
  const port = await freePort();
  await startMock(page, 'payments-mock', port, FAILING_RULES);
  await addConnection(page, { name: 'payments', host: '127.0.0.1', port });
  await connectionItem(page, 'payments').getByRole('button', { name: 'payments', exact: true }).click();
  await composeRequest(page, 'payment.charge', '{"orderId": 7}');

  // TCP carries no message options of its own, but its sends retry.
  const toggle = page.getByRole('button', { name: /^Message options/ });
  await expect(toggle).toHaveText('Message optionsnone');
  await toggle.click();
  const retries = page.getByRole('group', { name: 'Retries' });
  await retries.getByLabel('Count').fill('two');
  await expect(retries).toHaveAccessibleDescription('Retries must be a whole number from 0 to 100 — or leave it empty to send once');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await retries.getByLabel('Count').fill('2');
  await retries.getByLabel('Backoff (ms)').fill('150');
  await retries.getByLabel('Factor').fill('2');
  await expect(toggle).toHaveText('Message options2 retries · 150 ms · ×2');

  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const response = responseRegion(page);
  await expect(response.getByRole('status', { name: 'Outcome' })).toHaveText('Remote error');
  await expect(response.getByRole('status', { name: 'Attempts' })).toHaveText('↻ 3');

  const attempts = response.getByRole('list', { name: 'Attempts' }).getByRole('listitem');
  await expect(attempts).toHaveCount(3);
  await expect(attempts.nth(0)).toContainText('Attempt 1');
  await expect(attempts.nth(0)).toContainText('Failed');
  await expect(attempts.nth(0)).toContainText('remote-error Payment service down');
  await expect(attempts.nth(0)).toContainText('then waited 150 ms');
  await expect(attempts.nth(1)).toContainText('then waited 300 ms');
  await expect(attempts.nth(2)).toContainText('Attempt 3');
  await expect(attempts.nth(2)).toContainText('Failed');
  await expect(attempts.nth(2)).not.toContainText('then waited');
  await expect(response.getByRole('region', { name: 'Attempts' })).toContainText('All 3 attempts failed');

  // Each attempt was a real request: three of them went out on the connection.
  const rows = trafficRowsOf(page, 'payments');
  await expect(rows).toHaveCount(6);
  await expect(rows.filter({ has: page.getByRole('cell', { name: 'request', exact: true }) })).toHaveCount(3);
  await expect(rows.filter({ has: page.getByRole('cell', { name: 'error', exact: true }) })).toHaveCount(3);

  await page.screenshot({ path: test.info().outputPath('retries-response.png') });
});

test('a request file gets its retry policy from Details, saved on one line, and its send shows each attempt', async ({ emptyApp: page, services }) => {
  const collection = await copySampleCollection(services.nest['12'].tcp);
  try {
    await openCollectionInApp(page, collection.root);
    const original = readFileSync(join(collection.root, 'tcp/missing-user.yaml'), 'utf8');
    await page.getByRole('region', { name: 'users-service', exact: true }).getByRole('button', { name: 'unknown user fails', exact: true }).click();
    await page.getByRole('tab', { name: 'Details' }).click();
    const policy = page.getByRole('group', { name: 'Retry policy' });
    await policy.getByLabel('Retries', { exact: true }).fill('1');
    await policy.getByLabel('Backoff (ms)', { exact: true }).fill('80');
    await policy.getByLabel('Jitter (±%)').fill('150');
    await expect(policy).toHaveAccessibleDescription('Jitter is a percent from 0 to 100, such as 20 for ±20 %');
    await policy.getByLabel('Jitter (±%)').fill('');
    await page.keyboard.press('Control+s');
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
    expect(readFileSync(join(collection.root, 'tcp/missing-user.yaml'), 'utf8')).toBe(original.replace('assert:\n', 'retry: { count: 1, backoffMs: 80 }\nassert:\n'));

    await page.keyboard.press('Control+Enter');
    const response = responseRegion(page);
    await expect(response.getByRole('status', { name: 'Outcome' })).toHaveText('Remote error');
    const attempts = response.getByRole('list', { name: 'Attempts' }).getByRole('listitem');
    await expect(attempts).toHaveCount(2);
    await expect(attempts.nth(0)).toContainText('then waited 80 ms');
    await expect(attempts.nth(1)).toContainText('Failed');
    // The file expects the error: its checks pass on the last attempt.
    await expect(response.getByRole('region', { name: 'Assertions' })).toContainText('Checks passed');
    await page.screenshot({ path: test.info().outputPath('retries-collection.png') });
  } finally {
    await collection.remove();
  }
});
