// The info of a ready connection, for unit tests that hand the engine a scripted connection
// instead of opening one.
import type { ConnectionInfo, ConnectionTarget } from '../../shared/connection';

/** Connection `c1` named `name`, ready, with 1 s connect and request timeouts. */
export const readyConnectionInfo = (name: string, target: ConnectionTarget): ConnectionInfo => ({
  id: 'c1',
  name,
  target,
  options: { connectTimeoutMs: 1000, requestTimeoutMs: 1000 },
  state: 'ready',
});
