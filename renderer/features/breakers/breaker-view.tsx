// One circuit breaker: its live state (big, with what comes next), opossum's counts and latency
// over the rolling window, a strip of its state over time with the transitions under it, the
// actions (Trip, Reset, Edit options, Delete), and the hammer that drives load through it.
import '../../styles/breakers.css';
import '../../styles/load.css';
import { memo, useEffect, useState } from 'react';
import type { BreakerInfo, BreakerOptions, BreakerTransition } from '../../../shared/breaker';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { formatClock, formatCount, formatMs } from '../../ui/format';
import { TrashIcon } from '../../ui/icons';
import { StatList } from '../../ui/stat-list';
import { ViewError } from '../../ui/view-error';
import { TransportTag } from '../connections/transport-tag';
import { BreakerDialog } from './breaker-dialog';
import { BreakerStateBadge } from './breaker-state-badge';
import { breakerStateLabels, describeTimeline, stateNote, stateTimeline, type StateTimeline } from './breaker-timeline';
import { HammerPanel } from './hammer-panel';

/** The wall clock, ticking while the view shows: the strip grows and the countdown runs. */
function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function BreakerView({ breaker }: { breaker: BreakerInfo }) {
  const tripBreaker = useAppStore((s) => s.tripBreaker);
  const resetBreaker = useAppStore((s) => s.resetBreaker);
  const deleteBreaker = useAppStore((s) => s.deleteBreaker);
  const transport = useAppStore((s) => s.connections.find((c) => c.id === breaker.connectionId)?.target.kind);
  const [actionError, setActionError] = useState<string>();
  const [editing, setEditing] = useState(false);
  // Quicker while open: the countdown to half-open reads in tenths of a second.
  const now = useNow(breaker.state === 'open' ? 200 : 1_000);

  const act = async (action: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setActionError(undefined);
    const result = await action();
    if (!result.ok) setActionError(result.error?.message);
  };

  return (
    <section className="view breaker-view" role="region" aria-label={`Breaker ${breaker.name}`}>
      <header className="view__header">
        <div className="view__heading">
          <div className="view__title-row">
            <h2 className="view__title ellipsis" title={breaker.name}>
              {breaker.name}
            </h2>
            <BreakerStateBadge state={breaker.state} />
          </div>
          <p className="view__subtitle">
            {transport && <TransportTag kind={transport} />}
            <span className="ellipsis" aria-label="Guards">
              {breaker.pattern ? (
                <>
                  <span className="mono">{breaker.pattern}</span> on {breaker.connectionName}
                </>
              ) : (
                <>every send on {breaker.connectionName}</>
              )}
            </span>
          </p>
        </div>
        <div className="breaker-view__actions">
          <Button variant="secondary" onClick={() => void act(() => tripBreaker(breaker.breakerId))} disabled={breaker.state === 'open'} title="Force it open: covered sends are rejected (or get the fallback) until the reset timeout or Reset">
            Trip
          </Button>
          <Button variant="secondary" onClick={() => void act(() => resetBreaker(breaker.breakerId))} title="Close it and clear the window's counts">
            Reset
          </Button>
          <Button variant="secondary" onClick={() => setEditing(true)}>
            Edit options…
          </Button>
          <Button variant="ghost" icon={<TrashIcon />} onClick={() => void act(() => deleteBreaker(breaker.breakerId))} title="Remove the breaker: sends go straight through again">
            Delete
          </Button>
        </div>
      </header>
      {actionError && <ViewError message={actionError} />}

      <div className="breaker-view__body">
        <div className="breaker-overview">
          <StateCard breaker={breaker} now={now} />
          <Figures breaker={breaker} />
        </div>
        <OptionsLine options={breaker.options} />
        <TimelineStrip timeline={stateTimeline(breaker.transitions, breaker.state, now)} transitions={breaker.transitions} />
        <div className="breaker-columns">
          <TransitionsList transitions={breaker.transitions} />
          <HammerPanel breaker={breaker} />
        </div>
      </div>
      {editing && <BreakerDialog breaker={breaker} onClose={() => setEditing(false)} />}
    </section>
  );
}

function StateCard({ breaker, now }: { breaker: BreakerInfo; now: number }) {
  return (
    <section className={`breaker-state breaker-state--${breaker.state}`} aria-label="State">
      <span className="breaker-state__lamp" aria-hidden="true" />
      <div className="breaker-state__text">
        <p className="breaker-state__word" role="status" aria-label="Breaker state">
          {breakerStateLabels[breaker.state]}
        </p>
        <p className="breaker-state__note">{stateNote(breaker, now)}</p>
      </div>
    </section>
  );
}

