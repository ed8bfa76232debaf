// Collections in the app, against the real engine and a real Nest 12 TCP service: a copy of
// fixtures/collections/users-service opened from the sidebar survives a round trip through the UI
// byte for byte, an edit changes exactly its line, a file that does not parse is reported and never
// overwritten, tree actions make exactly the files they say, a send shows its reply and
// assertions, and unsaved edits come back after a reload. Each test has an engine of its own.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, payloadEditor, responseRegion, test, type Services } from './patchbay-test';
import { copySampleCollection, filesUnder, useRemoveAfterTest } from './temp-collection';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const REQUESTS = ['sum', 'create user', 'get created user', 'unknown user fails', 'get seeded user', 'list users'];

/** The copy the running test made, removed after it whatever its outcome. */
const removeAfterTest = useRemoveAfterTest();

/** A copy of the fixture collection, gRPC requests included, whose `local` environment points at the Nest 12 TCP service. */
async function copyCollection(services: Services): Promise<string> {
  const collection = removeAfterTest(await copySampleCollection(services.nest['12'].tcp, {}, { keepGrpc: true }));
  return collection.root;
}

const text = (root: string, path: string) => readFileSync(join(root, path), 'utf8');

/** The RPC calls the page makes, with their results: to know a save or a draft reached the engine. */
function watchCalls(page: Page) {
  const calls: { id: number; command: string; input: unknown; result?: { ok: boolean; value?: unknown } }[] = [];
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { type: string; id: number; command: string; input: unknown };
      if (frame.type === 'call') calls.push({ id: frame.id, command: frame.command, input: frame.input });
    });
    socket.on('framereceived', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { type: string; id: number; result: { ok: boolean; value?: unknown } };
      if (frame.type !== 'result') return;
      const call = calls.findLast((candidate) => candidate.id === frame.id);
      if (call) call.result = frame.result;
    });
  });
  return (command: string) => calls.filter((call) => call.command === command);
}

async function openCollection(page: Page, root: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Add collection' }).click();
  await page.getByRole('menuitem', { name: 'Open collection…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open collection' });
  await dialog.getByLabel('Folder').fill(root);
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(dialog).toBeHidden();
  const tree = page.getByRole('region', { name: 'users-service' });
  await expect(tree.getByRole('button', { name: 'sum', exact: true })).toBeVisible();
  return tree;
}

const tabs = (page: Page) => page.getByRole('tablist', { name: 'Open requests' });
const saveStatus = (page: Page) => page.getByRole('status', { name: 'Save status' });

