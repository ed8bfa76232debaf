// One listener: what it watches, its live messages (from the traffic log, by listener id), a tap
// summary with the service's latency, and the selected message's body, headers and details.
import { memo, useMemo, useState } from 'react';
import type { ListenerInfo } from '../../../shared/listen';
import type { TrafficEntry } from '../../../shared/traffic';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { formatBytes, formatMs } from '../../ui/format';
import { ArrowDownIcon, BroadcastIcon } from '../../ui/icons';
import { JsonText } from '../../ui/json-text';
import { KeyValueTable } from '../../ui/key-value-table';
import { useVirtualRows } from '../../ui/use-virtual-rows';
import { ViewHeader } from '../../ui/view-header';
import { transportLabels, transportShortLabels } from '../connections/connection-form-model';
import { EntryHeading, entryLatencyMs, IdCell, KindCell, LatencyCell, PatternCell, SizeCell, TimeCell } from '../traffic/entry-cells';
import { bodyEncoding, bodyForDetail, detailRows } from './message-text';
import { ListenerStateBadge } from './state-badges';
import { summarizeTap, type PatternSummary } from './tap-summary';


/** Keep in step with .listen-table__row's height in the CSS. */
const ROW_HEIGHT_PX = 28;

const EMPTY: TrafficEntry[] = [];

/** The tap summary's columns after the pattern. */
const numberColumns = ['Requests', 'Events', 'Replies', 'Errors', 'p50', 'p95', 'Max'];

export function ListenerView({ listener }: { listener: ListenerInfo }) {
  const connection = useAppStore((s) => s.connections.find((c) => c.id === listener.connectionId));
  const stopListener = useAppStore((s) => s.stopListener);
  const trafficEntries = useAppStore((s) => s.trafficEntries);
  const [selectedSeq, setSelectedSeq] = useState<number>();
  const [stopError, setStopError] = useState<string>();
  const entries = useMemo(() => {
    const mine = trafficEntries.filter((entry) => entry.listenerId === listener.id);
    return mine.length > 0 ? mine : EMPTY;
  }, [trafficEntries, listener.id]);
  const tapping = (listener.spec.kind === 'redis' || listener.spec.kind === 'kafka') && listener.spec.tap;
  const summary = useMemo(() => (tapping ? summarizeTap(entries) : undefined), [tapping, entries]);
  const selected = selectedSeq === undefined ? undefined : entries.find((entry) => entry.seq === selectedSeq);

  return (
    <section className="view" role="region" aria-label={`Listener ${listener.label}`}>
      <ViewHeader
        title={listener.label}
        badge={<ListenerStateBadge state={listener.state} />}
        subtitle={
          <>
            {connection && <span className="transport-tag">{transportShortLabels[connection.target.kind]}</span>}
            <span>{connection ? `on ${connection.name}` : 'its connection is closed'}</span>
            {tapping && <span className="view__chip">Tap: replies joined to requests</span>}
          </>
        }
        stats={[{ term: 'Messages', value: Math.max(listener.count, entries.length).toLocaleString('en-US'), label: 'Messages seen' }]}
        onStop={async () => {
          setStopError(undefined);
          const result = await stopListener(listener.id);
          if (!result.ok) setStopError(result.error.message);
        }}
        error={stopError ?? (listener.state === 'failed' ? listener.lastError : undefined)}
      />

      {summary && <TapSummaryTable summary={summary.patterns} total={summary.total} />}

      <div className="view__split">
        <MessageTable entries={entries} selectedSeq={selected?.seq} onSelect={setSelectedSeq} transportName={connection ? transportLabels[connection.target.kind] : 'broker'} />
        <MessageDetail entry={selected} />
      </div>
    </section>
  );
}

