// What went over the wire, newest at the bottom. Only the rows in view are rendered, and the list
// follows the tail until the user scrolls up.
import { memo, useLayoutEffect, useRef, useState } from 'react';
import type { TrafficEntry, TrafficKind } from '../../../shared/traffic';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { formatBytes, formatClock, formatMs } from '../../ui/format';
import { ArrowDownIcon, TrashIcon } from '../../ui/icons';

/** Keep in step with --traffic-row-height in the CSS. */
const ROW_HEIGHT_PX = 26;
const OVERSCAN_ROWS = 8;

const kindLabels: Record<TrafficKind, string> = {
  request: 'request',
  event: 'event',
  reply: 'reply',
  end: 'end',
  'remote-error': 'error',
  failure: 'failure',
};

const directionArrows: Record<TrafficEntry['direction'], string> = { out: '→', in: '←', local: '·' };

export function TrafficPanel() {
  const entries = useAppStore((s) => s.trafficEntries);
  const droppedCount = useAppStore((s) => s.trafficDroppedCount);
  const clearTraffic = useAppStore((s) => s.clearTraffic);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [following, setFollowing] = useState(true);
  const [seqWhenLeft, setSeqWhenLeft] = useState<number>();

  const totalHeight = entries.length * ROW_HEIGHT_PX;
  // While following, lay the window out from the bottom at once, so new rows show in the same frame.
  const top = following ? Math.max(0, totalHeight - viewportHeight) : scrollTop;
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT_PX) - OVERSCAN_ROWS);
  const last = Math.min(entries.length, Math.ceil((top + viewportHeight) / ROW_HEIGHT_PX) + OVERSCAN_ROWS);
  const visible = entries.slice(first, last);
  const newSinceLeft = following || seqWhenLeft === undefined ? 0 : entries.filter((e) => e.seq > seqWhenLeft).length;

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    setViewportHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (following && element) element.scrollTop = element.scrollHeight;
  }, [following, entries, viewportHeight]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    setScrollTop(element.scrollTop);
    const atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT_PX / 2;
    if (atBottom !== following) {
      setFollowing(atBottom);
      setSeqWhenLeft(atBottom ? undefined : entries.at(-1)?.seq);
    }
  };

  return (
    <section className="traffic" role="region" aria-label="Traffic">
      <header className="traffic__header">
        <h2 className="pane__title">Traffic</h2>
        {entries.length > 0 && <span className="count">{entries.length.toLocaleString('en-US')}</span>}
        {droppedCount > 0 && <span className="traffic__dropped">{droppedCount.toLocaleString('en-US')} older not shown</span>}
        <span className={`live${following ? ' live--on' : ''}`} title={following ? 'Following new traffic' : 'Scrolled up: not following'}>
          <span className="live__dot" aria-hidden="true" />
          {following ? 'Live' : 'Paused'}
        </span>
        <div className="pane__tools">
          <Button size="sm" variant="ghost" icon={<TrashIcon />} onClick={() => void clearTraffic()} disabled={entries.length === 0}>
            Clear
          </Button>
        </div>
      </header>

      <div className="traffic__table" role="table" aria-label="Traffic log" aria-rowcount={entries.length + 1}>
        <div role="rowgroup" className="traffic__head">
          <div role="row" aria-rowindex={1} className="traffic__row traffic__row--head">
            <span role="columnheader">Time</span>
            <span role="columnheader" aria-label="Direction" />
            <span role="columnheader">Kind</span>
            <span role="columnheader">Connection</span>
            <span role="columnheader">Pattern</span>
            <span role="columnheader" className="col-id">Id</span>
            <span role="columnheader" className="num">Size</span>
            <span role="columnheader" className="num">Latency</span>
            <span role="columnheader" className="col-body">Body</span>
          </div>
        </div>
        <div ref={scrollRef} className="traffic__scroll" role={entries.length > 0 ? 'rowgroup' : undefined} onScroll={onScroll} tabIndex={entries.length > 0 ? 0 : undefined} aria-label={entries.length > 0 ? 'Traffic entries' : undefined}>
          {entries.length === 0 ? (
            <EmptyState title="Nothing on the wire yet" compact>
              Requests, replies and events appear here as they happen.
            </EmptyState>
          ) : (
            <div className="traffic__spacer" style={{ height: totalHeight }}>
              {visible.map((entry, index) => (
                <TrafficRow key={entry.seq} entry={entry} rowIndex={first + index} />
              ))}
            </div>
          )}
        </div>
        {!following && entries.length > 0 && (
          <Button
            size="sm"
            variant="primary"
            className="traffic__jump"
            icon={<ArrowDownIcon />}
            onClick={() => {
              setFollowing(true);
              setSeqWhenLeft(undefined);
            }}
          >
            {newSinceLeft > 0 ? `${newSinceLeft.toLocaleString('en-US')} new` : 'Latest'}
          </Button>
        )}
      </div>
    </section>
  );
}

const TrafficRow = memo(function TrafficRow({ entry, rowIndex }: { entry: TrafficEntry; rowIndex: number }) {
  const latencyMs = entry.totalMs ?? entry.elapsedMs;
  return (
    <div role="row" aria-rowindex={rowIndex + 2} className={`traffic__row traffic__row--${entry.kind}`} style={{ transform: `translateY(${rowIndex * ROW_HEIGHT_PX}px)` }}>
      <span role="cell" className="mono muted">
        {formatClock(entry.at)}
      </span>
      <span role="cell" className={`dir dir--${entry.direction}`} aria-label={entry.direction}>
        {directionArrows[entry.direction]}
      </span>
      <span role="cell" className={`kind kind--${entry.kind}`}>
        {kindLabels[entry.kind]}
      </span>
      <span role="cell" className="ellipsis" title={entry.connectionName}>
        {entry.connectionName}
      </span>
      <span role="cell" className="mono ellipsis" title={entry.pattern}>
        {entry.pattern}
      </span>
      <span role="cell" className="mono muted col-id" title={entry.correlationId}>
        {entry.correlationId?.slice(0, 8) ?? ''}
      </span>
      <span role="cell" className="mono num">
        {entry.sizeBytes > 0 ? formatBytes(entry.sizeBytes) : ''}
      </span>
      <span role="cell" className="mono num">
        {latencyMs !== undefined ? formatMs(latencyMs) : ''}
      </span>
      <span role="cell" className="mono ellipsis muted col-body" title={entry.bodyTruncated ? `${entry.bodyPreview}…` : entry.bodyPreview}>
        {entry.bodyPreview}
        {entry.bodyTruncated && '…'}
      </span>
    </div>
  );
});