test('opens every request, saves each with Ctrl+S and closes it: every file stays byte for byte the same', async ({ emptyApp: page, services }) => {
  const root = await copyCollection(services);
  const saves = watchCalls(page);
  await page.reload();
  const tree = await openCollection(page, root);
  const before = await filesUnder(root);

  for (const name of REQUESTS) {
    await tree.getByRole('button', { name, exact: true }).click();
    await expect(tabs(page).getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Control+s');
    await expect.poll(() => saves('collection.saveRequest').filter((call) => call.result).length).toBe(REQUESTS.indexOf(name) + 1);
    await expect(saveStatus(page)).toHaveText('Saved');
  }
  // The engine found every request unchanged, so it left every file alone.
  expect(saves('collection.saveRequest').map((call) => call.result)).toEqual(REQUESTS.map(() => ({ ok: true, value: { path: expect.any(String), changed: false } })));

  for (const name of REQUESTS) await page.getByRole('button', { name: `Close ${name}` }).click();
  await expect(tabs(page).getByRole('tab')).toHaveCount(0);
  expect(await filesUnder(root)).toEqual(before);
});

test('an edited payload changes exactly its line in the file, and nothing else on disk', async ({ emptyApp: page, services }) => {
  const root = await copyCollection(services);
  const tree = await openCollection(page, root);
  const before = await filesUnder(root);
  const original = text(root, 'tcp/create-user.yaml');

  await tree.getByRole('button', { name: 'create user', exact: true }).click();
  await payloadEditor(page).fill('{\n  "name": "Ada",\n  "email": "ada@lovelace.dev"\n}');
  await expect(tabs(page).getByRole('tab', { name: 'create user unsaved' })).toBeVisible();
  await expect(saveStatus(page)).toHaveText('Unsaved');
  await page.keyboard.press('Control+s');
  await expect(saveStatus(page)).toHaveText('Saved');
  await expect(tabs(page).getByRole('tab', { name: 'create user', exact: true })).toBeVisible();

  expect(text(root, 'tcp/create-user.yaml')).toBe(original.replace('  email: ada@example.com\n', '  email: ada@lovelace.dev\n'));
  const after = await filesUnder(root);
  delete after['tcp/create-user.yaml'];
  delete before['tcp/create-user.yaml'];
  expect(after).toEqual(before);
});

test('a request file that does not parse shows its problem in the tree and is never overwritten', async ({ emptyApp: page, services }) => {
  const root = await copyCollection(services);
  const tree = await openCollection(page, root);
  const corrupted = 'name: get created user\nconnection: tcp\npattern: { cmd: get_user\ndata:\n  id: 1\n';

  // Edits in a tab, then the file breaks on disk (a half-finished edit in another editor).
  await tree.getByRole('button', { name: 'get created user', exact: true }).click();
  await payloadEditor(page).fill('{"id": 2}');
  writeFileSync(join(root, 'tcp/get-user.yaml'), corrupted);

  const broken = tree.getByRole('button', { name: 'get-user — cannot be read' });
  await expect(broken).toBeVisible();
  await expect(tree.getByText(/^tcp\/get-user\.yaml:4:1: /)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'The file on disk cannot be read now: tcp/get-user.yaml:4:1: ' })).toBeVisible();

  // Saving the edits is refused with the problem, and the file keeps what its author wrote.
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('alert').filter({ hasText: 'Patchbay does not overwrite a file it cannot read' })).toContainText('tcp/get-user.yaml:4:1');
  expect(text(root, 'tcp/get-user.yaml')).toBe(corrupted);

  // Closing the tab asks first, since it has edits.
  await page.getByRole('button', { name: 'Close get created user' }).click();
  await page.getByRole('dialog', { name: 'Close get created user?' }).getByRole('button', { name: 'Close without saving' }).click();
  await expect(tabs(page).getByRole('tab')).toHaveCount(0);

  // Clicking the broken file shows its problem, not an editor.
  await broken.click();
  await expect(page.getByRole('list', { name: 'Problems' })).toContainText('tcp/get-user.yaml:4:1: ');
  await expect(payloadEditor(page)).toHaveCount(0);

  // A new request cannot take its file name either.
  await tree.getByRole('button', { name: 'Actions for tcp' }).click();
  await page.getByRole('menuitem', { name: 'New request' }).click();
  await page.getByLabel('Pattern', { exact: true }).fill('users.find');
  await page.keyboard.press('Control+s');
  const saveAs = page.getByRole('dialog', { name: 'Save new request' });
  await saveAs.getByLabel('File name').fill('get-user');
  await saveAs.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(saveAs.getByRole('alert')).toHaveText('tcp/get-user.yaml already exists. Choose another name.');
  await saveAs.getByRole('button', { name: 'Cancel' }).click();
  expect(text(root, 'tcp/get-user.yaml')).toBe(corrupted);
});

