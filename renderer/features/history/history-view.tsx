// The History view: every request the app sent, newest first, searched by the engine as you type;
// the selected one in full, with Send again, Save to collection and Delete; Clear all.
import '../../styles/runs-history.css';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { HistoryEntry } from '../../../shared/history';
import { patternText } from '../../store/history-slice';
import { useAppStore, useAppStoreApi } from '../../store/store-context';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { formatMs, prettyJson } from '../../ui/format';
import { BroadcastIcon, SendIcon, TrashIcon, WarningIcon } from '../../ui/icons';
import { JsonText } from '../../ui/json-text';
import { KeyValueTable } from '../../ui/key-value-table';
import { ViewError } from '../../ui/view-error';
import { HistoryIcon } from './history-icon';
import { SaveToCollectionDialog } from './save-to-collection-dialog';

/** Typing pauses this long before the engine is asked. */
const SEARCH_DELAY_MS = 250;

export const historyStatusLabels: Record<HistoryEntry['outcome']['status'], string> = { ok: 'OK', empty: 'Empty', 'remote-error': 'Error', failure: 'Failed', emitted: 'Emitted' };

/** Today: `14:03:07`; before: `Jan 31, 14:03`. */
export function formatWhen(epochMs: number, now = Date.now()): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  if (new Date(now).toDateString() === date.toDateString()) return `${time}:${pad(date.getSeconds())}`;
  return `${date.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })}, ${time}`;
}

export function HistoryView() {
  const loadHistory = useAppStore((s) => s.loadHistory);
  const error = useAppStore((s) => s.historyError);
  // Fresh on every visit: sends from other windows land in the engine too.
  useEffect(() => void loadHistory(), [loadHistory]);

  return (
    <section className="view history-view" role="region" aria-label="History">
      <HistoryHeader />
      <HistorySearch />
      {error && <ViewError message={error} />}
      <div className="view__split history-view__split">
        <HistoryList />
        <HistoryDetail />
      </div>
    </section>
  );
}

function HistoryHeader() {
  const total = useAppStore((s) => s.historyTotal);
  const query = useAppStore((s) => s.historyQuery.trim());
  const clearHistory = useAppStore((s) => s.clearHistory);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  return (
    <header className="view__header">
      <div className="view__heading">
        <div className="view__title-row">
          <h2 className="view__title">History</h2>
        </div>
        <p className="view__subtitle">Every request this app sent, newest first — from the composer and from collections</p>
      </div>
      <dl className="view__stats">
        <div>
          <dt>{query ? 'Matching' : 'Entries'}</dt>
          <dd aria-label={query ? 'Matching entries' : 'Entries'}>{total.toLocaleString('en-US')}</dd>
        </div>
      </dl>
      <Button size="sm" variant="ghost" icon={<TrashIcon />} onClick={() => setConfirming(true)} disabled={total === 0 && !query}>
        Clear all
      </Button>
      {confirming && (
        <Dialog
          title="Clear all history?"
          subtitle="Every entry goes, not only the ones shown. This cannot be undone."
          onClose={() => setConfirming(false)}
          error={error}
          actions={
            <>
              <Button onClick={() => setConfirming(false)}>Cancel</Button>
              <Button
                variant="danger"
                disabled={busy}
                onClick={async () => {
                  setBusy(true);
                  const result = await clearHistory();
                  setBusy(false);
                  if (result.ok) setConfirming(false);
                  else setError(result.error.message);
                }}
              >
                {busy ? 'Clearing…' : 'Clear all'}
              </Button>
            </>
          }
        >
          <p className="history-confirm__text">Saved collections are not touched; only this machine&apos;s record of what was sent is removed.</p>
        </Dialog>
      )}
    </header>
  );
}

