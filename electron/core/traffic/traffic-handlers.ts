// The traffic commands: windows of the filtered log, whole bodies, statistics, conversations,
// export and import. Each reads a source: the live log (the default) or an imported file.
import type { Handlers } from '../contract-handlers';
import type { Result } from '../../../shared/result';
import { ok } from '../../../shared/result';
import type { Engine } from '../engine';
import { entryGone, trafficConversation } from './traffic-conversation';
import { exportTraffic } from './traffic-export';
import type { TrafficSource } from './traffic-sources';
import { trafficStats } from './traffic-stats';

type TrafficCommand = 'traffic.readPage' | 'traffic.clear' | 'traffic.query' | 'traffic.body' | 'traffic.stats' | 'traffic.conversation' | 'traffic.export' | 'traffic.import' | 'traffic.closeSource';

/** `now` stamps export headers. */
export function createTrafficHandlers(engine: Pick<Engine, 'traffic' | 'trafficSources'>, now: () => number = Date.now): Pick<Handlers, TrafficCommand> {
  const withSource = <T>(source: string, read: (found: TrafficSource) => Result<T>): Result<T> => {
    const found = engine.trafficSources.get(source);
    return found.ok ? read(found.value) : found;
  };

  return {
    'traffic.readPage': async ({ afterSeq, limit }) => ok(engine.traffic.readPage(afterSeq, limit)),
    'traffic.clear': async () => {
      engine.traffic.clear();
      return ok(null);
    },
    'traffic.query': async ({ source, filter, offset, limit }) => withSource(source, ({ query }) => ok(query.window(filter, offset, limit))),
    'traffic.body': async ({ source, seq }) =>
      withSource(source, ({ log }) => {
        const body = log.body(seq);
        return body ? ok(body) : entryGone(seq);
      }),
    'traffic.stats': async ({ source, filter }) => withSource(source, ({ query }) => ok(trafficStats(query.matching(filter)))),
    'traffic.conversation': async ({ source, seq, windowMs }) => withSource(source, ({ log }) => trafficConversation(log, seq, windowMs)),
    'traffic.export': async ({ source, filter }) => withSource(source, ({ log, query }) => ok(exportTraffic(query.matching(filter), log.keptBody, now()))),
    'traffic.import': async ({ name, ndjson }) => engine.trafficSources.import(name, ndjson),
    'traffic.closeSource': async ({ source }) => engine.trafficSources.close(source),
  };
}
