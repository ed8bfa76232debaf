// The full Traffic view: the engine's whole log (or an opened export file), filtered by the engine,
// shown a window at a time; live with pause, follow-tail and clear; a detail pane, per-pattern
// statistics, and export/open of NDJSON files.
import '../../styles/traffic-view.css';
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { TrashIcon } from '../../ui/icons';
import { ViewError } from '../../ui/view-error';
import { TrafficDetail } from './traffic-detail';
import { TrafficFilterBar } from './traffic-filter-bar';
import { TrafficMarksBar } from './traffic-marks-bar';
import { ChartIcon, DownloadIcon, OpenFileIcon, PauseIcon, PlayIcon } from './traffic-icons';
import { TrafficStats } from './traffic-stats';
import { TrafficTable } from './traffic-table';

export function TrafficView() {
  const watch = useAppStore((s) => s.watchTrafficView);
  const loadError = useAppStore((s) => s.trafficView.error);
  const file = useAppStore((s) => s.trafficView.file);
  const [statsOpen, setStatsOpen] = useState(false);
  const [fileError, setFileError] = useState<string>();

  useEffect(() => watch(), [watch]);

  return (
    <section className="view traffic-view" role="region" aria-label="Traffic view">
      <TrafficHeader statsOpen={statsOpen} onToggleStats={() => setStatsOpen((open) => !open)} onFileError={setFileError} />
      <TrafficFilterBar />
      {file && <FileBanner name={file.name} count={file.count} />}
      {(fileError ?? loadError) && (
        <ViewError message={fileError ?? loadError}>
          {fileError && (
            <Button size="sm" variant="ghost" onClick={() => setFileError(undefined)}>
              Dismiss
            </Button>
          )}
        </ViewError>
      )}
      {statsOpen && <TrafficStats />}
      <TrafficMarksBar />
      <div className="view__split traffic-view__split">
        <TrafficTable />
        <TrafficDetail />
      </div>
    </section>
  );
}

function TrafficHeader({ statsOpen, onToggleStats, onFileError }: { statsOpen: boolean; onToggleStats: () => void; onFileError: (message: string | undefined) => void }) {
  const total = useAppStore((s) => s.trafficView.window.total);
  const evicted = useAppStore((s) => s.trafficView.window.evictedCount);
  const following = useAppStore((s) => s.trafficView.following);
  const paused = useAppStore((s) => s.trafficView.paused);
  const newCount = useAppStore((s) => s.trafficView.newCount);
  const file = useAppStore((s) => s.trafficView.file);
  const pause = useAppStore((s) => s.pauseTraffic);
  const resume = useAppStore((s) => s.resumeTraffic);
  const clearTraffic = useAppStore((s) => s.clearTraffic);
  const exportTraffic = useAppStore((s) => s.exportTraffic);
  const openFile = useAppStore((s) => s.openTrafficFile);
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'export' | 'open'>();

  const live = !file && following && !paused;
  const state = file ? 'File' : paused ? 'Paused' : following ? 'Live' : 'Scrolled back';

  const onExport = async () => {
    setBusy('export');
    const result = await exportTraffic();
    setBusy(undefined);
    if (!result.ok) return onFileError(`Could not export: ${result.error.message}`);
    onFileError(undefined);
    downloadText(exportFileName(new Date()), result.value.ndjson);
  };

  const onOpen = async (chosen: File | undefined) => {
    if (!chosen) return;
    setBusy('open');
    const result = await openFile(chosen.name, await chosen.text());
    setBusy(undefined);
    if (fileInput.current) fileInput.current.value = '';
    onFileError(result.ok ? undefined : `Could not open ${chosen.name}: ${result.error.message}`);
  };

  return (
    <header className="view__header traffic-view__header">
      <div className="view__heading">
        <div className="view__title-row">
          <h2 className="view__title">Traffic</h2>
          <span className={`live${live ? ' live--on' : ''}`} role="status" aria-label={`View: ${state}`}>
            <span className="live__dot" aria-hidden="true" />
            {state}
            {!file && (paused || !following) && newCount > 0 && <span className="traffic-view__new">{newCount.toLocaleString('en-US')} new</span>}
          </span>
        </div>
        <p className="view__subtitle">
          {file ? `Read-only: ${file.name}` : 'Everything sent, received and observed, filtered by the engine'}
          {!file && evicted > 0 && <span className="muted"> · {evicted.toLocaleString('en-US')} oldest evicted</span>}
        </p>
      </div>
      <dl className="view__stats">
        <div>
          <dt>Matching</dt>
          <dd aria-label="Matching entries">{total.toLocaleString('en-US')}</dd>
        </div>
      </dl>
      <div className="traffic-view__tools">
        {!file &&
          (paused ? (
            <Button size="sm" variant="secondary" icon={<PlayIcon />} onClick={resume}>
              Resume
            </Button>
          ) : (
            <Button size="sm" variant="secondary" icon={<PauseIcon />} onClick={pause}>
              Pause
            </Button>
          ))}
        <Button size="sm" variant={statsOpen ? 'primary' : 'secondary'} icon={<ChartIcon />} aria-pressed={statsOpen} onClick={onToggleStats}>
          Stats
        </Button>
        <Button size="sm" variant="secondary" icon={<DownloadIcon />} onClick={() => void onExport()} disabled={busy !== undefined || total === 0}>
          Export
        </Button>
        <Button size="sm" variant="secondary" icon={<OpenFileIcon />} onClick={() => fileInput.current?.click()} disabled={busy !== undefined}>
          Open…
        </Button>
        <input ref={fileInput} type="file" accept=".ndjson,.jsonl,.json,application/x-ndjson" className="visually-hidden" aria-label="Open traffic file" tabIndex={-1} onChange={(event) => void onOpen(event.target.files?.[0])} />
        {!file && (
          <Button size="sm" variant="ghost" icon={<TrashIcon />} onClick={() => void clearTraffic()} disabled={total === 0}>
            Clear
          </Button>
        )}
      </div>
    </header>
  );
}

function FileBanner({ name, count }: { name: string; count: number }) {
  const backToLive = useAppStore((s) => s.backToLiveTraffic);
  return (
    <div className="traffic-view__banner" role="note">
      <OpenFileIcon />
      <span>
        Viewing {name} — {count.toLocaleString('en-US')} {count === 1 ? 'entry' : 'entries'}
      </span>
      <Button size="sm" variant="primary" onClick={() => void backToLive()}>
        Back to live
      </Button>
    </div>
  );
}

/** `patchbay-traffic-2026-01-31-140307.ndjson`, local time: sorts by name, says when. */
export function exportFileName(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `patchbay-traffic-${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}.ndjson`;
}

/** Saves text as a download: a Blob behind a temporary <a download>, the same in Electron and the browser. */
function downloadText(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has handed the Blob to the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
