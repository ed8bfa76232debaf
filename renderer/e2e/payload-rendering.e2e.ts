// Payloads are data, never markup: a service that replies with HTML and script in its strings (or
// a pattern that is HTML) gets them shown as text in every place a body appears — the response,
// the traffic list and its detail, history and Copy as — and nothing of it runs. The app fixture
// also fails the test on any console error, so a CSP violation (a blocked inline script or image)
// would fail it too.
import type { Page } from '@playwright/test';
import { addConnection, composeRequest, expect, responseRegion, test, trafficRowsOf } from './patchbay-test';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const HOSTILE = {
  image: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=1</script>',
  link: '<a href="javascript:window.__pwned=1">open</a>',
  url: 'javascript:window.__pwned=1',
};
const HOSTILE_PATTERN = '<img src=x onerror="window.__pwned=1">';

/** Nothing ran, and no element was made from the strings. */
async function expectNothingRan(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0);
  await expect(page.locator('body script')).toHaveCount(0);
}

test('HTML and script in a reply are shown as text everywhere, and never run', async ({ emptyApp: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'hostile', host, port });
  const payload = JSON.stringify(HOSTILE, null, 2);

  // The response: the echoed strings, literally.
  await composeRequest(page, '{"cmd":"echo"}', payload);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText(payload);
  await expectNothingRan(page);

  // Copy as: the payload quoted for the shell, as typed.
  await page.getByRole('button', { name: 'Copy as' }).click();
  await page.getByRole('menu', { name: 'Copy as' }).getByRole('menuitem', { name: /^Patchbay CLI/ }).click();
  await expect(page.getByRole('status', { name: 'Copy as status' })).toHaveText('Copied as Patchbay CLI');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`npx patchbay send tcp://${host}:${port} '{"cmd":"echo"}' '${JSON.stringify(HOSTILE)}'`);

  // An event whose pattern is HTML.
  await composeRequest(page, HOSTILE_PATTERN, '{"note":"<b>bold?</b>"}');
  await page.getByRole('button', { name: 'Emit', exact: true }).click();
  await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('Emitted');

  // The traffic list under the composer: the pattern and body previews as text.
  const rows = trafficRowsOf(page, 'hostile');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: HOSTILE_PATTERN })).toHaveCount(1);
  await expect(rows.filter({ hasText: HOSTILE.script })).toHaveCount(2);
  await page.screenshot({ path: test.info().outputPath('payload-rendering-composer.png') });
  await expectNothingRan(page);

  // The traffic view's detail: the reply's body as a tree and raw.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).click();
  const view = page.getByRole('region', { name: 'Traffic view' });
  const logRows = view.getByRole('table', { name: 'Traffic log' }).getByRole('rowgroup', { name: 'Traffic entries' }).getByRole('row');
  await expect(logRows).toHaveCount(3);
  await logRows.filter({ hasText: '{"cmd":"echo"}' }).last().click();
  const detail = view.getByRole('complementary', { name: 'Entry detail' });
  const tree = detail.getByRole('tree', { name: 'Body tree' });
  // The tree writes string values as JSON strings: quotes escaped, the rest as it is.
  await expect(tree.getByRole('treeitem', { name: 'image', exact: true })).toContainText(JSON.stringify(HOSTILE.image));
  await expect(tree.getByRole('treeitem', { name: 'link', exact: true })).toContainText(JSON.stringify(HOSTILE.link));
  await expect(tree.getByRole('treeitem', { name: 'url', exact: true })).toContainText(JSON.stringify(HOSTILE.url));
  await page.screenshot({ path: test.info().outputPath('payload-rendering-traffic.png') });
  await detail.getByRole('tab', { name: 'Raw' }).click();
  await expect(detail.getByLabel('Raw body')).toHaveText(JSON.stringify(HOSTILE));
  await logRows.filter({ hasText: HOSTILE_PATTERN }).click();
  await expect(detail).toContainText(HOSTILE_PATTERN);
  await detail.getByRole('tab', { name: 'Raw' }).click();
  await expect(detail.getByLabel('Raw body')).toHaveText('{"note":"<b>bold?</b>"}');
  await expectNothingRan(page);

  // History: the entry's payload and reply summary.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('region', { name: 'History', exact: true });
  const entries = history.getByRole('list', { name: 'History entries' }).getByRole('listitem');
  await entries.filter({ hasText: '{"cmd":"echo"}' }).getByRole('button').click();
  const entry = history.getByRole('complementary', { name: 'History entry' });
  await expect(entry.getByRole('textbox', { name: 'Payload' })).toHaveText(payload);
  await expect(entry.getByRole('textbox', { name: 'Reply summary' })).toContainText(HOSTILE.script);
  await expect(entries.filter({ hasText: HOSTILE_PATTERN })).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('payload-rendering-history.png') });
  await expectNothingRan(page);
});
