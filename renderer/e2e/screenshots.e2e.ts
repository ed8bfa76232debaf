// Screenshots for the README and for reviewing the design, in light and dark, narrow and wide.
// Not part of the regular suite: PATCHBAY_SCREENSHOTS=1 node fixtures/with-services.mjs --no-brokers -- npx playwright test --project screenshots
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { startNestClient } from '../../fixtures/nest/client.mjs';
import { freePort, startNestService } from '../../fixtures/nest/start.mjs';
import { holdExclusiveLock } from '../../electron/test-support/exclusive-lock';
import { redisServicesLock, submitConnectionForm } from './connection-steps';
import { startMock } from './mock-steps';
import { replacePayload } from './grpc-steps';
import { addConnection, composeRequest, expect, responseRegion, startEngine, test, trafficRegion } from './patchbay-test';
import { copySampleCollection, openCollectionInApp } from './temp-collection';
import { copyOrderSaga } from './saga-collection';

// Many scenes, each at two device pixels per CSS pixel: more than the default 30 s.
test.describe.configure({ timeout: 180_000 });

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const review = (name: string) => fileURLToPath(new URL(`../../test-results/screens/${name}`, import.meta.url));

async function shoot(page: Page, path: string, colorScheme: 'light' | 'dark', size = { width: 1440, height: 900 }) {
  await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
  await page.setViewportSize(size);
  await page.mouse.move(1, 1); // no hover effects in the picture
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
}

async function send(page: Page, pattern: string, payload: string, button: 'Send' | 'Emit' = 'Send') {
  await composeRequest(page, pattern, payload);
  const log = trafficRegion(page).getByRole('table', { name: 'Traffic log' });
  const rowsBefore = Number(await log.getAttribute('aria-rowcount'));
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('button', { name: button })).toBeEnabled();
  await expect.poll(async () => Number(await log.getAttribute('aria-rowcount'))).toBeGreaterThan(rowsBefore + (button === 'Send' ? 1 : 0));
}

test('empty screen, and the New connection form', async ({ browser }) => {
  const engine = await startEngine();
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  try {
    await page.goto(engine.url);
    await expect(page.getByText('No connections yet')).toBeVisible();
    await shoot(page, docs('screenshot-empty.png'), 'light');
    await shoot(page, review('empty-dark.png'), 'dark');

    await page.getByRole('button', { name: 'New connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New connection' });
    await dialog.getByLabel('Name', { exact: true }).fill('orders');
    await dialog.getByLabel('Port', { exact: true }).fill('99999');
    await dialog.getByLabel('Use TLS').check();
    await dialog.getByLabel('Client certificate (PEM)').fill('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ…\n-----END CERTIFICATE-----');
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog.getByLabel('Port', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await shoot(page, review('dialog-light.png'), 'light');
    await shoot(page, review('dialog-dark.png'), 'dark');
  } finally {
    await page.close();
    await engine.stop();
  }
});

test('the New connection form for each transport, and the message options', async ({ browser }) => {
  const engine = await startEngine();
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  try {
    await page.goto(engine.url);
    await page.getByRole('button', { name: 'New connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New connection' });
    const picker = dialog.getByRole('group', { name: 'Transport' });
    await dialog.getByLabel('Name', { exact: true }).fill('orders');
    for (const transport of ['TCP', 'Redis', 'RabbitMQ', 'Kafka', 'gRPC']) {
      await picker.getByRole('radio', { name: transport }).check();
      if (transport === 'Kafka') await dialog.getByLabel('SASL mechanism').selectOption('plain');
      const name = transport.toLowerCase();
      await shoot(page, review(`dialog-${name}-light.png`), 'light', { width: 1280, height: 900 });
      await shoot(page, review(`dialog-${name}-dark.png`), 'dark', { width: 1280, height: 900 });
    }
    await dialog.getByLabel('Paste URL').fill('amqp://guest:guest@mq.internal:5672/shop?queue=orders&durable=false&exchange=events&exchangeType=topic&routingKey=orders.%23');
    await dialog.getByRole('button', { name: 'Parse' }).click();
    await expect(dialog.getByLabel('Queue', { exact: true })).toHaveValue('orders');
    await dialog.getByLabel('Other queue options (JSON)').fill('{"durable": true}');
    await shoot(page, review('dialog-rmq-parsed-light.png'), 'light', { width: 1280, height: 900 });
    await dialog.getByLabel('Paste URL').fill('mqtt://x');
    await dialog.getByRole('button', { name: 'Parse' }).click();
    await expect(dialog.getByLabel('Paste URL')).toHaveAttribute('aria-invalid', 'true');
    await shoot(page, review('dialog-url-error-dark.png'), 'dark', { width: 1280, height: 900 });

    // A Kafka connection (nothing listens on port 1) to show the composer's message options.
    await picker.getByRole('radio', { name: 'Kafka' }).check();
    await dialog.getByLabel('SASL mechanism').selectOption('none');
    await dialog.getByLabel('Brokers').fill('127.0.0.1:1');
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog).toBeHidden();
    await page.getByLabel('Pattern', { exact: true }).fill('orders.created');
    await page.getByRole('button', { name: 'Message options' }).click();
    const headers = page.getByRole('group', { name: 'Headers' });
    await headers.getByRole('button', { name: 'Add header' }).click();
    await headers.getByLabel('Headers 1 name').fill('x-trace');
    await headers.getByLabel('Headers 1 value').fill('4bf92f3577b34da6');
    await headers.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Key', { exact: true }).fill('order-42');
    await shoot(page, review('composer-kafka-light.png'), 'light', { width: 1280, height: 800 });
    await shoot(page, review('composer-kafka-dark.png'), 'dark', { width: 1280, height: 800 });
  } finally {
    await page.close();
    await engine.stop();
  }
});

