// TLS through the form: certificates pasted as PEM text, against Nest 12 behind (mutual) TLS.
import { composeRequest, connectionItem, expect, responseRegion, test } from './patchbay-test';

test('connects over mutual TLS with the certificates pasted into the form', async ({ app: page, services }) => {
  const { host, port } = services.mtls.tcp;
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Name', { exact: true }).fill('nest12-mtls');
  await dialog.getByLabel('Host', { exact: true }).fill(host);
  await dialog.getByLabel('Port', { exact: true }).fill(String(port));
  await dialog.getByLabel('Use TLS').check();
  await dialog.getByLabel('CA certificate (PEM)').fill(services.certs.ca);
  await dialog.getByLabel('Client certificate (PEM)').fill(services.certs.client.cert);
  await dialog.getByLabel('Client key (PEM)').fill(services.certs.client.key);
  await dialog.getByRole('button', { name: 'Connect' }).click();

  const item = connectionItem(page, 'nest12-mtls');
  await expect(item.getByRole('status')).toHaveText('Ready');
  await expect(item).toContainText(`tcp+tls://${host}:${port}`);

  await composeRequest(page, '{"cmd":"sum"}', '[1,2,3]');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText('6');
});

test('does not trust a server certificate it cannot verify, and says why', async ({ app: page, services }) => {
  const { host, port } = services.tls.tcp;
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Name', { exact: true }).fill('nest12-untrusted');
  await dialog.getByLabel('Host', { exact: true }).fill(host);
  await dialog.getByLabel('Port', { exact: true }).fill(String(port));
  await dialog.getByLabel('Use TLS').check();
  await dialog.getByRole('button', { name: 'Connect' }).click();

  const item = connectionItem(page, 'nest12-untrusted');
  await expect(item.getByRole('status')).toHaveText(/^(Failed|Reconnecting)$/);
  await expect(item.getByRole('paragraph')).toContainText(/certificate/i);
});
