// A breaker's state in colour and in words (never colour alone): closed green, open red,
// half-open amber, styled like a connection's state badge.
import type { BreakerState } from '../../../shared/breaker';
import { breakerStateLabels } from './breaker-timeline';

/** The connection badge colour each state borrows. */
const tone: Record<BreakerState, string> = { closed: 'ready', open: 'failed', 'half-open': 'reconnecting' };

export function BreakerStateBadge({ state }: { state: BreakerState }) {
  return (
    <span className={`badge badge--${tone[state]} badge--breaker`} role="status">
      <span className="badge__dot" aria-hidden="true" />
      {breakerStateLabels[state]}
    </span>
  );
}