/** opossum's counts and latency over the rolling window. */
function Figures({ breaker }: { breaker: BreakerInfo }) {
  const { counts, latency } = breaker;
  const countItems: [string, number, string?][] = [
    ['Fires', counts.fires],
    ['Successes', counts.successes, 'ok'],
    ['Failures', counts.failures, counts.failures > 0 ? 'error' : undefined],
    ['Timeouts', counts.timeouts, counts.timeouts > 0 ? 'warn' : undefined],
    ['Rejects', counts.rejects, counts.rejects > 0 ? 'error' : undefined],
    ['Fallbacks', counts.fallbacks, counts.fallbacks > 0 ? 'warn' : undefined],
  ];
  const latencyItems: [string, number | undefined][] = [
    ['p50', latency?.p50Ms],
    ['p90', latency?.p90Ms],
    ['p99', latency?.p99Ms],
    ['Mean', latency?.meanMs],
  ];
  return (
    <>
      <section className="breaker-card" aria-labelledby="breaker-counts-title">
        <h3 className="breaker-card__title" id="breaker-counts-title">
          Counts <span className="breaker-card__note">in the rolling window</span>
        </h3>
        <StatList
          stats={countItems.map(([term, value, tone]) => ({ term, value: formatCount(value), label: term, className: tone && value > 0 ? `breaker-figure--${tone}` : undefined }))}
          className="breaker-figures breaker-figures--counts"
          label="Counts"
        />
      </section>
      <section className="breaker-card" aria-labelledby="breaker-latency-title">
        <h3 className="breaker-card__title" id="breaker-latency-title">
          Latency <span className="breaker-card__note">{latency ? 'of calls let through' : 'after the first call'}</span>
        </h3>
        <StatList stats={latencyItems.map(([term, ms]) => ({ term, value: ms === undefined ? '—' : formatMs(ms), label: term }))} className="breaker-figures" label="Latency" />
      </section>
    </>
  );
}

function OptionsLine({ options }: { options: BreakerOptions }) {
  const windowSeconds = options.rollingCountTimeoutMs / 1_000;
  const parts = [
    `Opens at ${options.errorThresholdPercentage} % failed${options.volumeThreshold > 0 ? ` of ≥ ${options.volumeThreshold} calls` : ''} in ${windowSeconds.toLocaleString('en-US')} s (${options.rollingCountBuckets} buckets)`,
    `timeout ${formatCount(options.timeoutMs)} ms`,
    `half-opens after ${formatCount(options.resetTimeoutMs)} ms`,
    options.fallback === undefined ? 'no fallback' : `fallback ${JSON.stringify(options.fallback)}`,
  ];
  return (
    <p className="breaker-options" aria-label="Options">
      {parts.join(' · ')}
    </p>
  );
}

/** The state over time as a coloured strip, a mark at each transition, the clock under it. */
function TimelineStrip({ timeline, transitions }: { timeline: StateTimeline; transitions: readonly BreakerTransition[] }) {
  const span = Math.max(1, timeline.endMs - timeline.startMs);
  const at = (ms: number) => `${((ms - timeline.startMs) / span) * 100}%`;
  const ticks = [0, 0.25, 0.5, 0.75].map((fraction) => timeline.startMs + span * fraction);
  return (
    <section className="breaker-card breaker-timeline" aria-labelledby="breaker-timeline-title">
      <h3 className="breaker-card__title" id="breaker-timeline-title">
        Timeline
        <span className="breaker-timeline__legend" aria-hidden="true">
          <span className="breaker-key breaker-key--closed">closed</span>
          <span className="breaker-key breaker-key--open">open</span>
          <span className="breaker-key breaker-key--half-open">half-open</span>
        </span>
      </h3>
      <div className="breaker-strip" role="img" aria-label={describeTimeline(timeline)}>
        {timeline.spans.map((item, index) => (
          <span key={index} className={`breaker-strip__span breaker-strip__span--${item.state}`} style={{ left: at(item.startMs), width: `${((item.endMs - item.startMs) / span) * 100}%` }} />
        ))}
        {transitions.map((transition, index) => (
          <span key={index} className="breaker-strip__mark" style={{ left: at(transition.at) }} title={`${formatClock(transition.at)} ${transition.from} → ${transition.to}: ${transition.summary}`} />
        ))}
      </div>
      <div className="breaker-axis" aria-hidden="true">
        {ticks.map((ms) => (
          <span key={ms} style={{ left: at(ms) }}>
            {formatClock(ms).slice(0, 8)}
          </span>
        ))}
        <span className="breaker-axis__now">now</span>
      </div>
    </section>
  );
}

function TransitionsList({ transitions }: { transitions: readonly BreakerTransition[] }) {
  return (
    <section className="breaker-card breaker-transitions" aria-labelledby="breaker-transitions-title">
      <h3 className="breaker-card__title" id="breaker-transitions-title">
        Transitions {transitions.length > 0 && <span className="count">{transitions.length}</span>}
      </h3>
      {transitions.length === 0 ? (
        <EmptyState title="No transitions yet" compact>
          Each change of state shows here with why: the window's figures, the reset timeout, a trial call, Trip or Reset.
        </EmptyState>
      ) : (
        <ol className="breaker-transitions__list" aria-label="Transitions">
          {/* Newest first: the one that just happened is where the eye is. */}
          {transitions
            .map((transition, index) => <TransitionRow key={index} transition={transition} />)
            .reverse()}
        </ol>
      )}
    </section>
  );
}

const TransitionRow = memo(function TransitionRow({ transition }: { transition: BreakerTransition }) {
  return (
    <li className="breaker-transition" aria-label={`${transition.from} → ${transition.to}`}>
      <span className="mono muted breaker-transition__time">{formatClock(transition.at)}</span>
      <span className="breaker-transition__change">
        <span className={`breaker-chip breaker-chip--${transition.from}`}>{transition.from}</span>
        <span aria-hidden="true">→</span>
        <span className={`breaker-chip breaker-chip--${transition.to}`}>{transition.to}</span>
      </span>
      <span className="breaker-transition__summary">{transition.summary}</span>
    </li>
  );
});
