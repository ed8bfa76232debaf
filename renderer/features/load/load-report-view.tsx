// The report of a finished load run, the same numbers as `patchbay bench`: summary, latency
// percentiles, a histogram of latencies, and the errors by kind.
import type { LoadReport } from '../../../shared/load';
import { formatMs } from '../../ui/format';

const formatCount = (count: number) => count.toLocaleString('en-US');
const formatRate = (perSecond: number) => perSecond.toLocaleString('en-US', { maximumFractionDigits: perSecond < 100 ? 1 : 0 });
const formatDuration = (ms: number) => (ms >= 1_000 ? `${(ms / 1_000).toFixed(2)} s` : formatMs(ms));

export function LoadReportView({ report }: { report: LoadReport }) {
  const { latency } = report;
  const errors = report.completed - report.ok;
  const summary: [string, string][] = [
    ['Requests', formatCount(report.completed)],
    ['Total time', formatDuration(report.durationMs)],
    ['Requests/s', formatRate(report.throughputPerSecond)],
    ['OK', formatCount(report.ok)],
    ['Errors', formatCount(errors)],
    ['Fastest', formatMs(latency.minMs)],
    ['Average', formatMs(latency.meanMs)],
    ['Slowest', formatMs(latency.maxMs)],
  ];
  const percentiles: [string, number][] = [
    ['p50', latency.p50Ms],
    ['p90', latency.p90Ms],
    ['p95', latency.p95Ms],
    ['p99', latency.p99Ms],
    ['max', latency.maxMs],
  ];
  const most = Math.max(1, ...latency.histogram.counts);
  const errorKinds = Object.entries(report.errorsByKind).sort(([, a], [, b]) => b - a);

  return (
    <section className="load-report" aria-label="Report">
      <dl className="load-report__summary" aria-label="Summary">
        {summary.map(([term, value]) => (
          <div key={term} className={term === 'Errors' && errors > 0 ? 'load-report__stat--error' : undefined}>
            <dt>{term}</dt>
            <dd aria-label={term}>{value}</dd>
          </div>
        ))}
      </dl>

      <div className="load-report__columns">
        <section className="load-report__block" aria-labelledby="load-percentiles-title">
          <h3 className="load-report__title" id="load-percentiles-title">
            Latency percentiles
          </h3>
          <table className="load-table" aria-label="Latency percentiles">
            <tbody>
              {percentiles.map(([name, ms]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{formatMs(ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section className="load-report__block load-report__block--wide" aria-labelledby="load-histogram-title">
          <h3 className="load-report__title" id="load-histogram-title">
            Latency histogram
          </h3>
          {latency.count === 0 ? (
            <p className="muted">No request completed.</p>
          ) : (
            <table className="load-table load-histogram" aria-label="Latency histogram">
              <thead className="visually-hidden">
                <tr>
                  <th scope="col">Up to</th>
                  <th scope="col">Share</th>
                  <th scope="col">Requests</th>
                </tr>
              </thead>
              <tbody>
                {latency.histogram.upperBoundsMs.map((bound, i) => {
                  const count = latency.histogram.counts[i]!;
                  return (
                    <tr key={bound}>
                      <th scope="row">≤ {formatMs(bound)}</th>
                      <td className="load-histogram__bar-cell">
                        <span className="load-histogram__bar" style={{ width: `${(count / most) * 100}%` }} />
                      </td>
                      <td>{formatCount(count)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>

        <section className="load-report__block" aria-labelledby="load-errors-title">
          <h3 className="load-report__title" id="load-errors-title">
            Errors by kind
          </h3>
          {errorKinds.length === 0 ? (
            <p className="load-report__none">No errors</p>
          ) : (
            <table className="load-table" aria-label="Errors by kind">
              <tbody>
                {errorKinds.map(([kind, count]) => (
                  <tr key={kind}>
                    <th scope="row" className="mono">
                      {kind}
                    </th>
                    <td>{formatCount(count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </section>
  );
}
