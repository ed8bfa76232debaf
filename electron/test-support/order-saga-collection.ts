// A copy of the order saga's sample collection (fixtures/collections/order-saga) pointed at the
// saga services fixtures/with-services.mjs started: for the engine's and the app's saga tests.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FixtureServices } from './fixture-services';

const sample = fileURLToPath(new URL('../../fixtures/collections/order-saga', import.meta.url));

/**
 * The sample collection copied to `root`: environment `local` pays with a good card, `declined`
 * with a declined one; `slow-retry.saga.yaml` is the sample saga waiting 20 s between payment
 * attempts (a run to watch live, and to stop in its wait).
 */
export async function copyOrderSagaCollection(root: string, { orders, inventory, payment }: FixtureServices['saga']): Promise<void> {
  await cp(sample, root, { recursive: true });
  const ports = `  host: ${orders.host}\n  ordersPort: ${orders.port}\n  inventoryPort: ${inventory.port}\n  paymentPort: ${payment.port}\n  amount: 40\n`;
  await writeFile(join(root, 'environments/local.yaml'), `variables:\n${ports}  card: visa\n`);
  await writeFile(join(root, 'environments/declined.yaml'), `variables:\n${ports}  card: declined\n`);
  const placeOrder = await readFile(join(root, 'place-order.saga.yaml'), 'utf8');
  await writeFile(join(root, 'slow-retry.saga.yaml'), placeOrder.replace('name: Place order', 'name: Slow retry').replace('retry: { count: 1, backoffMs: 50, factor: 2, jitter: 0.2 }', 'retry: { count: 3, backoffMs: 20000 }'));
}