test('a working session: connections, a response, and traffic', async ({ browser, services }) => {
  const engine = await startEngine();
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  try {
    await page.goto(engine.url);
    const nest12 = services.nest['12'].tcp;
    const nest10 = services.nest['10'].tcp;
    await addConnection(page, { name: 'billing', host: nest10.host, port: nest10.port });
    // Nothing listens on port 1: it shows as failed or reconnecting, with the reason.
    await page.getByRole('button', { name: 'New connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New connection' });
    await dialog.getByLabel('Name', { exact: true }).fill('inventory');
    await dialog.getByLabel('Port', { exact: true }).fill('1');
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog).toBeHidden();
    await addConnection(page, { name: 'orders', host: nest12.host, port: nest12.port });

    await send(page, 'users.create', '{"name":"Ada Lovelace","email":"ada@example.com"}');
    await send(page, '{"cmd":"sum"}', '[1,2,3]');
    await send(page, '{"cmd":"stream"}', '{}');
    await send(page, 'user.created', '{"id":7,"name":"Ada Lovelace"}', 'Emit');
    await send(page, '{"cmd":"fail_string"}', '{}');
    await send(page, '{"cmd":"get_user"}', '{"id":42}');
    await send(page, 'orders.create', '{\n  "userId": 101,\n  "items": [\n    { "sku": "KB-MX-01", "qty": 2 },\n    { "sku": "USB-C-2M", "qty": 1 }\n  ]\n}');
    await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('OK');

    await shoot(page, docs('screenshot.png'), 'light');
    await shoot(page, docs('screenshot-dark.png'), 'dark');
    await shoot(page, review('narrow-1024-light.png'), 'light', { width: 1024, height: 720 });
    await shoot(page, review('narrow-1024-dark.png'), 'dark', { width: 1024, height: 720 });
    await shoot(page, review('wide-1920-dark.png'), 'dark', { width: 1920, height: 1080 });

    await send(page, '{"cmd":"stream"}', '{}');
    await shoot(page, review('stream-light.png'), 'light', { width: 1280, height: 800 });
    await send(page, '{"cmd":"fail_string"}', '{}');
    await shoot(page, review('remote-error-dark.png'), 'dark', { width: 1280, height: 800 });

    const long = JSON.stringify({ note: 'x'.repeat(600), words: Array.from({ length: 80 }, (_, i) => `item-${i}`), nested: { a: { b: { c: { d: [1, 2, 3] } } } } });
    await send(page, '{"cmd":"echo"}', long);
    await shoot(page, review('long-payload-light.png'), 'light', { width: 1280, height: 800 });

    await send(page, 'user.created', '{"id":8}', 'Emit');
    await shoot(page, review('emitted-light.png'), 'light', { width: 1280, height: 800 });
    await addConnection(page, { name: 'orders (500 ms)', host: nest12.host, port: nest12.port, requestTimeoutMs: 500 });
    await send(page, '{"cmd":"silent"}', '{}');
    await shoot(page, review('timeout-light.png'), 'light', { width: 1280, height: 800 });
    await send(page, '{"cmd":"void"}', '{}');
    await page.getByLabel('Pattern', { exact: true }).fill('{"cmd":');
    await page.getByRole('textbox', { name: 'Payload' }).fill('{"id": 42,,}');
    await shoot(page, review('invalid-dark.png'), 'dark', { width: 1280, height: 800 });

    await engine.stop();
    await expect(page.getByRole('alert')).toContainText('Lost connection to the Patchbay engine');
    await shoot(page, review('engine-lost-light.png'), 'light', { width: 1280, height: 800 });
    await shoot(page, review('engine-lost-dark.png'), 'dark', { width: 1280, height: 800 });
  } finally {
    await page.close();
    await engine.stop();
  }
});

