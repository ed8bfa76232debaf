// A throwaway copy of the order saga's sample collection (fixtures/collections/order-saga) pointed
// at the saga services fixtures/with-services.mjs started, for the saga tests and screenshots.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyOrderSagaCollection } from '../../electron/test-support/order-saga-collection';
import type { FixtureServices } from '../../electron/test-support/fixture-services';
import type { TempCollection } from './temp-collection';

function sagaServices(): FixtureServices['saga'] {
  const saga = (JSON.parse(process.env.PATCHBAY_FIXTURES ?? '{}') as Partial<FixtureServices>).saga;
  if (!saga) throw new Error('PATCHBAY_FIXTURES has no saga services: run the suite through `node fixtures/with-services.mjs`, which starts them.');
  return saga;
}

/**
 * The sample collection in a temporary folder: `local` pays with a good card, `declined` with a
 * declined one; `slow-retry.saga.yaml` waits 20 s before retrying the payment.
 */
export async function copyOrderSaga(): Promise<TempCollection> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-e2e-saga-'));
  const root = join(dir, 'order-saga');
  await copyOrderSagaCollection(root, sagaServices());
  return { root, remove: () => rm(dir, { recursive: true, force: true }) };
}
