// What went over the wire, newest at the bottom, under the composer: the newest entries the store
// keeps (the listener and mock views read the same tail). Only the rows in view are rendered, and
// the list follows the tail until the user scrolls up. The full Traffic view queries the engine's
// whole log instead.
import { memo, useState } from 'react';
import type { TrafficEntry } from '../../../shared/traffic';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ArrowDownIcon, TrashIcon } from '../../ui/icons';
import { useVirtualRows } from '../../ui/use-virtual-rows';
import { breakerEntryText } from '../breakers/breaker-entry';
import { ConnectionCell, DirectionCell, IdCell, KindCell, LatencyCell, PatternCell, SizeCell, TimeCell } from './entry-cells';
import { ListIcon } from './traffic-icons';

/** Keep in step with --traffic-row-height in the CSS. */
const ROW_HEIGHT_PX = 26;


export function TrafficPanel() {
  const entries = useAppStore((s) => s.trafficEntries);
  const droppedCount = useAppStore((s) => s.trafficDroppedCount);
  const clearTraffic = useAppStore((s) => s.clearTraffic);
  const showView = useAppStore((s) => s.showView);
  const [seqWhenLeft, setSeqWhenLeft] = useState<number>();
  const { scrollRef, onScroll, totalHeight, first, last, following, follow } = useVirtualRows(entries.length, ROW_HEIGHT_PX, (nowFollowing) => setSeqWhenLeft(nowFollowing ? undefined : entries.at(-1)?.seq));
  const visible = entries.slice(first, last);
  const newSinceLeft = following || seqWhenLeft === undefined ? 0 : entries.filter((e) => e.seq > seqWhenLeft).length;

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
          <Button size="sm" variant="ghost" icon={<ListIcon />} onClick={() => showView({ kind: 'traffic' })} title="Filters, details, conversations and statistics over the whole log">
            Open full view
          </Button>
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
            onClick={follow}
          >
            {newSinceLeft > 0 ? `${newSinceLeft.toLocaleString('en-US')} new` : 'Latest'}
          </Button>
        )}
      </div>
    </section>
  );
}

const TrafficRow = memo(function TrafficRow({ entry, rowIndex }: { entry: TrafficEntry; rowIndex: number }) {
  return (
    <div role="row" aria-rowindex={rowIndex + 2} className={`traffic__row traffic__row--${entry.kind}`} style={{ transform: `translateY(${rowIndex * ROW_HEIGHT_PX}px)` }}>
      <TimeCell entry={entry} />
      <DirectionCell entry={entry} />
      <KindCell entry={entry} />
      <ConnectionCell entry={entry} />
      <PatternCell entry={entry} />
      <IdCell entry={entry} />
      <SizeCell entry={entry} />
      <LatencyCell entry={entry} />
      <span role="cell" className="mono ellipsis muted col-body" title={breakerEntryText(entry) ?? (entry.bodyTruncated ? `${entry.bodyPreview}…` : entry.bodyPreview)}>
        {entry.encoding && (
          <span className={`encoding-tag encoding-tag--${entry.encoding}`} title={entry.encoding === 'hex' ? 'Binary body, shown as hex' : 'Raw text body (not JSON)'}>
            {entry.encoding}
          </span>
        )}
        {breakerEntryText(entry) ?? (
          <>
            {entry.bodyPreview}
            {entry.bodyTruncated && '…'}
          </>
        )}
      </span>
    </div>
  );
});
