// What the main area shows: the composer (for the selected connection), the traffic view, the Load panel, a listener, or a mock.
import type { SliceCreator } from './app-store';

export type MainView = { kind: 'composer' } | { kind: 'traffic' } | { kind: 'load' } | { kind: 'listener'; id: string } | { kind: 'mock'; id: string };

export interface ViewSlice {
  mainView: MainView;
  showView(view: MainView): void;
  /** Back to the composer if `view` is showing (its listener or mock is gone). */
  leaveView(view: MainView): void;
}

const sameView = (a: MainView, b: MainView) => a.kind === b.kind && (!('id' in a) || ('id' in b && a.id === b.id));

export const createViewSlice = (): SliceCreator<ViewSlice> => (set, get) => ({
  mainView: { kind: 'composer' },
  showView(view) {
    if (!sameView(get().mainView, view)) set({ mainView: view });
  },
  leaveView(view) {
    if (sameView(get().mainView, view)) set({ mainView: { kind: 'composer' } });
  },
});
