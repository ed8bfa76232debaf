// Sagas over an engine whose transport clients are fakes: an order flow across three services and
// a Redis event bus, on a clock the fakes move, so every timeline is exact.
import { describe, expect, it } from 'vitest';
import type { LoadedCollection } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { SagaAttempt, SagaFile, SagaRunEvent, SagaRunReport } from '../../../shared/saga';
import { sagaFileSchema } from '../../../shared/saga';
import { createEngine } from '../engine';
import type { Observed, ReplyPart, TransportClient } from '../transports/transport';
import type { SagaRunOptions } from './saga-run';
import { diffRecordedReply, EXPECT_BUFFER_LIMIT, runSaga } from './saga-run';

type Behaviour = { declinePayments: number; confirmOrders: boolean; cancelFails: boolean };

/**
 * The services, by port: 3001 orders, 3002 inventory, 3003 payments; each request takes 10 ms.
 * Orders publish `order_confirmed` on the Redis bus when paid.
 */
function setup(behaviour: Partial<Behaviour> = {}) {
  const rules: Behaviour = { declinePayments: 0, confirmOrders: true, cancelFails: false, ...behaviour };
  let clockMs = 0;
  const sent: string[] = [];
  const waits: number[] = [];
  const busSinks = new Set<(message: Observed) => void>();
  const publish = (pattern: string, data: unknown) => {
    for (const sink of busSinks) sink({ kind: 'event', route: pattern, pattern, body: data, sizeBytes: 1 });
  };

  function answer(port: number, pattern: string, data: Record<string, unknown>): ReplyPart {
    const reply = (value: unknown): ReplyPart => ({ kind: 'value', value, last: true, sizeBytes: 1 });
    if (pattern === 'create_order') return reply({ id: 42, status: 'pending', sku: data.sku });
    if (pattern === 'reserve_stock') return reply({ reservationId: `r-${String(data.orderId)}` });
    if (pattern === 'charge') {
      if (rules.declinePayments > 0) {
        rules.declinePayments -= 1;
        return { kind: 'remote-error', error: { status: 'error', message: 'Payment declined' }, sizeBytes: 1 };
      }
      if (rules.confirmOrders) publish('order_confirmed', { orderId: data.orderId });
      return reply({ paymentId: 'p-1' });
    }
    if (pattern === 'flood') {
      for (let index = 0; index < Number(data.count); index++) publish('order_confirmed', { orderId: index });
      return reply({ published: data.count });
    }
    if (pattern === 'cancel_order' && rules.cancelFails) return { kind: 'remote-error', error: { message: 'Order already shipped' }, sizeBytes: 1 };
    return reply({ ok: true, port });
  }

  const tcpClient = (port: number): TransportClient => ({
    status: { state: port === 1 ? 'failed' : 'ready' },
    onStatus: () => () => {},
    firstAttempt: async () => (port === 1 ? fail('connection-refused', 'Nothing listens on 127.0.0.1:1.') : ok(null)),
    async *send(request): AsyncIterable<ReplyPart> {
      sent.push(`${String(request.pattern)} ${JSON.stringify(request.data)}`);
      yield { kind: 'written', sizeBytes: 1 };
      clockMs += 10;
      yield answer(port, String(request.pattern), request.data as Record<string, unknown>);
    },
    emit: async (event) => (sent.push(`emit ${String(event.pattern)} ${JSON.stringify(event.data)}`), ok({ sizeBytes: 1 })),
    close: async () => {},
  });
  const busClient = (): TransportClient => ({
    status: { state: 'ready' },
    onStatus: () => () => {},
    firstAttempt: async () => ok(null),
    // eslint-disable-next-line require-yield
    async *send(): AsyncIterable<ReplyPart> {
      throw new Error('the bus is only listened to');
    },
    emit: async () => ok({ sizeBytes: 1 }),
    async subscribe(spec, sink) {
      sent.push(`listen ${JSON.stringify(spec)}`);
      busSinks.add(sink);
      return ok(async () => void busSinks.delete(sink));
    },
    close: async () => {},
  });

  const engine = createEngine({
    clock: { now: () => 1_000, monotonicMs: () => clockMs },
    createClient: (target) => (target.kind === 'redis' ? busClient() : tcpClient(target.kind === 'tcp' ? target.port : 0)),
  });
  const deps = {
    engine,
    now: () => 1_000,
    monotonicMs: () => clockMs,
    uuid: () => 'uuid-1',
    random: () => 0.75,
    readFile: () => '',
    // A wait that was not cut short moves the clock by its length.
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          if (!signal?.aborted) {
            waits.push(ms);
            clockMs += ms;
          }
          resolve();
        }),
      ),
  };
  return { engine, deps, sent, waits, publish };
}

