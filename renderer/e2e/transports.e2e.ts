// The connection form per transport: its own fields and defaults, validation as the user types,
// "Paste URL" read by the engine, and the transport shown in the sidebar.
import type { Locator, Page } from '@playwright/test';
import { startNestService, type NestService } from '../../fixtures/nest/start.mjs';
import { addConnection, connectionItem, expect, payloadEditor, responseRegion, test } from './patchbay-test';

async function openDialog(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await expect(dialog).toBeVisible();
  return dialog;
}

const transportPicker = (dialog: Locator) => dialog.getByRole('group', { name: 'Transport' });

test('each transport shows its own fields, with the defaults Nest uses', async ({ app: page }) => {
  const dialog = await openDialog(page);
  await expect(transportPicker(dialog).getByRole('radio', { name: 'TCP' })).toBeChecked();
  await expect(dialog.getByLabel('Port', { exact: true })).toHaveValue('');

  await transportPicker(dialog).getByRole('radio', { name: 'Redis' }).check();
  await expect(dialog.getByLabel('Port', { exact: true })).toHaveValue('6379');
  await expect(dialog.getByLabel('Database')).toHaveAttribute('placeholder', '0');
  await expect(dialog.getByLabel('Username')).toBeVisible();
  await expect(dialog.getByLabel('Password')).toHaveAttribute('type', 'password');

  await transportPicker(dialog).getByRole('radio', { name: 'RabbitMQ' }).check();
  await expect(dialog.getByLabel('Port', { exact: true })).toHaveValue('5672');
  await expect(dialog.getByLabel('Virtual host')).toHaveAttribute('placeholder', '/');
  await expect(dialog.getByLabel('Password')).toHaveAttribute('type', 'password');
  await expect(dialog.getByLabel('Queue', { exact: true })).toHaveValue('');
  await expect(dialog.getByLabel('Durable queue')).toBeChecked();
  await expect(dialog.getByLabel("Don't assert the queue (noAssert)")).not.toBeChecked();
  await expect(dialog.getByLabel('Persistent')).not.toBeChecked();
  const exchange = dialog.getByRole('group', { name: 'Exchange' });
  await expect(exchange.getByLabel('Exchange', { exact: true })).toBeVisible();
  await expect(exchange.getByLabel('Exchange type')).toHaveValue('');
  await expect(exchange.getByLabel('Routing key')).toBeVisible();
  await expect(exchange.getByLabel('Wildcards')).not.toBeChecked();

  await transportPicker(dialog).getByRole('radio', { name: 'Kafka' }).check();
  await expect(dialog.getByLabel('Host', { exact: true })).toBeHidden();
  await expect(dialog.getByLabel('Brokers')).toHaveValue('127.0.0.1:9092');
  await expect(dialog.getByLabel('Client ID')).toHaveAttribute('placeholder', 'patchbay');
  await expect(dialog.getByLabel('SASL mechanism')).toHaveValue('none');
  await expect(dialog.getByLabel('Username')).toBeHidden();
  await dialog.getByLabel('SASL mechanism').selectOption('scram-sha-512');
  await expect(dialog.getByLabel('Password')).toHaveAttribute('type', 'password');

  await transportPicker(dialog).getByRole('radio', { name: 'gRPC' }).check();
  await expect(dialog.getByLabel('Port', { exact: true })).toHaveValue('5000');
  await expect(dialog.getByLabel('Proto files')).toHaveAccessibleDescription('One path per line. Leave empty to ask the server by reflection (it must enable the reflection service).');
  await expect(dialog.getByLabel('Include directories')).toBeVisible();
  await expect(dialog.getByLabel('Keep field case')).not.toBeChecked();
  await expect(dialog.getByLabel('Longs as')).toHaveValue('Long');
  await expect(dialog.getByLabel('Enums as')).toHaveValue('Number');
  await expect(dialog.getByLabel('Defaults')).not.toBeChecked();
  await expect(dialog.getByLabel('Oneofs')).not.toBeChecked();

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('checks fields as they are typed, naming the problem and the fix', async ({ app: page }) => {
  const dialog = await openDialog(page);
  await transportPicker(dialog).getByRole('radio', { name: 'Kafka' }).check();
  await dialog.getByLabel('Brokers').fill('k1:9092, k2');
  await expect(dialog.getByLabel('Brokers')).toHaveAccessibleDescription('"k2" is not host:port — write each broker as host:port, for example 127.0.0.1:9092');
  await dialog.getByLabel('Brokers').fill('k1:9092, k2:9093');
  await expect(dialog.getByLabel('Brokers')).toHaveAccessibleDescription('Comma-separated host:port; one is enough to find the others.');

  await transportPicker(dialog).getByRole('radio', { name: 'Redis' }).check();
  await dialog.getByLabel('Database').fill('two');
  await expect(dialog.getByLabel('Database')).toHaveAccessibleDescription('Database must be a whole number, 0 or more — or leave it empty for 0');
  await expect(dialog.getByLabel('Database')).toHaveAttribute('aria-invalid', 'true');

  await transportPicker(dialog).getByRole('radio', { name: 'RabbitMQ' }).check();
  await dialog.getByLabel('Other queue options (JSON)').fill('{"durable": false}');
  await expect(dialog.getByLabel('Other queue options (JSON)')).toHaveAccessibleDescription('Set durability with "Durable queue" above — remove "durable" from the JSON');
  await dialog.getByLabel('Routing key').fill('orders.#');
  await expect(dialog.getByLabel('Exchange', { exact: true })).toHaveAccessibleDescription('Exchange is required with an exchange type or routing key — name the exchange, or clear them');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('Paste URL fills the form from a tcp:// URL and says what is wrong with a bad one', async ({ app: page }) => {
  const dialog = await openDialog(page);
  await transportPicker(dialog).getByRole('radio', { name: 'Redis' }).check();
  const url = dialog.getByLabel('Paste URL');

  await url.fill('orders:3001');
  await dialog.getByRole('button', { name: 'Parse' }).click();
  await expect(url).toHaveAccessibleDescription(/^"orders:3001" has no transport: start it with one, for example tcp:\/\/orders:3001\. Write it as one of: .*tcp:\/\/host:port/);
  await expect(url).toHaveAttribute('aria-invalid', 'true');

  await url.fill('tcp://10.1.2.3:3001');
  await url.press('Enter');
  await expect(transportPicker(dialog).getByRole('radio', { name: 'TCP' })).toBeChecked();
  await expect(dialog.getByLabel('Host', { exact: true })).toHaveValue('10.1.2.3');
  await expect(dialog.getByLabel('Port', { exact: true })).toHaveValue('3001');
  await expect(url).toHaveAccessibleDescription('Filled in the TCP fields below from the URL.');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('shows the transport of each connection in the sidebar', async ({ app: page, services }) => {
  const { host, port } = services.nest['12'].tcp;
  const item = await addConnection(page, { name: 'nest12-transport', host, port });
  await expect(item.getByTitle('Transport: TCP')).toHaveText('TCP');
  await expect(item).toContainText(`tcp://${host}:${port}`);
  // TCP messages carry no headers or properties: the options hold only the retry policy.
  await page.getByRole('button', { name: 'Message options' }).click();
  const groups = page.getByRole('region', { name: /^Message options/ }).getByRole('group');
  await expect(groups).toHaveCount(1);
  await expect(groups).toHaveAccessibleName('Retries');
  await page.getByRole('button', { name: 'Message options' }).click();
});

test('Paste URL fills the Redis, RabbitMQ, Kafka and gRPC fields from their URLs', async ({ app: page }) => {
  const dialog = await openDialog(page);
  await dialog.getByLabel('Name', { exact: true }).fill('kept');
  const url = dialog.getByLabel('Paste URL');
  const parse = async (text: string) => {
    await url.fill(text);
    await dialog.getByRole('button', { name: 'Parse' }).click();
  };

  await parse('redis://app:s3cret@cache.internal:6380/2');
  await expect(transportPicker(dialog).getByRole('radio', { name: 'Redis' })).toBeChecked();
  await expect(url).toHaveAccessibleDescription('Filled in the Redis fields below from the URL.');
  await expect(dialog.getByLabel('Host', { exact: true })).toHaveValue('cache.internal');
  await expect(dialog.getByLabel('Port', { exact: true })).toHaveValue('6380');
  await expect(dialog.getByLabel('Database')).toHaveValue('2');
  await expect(dialog.getByLabel('Username')).toHaveValue('app');
  await expect(dialog.getByLabel('Password')).toHaveValue('s3cret');
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue('kept');

  await parse('amqp://guest:guest@mq.internal:5672/shop?queue=orders&durable=false&noAssert=1&exchange=events&exchangeType=topic&routingKey=orders.%23');
  await expect(transportPicker(dialog).getByRole('radio', { name: 'RabbitMQ' })).toBeChecked();
  await expect(dialog.getByLabel('Host', { exact: true })).toHaveValue('mq.internal');
  await expect(dialog.getByLabel('Port', { exact: true })).toHaveValue('5672');
  await expect(dialog.getByLabel('Virtual host')).toHaveValue('shop');
  await expect(dialog.getByLabel('Queue', { exact: true })).toHaveValue('orders');
  await expect(dialog.getByLabel('Durable queue')).not.toBeChecked();
  await expect(dialog.getByLabel("Don't assert the queue (noAssert)")).toBeChecked();
  await expect(dialog.getByLabel('Exchange', { exact: true })).toHaveValue('events');
  await expect(dialog.getByLabel('Exchange type')).toHaveValue('topic');
  await expect(dialog.getByLabel('Routing key')).toHaveValue('orders.#');

  await parse('kafka://h1:9092,h2:9092?clientId=orders-ui');
  await expect(transportPicker(dialog).getByRole('radio', { name: 'Kafka' })).toBeChecked();
  await expect(dialog.getByLabel('Brokers')).toHaveValue('h1:9092, h2:9092');
  await expect(dialog.getByLabel('Client ID')).toHaveValue('orders-ui');
  await expect(dialog.getByLabel('SASL mechanism')).toHaveValue('none');

  await parse('grpc://users.internal:5001?proto=/protos/users.proto');
  await expect(transportPicker(dialog).getByRole('radio', { name: 'gRPC' })).toBeChecked();
  await expect(dialog.getByLabel('Host', { exact: true })).toHaveValue('users.internal');
  await expect(dialog.getByLabel('Port', { exact: true })).toHaveValue('5001');
  await expect(dialog.getByLabel('Proto files')).toHaveValue('/protos/users.proto');

  await parse('redis://cache.internal');
  await expect(url).toHaveAccessibleDescription(/the URL has no port; the usual one is 6379/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('the composer offers Kafka its headers, key and partition, and warns about object topics', async ({ app: page }) => {
  // Nothing listens on port 1: the connection exists (failing), which is all the composer needs.
  const dialog = await openDialog(page);
  await dialog.getByLabel('Name', { exact: true }).fill('kafka-options');
  await transportPicker(dialog).getByRole('radio', { name: 'Kafka' }).check();
  await dialog.getByLabel('Brokers').fill('127.0.0.1:1');
  await dialog.getByLabel('Connect timeout (ms)').fill('1000');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toBeHidden();
  await expect(connectionItem(page, 'kafka-options').getByTitle('Transport: Kafka')).toHaveText('Kafka');

  const pattern = page.getByLabel('Pattern', { exact: true });
  await expect(pattern).toHaveAttribute('placeholder', 'topic, e.g. orders.created');
  await pattern.fill('{"cmd":"sum"}');
  await expect(pattern).toHaveAccessibleDescription('Kafka topics are strings: an object pattern is not a valid topic — type the topic, such as orders.created');

  const toggle = page.getByRole('button', { name: 'Message options' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  const headers = page.getByRole('group', { name: 'Headers' });
  await headers.getByRole('button', { name: 'Add header' }).click();
  await headers.getByLabel('Headers 1 name').fill('x-trace');
  await headers.getByLabel('Headers 1 value').fill('t-1');
  await page.getByLabel('Key', { exact: true }).fill('order-42');
  await page.getByLabel('Partition').fill('-1');
  await expect(page.getByLabel('Partition')).toHaveAccessibleDescription('Partition must be a whole number, 0 or more — or leave it empty to let Kafka choose');
  await page.getByLabel('Partition').fill('2');
  await expect(toggle).toContainText('1 header · key · partition 2');
  await expect(page.getByLabel('Properties')).toBeHidden();
});

test('the composer offers RabbitMQ headers and properties', async ({ app: page }) => {
  const dialog = await openDialog(page);
  await dialog.getByLabel('Name', { exact: true }).fill('rmq-options');
  await transportPicker(dialog).getByRole('radio', { name: 'RabbitMQ' }).check();
  await dialog.getByLabel('Port', { exact: true }).fill('1');
  await dialog.getByLabel('Queue', { exact: true }).fill('orders');
  await dialog.getByLabel('Connect timeout (ms)').fill('1000');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toBeHidden();
  const item = connectionItem(page, 'rmq-options');
  await expect(item.getByTitle('Transport: RabbitMQ')).toHaveText('RMQ');
  await expect(item).toContainText('amqp://127.0.0.1:1 → orders');

  await page.getByRole('button', { name: 'Message options' }).click();
  await expect(page.getByRole('group', { name: 'Headers' })).toBeVisible();
  await expect(page.getByLabel('Key', { exact: true })).toBeHidden();
  const properties = page.getByLabel('Properties');
  await properties.fill('{"priority": ');
  await expect(properties).toHaveAccessibleDescription('Properties are not valid JSON — write an object such as {"priority": 5}, or leave it empty');
  await properties.fill('{"priority": 5}');
  await expect(page.getByRole('button', { name: 'Message options' })).toContainText('properties');
});

test.describe('gRPC', () => {
  let grpcService: NestService;
  test.beforeAll(async () => {
    grpcService = await startNestService({ major: 12, grpc: { port: 0, reflection: true } });
  });
  test.afterAll(async () => {
    await grpcService?.stop();
  });

  test('calls a method found by server reflection; Emit is off, because gRPC has no events', async ({ app: page }) => {
    const grpc = grpcService.grpc;
    if (!grpc) throw new Error('The Nest fixture started without gRPC');
    const dialog = await openDialog(page);
    await dialog.getByLabel('Name', { exact: true }).fill('users-grpc');
    await transportPicker(dialog).getByRole('radio', { name: 'gRPC' }).check();
    await dialog.getByLabel('Host', { exact: true }).fill(grpc.host);
    await dialog.getByLabel('Port', { exact: true }).fill(String(grpc.port));
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog).toBeHidden();
    const item = connectionItem(page, 'users-grpc');
    await expect(item.getByRole('status')).toHaveText('Ready');
    await expect(item.getByTitle('Transport: gRPC')).toHaveText('gRPC');
    await expect(item).toContainText(`grpc://${grpc.host}:${grpc.port}`);

    // A gRPC connection's Pattern is the Method picker, listing what reflection described.
    await expect(page.getByRole('combobox', { name: 'Method' })).toHaveAttribute('placeholder', 'Search methods, e.g. users.UsersService/GetUser');
    await page.getByRole('combobox', { name: 'Method' }).fill('users.UsersService/GetUser');
    await payloadEditor(page).fill('{"id":1}');
    await expect.poll(() => payloadEditor(page).innerText()).toBe('{"id":1}');
    const emit = page.getByRole('button', { name: 'Emit', exact: true });
    await expect(emit).toBeDisabled();
    await expect(emit).toHaveAccessibleDescription('gRPC has no events — use Send to call the method');

    await page.getByRole('button', { name: 'Message options' }).click();
    const metadata = page.getByRole('group', { name: 'Metadata' });
    await metadata.getByRole('button', { name: 'Add metadata' }).click();
    await metadata.getByLabel('Metadata 1 name').fill('x-trace');
    await metadata.getByLabel('Metadata 1 value').fill('t-1');

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(responseRegion(page).getByRole('status', { name: 'Outcome' })).toHaveText('OK');
    await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toContainText('"id": 1');
  });
});
