// The order saga's fixture services (fixtures/nest/saga) answer a real Nest ClientProxy as the
// saga runner's end-to-end tests expect: a declined payment, then the compensations, each
// journaled exactly by the service that handled it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NestClient, NestClientResult } from '../../fixtures/nest/client.mjs';
import { startNestClient } from '../../fixtures/nest/client.mjs';
import type { SagaJournalEntry, SagaServiceName, SagaServices, TcpAddress } from '../../fixtures/nest/saga/start.mjs';
import { startSagaServices } from '../../fixtures/nest/saga/start.mjs';
import { fixtureServices } from './fixture-services';

type SagaClients = Record<SagaServiceName, NestClient>;

async function connectClients(major: 10 | 11 | 12, addresses: Record<SagaServiceName, TcpAddress>): Promise<SagaClients> {
  const connect = (service: SagaServiceName) => startNestClient({ major, transport: 'TCP', options: addresses[service] });
  const [orders, inventory, payment] = await Promise.all([connect('orders'), connect('inventory'), connect('payment')]);
  return { orders, inventory, payment };
}

async function closeClients(clients: SagaClients | undefined): Promise<void> {
  if (clients) await Promise.all([clients.orders, clients.inventory, clients.payment].map((client) => client.close()));
}

async function journalOf(client: NestClient, filter: { orderId?: number } = {}): Promise<SagaJournalEntry[]> {
  const { values, error } = await client.send({ cmd: 'journal' }, filter);
  expect(error).toBeUndefined();
  return values[0] as SagaJournalEntry[];
}

/** seq and at vary from run to run: compared separately, by order. */
function withoutClock(entries: SagaJournalEntry[]): Omit<SagaJournalEntry, 'seq' | 'at'>[] {
  return entries.map(({ seq: _seq, at: _at, ...entry }) => entry);
}

function reply(result: NestClientResult): unknown {
  expect(result).toEqual({ values: [expect.anything()] });
  return result.values[0];
}

