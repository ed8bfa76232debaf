// The load-run commands.
import type { Handlers } from '../contract-handlers';
import { fail } from '../../../shared/result';

const notYet = async () => fail('not-implemented', 'Not implemented yet.');

export function createLoadHandlers(): Pick<Handlers, 'load.start' | 'load.stop'> {
  return { 'load.start': notYet, 'load.stop': notYet };
}
