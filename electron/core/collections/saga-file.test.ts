import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedCollection } from '../../../shared/collection';
import { loadCollection } from './collection-files';
import { findCollectionRoot, readSagaFile, sagaFileProblems } from './saga-file';
import { useTempFolder } from '../../test-support/temp-folder';

const temp = useTempFolder('saga');
const { files } = temp;

const manifest = 'patchbay: 1\nname: shop\nconnections:\n  orders:\n    target: tcp://127.0.0.1:3001\n  bus:\n    target: redis://127.0.0.1:6379\n';
const saga = [
  'name: Place order',
  'steps:',
  '  - id: createOrder',
  '    request: { connection: orders, pattern: create_order, data: { sku: book } }',
  '    compensate: { connection: orders, pattern: cancel_order, data: { id: "{{steps.createOrder.response.id}}" }, retry: { count: 2, backoffMs: 50 } }',
  '  - id: confirmed',
  '    expect: { connection: bus, event: order_confirmed, withinMs: 2000 }',
  '',
].join('\n');

async function collection(): Promise<LoadedCollection> {
  const loaded = await loadCollection(temp.root);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

describe('saga files in a collection', () => {
  it('are listed as sagas, never read as requests', async () => {
    await files({ 'patchbay-collection.yaml': manifest, 'orders/place.saga.yaml': saga, 'orders/get.yaml': 'connection: orders\npattern: get_order\n', 'refund.SAGA.json': '{"steps": []}' });
    const loaded = await collection();
    expect({ requests: loaded.requests.map((request) => request.path), sagas: loaded.sagas, problems: loaded.problems }).toEqual({
      requests: ['orders/get.yaml'],
      sagas: [
        { path: 'orders/place.saga.yaml', name: 'place' },
        { path: 'refund.SAGA.json', name: 'refund' },
      ],
      problems: [],
    });
  });

  it('include the order saga of the fixture collection, which reads without problems', async () => {
    const loaded = await loadCollection('fixtures/collections/order-saga');
    if (!loaded.ok) throw new Error(loaded.error.message);
    expect(loaded.value.sagas).toEqual([{ path: 'place-order.saga.yaml', name: 'place-order' }]);
    const read = await readSagaFile(loaded.value, 'fixtures/collections/order-saga/place-order.saga.yaml');
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect(read.value.saga.steps.map((step) => [step.id, step.compensate?.pattern, step.compensateOnFailure ?? false])).toEqual([
      ['createOrder', { cmd: 'orders.cancel' }, false],
      ['reserveInventory', { cmd: 'inventory.release' }, false],
      ['processPayment', { cmd: 'payment.refund' }, true],
      ['confirmOrder', undefined, false],
    ]);
  });

  it('are found from the collection folder up', async () => {
    await files({ 'patchbay-collection.yaml': manifest, 'orders/deep/place.saga.yaml': saga });
    expect(await findCollectionRoot(join(temp.root, 'orders/deep/place.saga.yaml'))).toEqual({ ok: true, value: temp.root });
    const outside = await findCollectionRoot(join(tmpdir(), 'nowhere', 'x.saga.yaml'));
    expect(outside.ok ? outside.value : outside.error.code).toBe('no-collection');
  });

  it('read with their defaults filled', async () => {
    await files({ 'patchbay-collection.yaml': manifest, 'orders/place.saga.yaml': saga });
    const read = await readSagaFile(await collection(), join(temp.root, 'orders/place.saga.yaml'));
    expect(read).toEqual({
      ok: true,
      value: {
        path: 'orders/place.saga.yaml',
        saga: {
          name: 'Place order',
          steps: [
            {
              id: 'createOrder',
              request: { connection: 'orders', kind: 'send', pattern: 'create_order', data: { sku: 'book' }, capture: [], assert: [] },
              compensate: {
                connection: 'orders',
                kind: 'send',
                pattern: 'cancel_order',
                data: { id: '{{steps.createOrder.response.id}}' },
                capture: [],
                assert: [],
                retry: { count: 2, backoffMs: 50, factor: 1, jitter: 0 },
              },
            },
            { id: 'confirmed', expect: { connection: 'bus', event: 'order_confirmed', withinMs: 2000, match: [] } },
          ],
        },
      },
    });
  });

  it('point each problem at its line: a step with both actions, a duplicate id, a retry on an expect', async () => {
    const broken = [
      'steps:',
      '  - id: createOrder',
      '    request: { connection: orders, pattern: create_order }',
      '    expect: { connection: bus, event: created, withinMs: 10 }',
      '  - id: createOrder',
      '    request: { connection: orders, pattern: again }',
      '  - id: confirmed',
      '    expect: { connection: bus, event: order_confirmed, withinMs: 2000 }',
      '    retry: { count: 1 }',
      '',
    ].join('\n');
    await files({ 'patchbay-collection.yaml': manifest, 'broken.saga.yaml': broken });
    const read = await readSagaFile(await collection(), join(temp.root, 'broken.saga.yaml'));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(sagaFileProblems(read.error)).toEqual([
      { path: 'broken.saga.yaml', line: 2, column: 5, message: 'steps[0]: A step has exactly one of request (send or emit a message) or expect (wait for an event), e.g. request: { connection: orders, pattern: order.create }.' },
      { path: 'broken.saga.yaml', line: 5, column: 9, message: 'steps[1].id: Another step is also named "createOrder". Step ids are unique: later steps read {{steps.<id>.response}} by them.' },
      { path: 'broken.saga.yaml', line: 9, column: 12, message: 'steps[2].retry: An expect step waits up to withinMs instead of retrying: raise withinMs to wait longer.' },
    ]);
  });

  it('name connections of the manifest', async () => {
    await files({ 'patchbay-collection.yaml': manifest, 'typo.saga.yaml': 'steps:\n  - id: a\n    request: { connection: order, pattern: x }\n' });
    const read = await readSagaFile(await collection(), join(temp.root, 'typo.saga.yaml'));
    expect(read.ok ? [] : sagaFileProblems(read.error)).toEqual([
      { path: 'typo.saga.yaml', line: 3, column: 28, message: 'Unknown connection "order". The manifest has: orders, bus. Fix the name, or add it under connections: in patchbay-collection.yaml.' },
    ]);
  });

  it('end in .saga.yaml, .saga.yml or .saga.json', async () => {
    await files({ 'patchbay-collection.yaml': manifest, 'place.yaml': saga });
    expect(await readSagaFile(await collection(), join(temp.root, 'place.yaml'))).toEqual({
      ok: false,
      error: {
        code: 'not-a-saga',
        message: `${join(temp.root, 'place.yaml')} is not a saga file: a saga's file name ends in .saga.yaml, .saga.yml, .saga.json (e.g. place-order.saga.yaml), so the collection never reads it as a request.`,
      },
    });
  });
});
