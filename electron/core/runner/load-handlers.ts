// The load-run commands: start a run over an open connection, stop it early. Progress and the
// report come as `load.progress` and `load.finished` events.
import type { Handlers } from '../contract-handlers';
import { ok } from '../../../shared/result';
import type { Engine } from '../engine';

export function createLoadHandlers(engine: Pick<Engine, 'loads'>): Pick<Handlers, 'load.start' | 'load.stop'> {
  return {
    'load.start': async (input) => {
      const started = engine.loads.start(input);
      return started.ok ? ok({ runId: started.value.runId }) : started;
    },
    'load.stop': async ({ runId }) => engine.loads.stop(runId),
  };
}
