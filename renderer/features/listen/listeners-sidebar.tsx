// The sidebar's Listeners: each with its state, what it listens to and how much it has seen.
// Selecting one shows its messages in the main area.
import { memo } from 'react';
import type { ListenerInfo } from '../../../shared/listen';
import { useAppStore } from '../../store/store-context';
import { SidebarItem, SidebarSection } from '../../ui/sidebar-section';
import { TransportTag } from '../connections/transport-tag';
import { ListenerDialog } from './listener-dialog';
import { listenerTitle, observedCount } from './listener-title';
import { ListenerStateBadge } from './state-badges';

export function ListenersSidebar() {
  const listeners = useAppStore((s) => s.listeners);
  const view = useAppStore((s) => s.mainView);
  return (
    <SidebarSection
      title="Listeners"
      headingId="listeners-heading"
      count={listeners.length}
      addLabel="New listener"
      newDialog={(close) => <ListenerDialog onClose={close} />}
      aux
      items={listeners.map((listener) => (
        <ListenerRow key={listener.id} listener={listener} selected={view.kind === 'listener' && view.id === listener.id} />
      ))}
      empty={<p className="sidebar__hint">Tap a broker or a gRPC stream to watch what services say.</p>}
    />
  );
}

const ListenerRow = memo(function ListenerRow({ listener, selected }: { listener: ListenerInfo; selected: boolean }) {
  const showView = useAppStore((s) => s.showView);
  const stopListener = useAppStore((s) => s.stopListener);
  const connection = useAppStore((s) => s.connections.find((c) => c.id === listener.connectionId));
  const { id, label, state, lastError } = listener;
  const count = useAppStore((s) => observedCount(s.trafficEntries, id, listener.count));

  return (
    <SidebarItem
      name={label}
      display={listenerTitle(listener.spec)}
      tooltip={label}
      selected={selected}
      onSelect={() => showView({ kind: 'listener', id })}
      closeLabel={`Stop ${label}`}
      onClose={() => stopListener(id)}
      meta={
        <>
          {connection && <TransportTag kind={connection.target.kind} />}
          <span className="conn__target conn__target--sans">{connection?.name ?? 'connection closed'}</span>
          <span className="conn__stat" title={`${count} messages seen`}>
            {count.toLocaleString('en-US')} msg
          </span>
        </>
      }
      badge={<ListenerStateBadge state={state} />}
      error={state === 'failed' ? lastError : undefined}
    />
  );
});
