// Running a collection from the app against a real Nest 12 service: results come in live, a file
// changed on disk changes the next run, variables show their values on hover, and a secret set in
// the environment view never lands in the collection's files.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'yaml';
import { environmentSchema } from '../../shared/collection';
import { expect, test } from './patchbay-test';
import { copySampleCollection, filesUnder, openCollectionInApp, useRemoveAfterTest } from './temp-collection';

/** A last request that takes a while, so the run can be seen in progress. */
const waitRequest = `name: wait a moment
order: 5
connection: tcp
pattern: { cmd: slow }
data:
  ms: 2500
assert:
  - path: sleptMs
    equals: 2500
`;

const removeAfterTest = useRemoveAfterTest();

const runRegion = (page: Page) => page.getByRole('region', { name: 'Run of users-service' });
/** The run's results, in the order they finished. */
const results = (page: Page) => runRegion(page).getByRole('list', { name: 'Results' }).getByRole('listitem');

async function runFromSidebar(page: Page) {
  await page.getByRole('button', { name: 'Actions for users-service' }).click();
  await page.getByRole('menuitem', { name: 'Run collection' }).click();
}

test('runs a collection live, and a re-run after a file changed fails exactly the broken request', async ({ emptyApp: page, services }) => {
  const collection = removeAfterTest(await copySampleCollection(services.nest['12'].tcp, { 'tcp/wait.yaml': waitRequest }));
  await openCollectionInApp(page, collection.root);

  await runFromSidebar(page);
  const run = runRegion(page);
  await expect(run.getByRole('heading', { name: 'Run · users-service' })).toBeVisible();
  await expect(run.getByText('in environment local')).toBeVisible();
  // Live: four results are in while the fifth (2.5 s) is still going.
  await expect(results(page)).toHaveCount(4);
  await expect(run.getByRole('status', { name: 'Run running' })).toBeVisible();
  await expect(run.getByRole('button', { name: 'Stop' })).toBeVisible();
  await expect(results(page)).toHaveText([/^sumtcp\/sum\.yamlPassed/, /^create usertcp\/create-user\.yamlPassed/, /^get created usertcp\/get-user\.yamlPassed/, /^unknown user failstcp\/missing-user\.yamlPassed/]);

  await expect(run.getByRole('status', { name: 'Run passed' })).toBeVisible();
  await expect(results(page)).toHaveCount(5);
  await expect(results(page).nth(4)).toHaveAccessibleName('wait a moment');
  await expect(results(page).nth(4)).toContainText('Passed');
  await expect(run.getByRole('button', { name: 'Stop' })).toBeHidden();
  for (const [term, count] of [['Passed', 5], ['Failed', 0], ['Errored', 0], ['Skipped', 0]] as const) await expect(run.getByLabel(`${term}: ${count}`, { exact: true })).toBeVisible();

  // Opening a result shows every assertion and what it captured.
  await results(page).filter({ has: page.getByRole('button', { name: /^create user/ }) }).getByRole('button').click();
  await expect(run.getByRole('list', { name: 'Assertions of create user' }).getByRole('listitem')).toHaveText(['Held:path name equals "Ada"', 'Held:path id exists']);
  await expect(run.getByRole('table', { name: 'Captured by create user' })).toContainText(/^userId\d+$/);

  // Break one assertion on disk (and rename the request, which the sidebar shows once the change is read).
  const sumFile = join(collection.root, 'tcp/sum.yaml');
  const sum = await readFile(sumFile, 'utf8');
  await writeFile(sumFile, sum.replace('name: sum', 'name: sum of three').replace('equals: 6', 'equals: 7'));
  await expect(page.getByRole('button', { name: 'sum of three', exact: true })).toBeVisible();

  await run.getByRole('button', { name: 'Run again' }).click();
  await expect(run.getByRole('status', { name: 'Run failed' })).toBeVisible();
  await expect(results(page)).toHaveText([
    /^sum of threetcp\/sum\.yamlFailed.*path \$ equals 7: expected 7, got 6$/,
    /^create usertcp\/create-user\.yamlPassed/,
    /^get created usertcp\/get-user\.yamlPassed/,
    /^unknown user failstcp\/missing-user\.yamlPassed/,
    /^wait a momenttcp\/wait\.yamlPassed/,
  ]);
  for (const [term, count] of [['Passed', 4], ['Failed', 1], ['Errored', 0], ['Skipped', 0]] as const) await expect(run.getByLabel(`${term}: ${count}`, { exact: true })).toBeVisible();
});

test('shows a variable’s value and source on hover in the request editor', async ({ emptyApp: page, services }) => {
  const collection = removeAfterTest(await copySampleCollection(services.nest['12'].tcp, {
    'tcp/missing-user.yaml': 'name: unknown user fails\norder: 4\nconnection: tcp\npattern: { cmd: get_user }\ndata:\n  id: "{{missingId}}"\n  tenant: "{{tenant}}"\nassert:\n  - ok: false\n',
  }));
  await writeFile(join(collection.root, 'environments/local.yaml'), `variables:\n  host: ${services.nest['12'].tcp.host}\n  tcpPort: ${services.nest['12'].tcp.port}\n  missingId: 99999\n`);
  await openCollectionInApp(page, collection.root);
  await page.getByRole('button', { name: 'unknown user fails', exact: true }).click();

  await page.getByText('{{missingId}}').hover();
  await expect(page.getByRole('tooltip')).toHaveText('missingId = 99999 · environment');
  await page.getByText('{{tenant}}').hover();
  await expect(page.getByRole('tooltip')).toHaveText('tenant · not defined in local');
});

