// Taps through the broker rig: a listener started from the UI watches a real Nest client call a
// real Nest service, and joins the request to its reply with the service's latency; and the
// RabbitMQ queue tools on a dead-letter queue filled through amqplib. Needs the rig:
//   node fixtures/with-services.mjs -- npx playwright test listen-brokers.e2e.ts
// (with --no-brokers, playwright.config.ts leaves this file out, saying so).
import type { Locator, Page } from '@playwright/test';
import { connect, type ChannelModel } from 'amqplib';
import { startNestClient, type NestClient } from '../../fixtures/nest/client.mjs';
import { brokerRig, kafkaServicesLock, openThroughForm, redisServicesLock, useRigNestService } from './connection-steps';
import { expect, test, type Services } from './patchbay-test';

const file = 'listen-brokers.e2e.ts';
const rig = (services: Services) => brokerRig(services, file);

/** Fills New listener for a connection; returns the listener's view once it listens. */
async function startListener(page: Page, connectionName: string, transport: string, fill: (dialog: Locator) => Promise<void>, label: string): Promise<Locator> {
  await page.getByRole('button', { name: 'New listener' }).click();
  const dialog = page.getByRole('dialog', { name: 'New listener' });
  await dialog.getByLabel('Connection').selectOption({ label: `${connectionName} — ${transport}` });
  await fill(dialog);
  await dialog.getByRole('button', { name: 'Start listening' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('list', { name: 'Listeners' }).getByRole('listitem', { name: label, exact: true }).getByRole('status')).toHaveText('Listening');
  return page.getByRole('region', { name: `Listener ${label}` });
}

/** The request and the joined reply in the listener's table, and the tap summary, with the same latency. */
async function expectJoinedCall(page: Page, view: Locator, pattern: string, requestBody: string, replyBody: string, replyRoute: Record<string, string>) {
  const table = view.getByRole('table', { name: 'Observed messages' });
  await expect(table).toHaveAttribute('aria-rowcount', '3');
  const rows = table.getByRole('row');
  const request = rows.nth(1);
  const reply = rows.nth(2);
  await expect(request.getByRole('cell')).toHaveText([/^\d\d:\d\d:\d\d\.\d{3}$/, 'request', pattern, /^[0-9a-zA-Z-]{8}$/, '', /^\d+ B$/, requestBody]);
  await expect(reply.getByRole('cell')).toHaveText([/^\d\d:\d\d:\d\d\.\d{3}$/, 'reply', pattern, (await request.getByRole('cell').nth(3).innerText()).trim(), /^\d+(\.\d)? ms$/, /^\d+ B$/, replyBody]);
  const latency = (await reply.getByRole('cell').nth(4).innerText()).trim();

  const summaryRow = view.getByRole('table', { name: 'Tap summary' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: pattern, exact: true }) });
  await expect(summaryRow.getByRole('cell')).toHaveText(['1', '0', '1', '0', latency, latency, latency]);

  await reply.click();
  const detail = view.getByRole('complementary', { name: 'Message detail' });
  await expect(detail.getByRole('textbox', { name: 'Message body' })).toHaveText(replyBody);
  const details = detail.getByRole('table', { name: 'Details' });
  for (const [name, value] of Object.entries(replyRoute)) {
    await expect(details.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).getByRole('cell')).toHaveText(value);
  }
}

test.describe('Redis tap', () => {
  useRigNestService(file, ({ redis }) => ({ redis }), redisServicesLock);

  test("joins a real Nest client's request to the service's reply, with the latency", async ({ app: page, services }) => {
    const { host, port } = rig(services).redis;
    await openThroughForm(page, 'tap-redis', 'Redis', { Host: host, Port: String(port) });
    const label = 'redis channels {"cmd":"sum"} (tap)';
    const view = await startListener(page, 'tap-redis', 'Redis', async (dialog) => {
      await dialog.getByLabel('Channels').fill('{"cmd":"sum"}');
      await expect(dialog.getByLabel('Tap')).toBeChecked();
    }, label);
    await expect(view.getByText('Waiting for messages')).toBeVisible();

    let client: NestClient | undefined;
    try {
      client = await startNestClient({ major: 12, transport: 'REDIS', options: { host, port } });
      expect(await client.send({ cmd: 'sum' }, [1, 2, 3])).toEqual({ values: [6] });
    } finally {
      await client?.close();
    }

    await expectJoinedCall(page, view, '{"cmd":"sum"}', '[1,2,3]', '6', { channel: '{"cmd":"sum"}.reply' });
    await expect(view.getByLabel('Messages seen')).toHaveText('2');

    await view.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(page.getByRole('list', { name: 'Listeners' })).toBeHidden();
    await expect(page.getByRole('region', { name: 'Traffic' })).toBeVisible();
  });
});

