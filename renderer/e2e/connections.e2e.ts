// Connections: adding one through the form, its live state, and closing it.
import { addConnection, connectionItem, expect, test } from './patchbay-test';

test('adds a TCP connection through the form and shows it ready', async ({ emptyApp: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await expect(page.getByText('No connections yet')).toBeVisible();

  const item = await addConnection(page, { name: 'nest12-add', host, port });

  await expect(item.getByRole('status')).toHaveText('Ready');
  await expect(item).toContainText(`tcp://${host}:${port}`);
  await expect(page.getByLabel('Connection', { exact: true })).toHaveValue(/.+/);
  await expect(page.getByText('No connections yet')).toBeHidden();
});

test('shows what is wrong next to each field, and how to fix it', async ({ app: page }) => {
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Host', { exact: true }).fill('');
  await dialog.getByLabel('Port', { exact: true }).fill('70000');
  await dialog.getByLabel('Request timeout (ms)').fill('soon');
  await dialog.getByRole('button', { name: 'Connect' }).click();

  await expect(dialog.getByLabel('Name', { exact: true })).toHaveAccessibleDescription('Name is required — for example orders-service, to tell connections apart');
  await expect(dialog.getByLabel('Host', { exact: true })).toHaveAccessibleDescription('Host is required — for example 127.0.0.1 or orders.internal');
  await expect(dialog.getByLabel('Port', { exact: true })).toHaveAccessibleDescription('Port must be a whole number from 1 to 65535');
  await expect(dialog.getByLabel('Request timeout (ms)')).toHaveAccessibleDescription('Request timeout must be a whole number of milliseconds above 0 — or leave it empty for 10000');
  await expect(dialog.getByLabel('Connect timeout (ms)')).toHaveAttribute('placeholder', '5000');
  await expect(dialog.getByLabel('Request timeout (ms)')).toHaveAttribute('placeholder', '10000');

  await dialog.getByLabel('Use TLS').check();
  await expect(dialog.getByLabel('Verify server certificate')).toBeChecked();
  await expect(dialog.getByLabel('CA certificate (PEM)')).toBeVisible();
  await expect(dialog.getByLabel('Client certificate (PEM)')).toBeVisible();
  await expect(dialog.getByLabel('Client key (PEM)')).toBeVisible();
  await expect(dialog.getByLabel('Server name')).toBeVisible();

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('shows a connection that cannot connect as failed, with the reason', async ({ app: page }) => {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Name', { exact: true }).fill('refused');
  await dialog.getByLabel('Port', { exact: true }).fill('1');
  await dialog.getByLabel('Connect timeout (ms)').fill('1000');
  await dialog.getByRole('button', { name: 'Connect' }).click();

  const item = connectionItem(page, 'refused');
  await expect(item.getByRole('status')).toHaveText(/^(Failed|Reconnecting)$/);
  await expect(item.getByRole('paragraph')).toContainText('127.0.0.1:1');
});

test('closes a connection and forgets it', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  const item = await addConnection(page, { name: 'nest12-close', host, port });

  await item.getByRole('button', { name: 'Close nest12-close' }).click();

  await expect(item).toBeHidden();
});
