// A breaker's state over time, from its transitions: the spans the timeline strip colours, and
// the words that say the same for a screen reader and the state card.
import type { BreakerInfo, BreakerState, BreakerTransition } from '../../../shared/breaker';

export type StateSpan = { state: BreakerState; startMs: number; endMs: number };
export type StateTimeline = { startMs: number; endMs: number; spans: StateSpan[] };

/** Before the first transition the strip shows a little of the state it left (never less than this). */
const MIN_LEAD_MS = 2_000;

export const breakerStateLabels: Record<BreakerState, string> = { closed: 'Closed', open: 'Open', 'half-open': 'Half-open' };

/**
 * The spans from shortly before the first transition until `nowMs`: the state before each
 * transition, then the state after it. Without transitions, one span of the current state.
 */
export function stateTimeline(transitions: readonly BreakerTransition[], state: BreakerState, nowMs: number, windowMs = 60_000): StateTimeline {
  const first = transitions[0];
  if (!first) return { startMs: nowMs - windowMs, endMs: nowMs, spans: [{ state, startMs: nowMs - windowMs, endMs: nowMs }] };
  const last = transitions.at(-1)!;
  // The engine's clock and this window's may differ a little: the strip never ends before its last mark.
  const endMs = Math.max(nowMs, last.at);
  const startMs = first.at - Math.max(MIN_LEAD_MS, (endMs - first.at) * 0.08);
  const spans: StateSpan[] = [{ state: first.from, startMs, endMs: first.at }];
  transitions.forEach((transition, index) => spans.push({ state: transition.to, startMs: transition.at, endMs: transitions[index + 1]?.at ?? endMs }));
  return { startMs, endMs, spans };
}

export function formatSpan(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

/** The strip in words: each span's state and length, oldest first. */
export function describeTimeline(timeline: StateTimeline): string {
  return `State over time: ${timeline.spans.map((span) => `${span.state} ${formatSpan(span.endMs - span.startMs)}`).join(', then ')}`;
}

/** Under the big state word: how long it has been so, and what comes next. */
export function stateNote(breaker: Pick<BreakerInfo, 'state' | 'transitions' | 'options'>, nowMs: number): string {
  const last = breaker.transitions.at(-1);
  const since = last ? `for ${formatSpan(nowMs - last.at)}` : 'since it was created';
  switch (breaker.state) {
    case 'closed':
      return `Letting calls through ${since}`;
    case 'half-open':
      return 'Letting one trial call through: success closes it, failure opens it again';
    case 'open': {
      // opossum starts the reset timer on every opening, a trip included.
      const doing = last?.reason === 'tripped' ? 'Tripped by hand: rejecting calls' : 'Rejecting calls';
      const halfOpenAt = (last?.at ?? nowMs) + breaker.options.resetTimeoutMs;
      return halfOpenAt > nowMs ? `${doing} · half-opens in ${formatSpan(halfOpenAt - nowMs)}` : `${doing} · half-opening now`;
    }
  }
}