test('flags a missing secret, and setting it clears the flag without writing it into the collection', async ({ emptyApp: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  const staging = `variables:\n  host: ${host}\n  tcpPort: ${port}\nsecrets:\n  - apiToken\n`;
  const collection = removeAfterTest(await copySampleCollection(services.nest['12'].tcp, { 'environments/staging.yaml': staging }));
  const before = await filesUnder(collection.root);
  await openCollectionInApp(page, collection.root);
  await page.getByRole('button', { name: 'sum', exact: true }).click();

  await page.getByLabel('Environment', { exact: true }).selectOption('staging');
  const flag = page.getByRole('img', { name: 'Secret apiToken has no value on this machine — set it in the environment' });
  await expect(flag).toBeVisible();

  await page.getByRole('button', { name: 'Edit environments' }).click();
  const view = page.getByRole('region', { name: 'Environments of users-service' });
  await expect(view.getByRole('button', { name: 'staging' })).toHaveAttribute('aria-current', 'page');
  const secret = view.getByRole('listitem', { name: 'Secret apiToken' });
  await expect(secret.getByRole('status')).toHaveAccessibleName('apiToken: Missing');
  await secret.getByLabel('Value of secret apiToken').fill('s3cret-4711');
  await secret.getByRole('button', { name: 'Set apiToken' }).click();
  await expect(secret.getByRole('status')).toHaveAccessibleName('apiToken: Set on this machine');
  await expect(secret.getByLabel('Value of secret apiToken')).toHaveValue('');

  await view.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByLabel('Environment', { exact: true })).toHaveValue('staging');
  await expect(flag).toBeHidden();

  // The collection's own files are as they were; only the git-ignored local folder may hold it.
  expect(await filesUnder(collection.root, ['.patchbay'])).toEqual(before);
});

test('edits an environment’s variables and creates a new environment', async ({ emptyApp: page, services }) => {
  const collection = removeAfterTest(await copySampleCollection(services.nest['12'].tcp));
  await openCollectionInApp(page, collection.root);
  await page.getByRole('button', { name: 'sum', exact: true }).click();
  await page.getByRole('button', { name: 'Edit environments' }).click();
  const view = page.getByRole('region', { name: 'Environments of users-service' });
  const editor = view.getByRole('form', { name: 'Environment local' });
  await expect(editor.getByLabel('Value of tcpPort')).toHaveValue(String(services.nest['12'].tcp.port));
  await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();

  await editor.getByRole('button', { name: 'Add variable' }).click();
  await editor.getByLabel('Name of variable 3').fill('tenant');
  await editor.getByLabel('Value of tenant').fill('acme');
  await editor.getByRole('button', { name: 'Add variable' }).click();
  await editor.getByLabel('Name of variable 4').fill('limits');
  await editor.getByLabel('Value of limits').fill('{"max": 10}');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('button', { name: 'Save' })).toBeDisabled();
  const local = parse(await readFile(join(collection.root, 'environments/local.yaml'), 'utf8')) as { variables: Record<string, unknown> };
  expect(local.variables).toEqual({ host: services.nest['12'].tcp.host, tcpPort: services.nest['12'].tcp.port, tenant: 'acme', limits: { max: 10 } });

  await view.getByRole('button', { name: 'New environment' }).first().click();
  await view.getByLabel('Name of the new environment').fill('local');
  await view.getByRole('button', { name: 'Create' }).click();
  await expect(view.getByText('There is already an environment named local: pick another name')).toBeVisible();
  await view.getByLabel('Name of the new environment').fill('production');
  await view.getByRole('button', { name: 'Create' }).click();
  await expect(view.getByRole('button', { name: 'production' })).toHaveAttribute('aria-current', 'page');
  await expect(view.getByRole('form', { name: 'Environment production' }).getByText('No variables yet.')).toBeVisible();
  expect(environmentSchema.parse(parse(await readFile(join(collection.root, 'environments/production.yaml'), 'utf8')) ?? {})).toEqual({ variables: {}, secrets: [] });
});

test('says why a run cannot start, with the file and line', async ({ emptyApp: page, services }) => {
  const collection = removeAfterTest(await copySampleCollection(services.nest['12'].tcp, { 'tcp/sum.yaml': 'name: sum\nconnection: tcp\npattern: { cmd: sum\n' }));
  await openCollectionInApp(page, collection.root);
  await page.getByRole('button', { name: 'Actions for tcp' }).click();
  await page.getByRole('menuitem', { name: 'Run folder' }).click();

  const run = page.getByRole('region', { name: 'Run of users-service' });
  await expect(run.getByRole('status', { name: 'Run could not run' })).toBeVisible();
  await expect(run.getByRole('alert')).toContainText(/tcp\/sum\.yaml:\d+:\d+/);
  await expect(results(page)).toHaveCount(0);
});