test.describe('Kafka tap', () => {
  useRigNestService(file, ({ kafka }) => ({ kafka: { brokers: kafka.brokers } }), kafkaServicesLock);

  test("joins a real Nest ClientKafka's request to the reply on sum.reply", async ({ app: page, services }) => {
    const { brokers } = rig(services).kafka;
    await openThroughForm(page, 'tap-kafka', 'Kafka', { Brokers: brokers.join(','), 'Client ID': 'patchbay-e2e-tap' });
    const label = 'kafka topics sum from latest (tap)';
    const view = await startListener(page, 'tap-kafka', 'Kafka', async (dialog) => {
      await dialog.getByLabel('Topics').fill('sum');
    }, label);

    let client: NestClient | undefined;
    try {
      client = await startNestClient({ major: 12, transport: 'KAFKA', options: { client: { brokers, clientId: 'patchbay-e2e-tap-client' }, consumer: { groupId: 'patchbay-e2e-tap-client' } }, replyPatterns: ['sum'] });
      // Nest's Kafka transport carries numbers as text.
      expect(await client.send('sum', [1, 2, 3])).toEqual({ values: ['6'] });
    } finally {
      await client?.close();
    }

    await expectJoinedCall(page, view, 'sum', '[1,2,3]', '"6"', { topic: 'sum.reply' });
    await view.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(page.getByRole('list', { name: 'Listeners' })).toBeHidden();
  });
});