test('new folder, new request, rename, duplicate, move and delete make exactly those files', async ({ emptyApp: page, services }) => {
  const root = await copyCollection(services);
  const tree = await openCollection(page, root);
  const before = await filesUnder(root);

  await tree.getByRole('button', { name: 'Actions for users-service' }).click();
  await page.getByRole('menuitem', { name: 'New folder…' }).click();
  const newFolder = page.getByRole('dialog', { name: 'New folder' });
  await newFolder.getByLabel('Folder name').fill('admin');
  await newFolder.getByRole('button', { name: 'Create' }).click();
  await expect(newFolder).toBeHidden();
  await expect(tree.getByRole('button', { name: 'admin', exact: true })).toBeVisible();
  expect(statSync(join(root, 'admin')).isDirectory()).toBe(true);

  await tree.getByRole('button', { name: 'Actions for admin' }).click();
  await page.getByRole('menuitem', { name: 'New request' }).click();
  await page.getByLabel('Pattern', { exact: true }).fill('users.wipe');
  await payloadEditor(page).fill('{"all": true}');
  await page.keyboard.press('Control+s');
  const saveAs = page.getByRole('dialog', { name: 'Save new request' });
  await saveAs.getByLabel('File name').fill('wipe');
  await saveAs.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(saveAs).toBeHidden();
  const wipe = 'connection: tcp\npattern: users.wipe\ndata:\n  all: true\n';
  expect(text(root, 'admin/wipe.yaml')).toBe(wipe);
  await expect(tabs(page).getByRole('tab', { name: 'wipe', exact: true })).toBeVisible();

  // F2 renames the focused row.
  await tree.getByRole('button', { name: 'wipe', exact: true }).focus();
  await page.keyboard.press('F2');
  const rename = page.getByRole('dialog', { name: 'Rename file' });
  await expect(rename.getByLabel('File name')).toHaveValue('wipe');
  await rename.getByLabel('File name').fill('wipe-all');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename).toBeHidden();
  await expect(tree.getByRole('button', { name: 'wipe-all', exact: true })).toBeVisible();
  expect(existsSync(join(root, 'admin/wipe.yaml'))).toBe(false);
  expect(text(root, 'admin/wipe-all.yaml')).toBe(wipe);
  // Its tab followed the file.
  await expect(tabs(page).getByRole('tab', { name: 'wipe-all', exact: true })).toBeVisible();

  await tree.getByRole('button', { name: 'Actions for wipe-all' }).click();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(tree.getByRole('button', { name: 'wipe-all copy', exact: true })).toBeVisible();
  expect(text(root, 'admin/wipe-all copy.yaml')).toBe(wipe);

  // The context menu (right click) moves the copy to the top level.
  await tree.getByRole('button', { name: 'wipe-all copy', exact: true }).click({ button: 'right' });
  await page.getByRole('menu', { name: 'Actions for wipe-all copy' }).getByRole('menuitem', { name: 'Move to…' }).click();
  const move = page.getByRole('dialog', { name: 'Move wipe-all copy.yaml' });
  await move.getByLabel('Folder').selectOption({ label: '(top level)' });
  await move.getByRole('button', { name: 'Move' }).click();
  await expect(move).toBeHidden();
  expect(text(root, 'wipe-all copy.yaml')).toBe(wipe);
  expect(existsSync(join(root, 'admin/wipe-all copy.yaml'))).toBe(false);

  // Delete asks first; the folder goes with what is in it.
  await tree.getByRole('button', { name: 'admin', exact: true }).focus();
  await page.keyboard.press('Delete');
  const confirm = page.getByRole('dialog', { name: 'Delete folder admin?' });
  await expect(confirm).toContainText('admin/ and the request in it are deleted from disk.');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(tree.getByRole('button', { name: 'admin', exact: true })).toHaveCount(0);
  // The tab of a file deleted from the app closes with it.
  await expect(tabs(page).getByRole('tab', { name: 'wipe-all', exact: true })).toHaveCount(0);

  expect(await filesUnder(root)).toEqual({ ...before, 'wipe-all copy.yaml': Buffer.from(wipe) });
});

