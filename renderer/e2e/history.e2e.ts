// History in the app, against a real Nest 12 service: what the composer sends shows up, is
// searched by the engine, goes out again (over a new connection when its own was closed), and
// becomes a request file of a collection. Persistence across engine restarts is the engine's
// test (electron/core/history): each engine here has its own throwaway data folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import { addConnection, composeRequest, connectionItem, expect, responseRegion, test } from './patchbay-test';
import { copySampleCollection, openCollectionInApp, useRemoveAfterTest } from './temp-collection';

const removeAfterTest = useRemoveAfterTest();

const historyRegion = (page: Page) => page.getByRole('region', { name: 'History', exact: true });
const entries = (page: Page) => historyRegion(page).getByRole('list', { name: 'History entries' }).getByRole('listitem');
const responseValue = (page: Page) => responseRegion(page).getByRole('textbox', { name: 'Value' });

async function send(page: Page, pattern: string, payload: string, expected: string | RegExp) {
  await composeRequest(page, pattern, payload);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(responseValue(page)).toHaveText(expected);
}

test('keeps what the composer sends, searches it, and sends it again', async ({ emptyApp: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-history', host, port });
  await send(page, '{"cmd":"sum"}', '[1, 2, 3]', '6');

  await send(page, '{"cmd":"get_user"}', '{"id": 7}', /"name": "User 7"/);

  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(entries(page)).toHaveText([/^\d\d:\d\d:\d\dSendnest12-history\{"cmd":"get_user"\}OK[\d.,]+ ms$/, /^\d\d:\d\d:\d\dSendnest12-history\{"cmd":"sum"\}OK[\d.,]+ ms$/]);
  await expect(historyRegion(page).getByLabel('Entries', { exact: true })).toHaveText('2');

  // The engine searches payloads and replies too.
  await historyRegion(page).getByLabel('Search history').fill('user7@');
  await expect(entries(page)).toHaveCount(1);
  await expect(entries(page)).toHaveAccessibleName('{"cmd":"get_user"}');
  await historyRegion(page).getByLabel('Search history').fill('');
  await expect(entries(page)).toHaveCount(2);

  // The selected entry in full.
  await entries(page).filter({ hasText: '{"cmd":"sum"}' }).getByRole('button').click();
  const detail = historyRegion(page).getByRole('complementary', { name: 'History entry' });
  await expect(detail.getByRole('textbox', { name: 'Payload' })).toHaveText('[\n  1,\n  2,\n  3\n]');
  await expect(detail.getByRole('textbox', { name: 'Reply summary' })).toHaveText('6');

  // Its connection is gone: Send again opens one to the same target and sends over it.
  await connectionItem(page, 'nest12-history').getByRole('button', { name: 'Close nest12-history' }).click();
  await expect(connectionItem(page, 'nest12-history')).toHaveCount(0);
  await detail.getByRole('button', { name: 'Send again' }).click();
  await expect(connectionItem(page, 'nest12-history').getByRole('status')).toHaveText('Ready');
  await expect(page.getByLabel('Pattern', { exact: true })).toHaveValue('{"cmd":"sum"}');
  await expect(responseValue(page)).toHaveText('6');

  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(entries(page)).toHaveCount(3);
  await expect(entries(page).first()).toHaveAccessibleName('{"cmd":"sum"}');

  // Delete one, then clear everything (after asking).
  await entries(page).first().getByRole('button').click();
  await detail.getByRole('button', { name: 'Delete' }).click();
  await expect(entries(page)).toHaveCount(2);
  await historyRegion(page).getByRole('button', { name: 'Clear all' }).click();
  const confirm = page.getByRole('dialog', { name: 'Clear all history?' });
  await confirm.getByRole('button', { name: 'Clear all' }).click();
  await expect(confirm).toBeHidden();
  await expect(historyRegion(page).getByText('Nothing sent yet')).toBeVisible();
});

test('saves an entry as a request file of an open collection', async ({ emptyApp: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  const collection = removeAfterTest(await copySampleCollection({ host, port }));
  await openCollectionInApp(page, collection.root);
  await addConnection(page, { name: 'nest12-save', host, port });
  await composeRequest(page, 'users.create', '{"name": "Grace", "email": "grace@example.com"}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(responseValue(page)).toContainText('"name": "Grace"');

  await page.getByRole('button', { name: 'History', exact: true }).click();
  await entries(page).first().getByRole('button').click();
  await historyRegion(page).getByRole('button', { name: 'Save to collection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save to collection' });
  await expect(dialog.getByLabel('Collection')).toHaveValue(/.+/);
  await dialog.getByLabel('Folder').selectOption('tcp');
  await dialog.getByLabel('Connection').selectOption('tcp');
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('users.create');
  await dialog.getByLabel('Name', { exact: true }).fill('create grace');
  await expect(dialog.getByText('Saved as tcp/create-grace.yaml')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole('button', { name: 'create grace', exact: true })).toBeVisible();
  expect(parse(await readFile(join(collection.root, 'tcp/create-grace.yaml'), 'utf8'))).toEqual({
    name: 'create grace',
    connection: 'tcp',
    pattern: 'users.create',
    data: { name: 'Grace', email: 'grace@example.com' },
  });

  // A second save under the same name is refused, not written over the first.
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await entries(page).first().getByRole('button').click();
  await historyRegion(page).getByRole('button', { name: 'Save to collection…' }).click();
  await dialog.getByLabel('Folder').selectOption('tcp');
  await dialog.getByLabel('Name', { exact: true }).fill('create grace');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('tcp/create-grace.yaml already exists in users-service: choose another name.');
});
