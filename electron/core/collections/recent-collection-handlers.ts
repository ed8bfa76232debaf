// The `recentCollections.*` commands: the folders opened before, for the UI (the desktop menu
// reads the engine directly).
import type { CommandName } from '../../../shared/contract';
import { ok } from '../../../shared/result';
import type { Handlers } from '../contract-handlers';
import type { Engine } from '../engine';

type RecentCommand = Extract<CommandName, `recentCollections.${string}`>;

export function createRecentCollectionHandlers(engine: Pick<Engine, 'recentCollections'>): Pick<Handlers, RecentCommand> {
  return {
    'recentCollections.list': async () => ok(await engine.recentCollections.list()),
    'recentCollections.clear': () => engine.recentCollections.clear(),
  };
}
