// Sagas in the app against the order saga's real Nest services (fixtures/nest/saga): a copy of
// fixtures/collections/order-saga opened as a user does, its saga run with the payment declined
// (the timeline shows the failed payment and the compensations in reverse order), run again
// with a good card (completed), the two runs compared side by side, and a kept run re-run as it was.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './patchbay-test';
import { copyOrderSaga } from './saga-collection';
import { openCollectionInApp, useRemoveAfterTest } from './temp-collection';

const removeAfterTest = useRemoveAfterTest();

const sagaRegion = (page: Page) => page.getByRole('region', { name: 'Saga Place order' });
const timelineRows = (page: Page) => sagaRegion(page).getByRole('list', { name: 'Steps and compensations' }).getByRole('listitem');
const keptRuns = (page: Page) => sagaRegion(page).getByRole('list', { name: 'Kept runs' }).getByRole('listitem');
const MS = '\\d[\\d,.]* ms';
const CLOCK = '\\d\\d:\\d\\d:\\d\\d';
const row = (text: string) => new RegExp(`^${text}(${MS})?$`);
/** The timeline of a run whose payment failed twice: the last step not run, the three before it undone in reverse. */
const FAILED_AT_PAYMENT = [
  row('createOrderCompleted'),
  row('reserveInventoryCompleted'),
  row('processPaymentFailed · 2 attempts'),
  'confirmOrderSkippednot run—',
  row('↩ processPaymentCompensated'),
  row('↩ reserveInventoryCompensated'),
  row('↩ createOrderCompensated'),
];

test('runs the order saga with a declined payment and a good one, compares the runs and re-runs one', async ({ emptyApp: page }) => {
  const collection = removeAfterTest(await copyOrderSaga());
  await openCollectionInApp(page, collection.root, 'order-saga');

  // The saga sits in the collection's tree, in its folder after the requests.
  await page.getByRole('list', { name: 'order-saga requests' }).getByRole('button', { name: 'place-order saga', exact: true }).click();
  const saga = sagaRegion(page);
  await expect(saga.getByRole('heading', { name: 'Place order' })).toBeVisible();
  await expect(saga.getByText('place-order.saga.yaml', { exact: true })).toBeVisible();
  await expect(saga.getByRole('table', { name: 'Steps as defined' }).getByRole('row')).toHaveText([
    '#StepDoesConnectionPatternCompensation',
    '1createOrderrequestorders{"cmd":"orders.create"}orders · {"cmd":"orders.cancel"}',
    '2reserveInventoryrequestinventory{"cmd":"inventory.reserve"}inventory · {"cmd":"inventory.release"}',
    '3processPaymentrequest, retry ×1payment{"cmd":"payment.process"}payment · {"cmd":"payment.refund"} (also on its own failure)',
    '4confirmOrderrequestorders{"cmd":"orders.confirm"}—',
  ]);
  await expect(saga.getByText('Not run yet')).toBeVisible();

  // Declined: the payment fails twice (one retry), the last step is not run, and what completed is undone in reverse.
  await saga.getByLabel('Environment', { exact: true }).selectOption('declined');
  await saga.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(saga.getByRole('status', { name: 'Saga failed' })).toBeVisible();
  await expect(timelineRows(page)).toHaveText(FAILED_AT_PAYMENT);
  await expect(saga.getByRole('note', { name: 'Outcome' })).toHaveText('Failed at processPayment: card declined — compensated processPayment, reserveInventory, createOrder.');
  // The failed attempt is shown first: where it broke, and every attempt with its retry wait.
  const failedAttempt = saga.getByRole('region', { name: 'Details of processPayment, attempt 2' });
  await expect(failedAttempt.getByRole('note', { name: 'Error' })).toHaveText('The service answered with an errorremote-errorcard declined');
  await expect(failedAttempt.getByRole('table', { name: 'Attempts of processPayment' }).getByRole('row')).toHaveText([
    '#StartedTookResultThen',
    new RegExp(`^1${MS}${MS}card declinedwaited ${MS}$`),
    new RegExp(`^2${MS}${MS}card declinedgave up$`),
  ]);
  // Another bar: the inventory's reply.
  await saga.getByRole('button', { name: /^reserveInventory, attempt 1: ok/ }).click();
  const reserve = saga.getByRole('region', { name: 'Details of reserveInventory, attempt 1' });
  await expect(reserve.getByRole('textbox', { name: 'Reply of reserveInventory' })).toContainText('"status": "reserved"');
  await expect(reserve.getByRole('textbox', { name: 'Request sent by reserveInventory' })).toContainText('"cmd": "inventory.reserve"');

  // A good card: completed, no compensations.
  await saga.getByLabel('Environment', { exact: true }).selectOption('local');
  await saga.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(saga.getByRole('status', { name: 'Saga completed' })).toBeVisible();
  await expect(timelineRows(page)).toHaveText([row('createOrderCompleted'), row('reserveInventoryCompleted'), row('processPaymentCompleted'), row('confirmOrderCompleted')]);
  await expect(keptRuns(page)).toHaveText([new RegExp(`^Completed${MS}${CLOCK} · local$`), new RegExp(`^Failed at processPayment${MS}${CLOCK} · declined$`)]);

  // Side by side: the same steps, where they went differently, and what the services answered.
  await keptRuns(page).nth(0).getByRole('checkbox').check();
  await keptRuns(page).nth(1).getByRole('checkbox').check();
  await saga.getByRole('button', { name: 'Compare' }).click();
  const comparison = saga.getByRole('region', { name: 'Comparison' });
  await expect(comparison.getByRole('list', { name: /^Timeline of the run of/ })).toHaveCount(2);
  await expect(comparison.getByRole('list', { name: /^Timeline of the run of/ }).nth(1).getByRole('listitem')).toHaveCount(7);
  const steps = comparison.getByRole('table', { name: 'Step by step' }).getByRole('row');
  await expect(steps).toHaveCount(6);
  await expect(steps.nth(2)).toHaveText(new RegExp(`^createOrderCompleted${MS}1Completed, compensated${MS}1Different: id$`));
  await expect(steps.nth(3)).toHaveText(new RegExp(`^reserveInventoryCompleted${MS}1Completed, compensated${MS}1Different: orderId$`));
  await expect(steps.nth(4)).toHaveText(new RegExp(`^processPaymentCompleted${MS}1Failed, compensated${MS}2Only the run of ${CLOCK} has one$`));
  await expect(steps.nth(5)).toHaveText(new RegExp(`^confirmOrderCompleted${MS}1Skipped—0Only the run of ${CLOCK} has one$`));
  await comparison.getByRole('button', { name: 'Close comparison' }).click();
  await expect(comparison).toBeHidden();

  // Re-run the declined one as it was: its environment, whatever the switcher says now.
  await keptRuns(page).nth(1).getByRole('button', { name: /^Re-run the run of/ }).click();
  await expect(keptRuns(page)).toHaveCount(3);
  await expect(keptRuns(page).nth(0)).toHaveText(new RegExp(`^Failed at processPayment${MS}${CLOCK} · declined$`));
  await expect(saga.getByRole('status', { name: 'Saga failed' })).toBeVisible();
  await expect(timelineRows(page)).toHaveCount(7);

  // Delete a kept run.
  await keptRuns(page).nth(2).getByRole('button', { name: /^Delete the run of/ }).click();
  await expect(keptRuns(page)).toHaveCount(2);
  await expect(keptRuns(page)).toHaveText([/^Failed at processPayment/, /^Completed/]);
});

