// The selected entry in full: its body as a JSON tree and raw (the whole body is fetched only when
// the preview was cut), headers, transport metadata, timings, and the conversation it belongs to.
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { TrafficEntry } from '../../../shared/traffic';
import { useAppStore } from '../../store/store-context';
import { EmptyState } from '../../ui/empty-state';
import { formatBytes, formatClock, formatMs } from '../../ui/format';
import { KeyValueTable } from '../../ui/key-value-table';
import { transportLabels } from '../connections/connection-form-model';
import { bodyEncoding, detailRows } from '../listen/message-text';
import { ConversationWaterfall } from './conversation-waterfall';
import { EntryHeading, entryLatencyMs } from './entry-cells';
import { JsonTreeView } from './json-tree-view';
import { directionLabels } from './traffic-labels';
import { StatusCell } from './entry-cells';

const tabs = ['Body', 'Raw', 'Details', 'Conversation'] as const;
type Tab = (typeof tabs)[number];

type Body = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'loaded'; text: string; complete: boolean };

/** The entry's body: the preview when whole, else the engine's copy (`complete: false` when only the preview is left). */
function useEntryBody(entry: TrafficEntry): Body {
  const loadBody = useAppStore((s) => s.loadTrafficBody);
  const [fetched, setFetched] = useState<{ seq: number; body: Body }>();
  useEffect(() => {
    if (!entry.bodyTruncated) return;
    let current = true;
    void loadBody(entry.seq).then((result) => {
      if (current) setFetched({ seq: entry.seq, body: result.ok ? { state: 'loaded', text: result.value.body, complete: result.value.complete } : { state: 'failed', message: result.error.message } });
    });
    return () => {
      current = false;
    };
  }, [entry.seq, entry.bodyTruncated, loadBody]);
  if (!entry.bodyTruncated) return { state: 'loaded', text: entry.bodyPreview, complete: true };
  return fetched?.seq === entry.seq ? fetched.body : { state: 'loading' };
}

export function TrafficDetail() {
  const entry = useAppStore((s) => s.trafficView.selected);
  const [tab, setTab] = useState<Tab>('Body');
  if (!entry) {
    return (
      <aside className="traffic-detail" aria-label="Entry detail">
        <EmptyState title="No entry selected" compact>
          Pick a row to see its body, headers, timings and conversation. Up and down move the selection.
        </EmptyState>
      </aside>
    );
  }
  return <EntryDetail key={entry.seq} entry={entry} tab={tab} onTab={setTab} />;
}

function EntryDetail({ entry, tab, onTab }: { entry: TrafficEntry; tab: Tab; onTab: (tab: Tab) => void }) {
  const id = useId();
  const body = useEntryBody(entry);
  const [copied, setCopied] = useState<string>();

  const copy = async (what: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(what === 'path' ? `Copied ${text}` : 'Copied the value');
    } catch {
      setCopied('Could not copy: the browser refused the clipboard.');
    }
  };

  const panels: Record<Tab, () => ReactNode> = {
    Body: () => <BodyTree body={body} entry={entry} onCopy={(what, text) => void copy(what, text)} />,
    Raw: () => <RawBody body={body} entry={entry} />,
    Details: () => <Details entry={entry} />,
    Conversation: () => <ConversationWaterfall entry={entry} />,
  };

  return (
    <aside className="traffic-detail" aria-label="Entry detail">
      <EntryHeading entry={entry} />
      <div className="detail-tabs" role="tablist" aria-label="Entry detail">
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`${id}-${name}`}
            aria-selected={tab === name}
            aria-controls={`${id}-${name}-panel`}
            tabIndex={tab === name ? 0 : -1}
            className={`detail-tabs__tab${tab === name ? ' detail-tabs__tab--selected' : ''}`}
            onClick={() => onTab(name)}
            onKeyDown={(event) => {
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
              if (step !== 0) onTab(tabs[(tabs.indexOf(name) + step + tabs.length) % tabs.length]!);
            }}
          >
            {name}
          </button>
        ))}
      </div>
      <div className="traffic-detail__body" role="tabpanel" id={`${id}-${tab}-panel`} aria-labelledby={`${id}-${tab}`}>
        {panels[tab]()}
      </div>
      <p className="traffic-detail__copied" role="status">
        {copied}
      </p>
    </aside>
  );
}

function BodyTree({ body, entry, onCopy }: { body: Body; entry: TrafficEntry; onCopy: (what: string, text: string) => void }) {
  if (body.state !== 'loaded') return <BodyState body={body} />;
  const parsed = entry.encoding ? undefined : parseJson(body.text);
  return (
    <div className="detail-group">
      <BodyTitle entry={entry} complete={body.complete} />
      {parsed ? <JsonTreeView value={parsed.value} onCopy={onCopy} /> : <p className="field__hint">This body is not JSON{entry.encoding ? ` (${bodyEncoding(entry)})` : body.complete ? '' : ' as far as the preview goes'}: the Raw tab shows it as it is.</p>}
    </div>
  );
}

