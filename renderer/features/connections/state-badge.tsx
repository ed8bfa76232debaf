// A connection's live state, in colour and in words (never colour alone).
import type { ConnectionState } from '../../../shared/connection';

export const connectionStateLabels: Record<ConnectionState, string> = {
  connecting: 'Connecting',
  ready: 'Ready',
  reconnecting: 'Reconnecting',
  failed: 'Failed',
  closed: 'Closed',
};

export function StateBadge({ state }: { state: ConnectionState }) {
  return (
    <span className={`badge badge--${state}`} role="status">
      <span className="badge__dot" aria-hidden="true" />
      {connectionStateLabels[state]}
    </span>
  );
}
