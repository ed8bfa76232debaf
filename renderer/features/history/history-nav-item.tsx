// The sidebar's way to the History view, beside Traffic: it shows while the view is open; a second
// click goes back to the composer.
import { useAppStore } from '../../store/store-context';
import { HistoryIcon } from './history-icon';

export function HistoryNavItem() {
  const open = useAppStore((s) => s.mainView.kind === 'history');
  const showView = useAppStore((s) => s.showView);
  return (
    <button type="button" className={`nav-item${open ? ' nav-item--current' : ''}`} aria-current={open ? 'page' : undefined} onClick={() => showView({ kind: open ? 'composer' : 'history' })}>
      <HistoryIcon />
      <span>History</span>
    </button>
  );
}
