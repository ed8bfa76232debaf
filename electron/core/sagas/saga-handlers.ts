// The saga commands: read a collection's saga, run and stop it, list and delete kept runs. Live
// progress comes as `saga.event`, the end as `saga.finished`.
import { ok } from '../../../shared/result';
import type { Handlers } from '../contract-handlers';
import type { Engine } from '../engine';

export function createSagaHandlers(engine: Pick<Engine, 'sagas'>): Pick<Handlers, 'saga.read' | 'saga.run' | 'saga.stop' | 'saga.runs' | 'saga.deleteRun'> {
  return {
    'saga.read': async ({ collectionId, path }) => engine.sagas.read(collectionId, path),
    'saga.run': async (input) => engine.sagas.start(input),
    'saga.stop': async ({ runId }) => engine.sagas.stop(runId),
    'saga.runs': async (filter) => ok(await engine.sagas.list(filter)),
    'saga.deleteRun': async ({ runId }) => engine.sagas.delete(runId),
  };
}
