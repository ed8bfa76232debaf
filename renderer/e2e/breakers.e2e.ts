// Circuit breakers from the UI, the acceptance check: a breaker around a mock that fails
// every call opens at the configured threshold, rejects while open, half-opens after the reset
// timeout and closes on success — in the sidebar, the breaker view, the response and the traffic.
import type { Page } from '@playwright/test';
import { freePort } from '../../fixtures/nest/start.mjs';
import { addConnection, composeRequest, connectionItem, expect, responseRegion, test, trafficRegion } from './patchbay-test';
import { mockItem, startMock } from './mock-steps';

const FAILING_RULES = '{"rules": [{"name": "charge", "pattern": {"cmd": "charge"}, "reply": {"error": {"status": "error", "message": "Card declined"}}}]}';
const PASSING_RULES = '{"rules": [{"name": "charge", "pattern": {"cmd": "charge"}, "reply": {"value": {"charged": true}}}]}';

const breakerItem = (page: Page, name: string) => page.getByRole('list', { name: 'Breakers' }).getByRole('listitem', { name, exact: true });
const breakerRegion = (page: Page, name: string) => page.getByRole('region', { name: `Breaker ${name}` });
/** Sends the composed request from the composer and waits for its outcome. */
async function send(page: Page, connectionName: string) {
  await connectionItem(page, connectionName).getByRole('button', { name: connectionName, exact: true }).click();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
}

const outcome = (page: Page) => responseRegion(page).getByRole('status', { name: 'Outcome' });

