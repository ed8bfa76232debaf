// The outcome in the Response header: its status pill and metrics (latency, sizes, parts).
import type { OutcomeView } from './describe-outcome';

export function OutcomeSummary({ view }: { view: OutcomeView }) {
  return (
    <>
      <output className={`pill pill--${view.tone}`} aria-label="Outcome">
        {view.status}
      </output>
      <div className="metrics">
        {view.metrics.map((metric) => (
          <output key={metric.label} className="metric" aria-label={metric.label} title={metric.label}>
            {metric.prefix && <span className="metric__prefix" aria-hidden="true">{metric.prefix} </span>}
            {metric.value}
          </output>
        ))}
      </div>
    </>
  );
}
