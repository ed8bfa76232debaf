// The Load panel against the Nest 12 TCP fixture: a run started from the composer's request, its
// live chart, and the report with the exact counts.
import type { Page } from '@playwright/test';
import { addConnection, composeRequest, expect, test } from './patchbay-test';

const loadRegion = (page: Page) => page.getByRole('region', { name: 'Load test' });
const reportRegion = (page: Page) => loadRegion(page).getByRole('region', { name: 'Report' });

async function openLoad(page: Page, connectionName: string, host: string, port: number, pattern: string, payload: string) {
  await addConnection(page, { name: connectionName, host, port });
  await composeRequest(page, pattern, payload);
  await page.getByRole('button', { name: 'Load…' }).click();
  await expect(loadRegion(page).getByRole('heading', { name: `Load · ${pattern}` })).toBeVisible();
}

test('runs a load from the composer and reports the exact request count', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await openLoad(page, 'nest12-load', host, port, '{"cmd":"sum"}', '[1,2,3]');
  const plan = loadRegion(page).getByRole('form', { name: 'Load plan' });
  await plan.getByLabel('Concurrency').fill('8');
  await plan.getByRole('textbox', { name: 'Requests' }).fill('3000');
  await plan.getByRole('button', { name: 'Start' }).click();

  const report = reportRegion(page);
  await expect(report.getByLabel('Requests', { exact: true })).toHaveText('3,000');
  await expect(report.getByLabel('OK', { exact: true })).toHaveText('3,000');
  await expect(report.getByLabel('Errors', { exact: true })).toHaveText('0');
  await expect(report.getByText('No errors')).toBeVisible();
  await expect(loadRegion(page).getByRole('status', { name: 'Run completed' })).toBeVisible();
  await expect(report.getByRole('table', { name: 'Latency percentiles' }).getByRole('row')).toHaveText([/^p50[\d.,]+ ms$/, /^p90/, /^p95/, /^p99/, /^max/]);
  // The histogram's rows add up to every request.
  const counts = await report.getByRole('table', { name: 'Latency histogram' }).locator('tbody tr td:last-child').allInnerTexts();
  expect(counts.reduce((sum, count) => sum + Number(count.replace(/,/g, '')), 0)).toBe(3_000);
  // The chart is drawn, and says what it shows.
  const chart = loadRegion(page).getByRole('figure', { name: 'Throughput and latency chart' });
  await expect(chart.locator('canvas')).toBeVisible();
  await expect(chart.getByRole('img')).toHaveAccessibleName(/^Throughput and latency over \d+ samples; latest \d+ requests per second/);
});

test('counts remote errors by kind and stops a duration run early', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await openLoad(page, 'nest12-load-errors', host, port, '{"cmd":"fail_object"}', '{}');
  const plan = loadRegion(page).getByRole('form', { name: 'Load plan' });
  await plan.getByLabel('Concurrency').fill('2');
  await plan.getByRole('textbox', { name: 'Requests' }).fill('40');
  await plan.getByRole('button', { name: 'Start' }).click();
  await expect(reportRegion(page).getByRole('table', { name: 'Errors by kind' }).getByRole('row')).toHaveText(['remote-error40']);
  await expect(reportRegion(page).getByLabel('Errors', { exact: true })).toHaveText('40');

  await plan.getByRole('radio', { name: 'Duration' }).check();
  await plan.getByLabel('Duration (s)').fill('60');
  await plan.getByLabel('Rate (req/s)').fill('50');
  await plan.getByRole('button', { name: 'Start' }).click();
  await expect(loadRegion(page).getByRole('status', { name: 'Run running' })).toBeVisible();
  await expect.poll(async () => Number((await loadRegion(page).getByLabel('Completed').innerText()).replace(/,/g, ''))).toBeGreaterThan(0);
  await plan.getByRole('button', { name: 'Stop' }).click();
  await expect(loadRegion(page).getByRole('status', { name: 'Run stopped' })).toBeVisible();
  await expect(reportRegion(page)).toBeVisible();
});

test('names the plan fields that need fixing', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await openLoad(page, 'nest12-load-plan', host, port, '{"cmd":"sum"}', '[1]');
  const plan = loadRegion(page).getByRole('form', { name: 'Load plan' });
  await plan.getByLabel('Concurrency').fill('0');
  await plan.getByRole('button', { name: 'Start' }).click();
  await expect(plan.getByLabel('Concurrency')).toHaveAccessibleDescription('Concurrency must be a whole number of at least 1');
  await expect(loadRegion(page).getByText('No load run yet')).toBeVisible();
});
