// A listener's or a mock's live state, in colour and in words (never colour alone), styled like
// a connection's state badge.
import type { ListenerInfo } from '../../../shared/listen';
import type { MockInfo } from '../../../shared/mock';

const listenerLabels: Record<ListenerInfo['state'], string> = { starting: 'Starting', listening: 'Listening', failed: 'Failed', stopped: 'Stopped' };
const mockLabels: Record<MockInfo['state'], string> = { starting: 'Starting', serving: 'Serving', failed: 'Failed', stopped: 'Stopped' };

/** The connection badge colour each state borrows. */
const tone = { starting: 'connecting', listening: 'ready', serving: 'ready', failed: 'failed', stopped: 'closed' } as const;

export function ListenerStateBadge({ state }: { state: ListenerInfo['state'] }) {
  return (
    <span className={`badge badge--${tone[state]}`} role="status">
      <span className="badge__dot" aria-hidden="true" />
      {listenerLabels[state]}
    </span>
  );
}

export function MockStateBadge({ state }: { state: MockInfo['state'] }) {
  return (
    <span className={`badge badge--${tone[state]}`} role="status">
      <span className="badge__dot" aria-hidden="true" />
      {mockLabels[state]}
    </span>
  );
}
