// Per-pattern statistics of the filtered log, computed by the engine and refreshed every second
// while shown: counts, errors, timeouts, latency percentiles and a small latency histogram.
import { useEffect } from 'react';
import type { LatencyHistogram } from '../../../shared/latency';
import type { PatternStats } from '../../../shared/traffic';
import { useAppStore } from '../../store/store-context';
import { formatMs } from '../../ui/format';
import { transportShortLabels } from '../connections/connection-form-model';

export const STATS_REFRESH_MS = 1_000;

const numberColumns = ['Count', 'Errors', 'Timeouts', 'p50', 'p95', 'p99', 'Max'];

export function TrafficStats() {
  const stats = useAppStore((s) => s.trafficView.stats);
  const error = useAppStore((s) => s.trafficView.statsError);
  const loadStats = useAppStore((s) => s.loadTrafficStats);
  const filter = useAppStore((s) => s.trafficView.filter);
  const source = useAppStore((s) => s.trafficView.source);

  // One refresh at a time, a second apart: a slow answer never piles up queries.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = async () => {
      await loadStats();
      if (!stopped) timer = setTimeout(() => void refresh(), STATS_REFRESH_MS);
    };
    void refresh();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [loadStats, filter, source]);

  return (
    <section className="tap-summary traffic-stats" aria-labelledby="traffic-stats-title">
      <h3 id="traffic-stats-title" className="tap-summary__title">
        Statistics
        <span className="tap-summary__note">per pattern, of the entries the filters match; latency from each request to its reply</span>
      </h3>
      {error && (
        <p className="view__error" role="alert">
          {error}
        </p>
      )}
      <table className="tap-summary__table" aria-label="Pattern statistics">
        <thead>
          <tr>
            <th scope="col">Pattern</th>
            <th scope="col">Transport</th>
            {numberColumns.map((column) => (
              <th key={column} scope="col" className="num">
                {column}
              </th>
            ))}
            <th scope="col">Histogram</th>
          </tr>
        </thead>
        <tbody>
          {!stats ? (
            <tr>
              <td colSpan={numberColumns.length + 3} className="tap-summary__empty">
                Loading…
              </td>
            </tr>
          ) : stats.length === 0 ? (
            <tr>
              <td colSpan={numberColumns.length + 3} className="tap-summary__empty">
                No matching traffic yet.
              </td>
            </tr>
          ) : (
            stats.map((row) => <StatsRow key={`${row.transport} ${row.pattern}`} row={row} />)
          )}
        </tbody>
      </table>
    </section>
  );
}

function StatsRow({ row }: { row: PatternStats }) {
  const latency = (ms: number | undefined) => (ms === undefined ? '—' : formatMs(ms));
  return (
    <tr>
      <th scope="row" className="mono ellipsis" title={row.pattern}>
        {row.pattern}
      </th>
      <td>
        <span className="transport-tag">{transportShortLabels[row.transport as keyof typeof transportShortLabels] ?? row.transport}</span>
      </td>
      <td className="num">{row.count.toLocaleString('en-US')}</td>
      <td className={`num${row.errors > 0 ? ' tap-summary__errors' : ''}`}>{row.errors.toLocaleString('en-US')}</td>
      <td className={`num${row.timeouts > 0 ? ' traffic-stats__timeouts' : ''}`}>{row.timeouts.toLocaleString('en-US')}</td>
      <td className="num mono">{latency(row.latency?.p50Ms)}</td>
      <td className="num mono">{latency(row.latency?.p95Ms)}</td>
      <td className="num mono">{latency(row.latency?.p99Ms)}</td>
      <td className="num mono">{latency(row.latency?.maxMs)}</td>
      <td>{row.latency ? <Histogram histogram={row.latency.histogram} pattern={row.pattern} /> : <span className="muted">—</span>}</td>
    </tr>
  );
}

/** Bars scaled to the fullest bucket; each bar's tooltip says its range and count. */
function Histogram({ histogram, pattern }: { histogram: LatencyHistogram; pattern: string }) {
  const peak = Math.max(1, ...histogram.counts);
  return (
    <span className="histogram" role="img" aria-label={`Latency histogram of ${pattern}`}>
      {histogram.counts.map((count, index) => {
        const lowerMs = index === 0 ? 0 : histogram.upperBoundsMs[index - 1]!;
        return <span key={index} className={`histogram__bar${count === 0 ? ' histogram__bar--empty' : ''}`} style={{ height: `${count === 0 ? 1 : Math.max(12, (count / peak) * 100)}%` }} title={`${formatMs(lowerMs)} – ${formatMs(histogram.upperBoundsMs[index]!)}: ${count.toLocaleString('en-US')}`} />;
      })}
    </span>
  );
}