function HistorySearch() {
  const store = useAppStoreApi();
  const query = useAppStore((s) => s.historyQuery);
  const setHistoryQuery = useAppStore((s) => s.setHistoryQuery);
  const loadHistory = useAppStore((s) => s.loadHistory);
  const [text, setText] = useState(query);

  useEffect(() => {
    if (text === store.getState().historyQuery) return;
    const timer = setTimeout(() => {
      setHistoryQuery(text);
      void loadHistory();
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, store, setHistoryQuery, loadHistory]);

  return (
    <div className="traffic-filters" role="search" aria-label="History search">
      <input
        className="input traffic-filters__text"
        type="search"
        aria-label="Search history"
        placeholder="Search by pattern, connection, payload or reply"
        value={text}
        onChange={(event) => setText(event.target.value)}
        spellCheck={false}
      />
    </div>
  );
}

function HistoryList() {
  const entries = useAppStore((s) => s.historyEntries);
  const loaded = useAppStore((s) => s.historyLoaded);
  const query = useAppStore((s) => s.historyQuery.trim());
  const total = useAppStore((s) => s.historyTotal);
  const selectedId = useAppStore((s) => s.selectedHistoryId);
  const select = useAppStore((s) => s.selectHistoryEntry);
  const listRef = useRef<HTMLOListElement>(null);

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0 || entries.length === 0) return;
    event.preventDefault();
    const index = entries.findIndex((entry) => entry.id === selectedId);
    const next = entries[Math.max(0, Math.min(entries.length - 1, index === -1 ? 0 : index + step))]!;
    select(next.id);
    listRef.current?.querySelector<HTMLElement>(`[data-history-id="${CSS.escape(next.id)}"]`)?.focus();
  };

  if (loaded && entries.length === 0) {
    return (
      <div className="history-list">
        {query ? (
          <EmptyState title="Nothing matches" icon={<HistoryIcon size={20} />}>
            <p>No request sent matches “{query}”. The search looks at patterns, connections, payloads and replies.</p>
          </EmptyState>
        ) : (
          <EmptyState title="Nothing sent yet" icon={<HistoryIcon size={20} />}>
            <p>Requests you send from the composer or a collection show here, to search, send again or save into a collection.</p>
          </EmptyState>
        )}
      </div>
    );
  }

  return (
    <div className="history-list">
      <div className="history-row history-row--head" aria-hidden="true">
        <span>Time</span>
        <span>Kind</span>
        <span>Connection</span>
        <span>Pattern</span>
        <span>Status</span>
        <span className="num">Time taken</span>
      </div>
      <ol ref={listRef} className="history-list__rows" aria-label="History entries" onKeyDown={onKeyDown}>
        {entries.map((entry) => {
          const selected = entry.id === selectedId;
          return (
            <li key={entry.id} aria-label={patternText(entry.pattern)}>
              <button type="button" data-history-id={entry.id} className={`history-row${selected ? ' history-row--selected' : ''}`} aria-current={selected ? 'true' : undefined} onClick={() => select(entry.id)}>
                <span className="history-row__time mono">{formatWhen(entry.at)}</span>
                <span className={`history-kind history-kind--${entry.kind}`}>{entry.kind === 'send' ? 'Send' : 'Emit'}</span>
                <span className="ellipsis" title={`${entry.connection.name} · ${entry.connection.url}`}>
                  {entry.connection.name}
                </span>
                <span className="mono ellipsis history-row__pattern" title={patternText(entry.pattern)}>
                  {patternText(entry.pattern)}
                </span>
                <span className={`history-status history-status--${entry.outcome.status}`}>{historyStatusLabels[entry.outcome.status]}</span>
                <span className="num mono history-row__duration">{entry.outcome.durationMs === undefined ? '—' : formatMs(entry.outcome.durationMs)}</span>
              </button>
            </li>
          );
        })}
      </ol>
      {total > entries.length && (
        <p className="history-list__more">
          Showing the newest {entries.length.toLocaleString('en-US')} of {total.toLocaleString('en-US')}: search to find older ones.
        </p>
      )}
    </div>
  );
}

function HistoryDetail() {
  const entry = useAppStore((s) => s.historyEntries.find((candidate) => candidate.id === s.selectedHistoryId));
  if (!entry) {
    return (
      <aside className="history-detail" aria-label="History entry">
        <EmptyState title="No entry selected" compact>
          Pick a row to see what was sent and what came back, and to send it again or save it into a collection.
        </EmptyState>
      </aside>
    );
  }
  return <EntryDetail key={entry.id} entry={entry} />;
}

