// The built `patchbay saga run` against the order saga's real Nest services (fixtures/nest/saga):
// the sample saga of fixtures/collections/order-saga completes, or fails at the payment and is
// compensated (refund, release, cancel, seen by the services in that order), or fails where
// --fail-at says without the services hearing of that step. Exit codes 0, 1, 2 and 3.
import { describe, expect, it } from 'vitest';
import type { SagaRunReport } from '../../shared/saga';
import { fixtureServices } from '../test-support/fixture-services';
import { declinedOrderReport, okAttempt, orderItems as items, placedOrderSteps, placeOrderRun, withoutTimes } from '../test-support/order-saga-report';
import { patchbay } from '../test-support/run-cli';

const { saga: services } = fixtureServices();
const SAGA_FILE = 'fixtures/collections/order-saga/place-order.saga.yaml';
const ports = ['--var', `ordersPort=${services.orders.port}`, '--var', `inventoryPort=${services.inventory.port}`, '--var', `paymentPort=${services.payment.port}`];

const sagaRun = (...extra: string[]) => patchbay(['saga', 'run', SAGA_FILE, '--env', 'local', ...ports, ...extra]);

async function sagaReport(...extra: string[]): Promise<{ code: number | null; report: SagaRunReport; stderr: string }> {
  const run = await sagaRun(...extra, '--json');
  expect(run.stdout.trim().split('\n'), run.stderr).toHaveLength(1);
  return { code: run.code, report: JSON.parse(run.stdout) as SagaRunReport, stderr: run.stderr };
}

type JournalEntry = { seq: number; at: number; service: string; pattern: { cmd: string }; data: unknown; orderId?: number; reply?: unknown; error?: unknown };

/** What one service handled for an order, oldest first (the services are shared: never cleared). */
async function journal(service: 'orders' | 'inventory' | 'payment', orderId: number): Promise<JournalEntry[]> {
  const { host, port } = services[service];
  const read = await patchbay(['send', `tcp://${host}:${port}`, '{"cmd":"journal"}', JSON.stringify({ orderId })]);
  expect(read.code, read.stderr).toBe(0);
  return JSON.parse(read.stdout) as JournalEntry[];
}
const handled = (entries: JournalEntry[]) => entries.map((entry) => ({ cmd: entry.pattern.cmd, ...(entry.reply !== undefined ? { reply: entry.reply } : {}), ...(entry.error !== undefined ? { error: entry.error } : {}) }));

const confirmedAssertion = { assertions: [{ label: 'path status equals "confirmed"', passed: true }] };

