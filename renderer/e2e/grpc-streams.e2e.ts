// gRPC client-streaming and bidi calls sent message by message: Open stream, Send message one at a
// time with each reply shown as it arrives, End stream, and the final status.
import type { Page } from '@playwright/test';
import { openGrpcConnection as openConnection, pickMethod, replacePayload, useGrpcService } from './grpc-steps';
import { expect, payloadEditor, responseRegion, test } from './patchbay-test';

// A service of its own: CreateUsers numbers new users from 101.
const grpcService = useGrpcService();
const openGrpcConnection = (page: Page, name: string) => openConnection(page, name, grpcService());

async function writeMessage(page: Page, text: string) {
  await replacePayload(page, text);
  await page.getByRole('button', { name: 'Send message' }).click();
}

const streamLog = (page: Page) => responseRegion(page).getByRole('list', { name: 'Stream messages' });
const logMessage = (page: Page, name: string) => streamLog(page).getByRole('textbox', { name, exact: true });

test('a bidi stream shows each reply as its message is sent, then OK once ended', async ({ app: page }) => {
  await openGrpcConnection(page, 'grpc-chat');
  await pickMethod(page, 'users.UsersService/Chat, bidi');
  await page.getByRole('button', { name: 'Open stream' }).click();
  await expect(responseRegion(page).getByRole('status', { name: 'Stream state' })).toHaveText('Stream open');
  // The editor now holds one message, not the array Send takes.
  await expect.poll(() => payloadEditor(page).innerText()).toBe('{\n  "text": ""\n}');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeHidden();

  await writeMessage(page, '{"text": "hello"}');
  await expect(logMessage(page, 'Received message 1')).toHaveText('{"text":"echo: hello"}');
  await writeMessage(page, '{"text": "again"}');
  await expect(logMessage(page, 'Received message 2')).toHaveText('{"text":"echo: again"}');
  await expect(streamLog(page).getByRole('listitem')).toHaveCount(4);
  const items = streamLog(page).getByRole('listitem');
  for (const [index, name] of ['Sent message 1', 'Received message 1', 'Sent message 2', 'Received message 2'].entries()) await expect(items.nth(index)).toHaveAccessibleName(name);
  await expect(logMessage(page, 'Sent message 2')).toHaveText('{"text":"again"}');
  // Still open: no status yet.
  await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveCount(0);

  await page.getByRole('button', { name: 'End stream' }).click();
  await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('OK');
  await expect(page.getByRole('button', { name: 'Open stream' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Send message' })).toBeHidden();
});

test('a client stream answers once, after End stream', async ({ app: page }) => {
  await openGrpcConnection(page, 'grpc-create');
  await pickMethod(page, 'users.UsersService/CreateUsers, client stream');
  await page.getByRole('button', { name: 'Open stream' }).click();
  await expect(page.getByRole('button', { name: 'Send message' })).toBeEnabled();

  await writeMessage(page, '{"name": "Ada", "email": "ada@example.com"}');
  await expect(logMessage(page, 'Sent message 1')).toHaveText('{"name":"Ada","email":"ada@example.com"}');
  await writeMessage(page, '{"name": "Grace", "email": "grace@example.com"}');
  await expect(logMessage(page, 'Sent message 2')).toHaveText('{"name":"Grace","email":"grace@example.com"}');
  await expect(streamLog(page).getByRole('listitem')).toHaveCount(2);

  await page.getByRole('button', { name: 'End stream' }).click();
  await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('OK');
  await expect(streamLog(page).getByRole('listitem')).toHaveCount(3);
  await expect(logMessage(page, 'Received message 1')).toHaveText(
    JSON.stringify({ users: [{ id: 101, name: 'Ada', email: 'ada@example.com' }, { id: 102, name: 'Grace', email: 'grace@example.com' }], count: 2 }, null, 2),
  );
});

test('Cancel ends an open stream, saying it was cancelled', async ({ app: page }) => {
  await openGrpcConnection(page, 'grpc-cancel');
  await pickMethod(page, 'users.UsersService/Chat, bidi');
  await page.getByRole('button', { name: 'Open stream' }).click();
  await writeMessage(page, '{"text": "hi"}');
  await expect(logMessage(page, 'Received message 1')).toHaveText('{"text":"echo: hi"}');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('Cancelled');
  await expect(responseRegion(page).getByText(/^You cancelled the call to users\.UsersService\/Chat after \d+ ms; the service was told CANCELLED\.$/)).toBeVisible();
});