const collection: LoadedCollection = {
  root: '/shop',
  manifest: {
    patchbay: 1,
    name: 'Shop',
    connections: {
      orders: { target: 'tcp://127.0.0.1:3001' },
      inventory: { target: 'tcp://127.0.0.1:3002' },
      payments: { target: 'tcp://127.0.0.1:{{paymentsPort}}' },
      bus: { target: 'redis://127.0.0.1:6379' },
      down: { target: 'tcp://127.0.0.1:1' },
    },
  },
  requests: [],
  environments: { local: { variables: { paymentsPort: 3003, sku: 'book' }, secrets: [] } },
  problems: [],
};

const orderSaga = (changes: { chargeRetry?: unknown; confirmWithinMs?: number; matchOrderId?: string } = {}): SagaFile =>
  sagaFileSchema.parse({
    name: 'Place order',
    steps: [
      {
        id: 'createOrder',
        request: { connection: 'orders', pattern: 'create_order', data: { sku: '{{sku}}' }, capture: [{ variable: 'orderId', path: 'id' }] },
        compensate: { connection: 'orders', pattern: 'cancel_order', data: { orderId: '{{steps.createOrder.response.id}}' } },
      },
      {
        id: 'reserveStock',
        request: { connection: 'inventory', pattern: 'reserve_stock', data: { orderId: '{{orderId}}', sku: '{{steps.createOrder.request.data.sku}}' } },
        compensate: { connection: 'inventory', pattern: 'release_stock', data: { reservationId: '{{steps.reserveStock.response.reservationId}}' } },
      },
      {
        id: 'charge',
        request: { connection: 'payments', pattern: 'charge', data: { orderId: '{{steps.createOrder.response.id}}', amount: 25 } },
        compensate: { connection: 'payments', pattern: 'refund', data: { paymentId: '{{steps.charge.response.paymentId}}' } },
        ...(changes.chargeRetry ? { retry: changes.chargeRetry } : {}),
      },
      {
        id: 'confirmed',
        expect: { connection: 'bus', event: 'order_confirmed', withinMs: changes.confirmWithinMs ?? 2000, match: [{ path: 'data.orderId', equals: changes.matchOrderId ?? '{{steps.createOrder.response.id}}' }] },
      },
      { id: 'notify', request: { connection: 'orders', kind: 'emit', pattern: 'order_placed', data: { orderId: '{{orderId}}' } } },
    ],
  });

const options = (overrides: Partial<SagaRunOptions> = {}): SagaRunOptions => ({ environment: 'local', variables: {}, secrets: {}, ...overrides });

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
};

const attempt = (startMs: number, durationMs: number): SagaAttempt => ({ attempt: 1, startMs, durationMs, status: 'ok' });
const listenLine = 'listen {"kind":"redis","channels":["order_confirmed"],"tap":false}';