function TapSummaryTable({ summary, total }: { summary: PatternSummary[]; total: PatternSummary }) {
  const latency = (value: number | undefined) => (value === undefined ? '—' : formatMs(value));
  return (
    <section className="tap-summary" aria-labelledby="tap-summary-title">
      <h3 id="tap-summary-title" className="tap-summary__title">
        Tap
        <span className="tap-summary__note">service latency, from each request to its reply</span>
      </h3>
      <table className="tap-summary__table" aria-label="Tap summary">
        <thead>
          <tr>
            <th scope="col">Pattern</th>
            {numberColumns.map((column) => (
              <th key={column} scope="col" className="num">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summary.length === 0 ? (
            <tr>
              <td colSpan={numberColumns.length + 1} className="tap-summary__empty">
                No requests seen yet. Calls between services show here with their latency.
              </td>
            </tr>
          ) : (
            [...summary, ...(summary.length > 1 ? [total] : [])].map((row) => (
              <tr key={row === total ? '\u0000total' : row.pattern} className={row === total ? 'tap-summary__total' : undefined}>
                <th scope="row" className={`ellipsis${row === total ? '' : ' mono'}`} title={row.pattern}>
                  {row.pattern}
                </th>
                <td className="num">{row.requests}</td>
                <td className="num">{row.events}</td>
                <td className="num">{row.replies}</td>
                <td className={`num${row.errors > 0 ? ' tap-summary__errors' : ''}`}>{row.errors}</td>
                <td className="num mono">{latency(row.latency?.p50Ms)}</td>
                <td className="num mono">{latency(row.latency?.p95Ms)}</td>
                <td className="num mono">{latency(row.latency?.maxMs)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

function MessageTable({ entries, selectedSeq, onSelect, transportName }: { entries: TrafficEntry[]; selectedSeq?: number; onSelect: (seq: number) => void; transportName: string }) {
  const { scrollRef, onScroll, totalHeight, first, last, following, follow } = useVirtualRows(entries.length, ROW_HEIGHT_PX);
  const visible = entries.slice(first, last);
  return (
    <div className="listen-table" role="table" aria-label="Observed messages" aria-rowcount={entries.length + 1}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="listen-table__row listen-table__row--head">
          <span role="columnheader">Time</span>
          <span role="columnheader">Kind</span>
          <span role="columnheader">Pattern / route</span>
          <span role="columnheader" className="col-id">
            Id
          </span>
          <span role="columnheader" className="num">
            Latency
          </span>
          <span role="columnheader" className="num">
            Size
          </span>
          <span role="columnheader">Body</span>
        </div>
      </div>
      <div ref={scrollRef} className="listen-table__scroll" role={entries.length > 0 ? 'rowgroup' : undefined} onScroll={onScroll}>
        {entries.length === 0 ? (
          <EmptyState title="Waiting for messages" icon={<BroadcastIcon size={20} />} compact>
            What goes by on the {transportName} side shows here as it happens.
          </EmptyState>
        ) : (
          <div className="listen-table__spacer" style={{ height: totalHeight }}>
            {visible.map((entry, index) => (
              <MessageRow key={entry.seq} entry={entry} rowIndex={first + index} selected={entry.seq === selectedSeq} onSelect={onSelect} />
            ))}
          </div>
        )}
      </div>
      {!following && entries.length > 0 && (
        <Button size="sm" variant="primary" className="traffic__jump" icon={<ArrowDownIcon />} onClick={follow}>
          Latest
        </Button>
      )}
    </div>
  );
}

const MessageRow = memo(function MessageRow({ entry, rowIndex, selected, onSelect }: { entry: TrafficEntry; rowIndex: number; selected: boolean; onSelect: (seq: number) => void }) {
  return (
    <div
      role="row"
      aria-rowindex={rowIndex + 2}
      aria-selected={selected}
      tabIndex={0}
      className={`listen-table__row listen-table__row--${entry.kind}${selected ? ' listen-table__row--selected' : ''}`}
      style={{ transform: `translateY(${rowIndex * ROW_HEIGHT_PX}px)` }}
      onClick={() => onSelect(entry.seq)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(entry.seq);
        }
      }}
    >
      <TimeCell entry={entry} />
      <KindCell entry={entry} />
      <PatternCell entry={entry} />
      <IdCell entry={entry} />
      <LatencyCell entry={entry} labelled />
      <SizeCell entry={entry} />
      <span role="cell" className="body-cell">
        {entry.encoding && <span className={`encoding-tag encoding-tag--${entry.encoding}`}>{entry.encoding}</span>}
        <span className="mono ellipsis muted">
          {entry.bodyPreview}
          {entry.bodyTruncated && '…'}
        </span>
      </span>
    </div>
  );
});

function MessageDetail({ entry }: { entry: TrafficEntry | undefined }) {
  if (!entry) {
    return (
      <aside className="listen-detail" aria-label="Message detail">
        <EmptyState title="No message selected" compact>
          Pick a message to see its body, headers and transport details.
        </EmptyState>
      </aside>
    );
  }
  const headers = detailRows(entry.headers);
  const meta = detailRows(entry.meta);
  const encoding = bodyEncoding(entry);
  const latencyMs = entryLatencyMs(entry);
  return (
    <aside className="listen-detail" aria-label="Message detail">
      <EntryHeading entry={entry} />
      <div className="listen-detail__body">
        <div className="detail-group">
          <h3 className="detail-group__title">
            Body <span className={`encoding-tag encoding-tag--${encoding.toLowerCase()}`}>{encoding}</span>
            <span className="detail-group__note">
              {formatBytes(entry.sizeBytes)}
              {entry.bodyTruncated ? ' · preview, truncated' : ''}
            </span>
          </h3>
          {encoding === 'JSON' ? <JsonText label="Message body" text={bodyForDetail(entry)} /> : <pre className="raw-body" aria-label="Message body" tabIndex={0}>{bodyForDetail(entry)}</pre>}
        </div>
        {entry.correlationId && <DetailTable title="Call" rows={[['correlation id', entry.correlationId], ...(latencyMs !== undefined ? ([['service latency', formatMs(latencyMs)]] as [string, string][]) : [])]} />}
        <DetailTable title="Headers" rows={headers} empty="No headers." />
        <DetailTable title="Details" rows={meta} empty="No transport details." />
      </div>
    </aside>
  );
}

function DetailTable({ title, rows, empty }: { title: string; rows: [string, string][]; empty?: string }) {
  return (
    <div className="detail-group">
      <h3 className="detail-group__title">{title}</h3>
      {rows.length === 0 ? (
        <p className="field__hint">{empty}</p>
      ) : (
        <KeyValueTable label={title} rows={rows} />
      )}
    </div>
  );
}
