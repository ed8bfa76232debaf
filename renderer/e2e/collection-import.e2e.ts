// Starting collections from what a team already has, in the app: a Nest project's sources become
// a collection whose requests run against the real Nest service, and a .proto's methods are added
// to a collection made in the app. Each test has an engine of its own.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './patchbay-test';

const nestApp = fileURLToPath(new URL('../../fixtures/nest/app', import.meta.url));
const usersProto = fileURLToPath(new URL('../../fixtures/nest/app/proto/users.proto', import.meta.url));

let dir: string;
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'patchbay-import-e2e-'));
});
test.afterEach(() => rm(dir, { recursive: true, force: true }));

test('a Nest project imported from the app runs green against its service', async ({ emptyApp: page, services }) => {
  const root = join(dir, 'fixture-app');
  await page.getByRole('button', { name: 'Add collection' }).click();
  await page.getByRole('menuitem', { name: 'Import Nest project…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import Nest project' });
  await dialog.getByLabel('Nest project folder').fill(nestApp);
  await dialog.getByLabel('Collection folder').fill(root);
  await dialog.getByLabel('Name (optional)').fill('nest fixture');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toBeHidden();
  const tree = page.getByRole('region', { name: 'nest fixture', exact: true });
  await expect(tree.getByRole('button', { name: 'DomainController', exact: true })).toBeVisible();
  expect((await readdir(join(root, 'DomainController'))).sort()).toEqual(['createOrder.yaml', 'createUser.yaml', 'getOrder.yaml', 'userCreated.yaml']);

  // Point the imported environment at the Nest 12 fixture in the environment view, then run the controller's folder.
  const { host, port } = services.nest['12'].tcp;
  await tree.getByRole('button', { name: 'createOrder', exact: true }).click();
  await page.getByRole('button', { name: 'Edit environments' }).click();
  const editor = page.getByRole('region', { name: 'Environments of nest fixture' }).getByRole('form', { name: 'Environment local' });
  await expect(editor.getByLabel('Value of tcpPort')).toHaveValue('3000');
  await editor.getByLabel('Value of host').fill(host);
  await editor.getByLabel('Value of tcpPort').fill(String(port));
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();
  expect(await readFile(join(root, 'environments/local.yaml'), 'utf8')).toContain(`  host: ${host}\n  tcpPort: ${port}\n`);

  await tree.getByRole('button', { name: 'Actions for DomainController' }).click();
  await page.getByRole('menuitem', { name: 'Run folder' }).click();
  const run = page.getByRole('region', { name: 'Run of nest fixture' });
  await expect(run.getByRole('status', { name: 'Run passed' })).toBeVisible();
  await expect(run.getByRole('list', { name: 'Results' }).getByRole('listitem')).toHaveText([
    /^createOrderDomainController\/createOrder\.yamlPassed/,
    /^createUserDomainController\/createUser\.yamlPassed/,
    /^getOrderDomainController\/getOrder\.yamlPassed/,
    /^userCreatedDomainController\/userCreated\.yamlPassed/,
  ]);
});

test('a .proto imported into a new collection adds one request per method and its gRPC connection', async ({ emptyApp: page }) => {
  const root = join(dir, 'users');
  await page.getByRole('button', { name: 'Add collection' }).click();
  await page.getByRole('menuitem', { name: 'New collection…' }).click();
  const create = page.getByRole('dialog', { name: 'New collection' });
  await create.getByLabel('Name').fill('users');
  await create.getByLabel('Folder').fill(root);
  await create.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(create).toBeHidden();
  const tree = page.getByRole('region', { name: 'users', exact: true });

  await tree.getByRole('button', { name: 'Actions for users' }).click();
  await page.getByRole('menuitem', { name: 'Import .proto…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import .proto' });
  await dialog.getByLabel('.proto file').fill('proto/users.proto');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText('"proto/users.proto" is a relative path. Give the .proto file as an absolute path, e.g. /home/me/users-service/proto/users.proto.');
  await dialog.getByLabel('.proto file').fill(usersProto);
  await dialog.getByLabel('Target (optional)').fill('grpc://127.0.0.1:5000?proto=users.proto');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole('alert', { name: 'Collection notices' })).toHaveText(`Imported 6 requests from ${usersProto}. Added the connection "grpc": check its host and port in the manifest.`);
  await expect(tree.getByRole('button', { name: 'UsersService', exact: true })).toBeVisible();
  for (const method of ['GetUser', 'ListUsers', 'CreateUsers', 'Chat', 'Echo', 'Fail']) await expect(tree.getByRole('button', { name: method, exact: true })).toBeVisible();
  expect(await readFile(join(root, 'patchbay-collection.yaml'), 'utf8')).toBe('patchbay: 1\nname: users\nconnections:\n  grpc:\n    target: grpc://127.0.0.1:5000?proto=users.proto\n');
  expect(await readFile(join(root, 'UsersService/GetUser.yaml'), 'utf8')).toBe('connection: grpc\npattern: users.UsersService/GetUser\ndata:\n  id: 0\n');
});
