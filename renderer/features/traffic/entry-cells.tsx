// The cells a traffic entry's row shows wherever it is listed (the traffic log, a listener's
// messages), so both say the same thing the same way.
import type { TrafficEntry, TrafficKind } from '../../../shared/traffic';
import { formatBytes, formatClock, formatMs } from '../../ui/format';

export const kindLabels: Record<TrafficKind, string> = {
  request: 'request',
  event: 'event',
  reply: 'reply',
  end: 'end',
  'remote-error': 'error',
  failure: 'failure',
  message: 'message',
};

/** The service's latency for a reply: the whole call's when known. */
export const entryLatencyMs = (entry: TrafficEntry): number | undefined => entry.totalMs ?? entry.elapsedMs;

export function TimeCell({ entry }: { entry: TrafficEntry }) {
  return (
    <span role="cell" className="mono muted">
      {formatClock(entry.at)}
    </span>
  );
}

export function KindCell({ entry }: { entry: TrafficEntry }) {
  return (
    <span role="cell" className={`kind kind--${entry.kind}`}>
      {kindLabels[entry.kind]}
    </span>
  );
}

export function PatternCell({ entry }: { entry: TrafficEntry }) {
  return (
    <span role="cell" className="mono ellipsis" title={entry.pattern}>
      {entry.pattern}
    </span>
  );
}

/** The correlation id's first characters, the whole id as the tooltip. */
export function IdCell({ entry }: { entry: TrafficEntry }) {
  return (
    <span role="cell" className="mono muted col-id" title={entry.correlationId}>
      {entry.correlationId?.slice(0, 8) ?? ''}
    </span>
  );
}

export function SizeCell({ entry }: { entry: TrafficEntry }) {
  return (
    <span role="cell" className="mono num">
      {entry.sizeBytes > 0 ? formatBytes(entry.sizeBytes) : ''}
    </span>
  );
}

/** `labelled`: the cell's accessible name says it is the latency. */
export function LatencyCell({ entry, labelled }: { entry: TrafficEntry; labelled?: boolean }) {
  const latencyMs = entryLatencyMs(entry);
  return (
    <span role="cell" className="mono num" aria-label={labelled && latencyMs !== undefined ? `Latency ${formatMs(latencyMs)}` : undefined}>
      {latencyMs !== undefined ? formatMs(latencyMs) : ''}
    </span>
  );
}