function EntryDetail({ entry }: { entry: HistoryEntry }) {
  const sendAgain = useAppStore((s) => s.sendHistoryAgain);
  const deleteEntry = useAppStore((s) => s.deleteHistoryEntry);
  const [busy, setBusy] = useState<'send' | 'delete'>();
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const headers = Object.entries(entry.headers ?? {});
  const failed = entry.outcome.status === 'remote-error' || entry.outcome.status === 'failure';

  const run = async (what: 'send' | 'delete') => {
    setBusy(what);
    setError(undefined);
    const result = what === 'send' ? await sendAgain(entry.id) : await deleteEntry(entry.id);
    setBusy(undefined);
    if (!result.ok) setError(result.error.message);
  };

  return (
    <aside className="history-detail" aria-label="History entry">
      <div className="history-detail__head">
        <div className="history-detail__title">
          <span className={`history-kind history-kind--${entry.kind}`}>{entry.kind === 'send' ? 'Send' : 'Emit'}</span>
          <h3 className="mono ellipsis" title={patternText(entry.pattern)}>
            {patternText(entry.pattern)}
          </h3>
          <span className={`history-status history-status--${entry.outcome.status}`}>{historyStatusLabels[entry.outcome.status]}</span>
        </div>
        <p className="history-detail__meta">
          <span>{new Date(entry.at).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'medium' })}</span>
          {entry.outcome.durationMs !== undefined && (
            <>
              <span aria-hidden="true">·</span>
              <span>{formatMs(entry.outcome.durationMs)}</span>
            </>
          )}
          <span aria-hidden="true">·</span>
          <span>
            via <strong>{entry.connection.name}</strong> <span className="mono muted">{entry.connection.url}</span>
          </span>
        </p>
        {entry.source && (
          <p className="history-detail__meta">
            from <span className="mono">{entry.source.path}</span> in <span className="mono muted ellipsis">{entry.source.collectionRoot}</span>
          </p>
        )}
        <div className="history-detail__actions">
          <Button size="sm" variant="primary" icon={entry.kind === 'send' ? <SendIcon /> : <BroadcastIcon />} onClick={() => void run('send')} disabled={busy !== undefined}>
            {busy === 'send' ? (entry.kind === 'send' ? 'Sending…' : 'Emitting…') : entry.kind === 'send' ? 'Send again' : 'Emit again'}
          </Button>
          <Button size="sm" onClick={() => setSaving(true)} disabled={busy !== undefined}>
            Save to collection…
          </Button>
          <Button size="sm" variant="ghost" icon={<TrashIcon />} onClick={() => void run('delete')} disabled={busy !== undefined}>
            Delete
          </Button>
        </div>
        {error && (
          <p className="form-error" role="alert">
            <WarningIcon />
            <span>{error}</span>
          </p>
        )}
      </div>
      <div className="history-detail__body">
        <section className="detail-group">
          <h4 className="detail-group__title">Payload</h4>
          <JsonText text={prettyJson(entry.data)} label="Payload" />
        </section>
        {headers.length > 0 && (
          <section className="detail-group">
            <h4 className="detail-group__title">Headers</h4>
            <KeyValueTable label="Headers" rows={headers} />
          </section>
        )}
        <section className="detail-group">
          <h4 className="detail-group__title">{entry.kind === 'emit' ? 'Outcome' : failed ? 'Error' : 'Reply'}</h4>
          <pre className={`json-text history-detail__summary${failed ? ' json-text--error' : ''}`} role="textbox" aria-readonly="true" aria-multiline="true" aria-label="Reply summary" tabIndex={0}>
            {entry.outcome.summary || (entry.outcome.status === 'empty' ? 'Completed without a value' : '—')}
          </pre>
        </section>
      </div>
      {saving && <SaveToCollectionDialog entry={entry} onClose={() => setSaving(false)} />}
    </aside>
  );
}
