// Replay: two requests sent from the composer to a real Nest TCP service are picked in the Traffic
// view and saved as a saga of a temporary collection (the file checked byte for byte); the saga
// runs in its view, each reply compared with the recording, and a changed recording shows as a
// difference.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { recordedSumStep, recordedUserStep } from '../../electron/test-support/recorded-saga-steps';
import { addConnection, composeRequest, expect, responseRegion, test } from './patchbay-test';
import { copySampleCollection, openCollectionInApp, useRemoveAfterTest } from './temp-collection';

const removeAfterTest = useRemoveAfterTest();

const trafficView = (page: Page) => page.getByRole('region', { name: 'Traffic view' });
const logRows = (page: Page) => trafficView(page).getByRole('table', { name: 'Traffic log' }).getByRole('rowgroup', { name: 'Traffic entries' }).getByRole('row');

async function send(page: Page, pattern: string, payload: string) {
  await composeRequest(page, pattern, payload);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('OK');
}

test('saves picked traffic as a saga and replays it with a diff against the recording', async ({ emptyApp: page, services }) => {
  test.slow();
  const tcp = services.nest['12'].tcp;
  const collection = removeAfterTest(await copySampleCollection(tcp));
  await openCollectionInApp(page, collection.root);
  await addConnection(page, { name: 'users', host: tcp.host, port: tcp.port });
  await send(page, '{"cmd":"sum"}', '[1,2,3]');
  await send(page, 'users.create', '{"name":"Ada"}');

  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).click();
  const view = trafficView(page);
  await expect(logRows(page)).toHaveCount(4);
  // Its checkbox picks the first request; Ctrl-click the second; a reply picked too is left to come with its request.
  await logRows(page).nth(0).getByRole('checkbox', { name: 'Pick entry 1' }).check();
  await logRows(page).nth(2).click({ modifiers: ['Control'] });
  await logRows(page).nth(3).click({ modifiers: ['Control'] });
  const picked = view.getByRole('region', { name: 'Picked entries' });
  await expect(picked.getByRole('status')).toHaveText('3 picked: 2 requests, 1 other entry');
  await logRows(page).nth(3).getByRole('checkbox').uncheck();
  await expect(picked.getByRole('status')).toHaveText('2 picked: 2 requests');
  // Space on the list picks the entry selected in the detail pane, and lets it go again.
  await logRows(page).nth(1).click();
  await page.keyboard.press('Space');
  await expect(picked.getByRole('status')).toHaveText('3 picked: 2 requests, 1 other entry');
  await page.screenshot({ path: test.info().outputPath('picked-traffic.png') });
  await page.keyboard.press('Space');
  await expect(picked.getByRole('status')).toHaveText('2 picked: 2 requests');
  await picked.getByRole('button', { name: 'Save as saga…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Save as saga' });
  await expect(dialog.getByLabel('File', { exact: true })).toHaveValue('recorded/cmd-sum.saga.yaml');
  await dialog.getByLabel('File', { exact: true }).fill('recorded/signup.saga.yaml');
  await dialog.getByLabel('Name', { exact: true }).fill('Sign up');
  // The collection reaches the service as `tcp`, by variables: the user says so.
  const mapping = dialog.getByLabel('Collection connection for users');
  await expect(mapping).toHaveValue('');
  await mapping.selectOption('tcp');
  await page.screenshot({ path: test.info().outputPath('save-as-saga-dialog.png') });
  await dialog.getByRole('button', { name: 'Save saga' }).click();
  await expect(dialog).toBeHidden();
  await expect(picked).toBeHidden();

  const file = join(collection.root, 'recorded/signup.saga.yaml');
  const written = await readFile(file, 'utf8');
  const adaId = Number(/id: (\d+)/.exec(written)?.[1]);
  expect(written).toBe(
    [
      'name: Sign up',
      'steps:',
      ...recordedSumStep('tcp'),
      ...recordedUserStep('users_create', 'tcp', 'Ada', adaId),
      '',
    ].join('\n'),
  );

  // The saga opens in its view; replayed, a new user gets a new id (and email), the sum answers as recorded.
  const saga = page.getByRole('region', { name: 'Saga Sign up' });
  await expect(saga.getByRole('table', { name: 'Steps as defined' }).getByRole('row')).toHaveCount(3);
  await saga.getByLabel('Environment', { exact: true }).selectOption('local');
  await saga.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(saga.getByRole('status', { name: 'Saga completed' })).toBeVisible();
  await saga.getByRole('button', { name: /^cmd_sum, attempt 1: ok/ }).click();
  await expect(saga.getByRole('region', { name: 'Details of cmd_sum, attempt 1' }).getByRole('status', { name: 'Differences of cmd_sum from the recording' })).toHaveText('= Same as recorded');
  await saga.getByRole('button', { name: /^users_create, attempt 1: ok/ }).click();
  const created = saga.getByRole('region', { name: 'Details of users_create, attempt 1' }).getByRole('table', { name: 'Differences of users_create from the recording' });
  await expect(created.getByRole('row')).toHaveText([
    'PathRecordedActual',
    `≠id${adaId}${adaId + 1}`,
    `≠email"user${adaId}@example.com""user${adaId + 1}@example.com"`,
  ]);
  await page.screenshot({ path: test.info().outputPath('replay-diff.png') });

  // Volatile values ignored, and a recording that no longer holds: the sum differs, the user does not.
  await writeFile(file, written.replace('name: Sign up\n', 'name: Sign up\nignore: [id, email]\n').replace('        - 6\n', '        - 7\n'));
  await saga.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(saga.getByRole('list', { name: 'Kept runs' }).getByRole('listitem')).toHaveCount(2);
  await expect(saga.getByRole('status', { name: 'Saga completed' })).toBeVisible();
  await saga.getByRole('button', { name: /^cmd_sum, attempt 1: ok/ }).click();
  await expect(saga.getByRole('region', { name: 'Details of cmd_sum, attempt 1' }).getByRole('table', { name: 'Differences of cmd_sum from the recording' }).getByRole('row')).toHaveText(['PathRecordedActual', '≠whole reply76']);
  await saga.getByRole('button', { name: /^users_create, attempt 1: ok/ }).click();
  await expect(saga.getByRole('region', { name: 'Details of users_create, attempt 1' }).getByRole('status', { name: 'Differences of users_create from the recording' })).toHaveText('= Same as recorded');
});

