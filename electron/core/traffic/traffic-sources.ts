// The logs the traffic commands read: the live log, and files opened with `traffic.import`, each
// a read-only log of its own (sized to the file, bodies included) while the live log goes on.
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { TrafficSourceInfo } from '../../../shared/traffic';
import { LIVE_TRAFFIC_SOURCE } from '../../../shared/traffic';
import { parseTrafficExport } from './traffic-export';
import type { TrafficLog } from './traffic-log';
import { createTrafficLog } from './traffic-log';
import type { TrafficQuery } from './traffic-query';
import { createTrafficQuery } from './traffic-query';

export type TrafficSource = { log: TrafficLog; query: TrafficQuery };

export interface TrafficSources {
  get(source: string): Result<TrafficSource>;
  import(name: string, ndjson: string): Result<TrafficSourceInfo>;
  close(source: string): Result<null>;
}

export function createTrafficSources({ live, newId }: { live: TrafficLog; newId: () => string }): TrafficSources {
  const sources = new Map<string, TrafficSource>([[LIVE_TRAFFIC_SOURCE, { log: live, query: createTrafficQuery(live) }]]);

  return {
    get(source) {
      const found = sources.get(source);
      return found ? ok(found) : fail('unknown-traffic-source', `No traffic source is open as "${source}"; it may have been closed. Import the file again, or use "${LIVE_TRAFFIC_SOURCE}" for the live log.`);
    },
    import(name, ndjson) {
      const parsed = parseTrafficExport(ndjson);
      if (!parsed.ok) return parsed;
      const { entries } = parsed.value;
      // The file is already in memory: keep all of it, bodies included, without a budget.
      const log = createTrafficLog({ capacity: Math.max(1, entries.length), bodyBudgetBytes: Infinity, onBatch: () => {} });
      for (const { entry, body } of entries) log.restore(entry, body);
      const source = `import-${newId()}`;
      sources.set(source, { log, query: createTrafficQuery(log) });
      return ok({ source, name, count: entries.length });
    },
    close(source) {
      if (source === LIVE_TRAFFIC_SOURCE) return fail('live-traffic-source', 'The live log cannot be closed; clear it instead.');
      if (!sources.delete(source)) return fail('unknown-traffic-source', `No traffic source is open as "${source}"; it is already closed.`);
      return ok(null);
    },
  };
}
