// The contract handlers for mock.*: thin, the registry does the work.
import { ok } from '../../../shared/result';
import type { Engine } from '../engine';
import type { Handlers } from '../contract-handlers';

export function createMockHandlers(engine: Engine): Pick<Handlers, 'mock.start' | 'mock.update' | 'mock.stop' | 'mock.list'> {
  return {
    'mock.start': async ({ name, target, rules }) => engine.mocks.start(name, target, rules),
    'mock.update': async ({ mockId, rules }) => engine.mocks.update(mockId, rules),
    'mock.stop': async ({ mockId }) => engine.mocks.stop(mockId),
    'mock.list': async () => ok(engine.mocks.list()),
  };
}
