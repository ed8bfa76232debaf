// What the order saga's sample (fixtures/collections/order-saga/place-order.saga.yaml, amount 40)
// reports against its services, as the app (`saga.run`) and the CLI (`patchbay saga run --json`)
// both give it: the same runner, so the same report, compared with times masked.
export const orderItems = [{ sku: 'book', qty: 2 }];

/** Times vary from run to run: each becomes 'T'; everything else is compared exactly. */
export function withoutTimes(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(withoutTimes);
  if (input === null || typeof input !== 'object') return input;
  return Object.fromEntries(Object.entries(input).map(([key, inner]) => [key, ['startMs', 'durationMs', 'startedAt', 'retryInMs'].includes(key) ? 'T' : withoutTimes(inner)]));
}

/** A first attempt that went through, times masked. */
export const okAttempt = (extra: object = {}) => ({ attempt: 1, startMs: 'T', durationMs: 'T', status: 'ok', ...extra });

/** How every report of the sample saga run with environment `local` starts, times masked. */
export const placeOrderRun = { saga: 'Place order', path: 'place-order.saga.yaml', collection: 'order-saga', environment: 'local', startedAt: 'T', durationMs: 'T' };

export const pendingAssertion = { assertions: [{ label: 'path status equals "pending"', passed: true }] };

/** The first two steps, completed, for the order the first one created. */
export function placedOrderSteps(orderId: number) {
  return [
    { id: 'createOrder', kind: 'request', status: 'completed', attempts: [okAttempt(pendingAssertion)], request: { pattern: { cmd: 'orders.create' }, data: { items: orderItems, amount: 40 } }, response: { id: orderId, items: orderItems, amount: 40, status: 'pending' } },
    { id: 'reserveInventory', kind: 'request', status: 'completed', attempts: [okAttempt()], request: { pattern: { cmd: 'inventory.reserve' }, data: { orderId, items: orderItems } }, response: { orderId, status: 'reserved', items: orderItems } },
  ];
}

/**
 * The card declined (twice: one retry): the last step not run, and the three before it compensated
 * in reverse. Times masked, as `withoutTimes` leaves the report.
 */
export function declinedOrderReport(orderId: number) {
  const declined = { stage: 'remote', code: 'remote-error', message: 'card declined' };
  const compensated = { compensation: { status: 'completed', attempts: [okAttempt()] } };
  return {
    ...placeOrderRun,
    status: 'failed',
    failedStep: 'processPayment',
    error: declined,
    compensated: ['processPayment', 'reserveInventory', 'createOrder'],
    steps: [
      ...placedOrderSteps(orderId).map((step) => ({ ...step, ...compensated })),
      {
        id: 'processPayment',
        kind: 'request',
        status: 'failed',
        attempts: [
          { attempt: 1, startMs: 'T', durationMs: 'T', status: 'failed', error: declined, retryInMs: 'T' },
          { attempt: 2, startMs: 'T', durationMs: 'T', status: 'failed', error: declined },
        ],
        request: { pattern: { cmd: 'payment.process' }, data: { orderId, amount: 40, card: 'declined' } },
        ...compensated,
      },
      { id: 'confirmOrder', kind: 'request', status: 'skipped', attempts: [] },
    ],
  };
}
