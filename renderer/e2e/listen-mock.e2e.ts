// Mock services from the UI: a TCP mock answers a real connection by its rules, lists what it
// received with the rule that answered, and turns an unmatched request into a rule.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { freePort } from '../../fixtures/nest/start.mjs';
import { addConnection, composeRequest, connectionItem, expect, responseRegion, test } from './patchbay-test';
import { mockItem } from './mock-steps';

const NO_HANDLER = 'There is no matching message handler defined in the remote service.';

async function sendFromComposer(page: Page, connectionName: string, pattern: string, payload: string) {
  await connectionItem(page, connectionName).getByRole('button', { name: connectionName, exact: true }).click();
  await composeRequest(page, pattern, payload);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
}

test('a TCP mock answers by its rules, lists what it got, and makes a rule for an unmatched call', async ({ app: page }) => {
  // One long user flow (about 20 steps): three times the usual budget on a loaded CI machine.
  test.slow();
  const port = await freePort();
  await page.getByRole('button', { name: 'New mock' }).click();
  const dialog = page.getByRole('dialog', { name: 'New mock' });
  await dialog.getByLabel('Name', { exact: true }).fill('users-mock');
  await dialog.getByLabel('Listen on port').fill('70000');
  await expect(dialog.getByText('Port must be a whole number from 1 to 65535')).toBeVisible();
  await dialog.getByLabel('Listen on port').fill(String(port));
  const dialogRules = dialog.getByRole('textbox', { name: 'Rules' });
  await dialogRules.fill('{"rules": [{"name": "sum", "pattern": {"cmd": "sum"}, "reply": {"value": 42}, "failureRate": 3}]}');
  await expect(dialog.getByText('rules[0].failureRate: failureRate is 0 to 1')).toBeVisible();
  await dialogRules.fill('{"rules": [{"name": "sum", "pattern": {"cmd": "sum"}, "reply": {"value": 42}}]}');
  await dialog.getByRole('button', { name: 'Start mock' }).click();
  await expect(dialog).toBeHidden();

  const view = page.getByRole('region', { name: 'Mock users-mock' });
  await expect(mockItem(page, 'users-mock').getByRole('status')).toHaveText('Serving');
  await expect(view.getByLabel('Address')).toHaveText(`tcp://127.0.0.1:${port}`);
  await expect(view.getByText('Nothing received yet')).toBeVisible();

  // A real connection to the mock: the rule answers.
  await addConnection(page, { name: 'to-mock', host: '127.0.0.1', port });
  await sendFromComposer(page, 'to-mock', '{"cmd":"sum"}', '[1,2]');
  await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText('42');

  await mockItem(page, 'users-mock').getByRole('button', { name: 'users-mock', exact: true }).click();
  const received = view.getByRole('list', { name: 'Received requests' });
  const sum = received.getByRole('listitem', { name: 'request {"cmd":"sum"}' });
  await expect(sum.getByLabel('Rule sum')).toHaveText('sum');
  await expect(sum).toContainText('[1,2]');
  await expect(sum).toContainText('42');
  await expect(view.getByRole('list', { name: 'Calls per rule' }).getByRole('listitem')).toHaveText(['sum1']);

  // No rule for it: Nest's own "no handler" error, and Unmatched in the mock.
  await sendFromComposer(page, 'to-mock', 'users.find', '{"id":7}');
  await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('Remote error');
  await expect(responseRegion(page).getByRole('textbox', { name: 'Error value' })).toHaveText(JSON.stringify(NO_HANDLER));

  await mockItem(page, 'users-mock').getByRole('button', { name: 'users-mock', exact: true }).click();
  const unmatched = received.getByRole('listitem', { name: 'request users.find' });
  await expect(unmatched).toContainText('Unmatched');
  await expect(received.getByRole('listitem')).toHaveCount(2);
  await expect(view.getByRole('term').filter({ hasText: 'Unmatched' }).locator('xpath=following-sibling::dd')).toHaveText('1');

  await unmatched.getByRole('button', { name: 'Make rule' }).click();
  const editor = view.getByRole('textbox', { name: 'Rules' });
  await expect(editor).toBeFocused();
  await expect.poll(async () => JSON.parse(await editor.innerText()) as unknown).toEqual({
    rules: [
      { name: 'sum', pattern: { cmd: 'sum' }, when: [], reply: { value: 42 }, failureRate: 0 },
      { pattern: 'users.find', reply: { value: {} } },
    ],
    unmatched: 'nest-error',
  });
  await expect(view.getByText('Not applied')).toBeVisible();
  await view.getByRole('button', { name: 'Apply' }).click();
  await expect(view.getByRole('status').filter({ hasText: 'Applied' })).toHaveText('Applied: new calls answer by these rules.');
  // New rules count afresh.
  await expect(view.getByRole('list', { name: 'Calls per rule' }).getByRole('listitem')).toHaveText(['sum0', 'users.find0']);

  await sendFromComposer(page, 'to-mock', 'users.find', '{"id":7}');
  await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText('{}');

  await mockItem(page, 'users-mock').getByRole('button', { name: 'users-mock', exact: true }).click();
  await expect(received.getByRole('listitem', { name: 'request users.find' }).first().getByLabel('Rule users.find')).toHaveText('users.find');
  await expect(view.getByRole('list', { name: 'Calls per rule' }).getByRole('listitem')).toHaveText(['sum0', 'users.find1']);

  // Rule files: Save gives the file `patchbay mock --rules` reads; Open puts a file into the editor.
  const downloading = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Save…' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('users-mock.mock.json');
  expect(JSON.parse(await readFile(await download.path(), 'utf8')) as unknown).toEqual({
    rules: [
      { name: 'sum', pattern: { cmd: 'sum' }, when: [], reply: { value: 42 }, failureRate: 0 },
      { pattern: 'users.find', when: [], reply: { value: {} }, failureRate: 0 },
    ],
    unmatched: 'nest-error',
  });
  const fromFile = '{"rules": [{"pattern": "users.find", "reply": {"value": {"id": 7}}}]}';
  await view.getByLabel('Rules file to open').setInputFiles({ name: 'other.mock.json', mimeType: 'application/json', buffer: Buffer.from(fromFile) });
  await expect.poll(() => editor.innerText()).toBe(fromFile);
  await expect(view.getByText('Not applied')).toBeVisible();
  await view.getByRole('button', { name: 'Revert' }).click();
  await expect(view.getByText('Not applied')).toBeHidden();

  // Traffic says which entries came from the mock.
  await connectionItem(page, 'to-mock').getByRole('button', { name: 'to-mock', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Traffic' }).getByLabel('received or sent by a mock').first()).toHaveText('mock');

  await page.getByRole('button', { name: 'Stop users-mock' }).click();
  await expect(mockItem(page, 'users-mock')).toHaveCount(0);
  await page.getByRole('button', { name: 'Close to-mock' }).click();
});
