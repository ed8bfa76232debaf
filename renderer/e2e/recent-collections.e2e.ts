// Recent collections in the empty Collections panel: a folder opened before is one click away
// after it was closed, and one that moved away says so.
import { rm } from 'node:fs/promises';
import { expect, test } from './patchbay-test';
import { copySampleCollection, openCollectionInApp, useRemoveAfterTest } from './temp-collection';

const removeAfterTest = useRemoveAfterTest();

test('lists a closed collection under Recent and opens it again with one click', async ({ emptyApp: page, services }) => {
  const collection = removeAfterTest(await copySampleCollection(services.nest['12'].tcp));
  const recent = page.getByRole('navigation', { name: 'Recent' });
  await expect(recent).toBeHidden();

  await openCollectionInApp(page, collection.root);
  await page.getByRole('button', { name: 'Actions for users-service' }).click();
  await page.getByRole('menuitem', { name: 'Close collection' }).click();
  await expect(page.getByRole('region', { name: 'users-service', exact: true })).toBeHidden();

  const entry = recent.getByRole('button', { name: `Open users-service (${collection.root})` });
  await expect(recent.getByRole('button')).toHaveCount(1);
  await expect(entry).toHaveText(`users-service${collection.root}`);
  await page.getByRole('region', { name: 'Collections', exact: true }).screenshot({ path: test.info().outputPath('recent-collections.png') });

  await entry.click();
  await expect(page.getByRole('region', { name: 'users-service', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Actions for users-service' }).click();
  await page.getByRole('menuitem', { name: 'Close collection' }).click();
  await rm(collection.root, { recursive: true });
  await entry.click();
  await expect(page.getByRole('alert', { name: 'Collection notices' })).toContainText(`Could not open the collection at ${collection.root}:`);
});
