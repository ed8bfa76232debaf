// A scriptable RpcClient for store tests: answers calls from a handler and fires events by hand.
import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';

type Handler = (command: CommandName, input: unknown) => Result<unknown> | Promise<Result<unknown>>;

export function createFakeRpc(handler: Handler) {
  const calls: { command: CommandName; input: unknown }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const rpc: RpcClient = {
    async call<C extends CommandName>(command: C, input: CommandInput<C>) {
      calls.push({ command, input });
      return (await handler(command, input)) as Result<CommandOutput<C>>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => listeners.get(event)?.forEach((listener) => listener(payload));
  return { rpc, calls, emit };
}
