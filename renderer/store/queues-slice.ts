// RabbitMQ queue tools: thin calls, no state kept (what a peek shows belongs to its dialog).
import type { CommandInput, CommandOutput } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import type { SliceCreator } from './app-store';

export interface QueuesSlice {
  queueStats(input: CommandInput<'queue.stats'>): Promise<Result<CommandOutput<'queue.stats'>>>;
  peekQueue(input: CommandInput<'queue.peek'>): Promise<Result<CommandOutput<'queue.peek'>>>;
  republishQueue(input: CommandInput<'queue.republish'>): Promise<Result<CommandOutput<'queue.republish'>>>;
}

export const createQueuesSlice =
  (rpc: RpcClient): SliceCreator<QueuesSlice> =>
  () => ({
    queueStats: (input) => rpc.call('queue.stats', input),
    peekQueue: (input) => rpc.call('queue.peek', input),
    republishQueue: (input) => rpc.call('queue.republish', input),
  });
