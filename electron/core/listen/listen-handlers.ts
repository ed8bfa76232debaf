// Contract handlers for listeners (listen.*) and RabbitMQ queue tools (queue.*): thin, each
// finds the connection and calls the module; spread into contract-handlers.ts.
import type { CommandName, CommandOutput, CommandParsedInput } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { ConnectionRegistry } from '../connections/registry';
import type { QueueTools } from '../transports/transport';
import type { ListenerRegistry } from './listener-registry';

type ListenCommand = Extract<CommandName, `listen.${string}` | `queue.${string}`>;
export type ListenHandlers = { [C in ListenCommand]: (input: CommandParsedInput<C>) => Promise<Result<CommandOutput<C>>> };

export function createListenHandlers({ connections, listeners }: { connections: Pick<ConnectionRegistry, 'get'>; listeners: ListenerRegistry }): ListenHandlers {
  const queuesOf = (connectionId: string): Result<QueueTools> => {
    const connection = connections.get(connectionId);
    if (!connection) return fail('unknown-connection', `No open connection has id ${connectionId}. It may have been closed; open it again.`);
    const { queues } = connection.client;
    if (!queues) return fail('unsupported', `Queue tools need a RabbitMQ connection; this one is ${connection.info().target.kind}, which has no queues to look into.`);
    return ok(queues);
  };

  return {
    'listen.start': ({ connectionId, spec }) => listeners.start(connectionId, spec),
    'listen.stop': ({ listenerId }) => listeners.stop(listenerId),
    'listen.list': async () => ok(listeners.list()),
    'queue.stats': async ({ connectionId, queue }) => {
      const queues = queuesOf(connectionId);
      return queues.ok ? queues.value.stats(queue) : queues;
    },
    'queue.peek': async ({ connectionId, queue, count }) => {
      const queues = queuesOf(connectionId);
      return queues.ok ? queues.value.peek(queue, count) : queues;
    },
    'queue.republish': async ({ connectionId, fromQueue, count, to }) => {
      const queues = queuesOf(connectionId);
      return queues.ok ? queues.value.republish(fromQueue, count, to) : queues;
    },
  };
}
