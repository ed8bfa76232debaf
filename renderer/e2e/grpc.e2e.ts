// gRPC in the composer: the Method picker lists what server reflection describes, picking a method
// fills the payload with its request template, and the response shows status and metadata.
import type { Page } from '@playwright/test';
import { methodList, methodPicker, openGrpcConnection as openConnection, pickMethod, replacePayload, useGrpcService } from './grpc-steps';
import { expect, payloadEditor, responseRegion, test } from './patchbay-test';

const grpcService = useGrpcService();
const openGrpcConnection = (page: Page, name: string) => openConnection(page, name, grpcService());

const expectPayload = (page: Page, text: string) => expect.poll(() => payloadEditor(page).innerText()).toBe(text);

async function sendAndWait(page: Page, status: string) {
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText(status);
}

const user = (id: number) => JSON.stringify({ id, name: `User ${id}`, email: `user${id}@example.com` }, null, 2);

test('picks GetUser from the described methods, fills its template, and calls it', async ({ app: page }) => {
  await openGrpcConnection(page, 'grpc-pick');
  await methodPicker(page).click();
  await expect(methodPicker(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(methodList(page).getByRole('option')).toHaveCount(6);
  for (const name of ['GetUser, unary', 'ListUsers, server stream', 'CreateUsers, client stream', 'Chat, bidi', 'Echo, unary', 'Fail, unary']) {
    await expect(methodList(page).getByRole('option', { name: `users.UsersService/${name}`, exact: true })).toBeVisible();
  }
  // Typing filters the list.
  await methodPicker(page).fill('getuser');
  await expect(methodList(page).getByRole('option')).toHaveCount(1);
  await methodList(page).getByRole('option', { name: 'users.UsersService/GetUser, unary', exact: true }).click();

  await expect(methodPicker(page)).toHaveValue('users.UsersService/GetUser');
  await expectPayload(page, '{\n  "id": 0\n}');
  await replacePayload(page, '{"id": 1}');
  await expectPayload(page, '{"id": 1}');
  await sendAndWait(page, 'OK');
  await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText(user(1));
});

test('client-streaming methods start from an array of one message, and drafts come back', async ({ app: page }) => {
  await openGrpcConnection(page, 'grpc-drafts');
  await pickMethod(page, 'users.UsersService/CreateUsers, client stream');
  await expectPayload(page, '[\n  {\n    "name": "",\n    "email": ""\n  }\n]');

  await pickMethod(page, 'users.UsersService/GetUser, unary');
  await replacePayload(page, '{"id": 2}');
  await expectPayload(page, '{"id": 2}');
  await pickMethod(page, 'users.UsersService/Echo, unary');
  await expectPayload(page, '{\n  "text": ""\n}');
  await pickMethod(page, 'users.UsersService/GetUser, unary');
  await expectPayload(page, '{"id": 2}');
});

test('a NOT_FOUND status shows its code name and details', async ({ app: page }) => {
  await openGrpcConnection(page, 'grpc-not-found');
  await pickMethod(page, 'users.UsersService/GetUser, unary');
  await replacePayload(page, '{"id": 1000}');
  await expectPayload(page, '{"id": 1000}');
  await sendAndWait(page, 'Remote error');
  const response = responseRegion(page);
  await expect(response.getByLabel('Status code')).toHaveText('NOT_FOUND (5)');
  await expect(response.getByLabel('Details')).toHaveText('User 1000 not found');
  await expect(response.getByRole('textbox', { name: 'Error value' })).toHaveText(JSON.stringify({ code: 5, codeName: 'NOT_FOUND', details: 'User 1000 not found', metadata: {} }, null, 2));
});

test('a server stream shows each part', async ({ app: page }) => {
  await openGrpcConnection(page, 'grpc-stream');
  await pickMethod(page, 'users.UsersService/ListUsers, server stream');
  await expectPayload(page, '{\n  "limit": 0\n}');
  await replacePayload(page, '{"limit": 3}');
  await expectPayload(page, '{"limit": 3}');
  await sendAndWait(page, 'OK');
  const parts = responseRegion(page).getByRole('list', { name: 'Stream parts' });
  await expect(parts.getByRole('listitem')).toHaveCount(3);
  for (const id of [1, 2, 3]) await expect(parts.getByRole('textbox', { name: `Part ${id}` })).toHaveText(user(id));
});

test('the Metadata section shows request metadata echoed in the response headers', async ({ app: page }) => {
  await openGrpcConnection(page, 'grpc-metadata');
  const response = responseRegion(page);

  // Echo answers request metadata x-trace with the response header x-echo.
  await pickMethod(page, 'users.UsersService/Echo, unary');
  await replacePayload(page, '{"text": "hi"}');
  await expectPayload(page, '{"text": "hi"}');
  await page.getByRole('button', { name: 'Message options' }).click();
  const requestMetadata = page.getByRole('group', { name: 'Metadata' });
  await requestMetadata.getByRole('button', { name: 'Add metadata' }).click();
  await requestMetadata.getByLabel('Metadata 1 name').fill('x-trace');
  await requestMetadata.getByLabel('Metadata 1 value').fill('t-42');
  await sendAndWait(page, 'OK');
  const toggle = response.getByRole('button', { name: /^Metadata/ });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toContainText('3 headers · 0 trailers');
  await toggle.click();
  const headers = response.getByRole('table', { name: 'Response headers' });
  await expect(headers.getByRole('rowheader')).toHaveText(['content-type', 'date', 'x-echo']);
  const headerValue = (name: string) => headers.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).getByRole('cell');
  await expect(headerValue('content-type')).toHaveText('application/grpc+proto');
  await expect(headerValue('x-echo')).toHaveText('t-42');
});

test('a status with metadata shows its trailers', async ({ app: page }) => {
  await openGrpcConnection(page, 'grpc-trailers');
  const response = responseRegion(page);
  await pickMethod(page, 'users.UsersService/Fail, unary');
  await replacePayload(page, '{"kind": "trailers"}');
  await expectPayload(page, '{"kind": "trailers"}');
  await sendAndWait(page, 'Remote error');
  await expect(response.getByLabel('Status code')).toHaveText('FAILED_PRECONDITION (9)');
  await expect(response.getByLabel('Details')).toHaveText('precondition');
  const toggle = response.getByRole('button', { name: /^Metadata/ });
  await expect(toggle).toContainText('0 headers · 1 trailer');
  await toggle.click();
  const trailers = response.getByRole('table', { name: 'Trailers' });
  await expect(trailers.getByRole('rowheader')).toHaveText(['x-why']);
  await expect(trailers.getByRole('cell')).toHaveText(['because']);
});
