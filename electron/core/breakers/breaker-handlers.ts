// The circuit-breaker commands: create, update, delete, list, trip, reset and hammer. State changes
// come as `breaker.stateChanged` events; a hammer's progress and report as `load.progress` and
// `load.finished`.
import { ok } from '../../../shared/result';
import type { Handlers } from '../contract-handlers';
import type { Engine } from '../engine';

type BreakerCommand = 'breaker.create' | 'breaker.update' | 'breaker.delete' | 'breaker.list' | 'breaker.trip' | 'breaker.reset' | 'breaker.hammer';

export function createBreakerHandlers(engine: Pick<Engine, 'breakers'>): Pick<Handlers, BreakerCommand> {
  const { breakers } = engine;
  return {
    'breaker.create': async (input) => breakers.create(input),
    'breaker.update': async ({ breakerId, options }) => breakers.update(breakerId, options),
    'breaker.delete': async ({ breakerId }) => breakers.delete(breakerId),
    'breaker.list': async () => ok(breakers.list()),
    'breaker.trip': async ({ breakerId }) => breakers.trip(breakerId),
    'breaker.reset': async ({ breakerId }) => breakers.reset(breakerId),
    'breaker.hammer': async (input) => breakers.hammer(input),
  };
}
