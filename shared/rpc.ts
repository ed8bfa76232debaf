// The RPC protocol spoken over every carrier (Electron IPC, WebSocket). A carrier only moves
// frames; it never looks inside them. Only JSON-safe values cross.
import { z } from 'zod';
import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload } from './contract';
import type { Result } from './result';

export const clientFrameSchema = z.object({
  type: z.literal('call'),
  id: z.number().int(),
  command: z.string(),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ServerFrame =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventName; payload: unknown };

/** A bidirectional frame pipe. Carriers implement it; RPC sits on top. */
export interface FramePort<In, Out> {
  send(frame: Out): void;
  onFrame(listener: (frame: In) => void): () => void;
}

export interface RpcClient {
  call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<Result<CommandOutput<C>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The renderer's side of the protocol: correlates results, fans out events. */
export function createRpcClient(port: FramePort<ServerFrame, ClientFrame>): RpcClient {
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  port.onFrame((frame) => {
    if (frame.type === 'result') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else {
      for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
    }
  });

  return {
    call(command, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        port.send({ type: 'call', id, command, input });
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const untyped = listener as (payload: unknown) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
  };
}
