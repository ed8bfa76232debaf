// What the main area shows: the composer (for the selected connection), the traffic view, the Load panel, a listener, a mock,
// an open collection request (the active tab), a collection run, an environment, or the history.
import type { SliceCreator } from './app-store';

export type MainView =
  | { kind: 'composer' }
  | { kind: 'traffic' }
  | { kind: 'load' }
  | { kind: 'listener'; id: string }
  | { kind: 'mock'; id: string }
  | { kind: 'breaker'; id: string }
  | { kind: 'request' }
  | { kind: 'run'; id: string }
  | { kind: 'environment'; collectionId: string; name: string }
  | { kind: 'history' }
  /** A collection's saga: its steps, its live timeline and its kept runs. */
  | { kind: 'saga'; collectionId: string; path: string };

export interface ViewSlice {
  mainView: MainView;
  showView(view: MainView): void;
  /** Back to the composer if `view` is showing (its listener or mock is gone). */
  leaveView(view: MainView): void;
}

const sameView = (a: MainView, b: MainView) => JSON.stringify(a) === JSON.stringify(b);

export const createViewSlice = (): SliceCreator<ViewSlice> => (set, get) => ({
  mainView: { kind: 'composer' },
  showView(view) {
    if (!sameView(get().mainView, view)) set({ mainView: view });
  },
  leaveView(view) {
    if (sameView(get().mainView, view)) set({ mainView: { kind: 'composer' } });
  },
});
