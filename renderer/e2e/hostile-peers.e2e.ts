// A TCP peer that breaks Nest framing, as a user meets it in the app: the max frame size set in
// New connection, the refused reply shown in Response with what the peer sent, and the connection
// that says why it is reconnecting or failed.
import type { Page } from '@playwright/test';
import { submitConnectionForm } from './connection-steps';
import { composeRequest, connectionItem, expect, responseRegion, test } from './patchbay-test';
import { startHostilePeer } from '../../electron/test-support/hostile-peer';

const screenshot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });


const peers: { close: () => Promise<void> }[] = [];
test.afterAll(async () => {
  await Promise.all(peers.map((peer) => peer.close()));
});

test('New connection takes a max frame size for TCP, and says what a valid one is', async ({ app: page }) => {
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  const maxFrame = dialog.getByLabel('Max frame size (MiB)');
  await expect(maxFrame).toHaveAttribute('placeholder', '64');
  await dialog.getByLabel('Name', { exact: true }).fill('big-replies');
  await dialog.getByLabel('Port', { exact: true }).fill('3000');
  await expect(maxFrame).toHaveAccessibleDescription('A reply that announces a larger frame is refused before it is read, and the connection says why. Empty is 64 MiB.');
  await screenshot(page, 'max-frame-hint');
  await maxFrame.fill('1024');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(maxFrame).toHaveAccessibleDescription('Max frame size can be at most 256 MiB');
  await screenshot(page, 'max-frame-field');

  await dialog.getByLabel('Paste URL').fill('tcp://127.0.0.1:3000?maxFrameMiB=128');
  await dialog.getByRole('button', { name: 'Parse' }).click();
  await expect(maxFrame).toHaveValue('128');
  await dialog.getByRole('group', { name: 'Transport' }).getByRole('radio', { name: 'Redis' }).check();
  await expect(maxFrame).toBeHidden();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('a reply over the max frame size is refused at once and named in Response', async ({ app: page }) => {
  const peer = await startHostilePeer('2000000#{"response":"');
  peers.push(peer);
  await submitConnectionForm(page, 'oversized', 'TCP', { Port: String(peer.port), 'Max frame size (MiB)': '1' });
  const item = connectionItem(page, 'oversized');
  await expect(item.getByRole('status')).toHaveText('Ready');

  await composeRequest(page, 'ping', '{}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();

  const message = `tcp://127.0.0.1:${peer.port} announced a frame of 2000000 characters, more than the 1 MiB maximum (1048576 characters), and it was refused before being read. If the service really sends messages this large, raise the connection's max frame size (maxFrameMiB); otherwise it is not a Nest TCP microservice.`;
  const response = responseRegion(page);
  await expect(response.getByRole('status', { name: 'Outcome' })).toHaveText('Failed');
  await expect(response.getByText(message)).toBeVisible();
  await screenshot(page, 'oversized-reply');
});

test('an HTTP server on the port fails the connection, naming it', async ({ app: page }) => {
  const peer = await startHostilePeer('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  peers.push(peer);
  await submitConnectionForm(page, 'web-port', 'TCP', { Port: String(peer.port) });
  const item = connectionItem(page, 'web-port');
  await expect(item.getByRole('status')).toHaveText('Ready');

  await composeRequest(page, 'ping', '{}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();

  const message = `tcp://127.0.0.1:${peer.port} is not a Nest TCP microservice: it answered in HTTP ("HTTP/1.1 400 Bad Request\\r\\nConnection: cl…"). Point the connection at the port of the service's TCP transport (Transport.TCP, 3000 by default), not at its HTTP server.`;
  await expect(responseRegion(page).getByText(message)).toBeVisible();
  await expect(item.getByRole('status')).toHaveText('Failed');
  await expect(item.getByRole('paragraph')).toHaveText(message);
  await screenshot(page, 'http-port');
});
