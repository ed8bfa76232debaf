// Connections through the broker rig, opened with the form: Redis, RabbitMQ and Kafka become ready and
// carry a request to a real Nest service listening on the same broker. Needs the rig:
//   node fixtures/with-services.mjs -- npx playwright test renderer/e2e/brokers.e2e.ts
// (the regular suite runs with --no-brokers, and playwright.config.ts then leaves this file out, saying so).
import { brokerRig, kafkaServicesLock, openThroughForm, redisServicesLock, useRigNestService } from './connection-steps';
import { composeRequest, expect, responseRegion, test, type Services } from './patchbay-test';

const file = 'renderer/e2e/brokers.e2e.ts';
const rig = (services: Services) => brokerRig(services, file);

test.describe('Redis', () => {
  useRigNestService(file, ({ redis }) => ({ redis }), redisServicesLock);

  test('opens a Redis connection to the rig, shows it ready, and sends through it', async ({ app: page, services }) => {
    const { host, port } = rig(services).redis;
    const item = await openThroughForm(page, 'rig-redis', 'Redis', { Host: host, Port: String(port), Database: '3' });
    await expect(item.getByTitle('Transport: Redis')).toHaveText('Redis');
    await expect(item).toContainText(`redis://${host}:${port}/3`);
    // Redis messages carry no headers or properties: the options hold only the retry policy.
    await page.getByRole('button', { name: 'Message options' }).click();
    const groups = page.getByRole('region', { name: /^Message options/ }).getByRole('group');
    await expect(groups).toHaveCount(1);
    await expect(groups).toHaveAccessibleName('Retries');
    await page.getByRole('button', { name: 'Message options' }).click();

    await composeRequest(page, '{"cmd":"sum"}', '[1,2,3]');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText('6');
  });
});

test.describe('RabbitMQ', () => {
  const queue = 'patchbay_e2e_form';
  useRigNestService(file, ({ rabbitmq }) => ({ rabbitmq: { url: rabbitmq.url, queue } }));

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
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText('9');
  });
});

test.describe('Kafka', () => {
  useRigNestService(file, ({ kafka }) => ({ kafka: { brokers: kafka.brokers } }), kafkaServicesLock);

  test('opens a Kafka connection and sends with a key, getting the reply a Nest ClientKafka gets', async ({ app: page, services }) => {
    const { brokers } = rig(services).kafka;
    const item = await openThroughForm(page, 'rig-kafka', 'Kafka', { Brokers: brokers.join(','), 'Client ID': 'patchbay-e2e' });
    await expect(item.getByTitle('Transport: Kafka')).toHaveText('Kafka');
    await expect(item).toContainText(`kafka://${brokers.join(',')}`);

    await composeRequest(page, 'sum', '[1,2,3]');
    await page.getByRole('button', { name: 'Message options' }).click();
    await page.getByLabel('Key', { exact: true }).fill('order-42');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    // Nest's Kafka transport carries numbers as text: a ClientKafka receives the string "6".
    await expect(responseRegion(page).getByRole('textbox', { name: 'Value' })).toHaveText('"6"');
  });
});
