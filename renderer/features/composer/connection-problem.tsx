// Why the selected connection cannot send, in full: the sidebar clamps its error to three lines,
// and the fix is usually at the end ("give the CA certificate…", "add … as an include dir"). A
// polite status, not an alert: it stays on screen while the connection is selected.
import type { ConnectionInfo } from '../../../shared/connection';
import { WarningIcon } from '../../ui/icons';
import '../../styles/connection-problem.css';

export function ConnectionProblem({ connection }: { connection: ConnectionInfo | undefined }) {
  if (!connection?.lastError || (connection.state !== 'failed' && connection.state !== 'reconnecting')) return null;
  const failed = connection.state === 'failed';
  return (
    <div className={`connection-problem connection-problem--${connection.state}`} role="status" aria-label={`Why ${connection.name} is not connected`}>
      <WarningIcon size={14} />
      <p>
        <strong>{failed ? `${connection.name} could not connect.` : `${connection.name} is reconnecting.`}</strong> {connection.lastError}
      </p>
    </div>
  );
}