test('gRPC: the method picker, and a response with its metadata', async ({ browser }) => {
  const engine = await startEngine();
  const nest = await startNestService({ major: 12, grpc: { port: 0, reflection: true } });
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  try {
    await page.goto(engine.url);
    await page.getByRole('button', { name: 'New connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'New connection' });
    await dialog.getByLabel('Name', { exact: true }).fill('users-grpc');
    await dialog.getByRole('group', { name: 'Transport' }).getByRole('radio', { name: 'gRPC' }).check();
    await dialog.getByLabel('Host', { exact: true }).fill(nest.grpc!.host);
    await dialog.getByLabel('Port', { exact: true }).fill(String(nest.grpc!.port));
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog).toBeHidden();
    const picker = page.getByRole('combobox', { name: 'Method' });
    await picker.click();
    await expect(page.getByRole('listbox', { name: 'Methods' }).getByRole('option')).toHaveCount(6);
    await picker.press('ArrowDown');
    await shoot(page, review('grpc-picker-light.png'), 'light', { width: 1280, height: 800 });
    await shoot(page, review('grpc-picker-dark.png'), 'dark', { width: 1280, height: 800 });

    await page.getByRole('option', { name: 'users.UsersService/Echo, unary', exact: true }).click();
    await replacePayload(page, '{"text": "hi"}');
    await page.getByRole('button', { name: 'Message options' }).click();
    const requestMetadata = page.getByRole('group', { name: 'Metadata' });
    await requestMetadata.getByRole('button', { name: 'Add metadata' }).click();
    await requestMetadata.getByLabel('Metadata 1 name').fill('x-trace');
    await requestMetadata.getByLabel('Metadata 1 value').fill('t-42');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('OK');
    await responseRegion(page).getByRole('button', { name: /^Metadata/ }).click();
    await shoot(page, review('grpc-metadata-light.png'), 'light', { width: 1280, height: 800 });
    await shoot(page, review('grpc-metadata-dark.png'), 'dark', { width: 1280, height: 800 });

    await picker.click();
    await page.getByRole('option', { name: 'users.UsersService/Fail, unary', exact: true }).click();
    await replacePayload(page, '{"kind": "trailers"}');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('Remote error');
    await shoot(page, review('grpc-error-light.png'), 'light', { width: 1280, height: 800 });
    await shoot(page, review('grpc-error-dark.png'), 'dark', { width: 1280, height: 800 });
  } finally {
    await page.close();
    await nest.stop();
    await engine.stop();
  }
});

test('a mock service: its rules, what it received, and an unmatched call', async ({ browser }) => {
  const engine = await startEngine();
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  try {
    await page.goto(engine.url);
    const port = await freePort();
    await page.getByRole('button', { name: 'New mock' }).click();
    const dialog = page.getByRole('dialog', { name: 'New mock' });
    await dialog.getByLabel('Name', { exact: true }).fill('users-service (mock)');
    await dialog.getByLabel('Listen on port').fill(String(port));
    await shoot(page, review('mock-dialog-light.png'), 'light', { width: 1280, height: 900 });
    await dialog.getByRole('textbox', { name: 'Rules' }).fill('{"rules": [{"pattern": "a", "reply": {}}]}');
    await shoot(page, review('mock-dialog-invalid-dark.png'), 'dark', { width: 1280, height: 900 });
    await dialog
      .getByRole('textbox', { name: 'Rules' })
      .fill(
        JSON.stringify({
          rules: [
            { name: 'get user', pattern: { cmd: 'get_user' }, reply: { template: { id: '{{data.id}}', name: 'Ada Lovelace', email: 'ada@example.com' } } },
            { name: 'create order', pattern: 'orders.create', delayMs: 40, reply: { template: { id: '{{$uuid}}', status: 'placed' } } },
            { name: 'flaky payment with a rather long rule name to see it clipped', pattern: 'payments.charge', reply: { error: { status: 'error', message: 'Card declined' } } },
          ],
        }),
      );
    await dialog.getByRole('button', { name: 'Start mock' }).click();
    await expect(dialog).toBeHidden();

    await addConnection(page, { name: 'users (via mock)', host: '127.0.0.1', port });
    await send(page, '{"cmd":"get_user"}', '{"id":42}');
    await send(page, 'orders.create', '{"userId":42,"items":[{"sku":"KB-MX-01","qty":2}]}');
    await send(page, 'payments.charge', '{"orderId":"o-981","amountCents":12900}');
    await send(page, '{"cmd":"get_user"}', '{"id":7}');
    await send(page, 'inventory.reserve', '{"sku":"KB-MX-01","qty":2}');
    await shoot(page, review('traffic-mock-origin-light.png'), 'light', { width: 1440, height: 900 });

    await page.getByRole('list', { name: 'Mocks' }).getByRole('button', { name: 'users-service (mock)', exact: true }).click();
    const view = page.getByRole('region', { name: 'Mock users-service (mock)' });
    await expect(view.getByRole('list', { name: 'Received requests' }).getByRole('listitem')).toHaveCount(5);
    await view.getByRole('listitem', { name: 'request inventory.reserve' }).getByRole('button', { name: 'Make rule' }).click();
    await shoot(page, docs('screenshot-mock.png'), 'light');
    await shoot(page, review('mock-dark.png'), 'dark');
    await shoot(page, review('mock-narrow-light.png'), 'light', { width: 1024, height: 720 });
    await shoot(page, review('mock-narrow-dark.png'), 'dark', { width: 1024, height: 720 });
  } finally {
    await page.close();
    await engine.stop();
  }
});

test('the New listener form, for each broker transport', async ({ browser }) => {
  const engine = await startEngine();
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  try {
    await page.goto(engine.url);
    // Nothing listens on port 1: the dialog shows the connections as not ready.
    for (const [name, transport, fill] of [
      ['orders-redis', 'Redis', { Port: '1' }],
      ['orders-rmq', 'RabbitMQ', { Port: '1', Queue: 'orders' }],
      ['orders-kafka', 'Kafka', { Brokers: '127.0.0.1:1' }],
    ] as const) {
      await submitConnectionForm(page, name, transport, fill);
    }
    await page.getByRole('button', { name: 'New listener' }).click();
    const dialog = page.getByRole('dialog', { name: 'New listener' });
    await dialog.getByLabel('Connection').selectOption({ index: 0 });
    await dialog.getByLabel('Channels').fill('{"cmd":"sum"}\nusers.*');
    await shoot(page, review('listener-dialog-redis-light.png'), 'light', { width: 1280, height: 900 });
    await dialog.getByLabel('Connection').selectOption({ index: 2 });
    await dialog.getByRole('radio', { name: 'Offset' }).check();
    await dialog.getByRole('textbox', { name: 'Offset' }).fill('-4');
    await dialog.getByRole('button', { name: 'Start listening' }).click();
    await shoot(page, review('listener-dialog-kafka-dark.png'), 'dark', { width: 1280, height: 900 });
    await dialog.getByLabel('Connection').selectOption({ index: 1 });
    await dialog.getByRole('radio', { name: 'Consume a queue directly' }).check();
    await dialog.getByRole('button', { name: 'Start listening' }).click();
    await shoot(page, review('listener-dialog-rmq-light.png'), 'light', { width: 1280, height: 900 });
    await shoot(page, review('listener-dialog-rmq-dark.png'), 'dark', { width: 1280, height: 900 });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Inspect queue on orders-rmq…' }).click();
    await shoot(page, review('queue-dialog-light.png'), 'light', { width: 1280, height: 900 });
  } finally {
    await page.close();
    await engine.stop();
  }
});

test('a listener: a gRPC stream, and with the broker rig a Redis tap with latency', async ({ browser, services }) => {
  const engine = await startEngine();
  const grpc = await startNestService({ major: 12, grpc: { port: 0, reflection: true } });
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  let release: (() => void) | undefined;
  let redisService: Awaited<ReturnType<typeof startNestService>> | undefined;
  try {
    await page.goto(engine.url);
    await submitConnectionForm(page, 'users-grpc', 'gRPC', { Host: grpc.grpc!.host, Port: String(grpc.grpc!.port) });
    await page.getByRole('button', { name: 'New listener' }).click();
    const listenerDialog = page.getByRole('dialog', { name: 'New listener' });
    await listenerDialog.getByLabel('Method').selectOption('users.UsersService/ListUsers');
    await listenerDialog.getByLabel('Request (JSON)').fill('{"limit": 4}');
    await shoot(page, review('listener-dialog-grpc-light.png'), 'light', { width: 1280, height: 900 });
    await listenerDialog.getByRole('button', { name: 'Start listening' }).click();
    await expect(listenerDialog).toBeHidden();
    const grpcView = page.getByRole('region', { name: 'Listener grpc stream users.UsersService/ListUsers' });
    // ListUsers ends after its four users: the listener stops by itself.
    await expect(page.getByRole('list', { name: 'Listeners' }).getByRole('status')).toHaveText('Stopped');
    await grpcView.getByRole('table', { name: 'Observed messages' }).getByRole('row').nth(2).click();
    await shoot(page, review('listener-grpc-light.png'), 'light');
    await shoot(page, review('listener-grpc-dark.png'), 'dark');

    if (!services.brokers) return;
    const { host, port } = services.brokers.redis;
    release = await holdExclusiveLock(redisServicesLock(services.brokers));
    redisService = await startNestService({ major: 12, redis: { host, port } });
    await submitConnectionForm(page, 'orders-redis', 'Redis', { Host: host, Port: String(port) });
    await page.getByRole('button', { name: 'New listener' }).click();
    await listenerDialog.getByLabel('Connection').selectOption({ label: 'orders-redis — Redis' });
    await listenerDialog.getByLabel('Channels').fill('{"cmd":"sum"}\n{"cmd":"get_user"}\n{"cmd":"fail_string"}\nuser.created');
    await listenerDialog.getByRole('button', { name: 'Start listening' }).click();
    await expect(listenerDialog).toBeHidden();
    const client = await startNestClient({ major: 12, transport: 'REDIS', options: { host, port } });
    try {
      for (let i = 1; i <= 6; i++) await client.send({ cmd: 'sum' }, [i, i * 2, i * 3]);
      for (const id of [42, 7, 1001]) await client.send({ cmd: 'get_user' }, { id });
      await client.send({ cmd: 'fail_string' }, {});
      await client.emit('user.created', { id: 7, name: 'Ada Lovelace' });
    } finally {
      await client.close();
    }
    const view = page.getByRole('region', { name: /^Listener redis channels/ });
    await expect(view.getByRole('table', { name: 'Observed messages' })).toHaveAttribute('aria-rowcount', '22');
    await view.getByRole('table', { name: 'Observed messages' }).getByRole('row').nth(14).click();
    await shoot(page, docs('screenshot-tap.png'), 'light');
    await shoot(page, review('tap-dark.png'), 'dark');
    await shoot(page, review('tap-narrow-dark.png'), 'dark', { width: 1024, height: 720 });
  } finally {
    await page.close();
    await redisService?.stop();
    release?.();
    await grpc.stop();
    await engine.stop();
  }
});

test('the Traffic view: the log, a JSON tree, a conversation and statistics', async ({ browser, services }) => {
  const engine = await startEngine();
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  try {
    await page.goto(engine.url);
    const nest12 = services.nest['12'].tcp;
    await addConnection(page, { name: 'orders', host: nest12.host, port: nest12.port });
    await send(page, 'users.create', '{"name":"Ada Lovelace","email":"ada@example.com"}');
    for (let i = 1; i <= 4; i++) await send(page, '{"cmd":"sum"}', `[${i},${i * 2},${i * 3}]`);
    await send(page, '{"cmd":"stream_slow"}', '{}');
    await send(page, 'user.created', '{"id":7,"name":"Ada Lovelace"}', 'Emit');
    await send(page, '{"cmd":"get_user"}', '{"id":999}');
    await send(page, '{"cmd":"slow"}', '{"ms":120}');
    await send(page, '{"cmd":"fail_string"}', '{}');
    await send(page, 'orders.create', '{"userId":101,"items":[{"sku":"KB-MX-01","qty":2},{"sku":"USB-C-2M","qty":1}],"shipping":{"method":"express","address":{"city":"London","zip":"N1 9GU"}}}');
    await send(page, '{"cmd":"get_user"}', '{"id":42}');
    await shoot(page, review('traffic-panel-light.png'), 'light', { width: 1280, height: 800 });

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).click();
    const view = page.getByRole('region', { name: 'Traffic view' });
    const rows = view.getByRole('rowgroup', { name: 'Traffic entries' }).getByRole('row');
    await expect(view.getByLabel('Matching entries')).toHaveText('26');
    await rows.filter({ hasText: 'orders.create' }).first().click();
    const detail = view.getByRole('complementary', { name: 'Entry detail' });
    await detail.getByRole('button', { name: 'Expand shipping' }).click();
    await detail.getByLabel('Search body').fill('sku');
    await shoot(page, docs('screenshot-traffic.png'), 'light');
    await shoot(page, review('traffic-detail-dark.png'), 'dark');
    await shoot(page, review('traffic-narrow-light.png'), 'light', { width: 1024, height: 720 });

    await rows.filter({ hasText: 'stream_slow' }).first().click();
    await detail.getByRole('tab', { name: 'Conversation' }).click();
    await expect(detail.getByRole('figure', { name: 'Conversation waterfall' }).getByRole('listitem').first()).toBeVisible();
    await shoot(page, review('traffic-conversation-light.png'), 'light');
    await shoot(page, review('traffic-conversation-dark.png'), 'dark');

    await detail.getByRole('tab', { name: 'Details' }).click();
    await view.getByRole('button', { name: 'Stats' }).click();
    await expect(view.getByRole('table', { name: 'Pattern statistics' }).getByRole('row')).toHaveCount(9);
    await shoot(page, review('traffic-stats-light.png'), 'light');
    await shoot(page, review('traffic-stats-dark.png'), 'dark');
  } finally {
    await page.close();
    await engine.stop();
  }
});

