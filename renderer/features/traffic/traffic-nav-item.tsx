// The sidebar's way to the Traffic view: it shows while the view is open; a second click goes back
// to the composer.
import { useAppStore } from '../../store/store-context';
import { ListIcon } from './traffic-icons';

export function TrafficNavItem() {
  const open = useAppStore((s) => s.mainView.kind === 'traffic');
  const showView = useAppStore((s) => s.showView);
  return (
    <button type="button" className={`nav-item${open ? ' nav-item--current' : ''}`} aria-current={open ? 'page' : undefined} onClick={() => showView({ kind: open ? 'composer' : 'traffic' })}>
      <ListIcon />
      <span>Traffic</span>
    </button>
  );
}