test('injects a failure at a step and shows the run of a saga that cannot start', async ({ emptyApp: page }) => {
  const collection = removeAfterTest(await copyOrderSaga());
  await writeFile(join(collection.root, 'broken.saga.yaml'), 'name: Broken\nsteps:\n  - id: first\n    request: { connection: billing, pattern: charge, data: {} }\n');
  await openCollectionInApp(page, collection.root, 'order-saga');
  await page.getByRole('button', { name: 'place-order saga', exact: true }).click();
  const saga = sagaRegion(page);
  await saga.getByLabel('Environment', { exact: true }).selectOption('local');
  await saga.getByLabel('Inject failure').selectOption('confirmOrder:error');
  await saga.getByLabel('Error message').fill('warehouse closed');
  await saga.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(saga.getByRole('status', { name: 'Saga failed' })).toBeVisible();
  await expect(saga.getByRole('note', { name: 'Outcome' })).toHaveText('Failed at confirmOrder: warehouse closed — compensated processPayment, reserveInventory, createOrder.');
  await expect(timelineRows(page).nth(3)).toHaveText(row('confirmOrderFailed'));
  await expect(saga.getByRole('region', { name: 'Details of confirmOrder, attempt 1' }).getByRole('note', { name: 'Error' })).toHaveText('Injected failureremote-errorwarehouse closed');
  await expect(keptRuns(page).nth(0)).toHaveText(new RegExp(`^Failed at confirmOrder${MS}${CLOCK} · local · injected confirmOrder: error reply "warehouse closed"$`));

  await page.getByRole('button', { name: 'broken saga', exact: true }).click();
  const broken = page.getByRole('region', { name: 'Saga broken' });
  await expect(broken.getByRole('alert')).toContainText('broken.saga.yaml:4:28: Unknown connection "billing". The manifest has: orders, inventory, payment.');
  await broken.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(broken.getByRole('status', { name: 'Saga could not run' })).toBeVisible();
  await expect(broken.getByRole('list', { name: 'Kept runs' }).getByRole('listitem')).toHaveText([/^Could not run—\d\d:\d\d:\d\d · local$/]);
});

test('shows a run live and stops it in its retry wait: the payment fails as stopped and what completed is compensated', async ({ emptyApp: page }) => {
  const collection = removeAfterTest(await copyOrderSaga());
  await openCollectionInApp(page, collection.root, 'order-saga');
  await page.getByRole('button', { name: 'slow-retry saga', exact: true }).click();
  const saga = page.getByRole('region', { name: 'Saga Slow retry' });
  await saga.getByLabel('Environment', { exact: true }).selectOption('declined');
  await saga.getByRole('button', { name: 'Run', exact: true }).click();
  const rows = saga.getByRole('list', { name: 'Steps and compensations' }).getByRole('listitem');
  // Live: the payment failed once and waits to retry; the last step waits its turn.
  await expect(saga.getByRole('status', { name: 'Saga running' })).toBeVisible();
  await expect(saga.getByRole('button', { name: /^processPayment, attempt 1: failed \(card declined\), \d+(\.\d)? ms, retried after 20,000 ms$/ })).toBeVisible();
  await expect(rows.nth(3)).toHaveText('confirmOrderWaiting');
  await expect(saga.getByRole('list', { name: 'Kept runs' }).getByRole('listitem')).toHaveText([/^Running…\d\d:\d\d:\d\d · declined$/]);

  await saga.getByRole('button', { name: 'Stop' }).click();
  await expect(saga.getByRole('status', { name: 'Saga failed' })).toBeVisible();
  await expect(rows).toHaveText(FAILED_AT_PAYMENT);
  await expect(saga.getByRole('region', { name: 'Details of processPayment, attempt 2' }).getByRole('note', { name: 'Error' })).toHaveText('StoppedstoppedThe saga run was stopped.');
  await expect(saga.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
});