describe('runSaga', () => {
  it('runs the steps in order, values flowing through steps.<id> and captures, and sees the event the payment caused', async () => {
    const { engine, deps, sent } = setup();
    const report = value(await runSaga(collection, { path: 'orders/place.saga.yaml', saga: orderSaga() }, options(), deps));
    expect(report).toEqual({
      saga: 'Place order',
      path: 'orders/place.saga.yaml',
      collection: 'Shop',
      environment: 'local',
      startedAt: 1_000,
      durationMs: 30,
      status: 'completed',
      compensated: [],
      steps: [
        { id: 'createOrder', kind: 'request', status: 'completed', attempts: [attempt(0, 10)], request: { pattern: 'create_order', data: { sku: 'book' } }, response: { id: 42, status: 'pending', sku: 'book' } },
        { id: 'reserveStock', kind: 'request', status: 'completed', attempts: [attempt(10, 10)], request: { pattern: 'reserve_stock', data: { orderId: 42, sku: 'book' } }, response: { reservationId: 'r-42' } },
        { id: 'charge', kind: 'request', status: 'completed', attempts: [attempt(20, 10)], request: { pattern: 'charge', data: { orderId: 42, amount: 25 } }, response: { paymentId: 'p-1' } },
        { id: 'confirmed', kind: 'expect', status: 'completed', attempts: [attempt(30, 0)], response: { pattern: 'order_confirmed', data: { orderId: 42 }, headers: {} } },
        { id: 'notify', kind: 'request', status: 'completed', attempts: [attempt(30, 0)], request: { pattern: 'order_placed', data: { orderId: 42 } } },
      ],
    } satisfies SagaRunReport);
    // The listener started before the first step; the event came during `charge`, before its step was reached.
    expect(sent).toEqual([listenLine, 'create_order {"sku":"book"}', 'reserve_stock {"orderId":42,"sku":"book"}', 'charge {"orderId":42,"amount":25}', 'emit order_placed {"orderId":42}']);
    // Every connection and listener it opened is closed.
    expect(engine.connections.list()).toEqual([]);
    expect(engine.listeners.list()).toEqual([]);
  });

  it('compensates the completed steps in reverse order when a step fails, and keeps the original error', async () => {
    const { deps, sent } = setup({ declinePayments: 1 });
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga: orderSaga() }, options(), deps));
    const declined = { stage: 'remote', code: 'remote-error', message: 'Payment declined' };
    expect(report).toMatchObject({ status: 'failed', failedStep: 'charge', error: declined, compensated: ['reserveStock', 'createOrder'], durationMs: 50 });
    expect(report.steps.map(({ id, status, attempts, compensation }) => ({ id, status, attempts, compensation }))).toEqual([
      { id: 'createOrder', status: 'completed', attempts: [attempt(0, 10)], compensation: { status: 'completed', attempts: [attempt(40, 10)] } },
      { id: 'reserveStock', status: 'completed', attempts: [attempt(10, 10)], compensation: { status: 'completed', attempts: [attempt(30, 10)] } },
      { id: 'charge', status: 'failed', attempts: [{ attempt: 1, startMs: 20, durationMs: 10, status: 'failed', error: declined }], compensation: undefined },
      { id: 'confirmed', status: 'skipped', attempts: [], compensation: undefined },
      { id: 'notify', status: 'skipped', attempts: [], compensation: undefined },
    ]);
    expect(sent.slice(3)).toEqual(['charge {"orderId":42,"amount":25}', 'release_stock {"reservationId":"r-42"}', 'cancel_order {"orderId":42}']);
  });

  it('compensates the failed step itself first when it says compensateOnFailure', async () => {
    const { deps, sent } = setup({ declinePayments: 1 });
    const saga = orderSaga();
    saga.steps[2] = { ...saga.steps[2]!, compensate: { ...saga.steps[2]!.compensate!, data: { orderId: '{{steps.createOrder.response.id}}' } }, compensateOnFailure: true };
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga }, options(), deps));
    expect(report).toMatchObject({ status: 'failed', failedStep: 'charge', compensated: ['charge', 'reserveStock', 'createOrder'] });
    expect(report.steps[2]).toMatchObject({ status: 'failed', compensation: { status: 'completed', attempts: [attempt(30, 10)] } });
    expect(sent.slice(4)).toEqual(['refund {"orderId":42}', 'release_stock {"reservationId":"r-42"}', 'cancel_order {"orderId":42}']);
  });

  it('does not compensate a failed step that could not send anything', async () => {
    const { deps, sent } = setup();
    const saga = orderSaga();
    saga.steps[2] = { ...saga.steps[2]!, request: { ...saga.steps[2]!.request!, connection: 'down' }, compensateOnFailure: true };
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga }, options(), deps));
    expect(report).toMatchObject({ failedStep: 'charge', error: { stage: 'connect' }, compensated: ['reserveStock', 'createOrder'] });
    expect(sent.slice(3)).toEqual(['release_stock {"reservationId":"r-42"}', 'cancel_order {"orderId":42}']);
  });

  it('retries a failed step with backoff and jitter, attempt by attempt', async () => {
    const { deps, waits } = setup({ declinePayments: 2 });
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga: orderSaga({ chargeRetry: { count: 3, backoffMs: 100, factor: 2, jitter: 0.5 } }) }, options(), deps));
    const declined = { stage: 'remote', code: 'remote-error', message: 'Payment declined' };
    // random 0.75 moves each wait by +25 %: 100 → 125, 200 → 250.
    expect(waits).toEqual([125, 250]);
    expect(report.status).toBe('completed');
    expect(report.steps[2]?.attempts).toEqual([
      { attempt: 1, startMs: 20, durationMs: 10, status: 'failed', error: declined, retryInMs: 125 },
      { attempt: 2, startMs: 155, durationMs: 10, status: 'failed', error: declined, retryInMs: 250 },
      { attempt: 3, startMs: 415, durationMs: 10, status: 'ok' },
    ]);
  });

  it('injects a failure at a step without sending it, on every attempt, and compensates what completed', async () => {
    const { deps, sent } = setup();
    const saga = orderSaga();
    saga.steps[1] = { ...saga.steps[1]!, retry: { count: 1, backoffMs: 0, factor: 1, jitter: 0 } };
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga }, options({ inject: { step: 'reserveStock', mode: 'timeout' } }), deps));
    const injected = { stage: 'injected', code: 'timeout', message: 'Timeout injected at step "reserveStock" (--fail-at reserveStock:timeout): nothing was sent.' };
    expect(report).toMatchObject({ status: 'failed', failedStep: 'reserveStock', error: injected, injected: { step: 'reserveStock', mode: 'timeout' }, compensated: ['createOrder'] });
    expect(report.steps[1]?.attempts).toEqual([
      { attempt: 1, startMs: 10, durationMs: 0, status: 'failed', error: injected, retryInMs: 0 },
      { attempt: 2, startMs: 10, durationMs: 0, status: 'failed', error: injected },
    ]);
    expect(sent).toEqual([listenLine, 'create_order {"sku":"book"}', 'cancel_order {"orderId":42}']);
  });

  it('answers an injected error with the given message', async () => {
    const { deps } = setup();
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga: orderSaga() }, options({ inject: { step: 'createOrder', mode: 'error', message: 'Out of stock' } }), deps));
    expect(report).toMatchObject({ status: 'failed', failedStep: 'createOrder', error: { stage: 'injected', code: 'remote-error', message: 'Out of stock' }, compensated: [] });
  });

  it('fails an expect step whose event does not come in time, saying what came instead, and compensates', async () => {
    const { deps, sent } = setup();
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga: orderSaga({ confirmWithinMs: 500, matchOrderId: '{{sku}}' }) }, options(), deps));
    const missed = {
      stage: 'expect',
      code: 'event-timeout',
      message: 'No "order_confirmed" event with data.orderId == "book" came on connection "bus" within 500 ms; 1 "order_confirmed" event came, the last with data.orderId = 42.',
    };
    expect(report).toMatchObject({ status: 'failed', failedStep: 'confirmed', error: missed, compensated: ['charge', 'reserveStock', 'createOrder'] });
    expect(report.steps[3]?.attempts).toEqual([{ attempt: 1, startMs: 30, durationMs: 500, status: 'failed', error: missed }]);
    expect(sent.slice(4)).toEqual(['refund {"paymentId":"p-1"}', 'release_stock {"reservationId":"r-42"}', 'cancel_order {"orderId":42}']);
  });

  it('says when no event came at all', async () => {
    const { deps } = setup({ confirmOrders: false });
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga: orderSaga({ confirmWithinMs: 200 }) }, options(), deps));
    expect(report.error?.message).toBe('No "order_confirmed" event with data.orderId == 42 came on connection "bus" within 200 ms, and none at all.');
  });

  it('runs every compensation even when one fails, and ends compensation-failed', async () => {
    const { deps, sent } = setup({ declinePayments: 1, cancelFails: true });
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga: orderSaga() }, options(), deps));
    expect(report).toMatchObject({ status: 'compensation-failed', failedStep: 'charge', error: { stage: 'remote', message: 'Payment declined' }, compensated: ['reserveStock', 'createOrder'] });
    expect(report.steps[0]?.compensation).toEqual({
      status: 'failed',
      attempts: [{ attempt: 1, startMs: 40, durationMs: 10, status: 'failed', error: { stage: 'remote', code: 'remote-error', message: 'Order already shipped' } }],
    });
    expect(sent.slice(-2)).toEqual(['release_stock {"reservationId":"r-42"}', 'cancel_order {"orderId":42}']);
  });

  it('does not retry a step whose variables cannot be filled, and names the step it reads', async () => {
    const { deps } = setup();
    const saga = orderSaga({ chargeRetry: { count: 3 } });
    saga.steps[1] = { ...saga.steps[1]!, request: { ...saga.steps[1]!.request!, data: { total: '{{steps.charge.response.total}}' } } };
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga }, options(), deps));
    expect(report).toMatchObject({
      failedStep: 'reserveStock',
      error: {
        stage: 'prepare',
        code: 'step-not-completed',
        message: '"{{steps.charge.response.total}}" in place.saga.yaml, step reserveStock reads step "charge", which has not completed at this point: a step reads only the steps that completed before it.',
      },
      compensated: ['createOrder'],
    });
    expect(report.steps[1]?.attempts).toHaveLength(1);
  });

  it('does not retry a connection that cannot connect, and says which', async () => {
    const { deps } = setup();
    const saga = orderSaga({ chargeRetry: { count: 3 } });
    saga.steps[2] = { ...saga.steps[2]!, request: { ...saga.steps[2]!.request!, connection: 'down' } };
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga }, options(), deps));
    expect(report).toMatchObject({
      failedStep: 'charge',
      error: { stage: 'connect', code: 'connection-refused', message: 'Connection "down" (tcp://127.0.0.1:1): Nothing listens on 127.0.0.1:1.' },
      compensated: ['reserveStock', 'createOrder'],
    });
    expect(report.steps[2]?.attempts).toHaveLength(1);
  });

  it('when stopped, fails the next step and still compensates what completed', async () => {
    const { deps, sent } = setup();
    const stop = new AbortController();
    const onEvent = (event: SagaRunEvent) => {
      if (event.type === 'step-finished' && event.step.id === 'reserveStock') stop.abort();
    };
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga: orderSaga() }, options({ signal: stop.signal, onEvent }), deps));
    expect(report).toMatchObject({ status: 'failed', failedStep: 'charge', error: { stage: 'stopped', code: 'stopped', message: 'The saga run was stopped.' }, compensated: ['reserveStock', 'createOrder'] });
    expect(sent.slice(1)).toEqual(['create_order {"sku":"book"}', 'reserve_stock {"orderId":42,"sku":"book"}', 'release_stock {"reservationId":"r-42"}', 'cancel_order {"orderId":42}']);
  });

  it('stops before the first step when an event cannot be listened for, sending nothing', async () => {
    const { deps, sent } = setup();
    const saga = orderSaga();
    saga.steps[3] = { ...saga.steps[3]!, expect: { ...saga.steps[3]!.expect!, connection: 'orders' } };
    const report = value(await runSaga(collection, { path: 'place.saga.yaml', saga }, options(), deps));
    expect(report).toMatchObject({
      status: 'failed',
      failedStep: 'confirmed',
      error: {
        stage: 'prepare',
        code: 'usage',
        message: 'Connection "orders" is TCP, which is point to point: there is no event to wait for on it. Expect events on the Redis, RabbitMQ or Kafka connection the services publish them on.',
      },
      compensated: [],
    });
    expect(report.steps.map((step) => step.status)).toEqual(['skipped', 'skipped', 'skipped', 'failed', 'skipped']);
    expect(sent).toEqual([]);
  });

  it('refuses to inject at a step the saga does not have, naming its steps', async () => {
    const { deps } = setup();
    expect(await runSaga(collection, { path: 'place.saga.yaml', saga: orderSaga() }, options({ inject: { step: 'ship', mode: 'fail' } }), deps)).toEqual({
      ok: false,
      error: { code: 'unknown-step', message: 'Cannot inject a failure at "ship": this saga has no such step. Steps: createOrder, reserveStock, charge, confirmed, notify.' },
    });
  });

  it('reports attempts and steps as they happen', async () => {
    const { deps } = setup({ declinePayments: 1 });
    const events: string[] = [];
    const describeEvent = (event: SagaRunEvent) => {
      switch (event.type) {
        case 'attempt-started':
          return `start ${event.phase} ${event.stepId} #${event.attempt} @${event.startMs}`;
        case 'attempt-finished':
          return `end ${event.phase} ${event.stepId} #${event.attempt.attempt} ${event.attempt.status}`;
        case 'step-finished':
          return `step ${event.step.id} ${event.step.status}`;
        case 'compensation-finished':
          return `compensation ${event.stepId} ${event.compensation.status}`;
      }
    };
    const saga = sagaFileSchema.parse({ steps: orderSaga().steps.slice(0, 3) });
    await runSaga(collection, { path: 'place.saga.yaml', saga }, options({ onEvent: (event) => events.push(describeEvent(event)) }), deps);
    expect(events).toEqual([
      'start step createOrder #1 @0',
      'end step createOrder #1 ok',
      'step createOrder completed',
      'start step reserveStock #1 @10',
      'end step reserveStock #1 ok',
      'step reserveStock completed',
      'start step charge #1 @20',
      'end step charge #1 failed',
      'step charge failed',
      'start compensation reserveStock #1 @30',
      'end compensation reserveStock #1 ok',
      'compensation reserveStock completed',
      'start compensation createOrder #1 @40',
      'end compensation createOrder #1 ok',
      'compensation createOrder completed',
    ]);
  });

  describe('replaying a recording', () => {
    const recordedSaga = (steps: unknown[], ignore?: string[]) => sagaFileSchema.parse({ name: 'Replay', ...(ignore ? { ignore } : {}), steps });
    const createOrder = { connection: 'orders', pattern: 'create_order', data: { sku: 'book' } };

    it('compares each reply with its recording, ignoring volatile keys, and counts the differences without failing', async () => {
      const { deps } = setup({ declinePayments: 1 });
      const saga = recordedSaga(
        [
          { id: 'create_order', request: createOrder, recorded: { values: [{ id: 7, status: 'pending', sku: 'pen' }] }, ignore: ['id'] },
          { id: 'charge', request: { connection: 'payments', pattern: 'charge', data: { orderId: 42 } }, recorded: { error: { status: 'error', message: 'Payment declined', at: 1 } } },
          { id: 'order_placed', request: { connection: 'orders', kind: 'emit', pattern: 'order_placed', data: {} }, recorded: { event: true } },
          { id: 'reserve_stock', request: { connection: 'inventory', pattern: 'reserve_stock', data: { orderId: 42 } } },
        ],
        ['at'],
      );
      const report = value(await runSaga(collection, { path: 'recorded/replay.saga.yaml', saga }, options(), deps));
      expect(report.status).toBe('completed');
      expect(report.differences).toBe(1);
      expect(report.steps.map(({ id, status, diff }) => ({ id, status, diff }))).toEqual([
        { id: 'create_order', status: 'completed', diff: { equal: false, differences: [{ path: 'sku', kind: 'changed', recorded: 'pen', actual: 'book' }] } },
        // A recorded error is the expected answer: the same error completes the step.
        { id: 'charge', status: 'completed', diff: { equal: true, differences: [] } },
        { id: 'order_placed', status: 'completed', diff: { equal: true, differences: [] } },
        { id: 'reserve_stock', status: 'completed', diff: undefined },
      ]);
    });

    it('reports a reply of another kind than recorded as one whole-reply difference, and the error still fails the step', async () => {
      const { deps } = setup({ declinePayments: 1 });
      const saga = recordedSaga([{ id: 'charge', request: { connection: 'payments', pattern: 'charge', data: { orderId: 42 } }, recorded: { values: [{ paymentId: 'p-1' }] } }]);
      const report = value(await runSaga(collection, { path: 'replay.saga.yaml', saga }, options(), deps));
      expect(report).toMatchObject({ status: 'failed', failedStep: 'charge', differences: 1 });
      expect(report.steps[0]?.diff).toEqual({
        equal: false,
        differences: [{ path: '', kind: 'changed', recorded: { values: [{ paymentId: 'p-1' }] }, actual: { error: { status: 'error', message: 'Payment declined' } } }],
      });
    });

    it('diffs a stream by part, and an error reply under error', () => {
      expect(diffRecordedReply({ values: [1, 2] }, { values: [1, 3, 4] }, [])).toEqual({
        equal: false,
        differences: [
          { path: '[1]', kind: 'changed', recorded: 2, actual: 3 },
          { path: '[2]', kind: 'added', actual: 4 },
        ],
      });
      expect(diffRecordedReply({ error: { message: 'a' } }, { error: { message: 'b' } }, [])).toEqual({ equal: false, differences: [{ path: 'error.message', kind: 'changed', recorded: 'a', actual: 'b' }] });
      expect(diffRecordedReply({ event: true }, { values: [] }, [])).toEqual({ equal: false, differences: [{ path: '', kind: 'changed', recorded: { event: true }, actual: { values: [] } }] });
    });

    it('rejects a recording on an expect step', () => {
      const parsed = sagaFileSchema.safeParse({ steps: [{ id: 'x', expect: { connection: 'bus', event: 'e', withinMs: 10 }, recorded: { event: true } }] });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['recorded: is the reply of a request step; an expect step checks its event with match: instead.']);
    });
  });

  describe('expect buffers', () => {
    const floodSaga = (count: number, orderId: number) =>
      sagaFileSchema.parse({
        steps: [
          { id: 'flood', request: { connection: 'orders', pattern: 'flood', data: { count } } },
          { id: 'confirmed', expect: { connection: 'bus', event: 'order_confirmed', withinMs: 100, match: [{ path: 'data.orderId', equals: orderId }] } },
        ],
      });

    it('keeps the last EXPECT_BUFFER_LIMIT unmatched events, and a timed-out expect says how many came and were dropped', async () => {
      const { deps } = setup();
      const count = EXPECT_BUFFER_LIMIT + 3;
      // orderId 1 came, but among the 3 oldest, which were dropped before the step was reached.
      const report = value(await runSaga(collection, { path: 'flood.saga.yaml', saga: floodSaga(count, 1) }, options(), deps));
      expect(report.error).toEqual({
        stage: 'expect',
        code: 'event-timeout',
        message: `No "order_confirmed" event with data.orderId == 1 came on connection "bus" within 100 ms; ${count} "order_confirmed" events came (the oldest 3 were not kept: a listener keeps the last 1000 unmatched events), the last with data.orderId = ${count - 1}.`,
      });
    });

    it('still finds a kept event among a full buffer', async () => {
      const { deps } = setup();
      const report = value(await runSaga(collection, { path: 'flood.saga.yaml', saga: floodSaga(EXPECT_BUFFER_LIMIT + 3, 3) }, options(), deps));
      expect(report.status).toBe('completed');
      expect(report.steps[1]?.response).toEqual({ pattern: 'order_confirmed', data: { orderId: 3 }, headers: {} });
    });
  });
});
