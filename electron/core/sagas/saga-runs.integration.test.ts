// Saga runs as the app drives them, against the order saga's real Nest services (fixtures/nest/saga)
// and a copy of fixtures/collections/order-saga: a declined payment streams its attempts and steps
// live and ends compensated refund → release → cancel, exactly as `patchbay saga run` reports it;
// the session's named connections carry it; kept runs outlive the engine; stop compensates.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionInfo } from '../../../shared/collection';
import type { EventPayload } from '../../../shared/contract';
import type { SagaRunEvent } from '../../../shared/saga';
import { fixtureServices } from '../../test-support/fixture-services';
import { okValue } from '../../test-support/ok-value';
import { copyOrderSagaCollection } from '../../test-support/order-saga-collection';
import { declinedOrderReport, withoutTimes } from '../../test-support/order-saga-report';
import type { Handlers } from '../contract-handlers';
import { createContractHandlers } from '../contract-handlers';
import type { Engine, EngineEvent } from '../engine';
import { createEngine } from '../engine';
import { SAGA_RUNS_FILE } from './saga-run-store';

const { saga: services } = fixtureServices();
let folder: string;
let root: string;
let dataDir: string;
let engine: Engine;
let handlers: Handlers;
let events: EngineEvent[] = [];
const warnings: string[] = [];
let info: CollectionInfo;

async function startEngine() {
  engine = createEngine({ dataDir, onWarning: (message) => warnings.push(message) });
  engine.onEvent((event) => events.push(event));
  handlers = createContractHandlers(engine);
  info = okValue(await handlers['collection.open']({ root }));
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'patchbay-saga-it-'));
  root = join(folder, 'order-saga');
  dataDir = join(folder, 'data');
  // With slow-retry.saga.yaml: a long wait between payment attempts, so a stop lands in it.
  await copyOrderSagaCollection(root, services);
  await startEngine();
});
afterAll(async () => {
  await engine.close();
  await rm(folder, { recursive: true, force: true });
});

/** Resolves with a run's `saga.finished`, however soon it comes. */
function finished(runId: string): Promise<EventPayload<'saga.finished'>> {
  return new Promise((resolveFinished) => {
    const check = () => events.find((event) => event.event === 'saga.finished' && event.payload.runId === runId)?.payload as EventPayload<'saga.finished'> | undefined;
    const found = check();
    if (found) return resolveFinished(found);
    const stop = engine.onEvent((event) => {
      if (event.event === 'saga.finished' && event.payload.runId === runId) {
        stop();
        resolveFinished(event.payload);
      }
    });
  });
}
const sagaEvents = (runId: string): SagaRunEvent[] => events.flatMap((event) => (event.event === 'saga.event' && event.payload.runId === runId ? [event.payload.event] : []));

/** One line per event: what a live timeline is drawn from. */
function describeEvent(event: SagaRunEvent): string {
  switch (event.type) {
    case 'attempt-started':
      return `${event.phase} ${event.stepId} attempt ${event.attempt} started`;
    case 'attempt-finished':
      return `${event.phase} ${event.stepId} attempt ${event.attempt.attempt} ${event.attempt.status}${event.attempt.error ? `: ${event.attempt.error.message}` : ''}`;
    case 'step-finished':
      return `step ${event.step.id} ${event.step.status}`;
    case 'compensation-finished':
      return `compensation ${event.stepId} ${event.compensation.status}`;
  }
}

async function journal(service: 'orders' | 'inventory' | 'payment', orderId: number): Promise<string[]> {
  const sent = okValue(await handlers['collection.send']({ collectionId: info.collectionId, environment: 'local', request: { connection: service, kind: 'send', pattern: { cmd: 'journal' }, data: { orderId }, capture: [], assert: [] } }));
  return (sent.result.values[0] as { pattern: { cmd: string } }[]).map((entry) => entry.pattern.cmd);
}

