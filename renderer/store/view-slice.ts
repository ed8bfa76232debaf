// What the main area shows: the composer (for the selected connection), a listener, or a mock.
import type { SliceCreator } from './app-store';

export type MainView = { kind: 'composer' } | { kind: 'listener'; id: string } | { kind: 'mock'; id: string };

export interface ViewSlice {
  mainView: MainView;
  showView(view: MainView): void;
  /** Back to the composer if `view` is showing (its listener or mock is gone). */
  leaveView(view: MainView): void;
}

const sameView = (a: MainView, b: MainView) => a.kind === b.kind && (a.kind === 'composer' || (b.kind !== 'composer' && a.id === b.id));

export const createViewSlice = (): SliceCreator<ViewSlice> => (set, get) => ({
  mainView: { kind: 'composer' },
  showView(view) {
    if (!sameView(get().mainView, view)) set({ mainView: view });
  },
  leaveView(view) {
    if (sameView(get().mainView, view)) set({ mainView: { kind: 'composer' } });
  },
});