describe('the order saga services started by with-services', () => {
  const { saga } = fixtureServices();
  let clients: SagaClients | undefined;
  const client = (service: SagaServiceName): NestClient => clients![service];

  beforeAll(async () => {
    clients = await connectClients(12, saga);
  });
  afterAll(() => closeClients(clients));

  it('run Nest 12', () => {
    expect(saga.version.split('.')[0]).toBe('12');
  });

  it('journal a declined payment and its compensations exactly, each at the service that handled it, in order', async () => {
    const items = [{ sku: 'book', qty: 2 }];
    const created = reply(await client('orders').send({ cmd: 'orders.create' }, { items, amount: 40 })) as { id: number };
    const orderId = created.id;
    expect(created).toEqual({ id: orderId, status: 'pending', items, amount: 40 });
    expect(reply(await client('inventory').send({ cmd: 'inventory.reserve' }, { orderId, items }))).toEqual({ orderId, status: 'reserved', items });
    expect(await client('payment').send({ cmd: 'payment.process' }, { orderId, amount: 40, card: 'declined' })).toEqual({
      values: [],
      error: { status: 'error', message: 'card declined' },
    });
    // The compensations, most recent step first.
    expect(reply(await client('payment').send({ cmd: 'payment.refund' }, { orderId }))).toEqual({ orderId, status: 'refunded', amount: 0 });
    expect(reply(await client('inventory').send({ cmd: 'inventory.release' }, { orderId }))).toEqual({ orderId, status: 'released', items });
    expect(reply(await client('orders').send({ cmd: 'orders.cancel' }, { orderId }))).toEqual({ id: orderId, status: 'cancelled', items, amount: 40 });

    const orders = await journalOf(client('orders'), { orderId });
    const inventory = await journalOf(client('inventory'), { orderId });
    const payment = await journalOf(client('payment'), { orderId });
    expect(withoutClock(orders)).toEqual([
      { service: 'orders', pattern: { cmd: 'orders.create' }, data: { items, amount: 40 }, orderId, reply: { id: orderId, status: 'pending', items, amount: 40 } },
      { service: 'orders', pattern: { cmd: 'orders.cancel' }, data: { orderId }, orderId, reply: { id: orderId, status: 'cancelled', items, amount: 40 } },
    ]);
    expect(withoutClock(inventory)).toEqual([
      { service: 'inventory', pattern: { cmd: 'inventory.reserve' }, data: { orderId, items }, orderId, reply: { orderId, status: 'reserved', items } },
      { service: 'inventory', pattern: { cmd: 'inventory.release' }, data: { orderId }, orderId, reply: { orderId, status: 'released', items } },
    ]);
    expect(withoutClock(payment)).toEqual([
      { service: 'payment', pattern: { cmd: 'payment.process' }, data: { orderId, amount: 40, card: 'declined' }, orderId, error: { status: 'error', message: 'card declined' } },
      { service: 'payment', pattern: { cmd: 'payment.refund' }, data: { orderId }, orderId, reply: { orderId, status: 'refunded', amount: 0 } },
    ]);

    // Within a service seq orders the entries; across services the wall clock does.
    for (const entries of [orders, inventory, payment]) expect(entries[1]!.seq).toBeGreaterThan(entries[0]!.seq);
    const sentOrder = [orders[0]!, inventory[0]!, payment[0]!, payment[1]!, inventory[1]!, orders[1]!];
    const times = sentOrder.map((entry) => entry.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('decline amounts above the payment limit and charge the limit itself', async () => {
    const orderId = (reply(await client('orders').send({ cmd: 'orders.create' }, { amount: saga.paymentLimit })) as { id: number }).id;
    expect(await client('payment').send({ cmd: 'payment.process' }, { orderId, amount: saga.paymentLimit + 1 })).toEqual({
      values: [],
      error: { status: 'error', message: 'card declined' },
    });
    expect(reply(await client('payment').send({ cmd: 'payment.process' }, { orderId, amount: saga.paymentLimit }))).toEqual({ orderId, status: 'paid', amount: saga.paymentLimit });
    expect(reply(await client('payment').send({ cmd: 'payment.refund' }, { orderId }))).toEqual({ orderId, status: 'refunded', amount: saga.paymentLimit });
  });

  it('fail a reservation of an out-of-stock item, and confirming an unknown order names the fix', async () => {
    const orderId = (reply(await client('orders').send({ cmd: 'orders.create' }, {})) as { id: number }).id;
    expect(await client('inventory').send({ cmd: 'inventory.reserve' }, { orderId, items: [{ sku: 'out-of-stock', qty: 1 }] })).toEqual({
      values: [],
      error: { status: 'error', message: 'out-of-stock is out of stock' },
    });
    expect(await client('orders').send({ cmd: 'orders.confirm' }, { orderId: -1 })).toEqual({
      values: [],
      error: { status: 'error', message: 'Order -1 not found: pass the id orders.create returned as {"orderId": <id>}' },
    });
    expect(reply(await client('orders').send({ cmd: 'orders.confirm' }, { orderId }))).toEqual({ id: orderId, status: 'confirmed', items: [], amount: 0 });
  });
});

// Started here rather than shared: clearing the journal must not disturb other tests.
describe('saga services started by startSagaServices', () => {
  let saga: SagaServices | undefined;
  let clients: SagaClients | undefined;

  beforeAll(async () => {
    saga = await startSagaServices({ major: 10, paymentLimit: 5 });
    clients = await connectClients(10, saga);
  });
  afterAll(async () => {
    await closeClients(clients);
    await saga?.stop();
  });

  it('run the requested major with the requested payment limit on three ports', () => {
    expect(saga!.major).toBe(10);
    expect(saga!.version.split('.')[0]).toBe('10');
    expect(new Set([saga!.orders.port, saga!.inventory.port, saga!.payment.port]).size).toBe(3);
  });

  it('clear the journal without restarting the sequence', async () => {
    const payment = clients!.payment;
    expect(await payment.send({ cmd: 'payment.process' }, { orderId: 1, amount: 6 })).toEqual({ values: [], error: { status: 'error', message: 'card declined' } });
    const [declined] = await journalOf(payment);
    expect(declined).toMatchObject({ seq: 1, pattern: { cmd: 'payment.process' }, orderId: 1 });

    expect(await payment.send({ cmd: 'journal.clear' }, {})).toEqual({ values: [true] });
    expect(await journalOf(payment)).toEqual([]);

    expect(reply(await payment.send({ cmd: 'payment.process' }, { orderId: 1, amount: 5 }))).toEqual({ orderId: 1, status: 'paid', amount: 5 });
    expect(withoutClock(await journalOf(payment))).toEqual([
      { service: 'payment', pattern: { cmd: 'payment.process' }, data: { orderId: 1, amount: 5 }, orderId: 1, reply: { orderId: 1, status: 'paid', amount: 5 } },
    ]);
    expect((await journalOf(payment))[0]!.seq).toBe(2);
  });
});
