// The Traffic view against the real engine and a real Nest TCP service: filters with exact counts,
// the detail pane's JSON tree, a stream's conversation waterfall, statistics, and export then open.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { addConnection, composeRequest, expect, responseRegion, test } from './patchbay-test';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const trafficView = (page: Page) => page.getByRole('region', { name: 'Traffic view' });
const matching = (page: Page) => trafficView(page).getByLabel('Matching entries');
const logRows = (page: Page) => trafficView(page).getByRole('table', { name: 'Traffic log' }).getByRole('rowgroup', { name: 'Traffic entries' }).getByRole('row');

async function send(page: Page, pattern: string, payload: string, outcome: string | RegExp, button: 'Send' | 'Emit' = 'Send') {
  await composeRequest(page, pattern, payload);
  await page.getByRole('button', { name: button }).click();
  await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText(outcome);
}

/** Fills a filter the way a user does; the count settles once the engine answers. */
async function expectMatching(page: Page, count: string) {
  await expect(matching(page)).toHaveText(count);
}

test('filters, details, conversations, statistics, export and open on real traffic', async ({ emptyApp: page, services }) => {
  test.slow();
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'orders', host, port });

  // 13 entries: 5 requests, 6 replies (echo, sum, slow, and the stream's three parts), 1 remote error, 1 event.
  await send(page, '{"cmd":"echo"}', '{"data":{"items":[{"id":7,"sku":"A-1"}]}}', 'OK');
  await send(page, '{"cmd":"sum"}', '[1,2,3]', 'OK');
  await send(page, '{"cmd":"get_user"}', '{"id":999}', /error/i);
  await send(page, '{"cmd":"stream"}', '{}', 'OK');
  await send(page, '{"cmd":"slow"}', '{"ms":300}', 'OK');
  await send(page, '{"event":"order_placed"}', '{"id":1}', 'Emitted', 'Emit');

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).click();
  const view = trafficView(page);
  await expectMatching(page, '13');
  await expect(view.getByRole('status', { name: 'View: Live' })).toBeVisible();
  await expect(logRows(page)).toHaveCount(13);

  // Free text matches the pattern and the body; chips and latency combine with it.
  const filter = view.getByLabel('Filter', { exact: true });
  await filter.fill('get_user');
  await expectMatching(page, '2');
  await filter.fill('A-1');
  await expectMatching(page, '2');
  await filter.fill('');
  await expectMatching(page, '13');

  const status = view.getByRole('group', { name: 'Status' });
  await status.getByRole('button', { name: 'error' }).click();
  await expectMatching(page, '1');
  await expect(logRows(page).getByRole('cell').nth(4)).toHaveText('{"cmd":"get_user"}');
  await status.getByRole('button', { name: 'error' }).click();
  await status.getByRole('button', { name: 'request' }).click();
  await expectMatching(page, '5');
  await status.getByRole('button', { name: 'event' }).click();
  await expectMatching(page, '6');
  await status.getByRole('button', { name: 'request' }).click();
  await status.getByRole('button', { name: 'event' }).click();
  await expectMatching(page, '13');

  await view.getByLabel('Min latency (ms)').fill('250');
  await expectMatching(page, '1');
  await expect(logRows(page).getByRole('cell').nth(4)).toHaveText('{"cmd":"slow"}');
  await view.getByLabel('Min latency (ms)').fill('');
  await status.getByRole('button', { name: 'ok' }).click();
  await expectMatching(page, '6');
  await filter.fill('stream');
  await expectMatching(page, '3');
  await view.getByLabel('Min latency (ms)').fill('250');
  await expectMatching(page, '0');
  await view.getByRole('button', { name: 'Reset filters' }).click();
  await expectMatching(page, '13');

  // The echo request's body as a tree: copy a nested path.
  await filter.fill('A-1');
  await expectMatching(page, '2');
  await logRows(page).first().click();
  const detail = view.getByRole('complementary', { name: 'Entry detail' });
  const tree = detail.getByRole('tree', { name: 'Body tree' });
  await tree.getByRole('button', { name: 'Expand data.items' }).click();
  await tree.getByRole('button', { name: 'Expand data.items[0]' }).click();
  const idNode = tree.getByRole('treeitem', { name: 'data.items[0].id', exact: true });
  await expect(idNode).toContainText('7');
  await idNode.hover();
  await idNode.getByRole('button', { name: 'Copy path' }).click();
  await expect(detail.getByRole('status').last()).toHaveText('Copied data.items[0].id');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('data.items[0].id');
  await detail.getByLabel('Search body').fill('a-1');
  await expect(tree.locator('mark')).toHaveText(['A-1']);
  await detail.getByRole('tab', { name: 'Raw' }).click();
  await expect(detail.getByLabel('Raw body')).toHaveText('{"data":{"items":[{"id":7,"sku":"A-1"}]}}');
  await detail.getByRole('tab', { name: 'Details' }).click();
  await expect(detail.getByRole('table', { name: 'Entry' })).toContainText('orders');

  // The stream's conversation: the request, three reply parts, a bar from request to last part.
  await filter.fill('');
  await status.getByRole('button', { name: 'request' }).click();
  await filter.fill('stream');
  await expectMatching(page, '1');
  await logRows(page).first().click();
  await detail.getByRole('tab', { name: 'Conversation' }).click();
  const waterfall = detail.getByRole('figure', { name: 'Conversation waterfall' });
  const lanes = waterfall.getByRole('listitem');
  await expect(lanes).toHaveCount(4);
  await expect(lanes.nth(0)).toHaveAccessibleName('request {"cmd":"stream"} at +0.0 ms');
  await expect(lanes.nth(3)).toHaveAccessibleName(/^reply \{"cmd":"stream"\} at \+[\d.,]+ ms$/);
  await view.getByRole('button', { name: 'Reset filters' }).click();
  await expectMatching(page, '13');

  // Statistics per pattern.
  await view.getByRole('button', { name: 'Stats' }).click();
  const stats = view.getByRole('table', { name: 'Pattern statistics' });
  const getUser = stats.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '{"cmd":"get_user"}' }) });
  await expect(getUser.getByRole('cell').nth(1)).toHaveText('1'); // count
  await expect(getUser.getByRole('cell').nth(2)).toHaveText('1'); // errors
  const slow = stats.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '{"cmd":"slow"}' }) });
  await expect(slow.getByRole('cell').nth(1)).toHaveText('1');
  await expect(slow.getByRole('cell').nth(2)).toHaveText('0');
  await expect(slow.getByRole('cell').nth(4)).toHaveText(/^[3-9]\d\d ms$/); // p50 of one 300 ms call
  await expect(slow.getByRole('img', { name: 'Latency histogram of {"cmd":"slow"}' })).toBeVisible();
  await view.getByRole('button', { name: 'Stats' }).click();

  // Export, then open the file: the same rows, read-only, until Back to live.
  const downloading = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Export' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^patchbay-traffic-\d{4}-\d\d-\d\d-\d{6}\.ndjson$/);
  const ndjson = await readFile((await download.path())!, 'utf8');
  expect(ndjson.trim().split('\n')).toHaveLength(14);

  const liveRows = await logRows(page).getByRole('cell').nth(4).allTextContents();
  await view.getByLabel('Open traffic file').setInputFiles({ name: 'saved-traffic.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(ndjson) });
  await expect(view.getByRole('note').filter({ hasText: 'Viewing saved-traffic.ndjson — 13 entries' })).toBeVisible();
  await expectMatching(page, '13');
  expect(await logRows(page).getByRole('cell').nth(4).allTextContents()).toEqual(liveRows);
  await view.getByRole('button', { name: 'Back to live' }).click();
  await expect(view.getByRole('status', { name: 'View: Live' })).toBeVisible();
  await expectMatching(page, '13');

  await view.getByLabel('Open traffic file').setInputFiles({ name: 'broken.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from('not json\n') });
  await expect(view.getByRole('alert')).toContainText('Could not open broken.ndjson');
});

test('pauses while traffic goes on, counts what is new, and jumps to the latest', async ({ emptyApp: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'live', host, port });
  await send(page, '{"cmd":"sum"}', '[1]', 'OK');

  await page.getByRole('button', { name: 'Open full view' }).click();
  const view = trafficView(page);
  await expectMatching(page, '2');
  await view.getByRole('button', { name: 'Pause' }).click();
  await expect(view.getByRole('status', { name: 'View: Paused' })).toBeVisible();

  // Traffic from elsewhere (the composer is one click away) keeps arriving in the engine.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).click();
  await send(page, '{"cmd":"sum"}', '[2]', 'OK');
  await send(page, '{"cmd":"sum"}', '[3]', 'OK');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).click();

  // Back in the view: still paused, showing what it held, and how much is new.
  await expect(view.getByRole('status', { name: 'View: Paused' })).toBeVisible();
  await expectMatching(page, '2');
  await expect(view.getByRole('status', { name: 'View: Paused' })).toContainText('4 new');
  await view.getByRole('button', { name: 'Latest' }).click();
  await expectMatching(page, '6');
  await expect(view.getByRole('status', { name: 'View: Live' })).toBeVisible();

  // Keyboard: up and down move the selection.
  await logRows(page).last().click();
  await page.keyboard.press('ArrowUp');
  await expect(logRows(page).nth(4)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(logRows(page).nth(5)).toHaveAttribute('aria-selected', 'true');

  await view.getByRole('button', { name: 'Clear' }).click();
  await expectMatching(page, '0');
});
