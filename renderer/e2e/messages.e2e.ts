// Sending and emitting through real Nest services, and what the Response and Traffic show.
import { addConnection, composeRequest, expect, payloadEditor, responseRegion, test, trafficRegion, trafficRowsOf } from './patchbay-test';

const LATENCY = /^[\d,]+(\.\d)? ms$/;

test('sends {"cmd":"sum"} and shows 6 with its latency, and the request and reply in Traffic', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-sum', host, port });

  await composeRequest(page, '{"cmd":"sum"}', '[1,2,3]');
  await page.getByRole('button', { name: 'Send', exact: true }).click();

  const response = responseRegion(page);
  await expect(response.getByRole('status', { name: 'Outcome' })).toHaveText('OK');
  await expect(response.getByRole('textbox', { name: 'Value' })).toHaveText('6');
  await expect(response.getByRole('status', { name: 'Latency' })).toHaveText(LATENCY);
  await expect(response.getByRole('status', { name: 'Request size' })).toHaveText(/^↑ \d+ B$/);

  const rows = trafficRowsOf(page, 'nest12-sum');
  await expect(rows).toHaveCount(2);
  const time = /^\d\d:\d\d:\d\d\.\d{3}$/;
  await expect(rows.nth(0).getByRole('cell')).toHaveText([time, '→', 'request', 'nest12-sum', '{"cmd":"sum"}', /^\S{1,8}$/, /^\d+ B$/, '', '[1,2,3]']);
  await expect(rows.nth(1).getByRole('cell')).toHaveText([time, '←', 'reply', 'nest12-sum', '{"cmd":"sum"}', /^\S{1,8}$/, /^\d+ B$/, LATENCY, '6']);
});

test('shows each part of a stream, numbered', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-stream', host, port });

  await composeRequest(page, '{"cmd":"stream"}', '{}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();

  const response = responseRegion(page);
  await expect(response.getByRole('status', { name: 'Outcome' })).toHaveText('OK');
  await expect(response.getByRole('textbox', { name: 'Part 1' })).toHaveText('1');
  await expect(response.getByRole('textbox', { name: 'Part 2' })).toHaveText('2');
  await expect(response.getByRole('textbox', { name: 'Part 3' })).toHaveText('3');
  await expect(response.getByRole('textbox', { name: /^Part \d+$/ })).toHaveCount(3);
  await expect(response.getByRole('status', { name: 'First reply' })).toHaveText(/^first [\d,]+(\.\d)? ms$/);
});

test('emits user.created and finds the recorded event in the service', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-events', host, port });
  const response = responseRegion(page);

  await composeRequest(page, '{"cmd":"events_reset"}', '{}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(response.getByRole('textbox', { name: 'Value' })).toHaveText('true');

  await composeRequest(page, 'user.created', '{"id":7}');
  await page.getByRole('button', { name: 'Emit', exact: true }).click();
  await expect(response.getByRole('status', { name: 'Outcome' })).toHaveText('Emitted');
  await expect(trafficRowsOf(page, 'nest12-events').filter({ hasText: 'user.created' }).getByRole('cell').nth(2)).toHaveText('event');

  await composeRequest(page, '{"cmd":"events"}', '{}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const value = response.getByRole('textbox', { name: 'Value' });
  await expect(value).toContainText('"id": 7');
  const events = JSON.parse((await value.textContent()) ?? '') as unknown;
  expect(events).toEqual([{ pattern: 'user.created', data: { id: 7 }, at: expect.any(Number) }]);
});

test('shows a remote error as an error, with the value the service sent', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-fail', host, port });

  await composeRequest(page, '{"cmd":"fail_string"}', '{}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();

  const response = responseRegion(page);
  await expect(response.getByRole('status', { name: 'Outcome' })).toHaveText('Remote error');
  await expect(response.getByText('The service answered with an error')).toBeVisible();
  await expect(response.getByRole('textbox', { name: 'Error value' })).toHaveText(JSON.stringify({ status: 'error', message: 'bad thing' }, null, 2));
  await expect(trafficRowsOf(page, 'nest12-fail').nth(1).getByRole('cell').nth(2)).toHaveText('error');
});

test('times out after the connection request timeout', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-timeout', host, port, requestTimeoutMs: 500 });

  await composeRequest(page, '{"cmd":"silent"}', '{}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();

  const response = responseRegion(page);
  await expect(response.getByRole('status', { name: 'Outcome' })).toHaveText('Timeout');
  await expect(response.getByText('Timed out after 500 ms waiting for a reply to {"cmd":"silent"}.', { exact: false })).toBeVisible();
  const latencyMs = Number((await response.getByRole('status', { name: 'Latency' }).textContent())?.replace(/[^\d.]/g, ''));
  expect(latencyMs).toBeGreaterThanOrEqual(500);
  expect(latencyMs).toBeLessThan(2_000);
  await expect(trafficRowsOf(page, 'nest12-timeout').nth(1).getByRole('cell').nth(2)).toHaveText('failure');
});

test('talks to Nest 10 the same way', async ({ app: page, services }) => {
  const { host, port } = services.nest['10'].tcp;
  await addConnection(page, { name: 'nest10', host, port });

  await composeRequest(page, '{"cmd":"version"}', '{}');
  await page.getByRole('button', { name: 'Send', exact: true }).click();

  const value = responseRegion(page).getByRole('textbox', { name: 'Value' });
  await expect(value).toHaveText(JSON.stringify({ nest: services.nest['10'].version, major: 10 }, null, 2));
  await expect(payloadEditor(page)).toHaveText('{}');
});

test('clears the traffic log', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  await addConnection(page, { name: 'nest12-clear', host, port });
  await composeRequest(page, '{"cmd":"sum"}', '[1]');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(trafficRowsOf(page, 'nest12-clear')).toHaveCount(2);

  await trafficRegion(page).getByRole('button', { name: 'Clear' }).click();

  await expect(trafficRegion(page).getByRole('row')).toHaveCount(1); // the column headers
  await expect(trafficRegion(page).getByText('Nothing on the wire yet')).toBeVisible();
});