describe('patchbay saga run against the order saga services', () => {
  it('completes when the payment goes through: exit 0, each service handled its step once', async () => {
    const { code, report, stderr } = await sagaReport('--var', 'amount=40', '--var', 'card=visa');
    expect(code, stderr).toBe(0);
    const orderId = (report.steps[0]?.response as { id: number }).id;
    const order = { id: orderId, items, amount: 40 };
    expect(withoutTimes(report)).toEqual({
      ...placeOrderRun,
      status: 'completed',
      compensated: [],
      steps: [
        ...placedOrderSteps(orderId),
        { id: 'processPayment', kind: 'request', status: 'completed', attempts: [okAttempt()], request: { pattern: { cmd: 'payment.process' }, data: { orderId, amount: 40, card: 'visa' } }, response: { orderId, status: 'paid', amount: 40 } },
        { id: 'confirmOrder', kind: 'request', status: 'completed', attempts: [okAttempt(confirmedAssertion)], request: { pattern: { cmd: 'orders.confirm' }, data: { orderId } }, response: { ...order, status: 'confirmed' } },
      ],
    });
    const [orders, inventory, payment] = await Promise.all([journal('orders', orderId), journal('inventory', orderId), journal('payment', orderId)]);
    expect(handled(orders)).toEqual([
      { cmd: 'orders.create', reply: { ...order, status: 'pending' } },
      { cmd: 'orders.confirm', reply: { ...order, status: 'confirmed' } },
    ]);
    expect(handled(inventory)).toEqual([{ cmd: 'inventory.reserve', reply: { orderId, status: 'reserved', items } }]);
    expect(handled(payment)).toEqual([{ cmd: 'payment.process', reply: { orderId, status: 'paid', amount: 40 } }]);
  });

  it('compensates a declined payment: refund, release, cancel, in that order across the services; exit 1 with the original error', async () => {
    const { code, report, stderr } = await sagaReport('--var', 'amount=40', '--var', 'card=declined');
    expect(code, stderr).toBe(1);
    const orderId = (report.steps[0]?.response as { id: number }).id;
    const order = { id: orderId, items, amount: 40 };
    expect(withoutTimes(report)).toEqual(declinedOrderReport(orderId));
    // retry: backoffMs 50 with ±20 % jitter, after the first attempt only.
    const wait = report.steps[2]?.attempts[0]?.retryInMs ?? -1;
    expect(wait >= 40 && wait <= 60, `waited ${wait} ms`).toBe(true);

    const [orders, inventory, payment] = await Promise.all([journal('orders', orderId), journal('inventory', orderId), journal('payment', orderId)]);
    expect(handled(payment)).toEqual([
      { cmd: 'payment.process', error: { status: 'error', message: 'card declined' } },
      { cmd: 'payment.process', error: { status: 'error', message: 'card declined' } },
      { cmd: 'payment.refund', reply: { orderId, status: 'refunded', amount: 0 } },
    ]);
    expect(handled(inventory)).toEqual([
      { cmd: 'inventory.reserve', reply: { orderId, status: 'reserved', items } },
      { cmd: 'inventory.release', reply: { orderId, status: 'released', items } },
    ]);
    expect(handled(orders)).toEqual([
      { cmd: 'orders.create', reply: { ...order, status: 'pending' } },
      { cmd: 'orders.cancel', reply: { ...order, status: 'cancelled' } },
    ]);
    // Across the services (one clock, one machine): each compensation arrived after the one before it was answered.
    const [refund, release, cancel] = [payment[2]!.at, inventory[1]!.at, orders[1]!.at];
    expect(refund <= release && release <= cancel, `refund ${refund}, release ${release}, cancel ${cancel}`).toBe(true);
  });

  it('prints the timeline, one line per attempt and compensation, then how the saga ended', async () => {
    // An amount above the payment service's limit is declined too.
    const run = await sagaRun('--var', `amount=${services.paymentLimit + 1}`, '--var', 'card=visa');
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout.replace(/\d+(\.\d+)? ms/g, 'T ms').split('\n')).toEqual([
      '✓ createOrder (T ms)',
      '✓ reserveInventory (T ms)',
      '✗ processPayment attempt 1: card declined (T ms), retrying in T ms',
      '✗ processPayment attempt 2: card declined (T ms)',
      '- confirmOrder (not run)',
      '↩ compensation of processPayment (T ms)',
      '↩ compensation of reserveInventory (T ms)',
      '↩ compensation of createOrder (T ms)',
      'Saga "Place order" failed at processPayment: card declined. Compensated processPayment, reserveInventory, createOrder (T ms).',
      '',
    ]);
    expect(run.stderr).toBe('');
  });

  it('--fail-at STEP:timeout fails the payment without the service hearing of it, and compensates', async () => {
    const { code, report, stderr } = await sagaReport('--var', 'amount=40', '--var', 'card=visa', '--fail-at', 'processPayment:timeout');
    expect(code, stderr).toBe(1);
    const injected = { stage: 'injected', code: 'timeout', message: 'Timeout injected at step "processPayment" (--fail-at processPayment:timeout): nothing was sent.' };
    expect(withoutTimes({ ...report, steps: report.steps.map(({ id, status, attempts, compensation }) => ({ id, status, attempts, compensation })) })).toMatchObject({
      status: 'failed',
      failedStep: 'processPayment',
      error: injected,
      injected: { step: 'processPayment', mode: 'timeout' },
      compensated: ['processPayment', 'reserveInventory', 'createOrder'],
      steps: [
        { id: 'createOrder', status: 'completed' },
        { id: 'reserveInventory', status: 'completed' },
        {
          id: 'processPayment',
          status: 'failed',
          attempts: [
            { attempt: 1, startMs: 'T', durationMs: 'T', status: 'failed', error: injected, retryInMs: 'T' },
            { attempt: 2, startMs: 'T', durationMs: 'T', status: 'failed', error: injected },
          ],
        },
        { id: 'confirmOrder', status: 'skipped' },
      ],
    });
    const orderId = (report.steps[0]?.response as { id: number }).id;
    const [orders, inventory, payment] = await Promise.all([journal('orders', orderId), journal('inventory', orderId), journal('payment', orderId)]);
    expect(handled(payment)).toEqual([{ cmd: 'payment.refund', reply: { orderId, status: 'refunded', amount: 0 } }]);
    expect(handled(inventory).map((entry) => entry.cmd)).toEqual(['inventory.reserve', 'inventory.release']);
    expect(handled(orders).map((entry) => entry.cmd)).toEqual(['orders.create', 'orders.cancel']);
  });

  it('--fail-at the last step refunds the payment that went through', async () => {
    const { code, report, stderr } = await sagaReport('--var', 'amount=40', '--var', 'card=visa', '--fail-at', 'confirmOrder:error');
    expect(code, stderr).toBe(1);
    expect(report).toMatchObject({
      failedStep: 'confirmOrder',
      error: { stage: 'injected', code: 'remote-error', message: 'Error reply injected at step "confirmOrder" (--fail-at confirmOrder:error): nothing was sent.' },
      compensated: ['processPayment', 'reserveInventory', 'createOrder'],
    });
    const orderId = (report.steps[0]?.response as { id: number }).id;
    const [orders, payment] = await Promise.all([journal('orders', orderId), journal('payment', orderId)]);
    expect(handled(payment)).toEqual([
      { cmd: 'payment.process', reply: { orderId, status: 'paid', amount: 40 } },
      { cmd: 'payment.refund', reply: { orderId, status: 'refunded', amount: 40 } },
    ]);
    expect(handled(orders).map((entry) => entry.cmd)).toEqual(['orders.create', 'orders.cancel']);
  });

  it('exits 3 when a connection fails, after compensating the steps before it (not the one that sent nothing)', async () => {
    const { code, report } = await sagaReport('--var', 'amount=40', '--var', 'card=visa', '--var', 'paymentPort=1');
    expect(code).toBe(3);
    expect(report).toMatchObject({ failedStep: 'processPayment', error: { stage: 'connect', code: 'connect-failed', message: 'Connection "payment" (tcp://127.0.0.1:1): Nothing is listening on tcp://127.0.0.1:1 (connection refused). Start the service, or check the port.' }, compensated: ['reserveInventory', 'createOrder'] });
  });

  it('exits 2 on usage and file problems, running nothing', async () => {
    const unknownStep = await sagaRun('--var', 'amount=40', '--var', 'card=visa', '--fail-at', 'ship');
    expect([unknownStep.code, unknownStep.stdout, unknownStep.stderr]).toEqual([
      2,
      '',
      'patchbay: Cannot inject a failure at "ship": this saga has no such step. Steps: createOrder, reserveInventory, processPayment, confirmOrder.\n',
    ]);
    // Without an environment, nothing defines the amount the first step sends.
    const missingVariable = await patchbay(['saga', 'run', SAGA_FILE, ...ports]);
    expect(missingVariable.code).toBe(2);
    expect(missingVariable.stdout).toContain('✗ createOrder: Unknown variable "amount" in place-order.saga.yaml, step createOrder.');
    const notASaga = await patchbay(['saga', 'run', 'fixtures/collections/order-saga/journal/orders-journal.yaml']);
    expect(notASaga.code).toBe(2);
    expect(notASaga.stderr).toContain('is not a saga file');
  });
});
