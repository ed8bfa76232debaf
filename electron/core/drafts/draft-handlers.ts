// The drafts commands: everything kept, and keep (or forget) one.
import type { Handlers } from '../contract-handlers';
import type { Engine } from '../engine';

type DraftCommand = 'drafts.load' | 'drafts.save';

export function createDraftHandlers(engine: Pick<Engine, 'drafts'>): Pick<Handlers, DraftCommand> {
  return {
    'drafts.load': async () => engine.drafts.load(),
    'drafts.save': async ({ key, value }) => engine.drafts.save(key, value),
  };
}
