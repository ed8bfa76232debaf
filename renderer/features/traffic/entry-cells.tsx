// The cells a traffic entry's row shows wherever it is listed (the traffic log, a listener's
// messages), so both say the same thing the same way.
import type { ReactNode } from 'react';
import type { TrafficEntry, TrafficKind } from '../../../shared/traffic';
import { trafficStatusOf } from '../../../shared/traffic';
import { formatBytes, formatClock, formatMs } from '../../ui/format';
import { breakerTransitionOf, isBreakerRejection } from '../breakers/breaker-entry';
import { directionArrows, directionLabels, originTitles } from './traffic-labels';

export const kindLabels: Record<TrafficKind, string> = {
  request: 'request',
  event: 'event',
  reply: 'reply',
  end: 'end',
  'remote-error': 'error',
  failure: 'failure',
  message: 'message',
  breaker: 'breaker',
};

/** A kind's label and class: breaker transitions take the colour of the state entered; a send a breaker stopped reads as rejected. */
function kindOf(entry: TrafficEntry): { label: string; className: string } {
  if (isBreakerRejection(entry)) return { label: 'rejected', className: 'kind kind--failure kind--rejected' };
  const transition = breakerTransitionOf(entry);
  return { label: kindLabels[entry.kind], className: `kind kind--${entry.kind}${transition ? ` kind--breaker-${transition.to}` : ''}` };
}

/** The service's latency for a reply: the whole call's when known. */
export const entryLatencyMs = (entry: TrafficEntry): number | undefined => entry.totalMs ?? entry.elapsedMs;

/** `lead` goes before the time, inside the same cell (the traffic log's pick checkbox), so every list has the same cells. */
export function TimeCell({ entry, lead, className }: { entry: TrafficEntry; lead?: ReactNode; className?: string }) {
  return (
    <span role="cell" className={`mono muted${className ? ` ${className}` : ''}`}>
      {lead}
      {formatClock(entry.at)}
    </span>
  );
}

export function KindCell({ entry }: { entry: TrafficEntry }) {
  const { label, className } = kindOf(entry);
  return (
    <span role="cell" className={className}>
      {label}
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

export function DirectionCell({ entry }: { entry: TrafficEntry }) {
  return (
    <span role="cell" className={`dir dir--${entry.direction}`} aria-label={directionLabels[entry.direction]} title={directionLabels[entry.direction]}>
      {directionArrows[entry.direction]}
    </span>
  );
}

/** The connection's name; entries a listener or a mock logged carry a tag saying so. */
export function ConnectionCell({ entry, className = '' }: { entry: TrafficEntry; className?: string }) {
  return (
    <span role="cell" className={`conn-cell ${className}`} title={entry.origin ? `${entry.connectionName} (${originTitles[entry.origin]})` : entry.connectionName}>
      {entry.origin && (
        <span className={`origin-tag origin-tag--${entry.origin}`} aria-label={originTitles[entry.origin]}>
          {entry.origin === 'listen' ? 'tap' : 'mock'}
        </span>
      )}
      <span className="ellipsis">{entry.connectionName}</span>
    </span>
  );
}

export const statusLabels = { request: 'request', ok: 'ok', error: 'error', timeout: 'timeout', event: 'event', breaker: 'breaker' } as const;

export function StatusCell({ entry }: { entry: TrafficEntry }) {
  const status = trafficStatusOf(entry);
  const transition = breakerTransitionOf(entry);
  return (
    <span role="cell" className={`status status--${status}${transition ? ` status--breaker-${transition.to}` : ''}`} title={transition ? `${transition.from} → ${transition.to}: ${transition.summary}` : undefined}>
      <span className="status__dot" aria-hidden="true" />
      {isBreakerRejection(entry) ? 'rejected' : statusLabels[status]}
    </span>
  );
}

/** The head of an entry's detail pane: kind, pattern and latency. */
export function EntryHeading({ entry }: { entry: TrafficEntry }) {
  const latencyMs = entryLatencyMs(entry);
  const kind = kindOf(entry);
  return (
    <div className="listen-detail__head">
      <span className={kind.className}>{kind.label}</span>
      <span className="mono ellipsis" title={entry.pattern}>
        {entry.pattern}
      </span>
      {latencyMs !== undefined && <span className="listen-detail__latency mono">{formatMs(latencyMs)}</span>}
    </div>
  );
}
