// The Traffic view's log: a fixed-height row window over the engine's filtered log. The store holds
// only the rows around the ones in view; scrolling asks the engine for the next window, and the
// rows keep their objects between answers so memoized rows do not re-render. Entries are picked
// (to save as a saga) by their checkbox, Ctrl/⌘-click, or Shift-click for a range.
import { memo, useCallback, useEffect, type KeyboardEvent, type MouseEvent } from 'react';
import type { TrafficEntry } from '../../../shared/traffic';
import { trafficStatusOf } from '../../../shared/traffic';
import '../../styles/saga-replay.css';
import { useAppStore, useAppStoreApi } from '../../store/store-context';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ArrowDownIcon } from '../../ui/icons';
import { useVirtualRows } from '../../ui/use-virtual-rows';
import { transportShortLabels } from '../connections/connection-form-model';
import { ConnectionCell, DirectionCell, IdCell, LatencyCell, PatternCell, SizeCell, StatusCell, TimeCell } from './entry-cells';

/** Keep in step with --traffic-view-row-height in traffic-view.css. */
export const TRAFFIC_VIEW_ROW_HEIGHT_PX = 26;

export function TrafficTable() {
  const window = useAppStore((s) => s.trafficView.window);
  const storeFollowing = useAppStore((s) => s.trafficView.following);
  const paused = useAppStore((s) => s.trafficView.paused);
  const loaded = useAppStore((s) => s.trafficView.loaded);
  const filtered = useAppStore((s) => Object.keys(s.trafficView.filter).length > 0);
  const selectedSeq = useAppStore((s) => s.trafficView.selected?.seq);
  const marked = useAppStore((s) => s.trafficView.marked);
  const markTrafficEntry = useAppStore((s) => s.markTrafficEntry);
  const store = useAppStoreApi();
  const getSelected = useCallback(() => store.getState().trafficView.selected, [store]);
  const setTrafficFollowing = useAppStore((s) => s.setTrafficFollowing);
  const showTrafficRange = useAppStore((s) => s.showTrafficRange);
  const selectTrafficEntry = useAppStore((s) => s.selectTrafficEntry);
  const moveTrafficSelection = useAppStore((s) => s.moveTrafficSelection);
  const resumeTraffic = useAppStore((s) => s.resumeTraffic);
  const { scrollRef, onScroll, totalHeight, first, last, following, follow } = useVirtualRows(window.total, TRAFFIC_VIEW_ROW_HEIGHT_PX, setTrafficFollowing);

  // The store follows again on its own (a new filter, Resume): bring the scroll to the tail with it.
  useEffect(() => {
    if (storeFollowing && !following) follow();
  }, [storeFollowing, following, follow]);

  useEffect(() => {
    if (!following || paused) showTrafficRange(first, last);
  }, [first, last, following, paused, showTrafficRange]);

  const onKeyDown = useCallback(
    async (event: KeyboardEvent<HTMLDivElement>) => {
      // Space picks the selected entry (or lets it go), as a click on its checkbox would.
      if (event.key === ' ' && event.target === event.currentTarget) {
        const selected = getSelected();
        if (!selected) return;
        event.preventDefault();
        markTrafficEntry(selected, 'toggle');
        return;
      }
      if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
      event.preventDefault();
      const position = await moveTrafficSelection(event.key === 'ArrowDown' ? 1 : -1);
      const element = scrollRef.current;
      if (position === undefined || !element) return;
      const top = position * TRAFFIC_VIEW_ROW_HEIGHT_PX;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + TRAFFIC_VIEW_ROW_HEIGHT_PX > element.scrollTop + element.clientHeight) element.scrollTop = top + TRAFFIC_VIEW_ROW_HEIGHT_PX - element.clientHeight;
    },
    [moveTrafficSelection, scrollRef, getSelected, markTrafficEntry],
  );

  const startIndex = Math.max(0, first - window.offset);
  const rows = window.entries.slice(startIndex, Math.max(startIndex, last - window.offset));
  const hasRows = window.total > 0;

  return (
    <div className="traffic-table" role="table" aria-label="Traffic log" aria-rowcount={window.total + 1}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="traffic-table__row traffic-table__row--head">
          <span role="columnheader" className="traffic-table__time" title="Pick entries to save as a saga: their checkbox, Ctrl/⌘-click, or Shift-click for a range">
            Time
          </span>
          <span role="columnheader" aria-label="Direction" />
          <span role="columnheader" className="col-transport">
            Transport
          </span>
          <span role="columnheader" className="col-connection">
            Connection
          </span>
          <span role="columnheader">Pattern / topic / method</span>
          <span role="columnheader" className="col-id" title="Correlation id">
            Correlation
          </span>
          <span role="columnheader">Status</span>
          <span role="columnheader" className="num">
            Latency
          </span>
          <span role="columnheader" className="num">
            Size
          </span>
        </div>
      </div>
      <div
        ref={scrollRef}
        className="traffic-table__scroll"
        role={hasRows ? 'rowgroup' : undefined}
        aria-label={hasRows ? 'Traffic entries' : undefined}
        tabIndex={hasRows ? 0 : undefined}
        onScroll={onScroll}
        onKeyDown={(event) => void onKeyDown(event)}
      >
        {!hasRows ? (
          loaded && (
            <EmptyState title={filtered ? 'No entries match the filters' : 'Nothing on the wire yet'} compact>
              {filtered ? 'Loosen a filter, or wait: matching traffic shows here as it happens.' : 'Requests, replies and events appear here as they happen.'}
            </EmptyState>
          )
        ) : (
          <div className="traffic-table__spacer" style={{ height: totalHeight }}>
            {rows.map((entry, index) => (
              <TrafficViewRow
                key={entry.seq}
                entry={entry}
                position={window.offset + startIndex + index}
                selected={entry.seq === selectedSeq}
                marked={marked.has(entry.seq)}
                onSelect={selectTrafficEntry}
                onMark={markTrafficEntry}
              />
            ))}
          </div>
        )}
      </div>
      {hasRows && (!following || paused) && (
        <Button
          size="sm"
          variant="primary"
          className="traffic-table__jump"
          icon={<ArrowDownIcon />}
          onClick={() => {
            resumeTraffic();
            follow();
          }}
        >
          Latest
        </Button>
      )}
    </div>
  );
}