test('refuses to replace a saga file, keeping the dialog and what was typed', async ({ emptyApp: page, services }) => {
  const tcp = services.nest['12'].tcp;
  const collection = removeAfterTest(await copySampleCollection(tcp, { 'taken.saga.yaml': 'name: Taken\nsteps:\n  - id: a\n    request: { connection: tcp, pattern: x, data: {} }\n' }));
  await openCollectionInApp(page, collection.root);
  await addConnection(page, { name: 'users', host: tcp.host, port: tcp.port });
  await send(page, '{"cmd":"sum"}', '[1]');
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).click();
  await logRows(page).nth(0).getByRole('checkbox').check();
  await trafficView(page).getByRole('region', { name: 'Picked entries' }).getByRole('button', { name: 'Save as saga…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as saga' });
  await dialog.getByLabel('File', { exact: true }).fill('taken.saga.yaml');
  await dialog.getByRole('button', { name: 'Save saga' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('taken.saga.yaml already exists in the collection, and a recording never replaces a file. Choose another path, e.g. taken-2.saga.yaml.');
  await expect(dialog.getByLabel('File', { exact: true })).toHaveValue('taken.saga.yaml');
  expect(await readFile(join(collection.root, 'taken.saga.yaml'), 'utf8')).toBe('name: Taken\nsteps:\n  - id: a\n    request: { connection: tcp, pattern: x, data: {} }\n');
});