test('collections: a request tab with its checks, a run, the environment, history and the .proto import', async ({ browser, services }) => {
  const engine = await startEngine();
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  const collection = await copySampleCollection(services.nest['12'].tcp);
  try {
    await page.goto(engine.url);
    await openCollectionInApp(page, collection.root);
    await page.getByRole('button', { name: 'create user', exact: true }).click();
    await page.keyboard.press('Control+Enter');
    await expect(page.getByText('Checks passed', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'get created user', exact: true }).click();
    await page.keyboard.press('Control+Enter');
    await expect(page.getByText('Checks passed', { exact: true })).toBeVisible();
    await shoot(page, docs('screenshot-collection.png'), 'light');
    await shoot(page, review('collection-tab-dark.png'), 'dark');
    await shoot(page, review('collection-tab-narrow-light.png'), 'light', { width: 1024, height: 720 });

    await page.getByRole('button', { name: 'Actions for users-service' }).click();
    await page.getByRole('menuitem', { name: 'Run collection' }).click();
    await expect(page.getByRole('status', { name: 'Run passed' })).toBeVisible();
    await shoot(page, review('collection-run-light.png'), 'light');
    await shoot(page, review('collection-run-dark.png'), 'dark');

    await page.getByRole('button', { name: 'sum', exact: true }).click();
    await page.getByRole('button', { name: 'Edit environments' }).click();
    await shoot(page, review('collection-environment-light.png'), 'light');

    await page.getByRole('button', { name: 'History', exact: true }).click();
    await shoot(page, review('history-light.png'), 'light');
    await shoot(page, review('history-dark.png'), 'dark');

    await page.getByRole('button', { name: 'Actions for users-service' }).click();
    await page.getByRole('menuitem', { name: 'Import .proto…' }).click();
    await page.getByRole('dialog', { name: 'Import .proto' }).getByLabel('.proto file').fill('/home/ada/users-service/proto/users.proto');
    await shoot(page, review('import-proto-dialog-light.png'), 'light');
    await page.getByRole('dialog', { name: 'Import .proto' }).getByLabel('.proto file').fill(fileURLToPath(new URL('../../fixtures/nest/app/proto/users.proto', import.meta.url)));
    await page.getByRole('dialog', { name: 'Import .proto' }).getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('alert', { name: 'Collection notices' })).toBeVisible();
    await shoot(page, review('import-proto-done-dark.png'), 'dark');
  } finally {
    await page.close();
    await engine.stop();
    await collection.remove();
  }
});

