// The composer: what it refuses to send and why, and the keyboard.
import { addConnection, composeRequest, expect, payloadEditor, responseRegion, test } from './patchbay-test';

test('says why it cannot send before there is a connection', async ({ emptyApp: page }) => {
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toHaveAccessibleDescription('Add a connection to send messages');
  await expect(responseRegion(page).getByText('No response yet')).toBeVisible();
});

test('shows an invalid JSON payload as an error and disables Send until it is fixed', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-invalid', host, port });
  const send = page.getByRole('button', { name: 'Send', exact: true });

  await composeRequest(page, '{"cmd":"sum"}', '[1,2,');

  await expect(payloadEditor(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(payloadEditor(page)).toHaveAccessibleDescription(/^Payload is not valid JSON \(.+\) — fix it, then press Send$/);
  await expect(send).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Emit', exact: true })).toBeDisabled();
  await expect(send).toHaveAccessibleDescription('Fix the payload JSON to send');

  await payloadEditor(page).fill('[1,2]');
  await expect(send).toBeEnabled();
  await expect(payloadEditor(page)).toHaveAttribute('aria-invalid', 'false');

  await page.getByRole('button', { name: 'Format' }).click();
  await expect.poll(() => payloadEditor(page).innerText()).toBe('[\n  1,\n  2\n]');
});

test('shows an invalid object pattern as an error', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-pattern', host, port });

  await page.getByLabel('Pattern', { exact: true }).fill('{"cmd":');

  await expect(page.getByLabel('Pattern', { exact: true })).toHaveAccessibleDescription(/^Pattern is not a valid JSON object \(.+\) — fix the JSON, or drop the leading \{ for a string pattern$/);
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toHaveAccessibleDescription('Fix the pattern to send');
});

test('sends with Ctrl+Enter from the payload editor', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-keys', host, port });
  await composeRequest(page, '{"cmd":"sum"}', '[4,5]');

  await payloadEditor(page).press('Control+Enter');

  await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText('9');
  // The shortcut sent; it did not also insert a line.
  expect(await payloadEditor(page).innerText()).toBe('[4,5]');
});