type RowProps = {
  entry: TrafficEntry;
  position: number;
  selected: boolean;
  marked: boolean;
  onSelect: (entry: TrafficEntry) => void;
  onMark: (entry: TrafficEntry, mode: 'toggle' | 'range') => void;
};

const TrafficViewRow = memo(function TrafficViewRow({ entry, position, selected, marked, onSelect, onMark }: RowProps) {
  const status = trafficStatusOf(entry);
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    // Ctrl/⌘ and Shift pick entries, as in a file list; a plain click shows one in the detail pane.
    if (event.shiftKey || event.ctrlKey || event.metaKey) {
      event.preventDefault();
      onMark(entry, event.shiftKey ? 'range' : 'toggle');
    } else onSelect(entry);
    // Keep the keyboard on the list, so up and down move the selection from here.
    (event.currentTarget.parentElement?.parentElement as HTMLElement | null)?.focus({ preventScroll: true });
  };
  return (
    <div
      role="row"
      aria-rowindex={position + 2}
      aria-selected={selected}
      className={`traffic-table__row traffic-table__row--${status}${selected ? ' traffic-table__row--selected' : ''}${marked ? ' traffic-table__row--marked' : ''}`}
      style={{ transform: `translateY(${position * TRAFFIC_VIEW_ROW_HEIGHT_PX}px)` }}
      onClick={onClick}
    >
      <TimeCell
        entry={entry}
        className="traffic-table__time"
        lead={
          <input
            type="checkbox"
            className="traffic-table__pick"
            aria-label={`Pick entry ${entry.seq}`}
            checked={marked}
            // The row's click would also select it: the checkbox only picks.
            onClick={(event) => {
              event.stopPropagation();
              onMark(entry, event.shiftKey ? 'range' : 'toggle');
            }}
            onChange={() => {}}
          />
        }
      />
      <DirectionCell entry={entry} />
      <span role="cell" className="col-transport">
        <span className="transport-tag">{transportShortLabels[entry.transport as keyof typeof transportShortLabels] ?? entry.transport}</span>
      </span>
      <ConnectionCell entry={entry} className="col-connection" />
      <PatternCell entry={entry} />
      <IdCell entry={entry} />
      <StatusCell entry={entry} />
      <LatencyCell entry={entry} />
      <SizeCell entry={entry} />
    </div>
  );
});
