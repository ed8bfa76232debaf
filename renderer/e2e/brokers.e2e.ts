// Connections through the broker rig, opened with the form: Redis, RabbitMQ and Kafka become ready and
// carry a request to a real Nest service listening on the same broker. Needs the rig:
//   node fixtures/with-services.mjs -- npx playwright test renderer/e2e/brokers.e2e.ts
// (the regular suite runs with --no-brokers, and playwright.config.ts then leaves this file out, saying so).
import type { Page } from '@playwright/test';
import { startNestService, type NestService } from '../../fixtures/nest/start.mjs';
import { holdExclusiveLock } from '../../electron/test-support/exclusive-lock';
import { composeRequest, connectionItem, expect, responseRegion, test, type Services } from './patchbay-test';

function rig(services: Services): NonNullable<Services['brokers']> {
  if (!services.brokers) throw new Error('No broker rig in PATCHBAY_FIXTURES: run this file with `node fixtures/with-services.mjs -- npx playwright test renderer/e2e/brokers.e2e.ts` (without --no-brokers).');
  return services.brokers;
}

async function openThroughForm(page: Page, name: string, transport: string, fill: Record<string, string>) {
  await page.getByRole('button', { name: 'New connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'New connection' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByRole('group', { name: 'Transport' }).getByRole('radio', { name: transport }).check();
  for (const [label, value] of Object.entries(fill)) await dialog.getByLabel(label, { exact: true }).fill(value);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog).toBeHidden();
  const item = connectionItem(page, name);
  await expect(item.getByRole('status')).toHaveText('Ready');
  return item;
}

test.describe('Redis', () => {
  let nest: NestService;
  test.beforeAll(async ({ services }) => {
    const { host, port } = rig(services).redis;
    nest = await startNestService({ major: 12, redis: { host, port } });
  });
  test.afterAll(async () => {
    await nest?.stop();
  });

  test('opens a Redis connection to the rig, shows it ready, and sends through it', async ({ app: page, services }) => {
    const { host, port } = rig(services).redis;
    const item = await openThroughForm(page, 'rig-redis', 'Redis', { Host: host, Port: String(port), Database: '3' });
    await expect(item.getByTitle('Transport: Redis')).toHaveText('Redis');
    await expect(item).toContainText(`redis://${host}:${port}/3`);
    // Redis messages carry no headers or properties.
    await expect(page.getByRole('button', { name: 'Message options' })).toBeHidden();

    await composeRequest(page, '{"cmd":"sum"}', '[1,2,3]');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText('6');
  });
});

test.describe('RabbitMQ', () => {
  const queue = 'patchbay_e2e_form';
  let nest: NestService;
  test.beforeAll(async ({ services }) => {
    nest = await startNestService({ major: 12, rabbitmq: { url: rig(services).rabbitmq.url, queue } });
  });
  test.afterAll(async () => {
    await nest?.stop();
  });

  test('opens a RabbitMQ connection to the service queue and sends with properties and headers', async ({ app: page, services }) => {
    const { host, port } = rig(services).rabbitmq;
    const item = await openThroughForm(page, 'rig-rmq', 'RabbitMQ', { Host: host, Port: String(port), Queue: queue });
    await expect(item.getByTitle('Transport: RabbitMQ')).toHaveText('RMQ');
    await expect(item).toContainText(`amqp://${host}:${port} → ${queue}`);

    await composeRequest(page, '{"cmd":"sum"}', '[4,5]');
    await page.getByRole('button', { name: 'Message options' }).click();
    const headers = page.getByRole('group', { name: 'Headers' });
    await headers.getByRole('button', { name: 'Add header' }).click();
    await headers.getByLabel('Headers 1 name').fill('x-trace');
    await headers.getByLabel('Headers 1 value').fill('t-1');
    await page.getByLabel('Properties').fill('{"priority": 5}');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText('9');
  });
});

test.describe('Kafka', () => {
  let nest: NestService | undefined;
  let release: (() => void) | undefined;
  test.beforeAll(async ({ services }) => {
    const { brokers } = rig(services).kafka;
    // Kafka topics are global: take turns with any other test process running a Nest Kafka service.
    release = await holdExclusiveLock(`kafka-services-${brokers.join('_')}`);
    nest = await startNestService({ major: 12, kafka: { brokers } });
  });
  test.afterAll(async () => {
    await nest?.stop();
    release?.();
  });

  test('opens a Kafka connection and sends with a key, getting the reply a Nest ClientKafka gets', async ({ app: page, services }) => {
    const { brokers } = rig(services).kafka;
    const item = await openThroughForm(page, 'rig-kafka', 'Kafka', { Brokers: brokers.join(','), 'Client ID': 'patchbay-e2e' });
    await expect(item.getByTitle('Transport: Kafka')).toHaveText('Kafka');
    await expect(item).toContainText(`kafka://${brokers.join(',')}`);

    await composeRequest(page, 'sum', '[1,2,3]');
    await page.getByRole('button', { name: 'Message options' }).click();
    await page.getByLabel('Key', { exact: true }).fill('order-42');
    await page.getByRole('button', { name: 'Send' }).click();
    // Nest's Kafka transport carries numbers as text: a ClientKafka receives the string "6".
    await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText('"6"');
  });
});
