// The traffic commands: windows of the filtered log, whole bodies, statistics, conversations,
// export and import.
import type { Handlers } from '../contract-handlers';
import { fail, ok } from '../../../shared/result';
import type { Engine } from '../engine';

type TrafficCommand = 'traffic.readPage' | 'traffic.clear' | 'traffic.query' | 'traffic.body' | 'traffic.stats' | 'traffic.conversation' | 'traffic.export' | 'traffic.import' | 'traffic.closeSource';

const notYet = async () => fail('not-implemented', 'Not implemented yet.');

export function createTrafficHandlers(engine: Pick<Engine, 'traffic'>): Pick<Handlers, TrafficCommand> {
  return {
    'traffic.readPage': async ({ afterSeq, limit }) => ok(engine.traffic.readPage(afterSeq, limit)),
    'traffic.clear': async () => {
      engine.traffic.clear();
      return ok(null);
    },
    'traffic.query': notYet,
    'traffic.body': notYet,
    'traffic.stats': notYet,
    'traffic.conversation': notYet,
    'traffic.export': notYet,
    'traffic.import': notYet,
    'traffic.closeSource': notYet,
  };
}