test('a breaker around a failing mock opens at the threshold, rejects, half-opens and closes on success', async ({ app: page }) => {
  // A long user flow with a real reset timeout: three times the usual budget on a loaded machine.
  test.slow();
  const port = await freePort();
  await startMock(page, 'payments-mock', port, FAILING_RULES);
  await addConnection(page, { name: 'payments', host: '127.0.0.1', port });

  // The dialog checks what is typed, with the unit and an example.
  await page.getByRole('button', { name: 'New breaker' }).click();
  const dialog = page.getByRole('dialog', { name: 'New breaker' });
  await dialog.getByLabel('Connection').selectOption({ label: 'payments — ready' });
  await dialog.getByLabel('Pattern').fill('{"cmd":"charge"}');
  await dialog.getByLabel('Name', { exact: true }).fill('payments');
  await dialog.getByLabel('Volume threshold (calls)').fill('4');
  // A long window: on a loaded machine the sends below can take seconds each.
  await dialog.getByLabel('Rolling window (ms)').fill('60000');
  await dialog.getByLabel('Reset timeout (ms)').fill('1.5 s');
  await dialog.getByRole('button', { name: 'Create breaker' }).click();
  await expect(dialog.getByLabel('Reset timeout (ms)')).toHaveAccessibleDescription('Reset timeout must be a whole number of milliseconds above 0, e.g. 30000');
  await expect(dialog.getByLabel('Reset timeout (ms)')).toBeFocused();
  await dialog.getByLabel('Reset timeout (ms)').fill('6000');
  await expect(dialog.getByLabel('Error threshold (%)')).toHaveValue('50');
  await dialog.getByRole('button', { name: 'Create breaker' }).click();
  await expect(dialog).toBeHidden();

  const view = breakerRegion(page, 'payments');
  await expect(view.getByRole('status', { name: 'Breaker state' })).toHaveText('Closed');
  await expect(view.getByLabel('Guards')).toHaveText('{"cmd":"charge"} on payments');
  await expect(view.getByLabel('Options')).toHaveText('Opens at 50 % failed of ≥ 4 calls in 60 s (10 buckets) · timeout 3,000 ms · half-opens after 6,000 ms · no fallback');
  await expect(view.getByText('No transitions yet')).toBeVisible();
  const badge = breakerItem(page, 'payments').getByRole('status');
  await expect(badge).toHaveText('Closed');

  // Three failures stay under the volume threshold; the fourth opens it.
  await connectionItem(page, 'payments').getByRole('button', { name: 'payments', exact: true }).click();
  await composeRequest(page, '{"cmd":"charge"}', '{"amount":10}');
  for (let call = 1; call <= 3; call += 1) {
    await send(page, 'payments');
    await expect(outcome(page)).toHaveText('Remote error');
    await expect(responseRegion(page).getByLabel('Breaker verdict')).toHaveText('Through breaker payments (closed)Show breaker');
  }
  await expect(badge).toHaveText('Closed');
  await send(page, 'payments');
  await expect(badge).toHaveText('Open');

  // While open (the reset timeout runs), a send is rejected before it reaches the mock.
  await send(page, 'payments');
  await expect(outcome(page)).toHaveText('Rejected');
  await expect(responseRegion(page).getByLabel('Breaker verdict')).toHaveText('Rejected by breaker payments (open)Show breaker');
  await expect(responseRegion(page).getByText(/^Circuit breaker "payments" is open: 4 of 4 calls failed; it lets a trial call through in \d+\.\d s\. Reset it to send now\.$/)).toBeVisible();
  // The traffic log has the transition, in words, and the rejected send.
  const transitionRow = trafficRegion(page).getByRole('row').filter({ hasText: 'closed → open: 4 of 4 calls failed (100 % > 50 %)' });
  await expect(transitionRow.getByRole('cell').nth(2)).toHaveText('breaker');
  await expect(trafficRegion(page).getByRole('row').filter({ has: page.getByRole('cell', { name: 'rejected', exact: true }) })).toContainText('Circuit breaker \\"payments\\" is open');

  await responseRegion(page).getByRole('button', { name: 'Show breaker' }).click();
  const counts = view.getByLabel('Counts');
  await expect(counts.getByLabel('Fires')).toHaveText('5');
  await expect(counts.getByLabel('Failures')).toHaveText('4');
  await expect(counts.getByLabel('Rejects')).toHaveText('1');
  const transitions = view.getByRole('list', { name: 'Transitions' }).getByRole('listitem');
  await expect(transitions.last()).toHaveText(/^[\d:.]{12}closed→open4 of 4 calls failed \(100 % > 50 %\)$/);

  // The service recovers; after the reset timeout one trial call goes through and closes it.
  await mockItem(page, 'payments-mock').getByRole('button', { name: 'payments-mock', exact: true }).click();
  const mockView = page.getByRole('region', { name: 'Mock payments-mock' });
  await mockView.getByRole('textbox', { name: 'Rules' }).fill(PASSING_RULES);
  await mockView.getByRole('button', { name: 'Apply' }).click();
  await expect(mockView.getByRole('status').filter({ hasText: 'Applied' })).toBeVisible();
  await breakerItem(page, 'payments').getByRole('button', { name: 'payments', exact: true }).click();
  await expect(view.getByRole('status', { name: 'Breaker state' })).toHaveText('Half-open');
  await expect(view.getByText('Letting one trial call through: success closes it, failure opens it again')).toBeVisible();

  await send(page, 'payments');
  await expect(outcome(page)).toHaveText('OK');
  await expect(badge).toHaveText('Closed');
  await breakerItem(page, 'payments').getByRole('button', { name: 'payments', exact: true }).click();
  await expect(view.getByRole('status', { name: 'Breaker state' })).toHaveText('Closed');
  // Newest first: exactly the three steps of the cycle.
  await expect(transitions).toHaveText([/^[\d:.]{12}half-open→closedtrial call succeeded$/, /^[\d:.]{12}open→half-openreset timeout of 6000 ms passed/, /^[\d:.]{12}closed→open4 of 4 calls failed/]);
  await expect(view.getByRole('img', { name: /^State over time: closed .+, then open .+, then half-open .+, then closed .+$/ })).toBeVisible();

  // Trip forces it open; Reset closes it again with an empty window.
  await view.getByRole('button', { name: 'Trip' }).click();
  await expect(view.getByRole('status', { name: 'Breaker state' })).toHaveText('Open');
  await expect(view.getByText(/^Tripped by hand: rejecting calls · half-open/)).toBeVisible();
  await expect(transitions.first()).toHaveAccessibleName('closed → open');
  await expect(transitions.first()).toContainText('tripped by hand');
  await view.getByRole('button', { name: 'Reset' }).click();
  await expect(view.getByRole('status', { name: 'Breaker state' })).toHaveText('Closed');
  await expect(transitions.first()).toContainText('reset by hand');
  await expect(view.getByLabel('Counts').getByLabel('Fires')).toHaveText('0');

  await view.getByRole('button', { name: 'Delete' }).click();
  await expect(breakerItem(page, 'payments')).toHaveCount(0);
  await page.getByRole('button', { name: 'Stop payments-mock' }).click();
  await page.getByRole('button', { name: 'Close payments' }).click();
});

