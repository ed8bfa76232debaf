// A saga run straight through the runner (no collection files, no contract) on a real engine,
// with the system clock and real timers: what the broker saga tests and the replay test share.
import { randomUUID } from 'node:crypto';
import type { CollectionManifest, LoadedCollection } from '../../shared/collection';
import type { SagaRunReport } from '../../shared/saga';
import type { Engine } from '../core/engine';
import { systemClock } from '../core/engine';
import { timerSleep } from '../core/runner/retry-policy';
import type { SagaRunDeps, SagaToRun } from '../core/runner/saga-run';
import { runSaga } from '../core/runner/saga-run';
import { okValue } from './ok-value';

/** A collection "Shop" that is nothing but these connections, as a saga's steps name them. */
export const shopCollection = (connections: CollectionManifest['connections']): LoadedCollection => ({
  root: '/shop',
  manifest: { patchbay: 1, name: 'Shop', connections },
  requests: [],
  environments: {},
  problems: [],
});

const realDeps = (engine: Engine): SagaRunDeps => ({ engine, now: systemClock.now, monotonicMs: systemClock.monotonicMs, uuid: randomUUID, random: Math.random, readFile: () => '', sleep: timerSleep });

/** Runs `saga` of `collection` without an environment or variables; a run that cannot start fails the test. */
export async function runSagaOn(engine: Engine, collection: LoadedCollection, saga: SagaToRun): Promise<SagaRunReport> {
  return okValue(await runSaga(collection, saga, { variables: {}, secrets: {} }, realDeps(engine)));
}

/** What a run reports when its expect step `confirmed` saw no matching event in time; `message` says what came instead. */
export const missedConfirmation = (message: string) => ({ status: 'failed', failedStep: 'confirmed', error: { stage: 'expect', code: 'event-timeout', message } });
