// Short words for a listener where space is tight (the sidebar): what it watches, without the
// transport, which its tag shows. The engine's `label` stays the full description.
import type { ListenSpec } from '../../../shared/listen';
import type { TrafficEntry } from '../../../shared/traffic';

export function listenerTitle(spec: ListenSpec): string {
  switch (spec.kind) {
    case 'redis':
      return spec.channels.join(', ');
    case 'kafka':
      return spec.topics.join(', ');
    case 'rmq-exchange':
      return `${spec.exchange} · ${spec.routingKey}`;
    case 'rmq-queue':
      return `queue ${spec.queue}`;
    case 'grpc':
      return spec.method.slice(spec.method.lastIndexOf('.') + 1);
  }
}

/**
 * Messages a listener has seen. The engine's count comes with state changes only, so the live
 * figure is the larger of it and what the traffic log holds for the listener.
 */
export function observedCount(entries: readonly TrafficEntry[], listenerId: string, reported: number): number {
  let count = 0;
  for (const entry of entries) if (entry.listenerId === listenerId) count += 1;
  return Math.max(count, reported);
}