test('the hammer drives load through a breaker from the connection menu and shows it open and reject live', async ({ app: page }) => {
  test.slow();
  const port = await freePort();
  await startMock(page, 'inventory-mock', port, FAILING_RULES);
  await addConnection(page, { name: 'inventory', host: '127.0.0.1', port });

  // From the connection's menu: the dialog comes with the connection chosen.
  await connectionItem(page, 'inventory').getByRole('button', { name: 'inventory', exact: true }).click({ button: 'right' });
  await page.getByRole('menu', { name: 'inventory' }).getByRole('menuitem', { name: 'Add circuit breaker…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New breaker' });
  await expect(dialog.getByLabel('Connection')).toHaveValue(/.+/);
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveAttribute('placeholder', 'inventory');
  await dialog.getByLabel('Volume threshold (calls)').fill('4');
  await dialog.getByLabel('Reset timeout (ms)').fill('60000');
  await dialog.getByLabel('Rolling window (ms)').fill('60000');
  await dialog.getByLabel('Fallback reply (JSON)').fill('{"reserved": false');
  await dialog.getByRole('button', { name: 'Create breaker' }).click();
  await expect(dialog.getByLabel('Fallback reply (JSON)')).toHaveAccessibleDescription(/^Fallback is not valid JSON \(.+\): fix it, or leave it empty for no fallback$/);
  await dialog.getByLabel('Fallback reply (JSON)').fill('');
  await dialog.getByRole('button', { name: 'Create breaker' }).click();
  await expect(dialog).toBeHidden();

  // A connection-wide breaker: the hammer asks which pattern to send.
  const view = breakerRegion(page, 'inventory');
  await expect(view.getByLabel('Guards')).toHaveText('every send on inventory');
  const plan = view.getByRole('form', { name: 'Hammer plan' });
  await plan.getByRole('button', { name: 'Hammer' }).click();
  await expect(plan.getByLabel('Pattern')).toHaveAccessibleDescription('Pattern is empty — type a string pattern such as user.created or an object such as {"cmd":"sum"}');
  await plan.getByLabel('Pattern').fill('{"cmd":"charge"}');
  await plan.getByRole('radio', { name: 'Requests' }).check();
  await plan.getByRole('textbox', { name: 'Requests' }).fill('30');
  await plan.getByLabel('Concurrency').fill('1');
  await plan.getByLabel('Rate (req/s)').fill('50');
  await plan.getByRole('button', { name: 'Hammer' }).click();

  // Four failures open it; the other 26 are rejected without reaching the mock.
  await expect(view.getByRole('status', { name: 'Hammer completed' })).toBeVisible();
  const totals = view.getByLabel('Hammer totals');
  await expect(totals.getByLabel('Sent')).toHaveText('30');
  await expect(totals.getByLabel('Errors')).toHaveText('30');
  await expect(totals.getByLabel('Rejected')).toHaveText('26');
  await expect(view.getByRole('status', { name: 'Breaker state' })).toHaveText('Open');
  await expect(view.getByLabel('Counts').getByLabel('Failures')).toHaveText('4');
  await expect(view.getByLabel('Counts').getByLabel('Rejects')).toHaveText('26');
  await expect(view.getByRole('list', { name: 'Transitions' }).getByRole('listitem')).toHaveText([/^[\d:.]{12}closed→open4 of 4 calls failed/]);
  await expect(breakerItem(page, 'inventory').getByRole('status')).toHaveText('Open');
  await expect(view.getByRole('figure', { name: 'Throughput and latency chart' }).locator('canvas')).toBeVisible();

  // Edit options: new options start it again closed.
  await view.getByRole('button', { name: 'Edit options…' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit breaker options' });
  await expect(edit.getByLabel('Volume threshold (calls)')).toHaveValue('4');
  await edit.getByLabel('Fallback reply (JSON)').fill('{"reserved": false}');
  await edit.getByRole('button', { name: 'Apply options' }).click();
  await expect(edit).toBeHidden();
  await expect(view.getByRole('status', { name: 'Breaker state' })).toHaveText('Closed');
  await expect(view.getByLabel('Options')).toContainText('fallback {"reserved":false}');

  await page.getByRole('button', { name: 'Delete inventory' }).click();
  await expect(breakerItem(page, 'inventory')).toHaveCount(0);
  await page.getByRole('button', { name: 'Stop inventory-mock' }).click();
  await page.getByRole('button', { name: 'Close inventory' }).click();
});