describe.sequential('saga runs in the app against the order saga services', () => {
  let declinedRunId: string;

  it('lists the collection\'s sagas and reads one with its steps', async () => {
    expect(info.collection.sagas).toEqual([
      { path: 'place-order.saga.yaml', name: 'place-order' },
      { path: 'slow-retry.saga.yaml', name: 'slow-retry' },
    ]);
    const definition = okValue(await handlers['saga.read']({ collectionId: info.collectionId, path: 'place-order.saga.yaml' }));
    expect(definition.saga.name).toBe('Place order');
    expect(definition.saga.steps.map((step) => [step.id, step.request?.connection, step.compensate?.pattern])).toEqual([
      ['createOrder', 'orders', { cmd: 'orders.cancel' }],
      ['reserveInventory', 'inventory', { cmd: 'inventory.release' }],
      ['processPayment', 'payment', { cmd: 'payment.refund' }],
      ['confirmOrder', 'orders', undefined],
    ]);
  });

  it('runs a declined payment live: events in order, then the report the CLI gives, compensated refund → release → cancel', async () => {
    const { runId } = okValue(await handlers['saga.run']({ collectionId: info.collectionId, path: 'place-order.saga.yaml', environment: 'local', variables: { card: 'declined' } }));
    declinedRunId = runId;
    // Kept as running at once, before any event.
    expect(okValue(await handlers['saga.runs']({ collectionId: info.collectionId })).map((run) => [run.runId, run.status, run.saga])).toEqual([[runId, 'running', 'place-order']]);
    const end = await finished(runId);
    expect(end.failure).toBeUndefined();
    expect(sagaEvents(runId).map(describeEvent)).toEqual([
      'step createOrder attempt 1 started',
      'step createOrder attempt 1 ok',
      'step createOrder completed',
      'step reserveInventory attempt 1 started',
      'step reserveInventory attempt 1 ok',
      'step reserveInventory completed',
      'step processPayment attempt 1 started',
      'step processPayment attempt 1 failed: card declined',
      'step processPayment attempt 2 started',
      'step processPayment attempt 2 failed: card declined',
      'step processPayment failed',
      'step confirmOrder skipped',
      'compensation processPayment attempt 1 started',
      'compensation processPayment attempt 1 ok',
      'compensation processPayment completed',
      'compensation reserveInventory attempt 1 started',
      'compensation reserveInventory attempt 1 ok',
      'compensation reserveInventory completed',
      'compensation createOrder attempt 1 started',
      'compensation createOrder attempt 1 ok',
      'compensation createOrder completed',
    ]);

    const report = end.report!;
    const orderId = (report.steps[0]?.response as { id: number }).id;
    expect(withoutTimes(report)).toEqual(declinedOrderReport(orderId));
    expect(end).toEqual({ runId, collectionId: info.collectionId, path: 'place-order.saga.yaml', report });

    // The services heard the compensations, over the session's connections (listed like any other).
    expect(await journal('payment', orderId)).toEqual(['payment.process', 'payment.process', 'payment.refund']);
    expect(await journal('inventory', orderId)).toEqual(['inventory.reserve', 'inventory.release']);
    expect(await journal('orders', orderId)).toEqual(['orders.create', 'orders.cancel']);
    expect(engine.connections.list().map((connection) => connection.name).sort()).toEqual(['order-saga · inventory', 'order-saga · orders', 'order-saga · payment']);

    const [kept] = okValue(await handlers['saga.runs']({ collectionId: info.collectionId, path: 'place-order.saga.yaml' }));
    expect(kept).toEqual({
      runId,
      collectionId: info.collectionId,
      collectionName: 'order-saga',
      collectionRoot: info.root,
      path: 'place-order.saga.yaml',
      saga: 'Place order',
      environment: 'local',
      variables: { card: 'declined' },
      startedAt: report.startedAt,
      status: 'failed',
      report,
    });
  });

  it('runs with an injected failure and keeps it; a run that cannot start ends in error with the line to fix', async () => {
    const injected = okValue(await handlers['saga.run']({ collectionId: info.collectionId, path: 'place-order.saga.yaml', environment: 'local', inject: { step: 'confirmOrder', mode: 'error', message: 'warehouse closed' } }));
    const end = await finished(injected.runId);
    expect([end.report?.status, end.report?.failedStep, end.report?.error, end.report?.compensated]).toEqual(['failed', 'confirmOrder', { stage: 'injected', code: 'remote-error', message: 'warehouse closed' }, ['processPayment', 'reserveInventory', 'createOrder']]);

    const unknownEnvironment = okValue(await handlers['saga.run']({ collectionId: info.collectionId, path: 'place-order.saga.yaml', environment: 'staging' }));
    expect((await finished(unknownEnvironment.runId)).failure).toEqual({ code: 'unknown-environment', message: expect.stringContaining('staging') as string });

    await writeFile(join(root, 'broken.saga.yaml'), 'name: Broken\nsteps:\n  - id: first\n    request: { connection: billing, pattern: charge, data: {} }\n');
    const broken = okValue(await handlers['saga.run']({ collectionId: info.collectionId, path: 'broken.saga.yaml', environment: 'local' }));
    const brokenEnd = await finished(broken.runId);
    expect(brokenEnd.failure?.code).toBe('invalid-saga');
    expect(brokenEnd.failure?.message.split('\n')).toEqual([
      'broken.saga.yaml:4:28: Unknown connection "billing". The manifest has: orders, inventory, payment. Fix the name, or add it under connections: in patchbay-collection.yaml.',
      'Fix this line of broken.saga.yaml in an editor to run the saga.',
    ]);
    expect(sagaEvents(broken.runId)).toEqual([]);

    const runs = okValue(await handlers['saga.runs']({}));
    expect(runs.map((run) => [run.runId, run.status])).toEqual([
      [broken.runId, 'error'],
      [unknownEnvironment.runId, 'error'],
      [injected.runId, 'failed'],
      [declinedRunId, 'failed'],
    ]);
    expect(runs[2]?.inject).toEqual({ step: 'confirmOrder', mode: 'error', message: 'warehouse closed' });
  });

  it('stops a run in its retry wait: the step fails as stopped and what completed is compensated', async () => {
    const { runId } = okValue(await handlers['saga.run']({ collectionId: info.collectionId, path: 'slow-retry.saga.yaml', environment: 'local', variables: { card: 'declined' } }));
    await new Promise<void>((resolveFailed) => {
      const stop = engine.onEvent((event) => {
        if (event.event === 'saga.event' && event.payload.runId === runId && event.payload.event.type === 'attempt-finished' && event.payload.event.stepId === 'processPayment') {
          stop();
          resolveFailed();
        }
      });
    });
    expect(okValue(await handlers['saga.stop']({ runId }))).toBeNull();
    const { report } = await finished(runId);
    expect([report?.status, report?.error, report?.compensated]).toEqual(['failed', { stage: 'stopped', code: 'stopped', message: 'The saga run was stopped.' }, ['processPayment', 'reserveInventory', 'createOrder']]);
    expect(report?.steps[2]?.attempts.map((attempt) => [attempt.attempt, attempt.error?.stage])).toEqual([
      [1, 'remote'],
      [2, 'stopped'],
    ]);
    expect(await handlers['saga.stop']({ runId })).toEqual({ ok: false, error: { code: 'unknown-run', message: `No saga run with id ${runId} is going: it has finished already, or was never started.` } });
  });

  it('keeps the runs across an engine restart on the same data folder; deleting one forgets it there too', async () => {
    const before = okValue(await handlers['saga.runs']({}));
    expect(before).toHaveLength(5);
    await engine.close();
    events = [];
    await startEngine();
    expect(okValue(await handlers['saga.runs']({}))).toEqual(before);
    // The collection has a new id in the new engine: its runs are still its own, found by its folder.
    expect(okValue(await handlers['saga.runs']({ collectionId: info.collectionId, path: 'place-order.saga.yaml' })).map((run) => run.runId)).toEqual(before.filter((run) => run.path === 'place-order.saga.yaml').map((run) => run.runId));
    expect(warnings).toEqual([]);
    expect(JSON.parse(await readFile(join(dataDir, SAGA_RUNS_FILE), 'utf8')).runs).toHaveLength(5);

    expect(okValue(await handlers['saga.deleteRun']({ runId: declinedRunId }))).toBeNull();
    expect(okValue(await handlers['saga.runs']({})).map((run) => run.runId)).not.toContain(declinedRunId);
    expect((JSON.parse(await readFile(join(dataDir, SAGA_RUNS_FILE), 'utf8')) as { runs: { runId: string }[] }).runs.map((run) => run.runId)).not.toContain(declinedRunId);
    expect(await handlers['saga.deleteRun']({ runId: declinedRunId })).toMatchObject({ ok: false, error: { code: 'unknown-run' } });
  });
});
