// Listeners (taps) as the engine reports them. What they observe is not kept here: it is in the
// traffic log (origin `listen`, with the listener's id), and the views filter it from there.
import type { CommandInput } from '../../shared/contract';
import type { ListenerInfo } from '../../shared/listen';
import type { Result } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import type { SliceCreator } from './app-store';
import { applyReport, hasId, withoutId } from './reported-items';

export interface ListenersSlice {
  listeners: ListenerInfo[];
  loadListeners(): Promise<void>;
  applyListenerInfo(info: ListenerInfo): void;
  forgetListener(listenerId: string): void;
  /** Starts a listener and shows it. */
  startListener(input: CommandInput<'listen.start'>): Promise<Result<ListenerInfo>>;
  stopListener(listenerId: string): Promise<Result<null>>;
}

export const createListenersSlice =
  (rpc: RpcClient): SliceCreator<ListenersSlice> =>
  (set, get) => ({
    listeners: [],

    async loadListeners() {
      const result = await rpc.call('listen.list', {});
      if (result.ok) set({ listeners: result.value });
    },

    applyListenerInfo(info) {
      set((state) => {
        const listeners = applyReport(state.listeners, info);
        return listeners ? { listeners } : {};
      });
    },

    forgetListener(listenerId) {
      set((state) => ({ listeners: withoutId(state.listeners, listenerId) }));
      get().leaveView({ kind: 'listener', id: listenerId });
    },

    async startListener(input) {
      const result = await rpc.call('listen.start', input);
      if (result.ok) {
        // A state event may have arrived first and be newer than this snapshot.
        if (!hasId(get().listeners, result.value.id)) get().applyListenerInfo(result.value);
        get().showView({ kind: 'listener', id: result.value.id });
      }
      return result;
    },

    async stopListener(listenerId) {
      const result = await rpc.call('listen.stop', { listenerId });
      if (result.ok) get().forgetListener(listenerId);
      return result;
    },
  });