test.describe('RabbitMQ queue tools', () => {
  const sourceQueue = 'patchbay_e2e_inspect_orders';
  const deadLetterQueue = 'patchbay_e2e_inspect_orders.dlq';
  const targetQueue = 'patchbay_e2e_inspect_orders.retry';
  const deadLetterBody = { orderId: 1, step: 'charge' };
  const plainBody = { orderId: 2, step: 'ship' };
  let amqp: ChannelModel | undefined;

  test.beforeAll(async ({ services }) => {
    amqp = await connect(rig(services).rabbitmq.url);
    const channel = await amqp.createChannel();
    for (const queue of [sourceQueue, deadLetterQueue, targetQueue]) await channel.deleteQueue(queue);
    await channel.assertQueue(deadLetterQueue);
    await channel.assertQueue(targetQueue);
    await channel.assertQueue(sourceQueue, { arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': deadLetterQueue } });
    // First the dead letter: published to the source queue and rejected there without requeue, so
    // the broker moves it to the dead-letter queue with an x-death header.
    channel.sendToQueue(sourceQueue, Buffer.from(JSON.stringify(deadLetterBody)), { contentType: 'application/json' });
    await expect.poll(async () => (await channel.checkQueue(sourceQueue)).messageCount).toBe(1);
    const rejected = await channel.get(sourceQueue, { noAck: false });
    if (!rejected) throw new Error(`${sourceQueue} is empty`);
    channel.reject(rejected, false);
    await expect.poll(async () => (await channel.checkQueue(deadLetterQueue)).messageCount).toBe(1);
    // Then a message published to the dead-letter queue directly: no x-death.
    channel.sendToQueue(deadLetterQueue, Buffer.from(JSON.stringify(plainBody)), { contentType: 'application/json' });
    await expect.poll(async () => (await channel.checkQueue(deadLetterQueue)).messageCount).toBe(2);
    await channel.close();
  });
  test.afterAll(async () => {
    if (!amqp) return;
    const channel = await amqp.createChannel();
    for (const queue of [sourceQueue, deadLetterQueue, targetQueue]) await channel.deleteQueue(queue);
    await amqp.close();
  });

  test('shows the depth of a dead-letter queue, peeks without taking, and republishes the dead letter', async ({ app: page, services }) => {
    const { host, port } = rig(services).rabbitmq;
    await openThroughForm(page, 'inspect-rmq', 'RabbitMQ', { Host: host, Port: String(port), Queue: deadLetterQueue });
    await page.getByRole('button', { name: 'Inspect queue on inspect-rmq…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Inspect queue' });
    await expect(dialog.getByLabel('Queue name')).toHaveValue(deadLetterQueue);

    const stats = dialog.getByLabel('Queue stats');
    const refreshStats = dialog.getByRole('button', { name: 'Refresh stats' });
    const expectStats = async (messages: string) => {
      await refreshStats.click();
      await expect(refreshStats).toBeEnabled();
      await expect(stats.getByRole('definition')).toHaveText([messages, '0']);
    };
    await expectStats('2');
    await expect(stats.getByRole('term')).toHaveText(['Messages', 'Consumers']);

    await dialog.getByRole('button', { name: 'Peek', exact: true }).click();
    const peeked = dialog.getByRole('list', { name: 'Peeked messages' });
    await expect(peeked.getByRole('listitem')).toHaveCount(2);
    await expect(peeked.getByRole('textbox', { name: 'Message 1 body' })).toHaveText('{ "orderId": 1, "step": "charge" }');
    await expect(peeked.getByRole('textbox', { name: 'Message 2 body' })).toHaveText('{ "orderId": 2, "step": "ship" }');
    const deaths = peeked.getByRole('table', { name: 'Message 1 dead-letter history' });
    await expect(deaths.getByRole('columnheader')).toHaveText(['x-death queue', 'Reason', 'Count', 'Exchange', 'Routing keys']);
    await expect(deaths.getByRole('row')).toHaveCount(2);
    await expect(deaths.getByRole('row').nth(1).getByRole('cell')).toHaveText([sourceQueue, 'rejected', '1', '(default)', sourceQueue]);
    await expect(peeked.getByRole('table', { name: 'Message 2 dead-letter history' })).toHaveCount(0);

    // A peek puts the messages back: the depth is what it was.
    await expectStats('2');

    const republish = dialog.getByRole('group', { name: 'Republish' });
    await republish.getByRole('radio', { name: 'A queue' }).check();
    await republish.getByLabel('How many').fill('1');
    await republish.getByLabel('Destination queue').fill(targetQueue);
    await republish.getByRole('button', { name: 'Republish…' }).click();
    const confirm = dialog.getByRole('alertdialog', { name: 'Confirm republish' });
    await expect(confirm).toContainText(`Move up to 1 message from ${deadLetterQueue} to queue ${targetQueue}?`);
    await confirm.getByRole('button', { name: 'Move messages' }).click();
    await expect(republish.getByRole('status')).toHaveText(`Moved 1 message to queue ${targetQueue}.`);
    // The dialog refreshes the source queue's stats after a move.
    await expect(stats.getByRole('definition')).toHaveText(['1', '0']);
    await expectStats('1');

    await dialog.getByLabel('Queue name').fill(targetQueue);
    await expectStats('1');
    await dialog.getByRole('button', { name: 'Peek', exact: true }).click();
    await expect(peeked.getByRole('listitem')).toHaveCount(1);
    await expect(peeked.getByRole('textbox', { name: 'Message 1 body' })).toHaveText('{ "orderId": 1, "step": "charge" }');
    // A republished message starts afresh, without its dead-letter history.
    await expect(peeked.getByRole('table', { name: 'Message 1 dead-letter history' })).toHaveCount(0);

    await dialog.getByLabel('Queue name').fill(deadLetterQueue);
    await dialog.getByRole('button', { name: 'Peek', exact: true }).click();
    await expect(peeked.getByRole('listitem')).toHaveCount(1);
    await expect(peeked.getByRole('textbox', { name: 'Message 1 body' })).toHaveText('{ "orderId": 2, "step": "ship" }');

    const channel = await amqp!.createChannel();
    expect((await channel.checkQueue(deadLetterQueue)).messageCount).toBe(1);
    expect((await channel.checkQueue(targetQueue)).messageCount).toBe(1);
    await channel.close();

    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toBeHidden();
  });
});