test('a saga: the timeline of a declined payment with its compensations, and two runs compared', async ({ browser }) => {
  const engine = await startEngine();
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  const collection = await copyOrderSaga();
  try {
    await page.goto(engine.url);
    await openCollectionInApp(page, collection.root, 'order-saga');
    await page.getByRole('button', { name: 'place-order saga', exact: true }).click();
    const saga = page.getByRole('region', { name: 'Saga Place order' });
    await saga.getByLabel('Environment', { exact: true }).selectOption('local');
    await saga.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(saga.getByRole('status', { name: 'Saga completed' })).toBeVisible();
    await saga.getByLabel('Environment', { exact: true }).selectOption('declined');
    await saga.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(saga.getByRole('status', { name: 'Saga failed' })).toBeVisible();
    await shoot(page, docs('screenshot-saga.png'), 'light');
    await shoot(page, review('saga-dark.png'), 'dark');
    await shoot(page, review('saga-narrow-light.png'), 'light', { width: 1024, height: 720 });

    const runs = saga.getByRole('list', { name: 'Kept runs' }).getByRole('listitem');
    await runs.nth(0).getByRole('checkbox').check();
    await runs.nth(1).getByRole('checkbox').check();
    await saga.getByRole('button', { name: 'Compare' }).click();
    await expect(saga.getByRole('region', { name: 'Comparison' })).toBeVisible();
    await shoot(page, review('saga-compare-light.png'), 'light');
    await shoot(page, review('saga-compare-dark.png'), 'dark');

    // Live: the payment failed once and waits 20 s to retry.
    await page.getByRole('button', { name: 'slow-retry saga', exact: true }).click();
    const slow = page.getByRole('region', { name: 'Saga Slow retry' });
    await slow.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(slow.getByRole('button', { name: /^processPayment, attempt 1: failed/ })).toBeVisible();
    await shoot(page, review('saga-live-light.png'), 'light');
    await shoot(page, review('saga-live-dark.png'), 'dark');
    await slow.getByRole('button', { name: 'Stop' }).click();
    await expect(slow.getByRole('status', { name: 'Saga failed' })).toBeVisible();
  } finally {
    await page.close();
    await engine.stop();
    await collection.remove();
  }
});