function RawBody({ body, entry }: { body: Body; entry: TrafficEntry }) {
  if (body.state !== 'loaded') return <BodyState body={body} />;
  const text = entry.encoding === 'hex' ? body.text.replace(/(.{2})(?=.)/g, '$1 ') : body.text;
  return (
    <div className="detail-group">
      <BodyTitle entry={entry} complete={body.complete} />
      {!body.complete && (
        <p className="callout callout--warning" role="note">
          Preview only: the engine no longer holds the whole body, so this shows its first characters.
        </p>
      )}
      <pre className="json-text raw-text" aria-label="Raw body" tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}

function BodyTitle({ entry, complete }: { entry: TrafficEntry; complete: boolean }) {
  const encoding = bodyEncoding(entry);
  return (
    <h3 className="detail-group__title">
      Body <span className={`encoding-tag encoding-tag--${encoding.toLowerCase()}`}>{encoding}</span>
      <span className="detail-group__note">
        {formatBytes(entry.sizeBytes)}
        {entry.bodyTruncated && (complete ? ' · whole body' : ' · preview only')}
      </span>
    </h3>
  );
}

function BodyState({ body }: { body: Exclude<Body, { state: 'loaded' }> }) {
  if (body.state === 'loading') return <p className="field__hint">Loading the whole body…</p>;
  return (
    <p className="view__error" role="alert">
      {body.message}
    </p>
  );
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function Details({ entry }: { entry: TrafficEntry }) {
  const latencyMs = entryLatencyMs(entry);
  const timings: [string, string][] = [['sent / logged', formatClock(entry.at)]];
  if (entry.firstReplyMs !== undefined) timings.push(['first reply', formatMs(entry.firstReplyMs)]);
  if (entry.totalMs !== undefined) timings.push(['total', formatMs(entry.totalMs)]);
  if (entry.elapsedMs !== undefined) timings.push(['elapsed', formatMs(entry.elapsedMs)]);
  const entryRows: [string, string][] = [
    ['direction', directionLabels[entry.direction]],
    ['transport', transportLabels[entry.transport as keyof typeof transportLabels] ?? entry.transport],
    ['connection', entry.connectionName],
    ...(entry.correlationId ? ([['correlation id', entry.correlationId]] as [string, string][]) : []),
    ...(entry.failureCode ? ([['failure', entry.failureCode]] as [string, string][]) : []),
    ...(entry.rule ? ([['mock rule', entry.rule]] as [string, string][]) : []),
    ...(entry.unmatched ? ([['mock rule', 'none matched']] as [string, string][]) : []),
    ['seq', String(entry.seq)],
  ];
  return (
    <div className="traffic-detail__groups">
      <div className="detail-group">
        <h3 className="detail-group__title">
          Timings
          {latencyMs !== undefined && <span className="detail-group__note">latency {formatMs(latencyMs)}</span>}
        </h3>
        <TimingBars entry={entry} />
        <KeyValueTable label="Timings" rows={timings} />
      </div>
      <div className="detail-group">
        <h3 className="detail-group__title">
          Entry <StatusCell entry={entry} />
        </h3>
        <KeyValueTable label="Entry" rows={entryRows} />
      </div>
      <DetailTable title="Headers" rows={detailRows(entry.headers)} empty="No headers." />
      <DetailTable title="Metadata" rows={detailRows(entry.meta)} empty="No transport metadata." />
    </div>
  );
}

/** First reply against total, as two bars on one scale: where a slow call spent its time. */
function TimingBars({ entry }: { entry: TrafficEntry }) {
  const totalMs = entry.totalMs ?? entry.elapsedMs;
  if (totalMs === undefined || totalMs <= 0) return null;
  const bars: [string, number][] = [];
  if (entry.firstReplyMs !== undefined) bars.push(['First reply', entry.firstReplyMs]);
  bars.push([entry.totalMs !== undefined ? 'Total' : 'Elapsed', totalMs]);
  return (
    <div className="timing-bars" aria-hidden="true">
      {bars.map(([name, ms]) => (
        <div key={name} className="timing-bars__row">
          <span className="timing-bars__name">{name}</span>
          <span className="timing-bars__track">
            <span className="timing-bars__fill" style={{ width: `${Math.max(1, (ms / totalMs) * 100)}%` }} />
          </span>
          <span className="timing-bars__value mono">{formatMs(ms)}</span>
        </div>
      ))}
    </div>
  );
}

function DetailTable({ title, rows, empty }: { title: string; rows: [string, string][]; empty: string }) {
  return (
    <div className="detail-group">
      <h3 className="detail-group__title">{title}</h3>
      {rows.length === 0 ? <p className="field__hint">{empty}</p> : <KeyValueTable label={title} rows={rows} />}
    </div>
  );
}
