// A throwaway copy of the order saga's sample collection (fixtures/collections/order-saga) pointed
// at the saga services fixtures/with-services.mjs started, for the saga tests and screenshots.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TempCollection } from './temp-collection';

export type { TempCollection };

type TcpAddress = { host: string; port: number };
type SagaServices = { orders: TcpAddress; inventory: TcpAddress; payment: TcpAddress };

const sample = fileURLToPath(new URL('../../fixtures/collections/order-saga', import.meta.url));

function sagaServices(): SagaServices {
  const saga = (JSON.parse(process.env.PATCHBAY_FIXTURES ?? '{}') as { saga?: SagaServices }).saga;
  if (!saga) throw new Error('PATCHBAY_FIXTURES has no saga services: run the suite through `node fixtures/with-services.mjs`, which starts them.');
  return saga;
}

/**
 * The sample collection in a temporary folder: `local` pays with a good card, `declined` with a
 * declined one; `slow-retry.saga.yaml` waits 20 s before retrying the payment.
 */
export async function copyOrderSaga(): Promise<TempCollection> {
  const { orders, inventory, payment } = sagaServices();
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-e2e-saga-'));
  const root = join(dir, 'order-saga');
  await cp(sample, root, { recursive: true });
  const ports = `  host: ${orders.host}\n  ordersPort: ${orders.port}\n  inventoryPort: ${inventory.port}\n  paymentPort: ${payment.port}\n  amount: 40\n`;
  await writeFile(join(root, 'environments/local.yaml'), `variables:\n${ports}  card: visa\n`);
  await writeFile(join(root, 'environments/declined.yaml'), `variables:\n${ports}  card: declined\n`);
  // The same saga waiting 20 s between payment attempts: a run to watch live, and to stop.
  const placeOrder = await readFile(join(root, 'place-order.saga.yaml'), 'utf8');
  await writeFile(join(root, 'slow-retry.saga.yaml'), placeOrder.replace('name: Place order', 'name: Slow retry').replace('retry: { count: 1, backoffMs: 50, factor: 2, jitter: 0.2 }', 'retry: { count: 3, backoffMs: 20000 }'));
  return { root, remove: () => rm(dir, { recursive: true, force: true }) };
}

