// The left column: every connection with its target and live state; select one to send through it.
import { memo, useState } from 'react';
import { describeTarget, type ConnectionInfo } from '../../../shared/connection';
import { useAppStore } from '../../store/store-context';
import { Button, IconButton } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { PlugIcon, PlusIcon } from '../../ui/icons';
import { SidebarItem, SidebarSection } from '../../ui/sidebar-section';
import { BreakerDialog } from '../breakers/breaker-dialog';
import { ActionMenu } from '../collections/action-menu';
import { QueueDialog } from '../queues/queue-dialog';
import { QueueIcon } from '../queues/queue-icon';
import { ConnectionDialog } from './connection-dialog';
import { StateBadge } from './state-badge';
import { TransportTag } from './transport-tag';

export function ConnectionsSidebar() {
  const connections = useAppStore((s) => s.connections);
  const loaded = useAppStore((s) => s.connectionsLoaded);
  const loadError = useAppStore((s) => s.connectionsError);
  // A listener or mock in the main area: no connection is the one being worked on.
  const selectedId = useAppStore((s) => (s.mainView.kind === 'composer' ? s.selectedConnectionId : undefined));

  return (
    <SidebarSection
      title="Connections"
      headingId="connections-heading"
      count={connections.length}
      addLabel="New connection"
      newDialog={(close) => <ConnectionDialog onClose={close} />}
      items={connections.map((connection) => (
        <ConnectionRow key={connection.id} connection={connection} selected={connection.id === selectedId} />
      ))}
      empty={(openNew) =>
        loadError ? (
          <EmptyState title="Could not load connections" compact>
            {loadError}
          </EmptyState>
        ) : loaded ? (
          <EmptyState title="No connections yet" icon={<PlugIcon size={20} />}>
            <p>Add one to talk to a Nest service.</p>
            <Button variant="primary" size="sm" icon={<PlusIcon />} onClick={openNew}>
              Add connection
            </Button>
          </EmptyState>
        ) : null
      }
    />
  );
}

const ConnectionRow = memo(function ConnectionRow({ connection, selected }: { connection: ConnectionInfo; selected: boolean }) {
  const selectConnection = useAppStore((s) => s.selectConnection);
  const closeConnection = useAppStore((s) => s.closeConnection);
  const [queueDialogOpen, setQueueDialogOpen] = useState(false);
  const [breakerDialogOpen, setBreakerDialogOpen] = useState(false);
  const [menu, setMenu] = useState<{ x: number; y: number; returnTo: HTMLElement | null }>();
  const { id, name, state, lastError } = connection;
  const isRmq = connection.target.kind === 'rmq';

  return (
    <SidebarItem
      name={name}
      selected={selected}
      onSelect={() => selectConnection(id)}
      closeLabel={`Close ${name}`}
      onClose={() => closeConnection(id)}
      className={isRmq ? 'conn--with-tool' : undefined}
      tool={
        isRmq && (
          <IconButton label={`Inspect queue on ${name}…`} className="conn__tool" onClick={() => setQueueDialogOpen(true)}>
            <QueueIcon size={14} />
          </IconButton>
        )
      }
      meta={
        <>
          <TransportTag kind={connection.target.kind} />
          <span className="conn__target">{describeTarget(connection.target)}</span>
        </>
      }
      badge={<StateBadge state={state} />}
      error={state === 'failed' || state === 'reconnecting' ? lastError : undefined}
      onContextMenu={(event) => {
        event.preventDefault();
        // The context-menu key gives no pointer position: open it under the row instead.
        const box = event.currentTarget.getBoundingClientRect();
        setMenu({ ...(event.clientX === 0 && event.clientY === 0 ? { x: box.left + 12, y: box.bottom } : { x: event.clientX, y: event.clientY }), returnTo: event.currentTarget.querySelector('button') });
      }}
    >
      {menu && (
        <ActionMenu
          label={name}
          actions={[
            { label: 'Add circuit breaker…', onSelect: () => setBreakerDialogOpen(true) },
            ...(isRmq ? [{ label: 'Inspect queue…', onSelect: () => setQueueDialogOpen(true) }] : []),
            { label: `Close ${name}`, onSelect: () => void closeConnection(id), danger: true, separated: true },
          ]}
          at={menu}
          onClose={(restoreFocus) => {
            if (restoreFocus) menu.returnTo?.focus();
            setMenu(undefined);
          }}
        />
      )}
      {breakerDialogOpen && <BreakerDialog connectionId={id} onClose={() => setBreakerDialogOpen(false)} />}
      {queueDialogOpen && <QueueDialog connection={connection} onClose={() => setQueueDialogOpen(false)} />}
    </SidebarItem>
  );
});