test('a circuit breaker: hammered against a flaky mock until it opens, then recovering', async ({ browser }) => {
  const engine = await startEngine();
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  const flaky = (failureRate: number) => JSON.stringify({ rules: [{ name: 'charge', pattern: 'payments.charge', delayMs: { min: 3, max: 14 }, failureRate, reply: { value: { status: 'charged' } } }] });
  try {
    await page.goto(engine.url);
    const port = await freePort();
    await startMock(page, 'payments-service (mock)', port, flaky(0.8));
    await addConnection(page, { name: 'payments', host: '127.0.0.1', port });

    await page.getByRole('button', { name: 'New breaker' }).click();
    const dialog = page.getByRole('dialog', { name: 'New breaker' });
    await dialog.getByLabel('Pattern').fill('payments.charge');
    await dialog.getByLabel('Volume threshold (calls)').fill('5');
    await dialog.getByLabel('Reset timeout (ms)').fill('1500');
    await dialog.getByLabel('Fallback reply (JSON)').fill('{"status": "queued", "retryLater": true');
    await dialog.getByRole('button', { name: 'Create breaker' }).click();
    await shoot(page, review('breaker-dialog-invalid-light.png'), 'light', { width: 1280, height: 900 });
    await shoot(page, review('breaker-dialog-invalid-dark.png'), 'dark', { width: 1280, height: 900 });
    await dialog.getByLabel('Fallback reply (JSON)').fill('');
    await dialog.getByRole('button', { name: 'Create breaker' }).click();
    await expect(dialog).toBeHidden();

    // Flaky: it opens, half-opens, and mostly fails its trial calls.
    const view = page.getByRole('region', { name: 'Breaker payments · payments.charge' });
    const plan = view.getByRole('form', { name: 'Hammer plan' });
    await plan.getByLabel('Duration (s)').fill('6');
    await plan.getByRole('button', { name: 'Hammer' }).click();
    await expect(view.getByRole('status', { name: 'Hammer completed' })).toBeVisible({ timeout: 30_000 });

    // Healthy again: the next trial call closes it, and the second run goes through.
    await page.getByRole('list', { name: 'Mocks' }).getByRole('button', { name: 'payments-service (mock)', exact: true }).click();
    const mock = page.getByRole('region', { name: 'Mock payments-service (mock)' });
    await mock.getByRole('textbox', { name: 'Rules' }).fill(flaky(0));
    await mock.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('list', { name: 'Breakers' }).getByRole('button', { name: 'payments · payments.charge', exact: true }).click();
    await plan.getByLabel('Duration (s)').fill('4');
    await plan.getByRole('button', { name: 'Hammer' }).click();
    await expect(view.getByRole('status', { name: 'Hammer completed' })).toBeVisible({ timeout: 30_000 });
    await expect(view.getByRole('status', { name: 'Breaker state' })).toHaveText('Closed');
    // Clicking Hammer scrolled the view a little: the picture starts at its top.
    await page.evaluate(() => document.querySelector('[aria-label^="Breaker "] .breaker-view__body')?.scrollTo(0, 0));
    await shoot(page, docs('screenshot-breaker.png'), 'light');
    await shoot(page, review('breaker-dark.png'), 'dark');
    await shoot(page, review('breaker-narrow-light.png'), 'light', { width: 1024, height: 720 });
    await shoot(page, review('breaker-narrow-dark.png'), 'dark', { width: 1024, height: 720 });

    // A long reset timeout, then tripped by hand: the composer's send is rejected, in the response and the traffic.
    await view.getByRole('button', { name: 'Edit options…' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit breaker options' });
    await edit.getByLabel('Reset timeout (ms)').fill('60000');
    await shoot(page, review('breaker-edit-light.png'), 'light', { width: 1280, height: 900 });
    await edit.getByRole('button', { name: 'Apply options' }).click();
    await expect(edit).toBeHidden();
    await view.getByRole('button', { name: 'Trip' }).click();
    await expect(view.getByRole('status', { name: 'Breaker state' })).toHaveText('Open');
    await shoot(page, review('breaker-open-dark.png'), 'dark');
    await page.getByRole('list', { name: 'Connections' }).getByRole('button', { name: 'payments', exact: true }).click();
    // Not the send() above: a rejected send logs one entry, not a request and its answer.
    await composeRequest(page, 'payments.charge', '{"orderId":"o-981","amountCents":12900}');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('Rejected');
    await shoot(page, review('breaker-rejected-light.png'), 'light');
    await shoot(page, review('breaker-rejected-dark.png'), 'dark');

    // The Traffic view: the latest transition, and its detail.
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Traffic' }).click();
    const traffic = page.getByRole('region', { name: 'Traffic view' });
    const rows = traffic.getByRole('rowgroup', { name: 'Traffic entries' }).getByRole('row');
    await rows.filter({ hasText: 'breaker' }).last().click();
    await shoot(page, review('breaker-traffic-light.png'), 'light');
    await shoot(page, review('breaker-traffic-dark.png'), 'dark');
  } finally {
    await page.close();
    await engine.stop();
  }
});