test('sends a request from its tab: the reply value and its passing assertions show', async ({ emptyApp: page, services }) => {
  const root = await copyCollection(services);
  const tree = await openCollection(page, root);
  await tree.getByRole('button', { name: 'sum', exact: true }).click();
  await expect(page.getByLabel('Environment', { exact: true })).toHaveValue('local');
  await page.keyboard.press('Control+Enter');

  const response = responseRegion(page);
  await expect(response.getByRole('status', { name: 'Outcome' })).toHaveText('OK');
  await expect(response.getByRole('textbox', { name: 'Value' })).toHaveText('6');
  const assertions = response.getByRole('region', { name: 'Assertions' });
  await expect(assertions.getByRole('listitem')).toHaveCount(3);
  await expect(assertions.getByRole('img', { name: 'passed' })).toHaveCount(3);
  await expect(assertions).toContainText('Checks passed');
  await page.screenshot({ path: test.info().outputPath('collections-send.png') });

  // Copy as from the tab: the target and the variables filled in from the environment.
  const { host, port } = services.nest['12'].tcp;
  await page.getByRole('button', { name: 'Copy as' }).click();
  await page.getByRole('menu', { name: 'Copy as' }).getByRole('menuitem', { name: /^Patchbay CLI/ }).click();
  await expect(page.getByRole('status', { name: 'Copy as status' })).toHaveText('Copied as Patchbay CLI');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`npx patchbay send tcp://${host}:${port} '{"cmd":"sum"}' '[1,2,3]'`);
});

test('a reload brings back the open tabs and their unsaved edits', async ({ emptyApp: page, services }) => {
  const root = await copyCollection(services);
  const calls = watchCalls(page);
  await page.reload();
  const tree = await openCollection(page, root);
  const original = text(root, 'tcp/sum.yaml');

  await tree.getByRole('button', { name: 'create user', exact: true }).click();
  await tree.getByRole('button', { name: 'sum', exact: true }).click();
  await payloadEditor(page).fill('[7, 8]');
  await expect(tabs(page).getByRole('tab', { name: 'sum unsaved' })).toBeVisible();
  // Kept by the engine (debounced), before the page goes.
  await expect.poll(() => calls('drafts.save').some((call) => call.result?.ok && JSON.stringify(call.input).includes('[7, 8]'))).toBe(true);

  await page.reload();
  await expect(tabs(page).getByRole('tab')).toHaveText(['create user', 'sum']);
  await expect(tabs(page).getByRole('tab', { name: 'sum unsaved' })).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => payloadEditor(page).innerText()).toBe('[7, 8]');
  await expect(saveStatus(page)).toHaveText('Unsaved');
  expect(text(root, 'tcp/sum.yaml')).toBe(original);
});

test('a reload keeps an environment’s unsaved edit, and Save then writes it', async ({ emptyApp: page, services }) => {
  const root = await copyCollection(services);
  const calls = watchCalls(page);
  await page.reload();
  const tree = await openCollection(page, root);
  const original = text(root, 'environments/local.yaml');
  const keptEnvironmentDrafts = () => JSON.stringify((calls('drafts.save').findLast((call) => call.result?.ok)?.input as { value?: { environmentDrafts?: unknown } } | undefined)?.value?.environmentDrafts);

  await tree.getByRole('button', { name: 'sum', exact: true }).click();
  await page.getByRole('button', { name: 'Edit environments' }).click();
  const view = page.getByRole('region', { name: 'Environments of users-service' });
  const editor = view.getByRole('form', { name: 'Environment local' });
  await expect(editor.getByLabel('Value of grpcPort')).toHaveValue('5000');
  await editor.getByLabel('Value of grpcPort').fill('5001');
  await expect(editor.getByRole('button', { name: 'Save' })).toBeEnabled();
  // Kept by the engine (debounced), before the page goes.
  await expect.poll(keptEnvironmentDrafts).toContain('"name":"grpcPort","value":"5001"');

  await page.reload();
  await page.getByRole('button', { name: 'Edit environments' }).click();
  await expect(editor.getByLabel('Value of grpcPort')).toHaveValue('5001');
  await expect(editor.getByRole('button', { name: 'Save' })).toBeEnabled();
  await expect(editor.getByRole('button', { name: 'Revert' })).toBeEnabled();
  expect(text(root, 'environments/local.yaml')).toBe(original);

  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();
  await expect(editor.getByLabel('Value of grpcPort')).toHaveValue('5001');
  expect(text(root, 'environments/local.yaml')).toBe(original.replace('grpcPort: 5000\n', 'grpcPort: 5001\n'));
  // Saved: nothing is left to keep as a draft.
  await expect.poll(keptEnvironmentDrafts).toBe('{}');
});
