// The replay command: traffic log entries become a saga file of an open collection
// (saga-from-traffic.ts), whose runs then compare each reply with the recording.
import type { Handlers } from '../contract-handlers';
import type { Engine } from '../engine';
import { sagaFromTraffic } from './saga-from-traffic';

export function createReplayHandlers(engine: Pick<Engine, 'trafficSources' | 'connections' | 'collections'>, readFile: (path: string) => string): Pick<Handlers, 'saga.fromTraffic'> {
  return {
    'saga.fromTraffic': async (input) => sagaFromTraffic(input, { trafficSources: engine.trafficSources, connections: engine.connections, collections: engine.collections, readFile }),
  };
}
