// Steps the end-to-end tests share for mock services: starting one from New mock the way a user
// does, and finding it in the sidebar.
import type { Page } from '@playwright/test';
import { expect } from './patchbay-test';

/** The mock's item in the sidebar's Mocks list. */
export const mockItem = (page: Page, name: string) => page.getByRole('list', { name: 'Mocks' }).getByRole('listitem', { name, exact: true });

/** New mock with a name, a port and rules (JSON text), started; waits until the sidebar says it is serving. */
export async function startMock(page: Page, name: string, port: number, rules: string) {
  await page.getByRole('button', { name: 'New mock' }).click();
  const dialog = page.getByRole('dialog', { name: 'New mock' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Listen on port').fill(String(port));
  await dialog.getByRole('textbox', { name: 'Rules' }).fill(rules);
  await dialog.getByRole('button', { name: 'Start mock' }).click();
  await expect(dialog).toBeHidden();
  await expect(mockItem(page, name).getByRole('status')).toHaveText('Serving');
}
