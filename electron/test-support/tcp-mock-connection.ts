// A Patchbay TCP mock on a free port and a connection to it, both named `name`: a real service
// on the wire whose answers (failures, delays) the test sets by rules.
import { connectionOptionsSchema } from '../../shared/connection';
import type { MockRules } from '../../shared/mock';
import type { Engine } from '../core/engine';

export type TcpMockConnection = { mockId: string; port: number; connectionId: string };

/** Starts the mock, opens the connection and waits until it is ready; either failing throws, naming why. */
export async function openTcpMockConnection(engine: Engine, name: string, rules: MockRules): Promise<TcpMockConnection> {
  const mock = await engine.mocks.start(name, { kind: 'tcp', host: '127.0.0.1', port: 0 }, rules);
  if (!mock.ok) throw new Error(mock.error.message);
  const port = Number(/:(\d+)$/.exec(mock.value.address ?? '')?.[1]);
  const connection = engine.connections.open(name, { kind: 'tcp', host: '127.0.0.1', port }, connectionOptionsSchema.parse({}));
  const first = await connection.client.firstAttempt();
  if (!first.ok) throw new Error(first.error.message);
  return { mockId: mock.value.id, port, connectionId: connection.info().id };
}
