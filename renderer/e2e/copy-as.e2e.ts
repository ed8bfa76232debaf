// "Copy as" in the request bar: the composed request on the clipboard as a Patchbay CLI line and
// as a NestJS ClientProxy snippet, for a real TCP connection.
import type { Page } from '@playwright/test';
import { addConnection, composeRequest, expect, test } from './patchbay-test';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const clipboardText = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('copies a TCP request as a Patchbay CLI line and as ClientProxy code', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-copy-as', host, port });
  await composeRequest(page, '{"cmd":"sum"}', '[1,2,3]');

  const copyAs = page.getByRole('button', { name: 'Copy as' });
  await copyAs.click();
  const menu = page.getByRole('menu', { name: 'Copy as' });
  await expect(menu.getByRole('menuitem')).toHaveText([/^NestJS ClientProxy/, /^Patchbay CLI/]);
  await expect(menu.getByRole('menuitemradio', { name: /^Send/ })).toHaveAttribute('aria-checked', 'true');
  await expect(menu.getByRole('menuitemradio', { name: /^Send/ })).toBeFocused();
  await page.screenshot({ path: test.info().outputPath('copy-as-menu.png'), clip: { x: 640, y: 0, width: 800, height: 320 } });

  await menu.getByRole('menuitem', { name: /^Patchbay CLI/ }).click();
  await expect(menu).toBeHidden();
  await expect(page.getByRole('status', { name: 'Copy as status' })).toHaveText('Copied as Patchbay CLI');
  expect(await clipboardText(page)).toBe(`npx patchbay send tcp://${host}:${port} '{"cmd":"sum"}' '[1,2,3]'`);

  await copyAs.click();
  await menu.getByRole('menuitem', { name: /^NestJS ClientProxy/ }).click();
  await expect(page.getByRole('status', { name: 'Copy as status' })).toHaveText('Copied as NestJS ClientProxy');
  expect(await clipboardText(page)).toBe(`import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

const client = ClientProxyFactory.create({
  transport: Transport.TCP,
  options: { host: '${host}', port: ${port} },
});

try {
  const reply = await lastValueFrom(client.send({ cmd: 'sum' }, [1, 2, 3]));
  console.log(reply);
} finally {
  await client.close();
}
`);
});

test('copies an emit chosen from the keyboard, and closes on Escape', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-copy-keyboard', host, port });
  await composeRequest(page, 'user.created', '{"note":"it\'s $HOME"}');

  const copyAs = page.getByRole('button', { name: 'Copy as' });
  await copyAs.focus();
  await page.keyboard.press('ArrowDown');
  const menu = page.getByRole('menu', { name: 'Copy as' });
  await expect(menu.getByRole('menuitemradio', { name: /^Send/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(copyAs).toBeFocused();

  await copyAs.click();
  await menu.getByRole('menuitemradio', { name: /^Emit/ }).click();
  await expect(menu.getByRole('menuitemradio', { name: /^Emit/ })).toHaveAttribute('aria-checked', 'true');
  await menu.getByRole('menuitem', { name: /^Patchbay CLI/ }).click();
  await expect(page.getByRole('status', { name: 'Copy as status' })).toHaveText('Copied as Patchbay CLI');
  expect(await clipboardText(page)).toBe(`npx patchbay emit tcp://${host}:${port} user.created '{"note":"it'\\''s $HOME"}'`);
});
