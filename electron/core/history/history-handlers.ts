// The history commands: search (newest first), delete one entry, clear everything.
import { ok } from '../../../shared/result';
import type { Handlers } from '../contract-handlers';
import type { Engine } from '../engine';

type HistoryCommand = 'history.list' | 'history.delete' | 'history.clear';

export function createHistoryHandlers(engine: Pick<Engine, 'history'>): Pick<Handlers, HistoryCommand> {
  return {
    'history.list': async ({ query, limit }) => ok(await engine.history.list({ query, limit })),
    'history.delete': async ({ id }) => engine.history.delete(id),
    'history.clear': async () => engine.history.clear(),
  };
}
