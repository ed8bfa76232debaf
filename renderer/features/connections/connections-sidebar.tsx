// The left column: every connection with its target and live state; select one to send through it.
import { memo, useState } from 'react';
import { describeTarget, type ConnectionInfo } from '../../../shared/connection';
import { useAppStore } from '../../store/store-context';
import { Button, IconButton } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { CloseIcon, PlugIcon, PlusIcon } from '../../ui/icons';
import { ConnectionDialog } from './connection-dialog';
import { transportLabels, transportShortLabels } from './connection-form-model';
import { StateBadge } from './state-badge';

export function ConnectionsSidebar() {
  const connections = useAppStore((s) => s.connections);
  const loaded = useAppStore((s) => s.connectionsLoaded);
  const loadError = useAppStore((s) => s.connectionsError);
  const selectedId = useAppStore((s) => s.selectedConnectionId);
  const [dialogOpen, setDialogOpen] = useState(false);

  return (
    <section className="sidebar__section" aria-labelledby="connections-heading">
      <header className="section-header">
        <h2 id="connections-heading" className="section-header__title">
          Connections
          {connections.length > 0 && <span className="count">{connections.length}</span>}
        </h2>
        <IconButton label="New connection" onClick={() => setDialogOpen(true)}>
          <PlusIcon />
        </IconButton>
      </header>

      {connections.length > 0 ? (
        <ul className="conn-list" aria-label="Connections">
          {connections.map((connection) => (
            <ConnectionRow key={connection.id} connection={connection} selected={connection.id === selectedId} />
          ))}
        </ul>
      ) : loadError ? (
        <EmptyState title="Could not load connections" compact>
          {loadError}
        </EmptyState>
      ) : loaded ? (
        <EmptyState title="No connections yet" icon={<PlugIcon size={20} />}>
          <p>Add one to talk to a Nest service.</p>
          <Button variant="primary" size="sm" icon={<PlusIcon />} onClick={() => setDialogOpen(true)}>
            Add connection
          </Button>
        </EmptyState>
      ) : null}

      {dialogOpen && <ConnectionDialog onClose={() => setDialogOpen(false)} />}
    </section>
  );
}

const ConnectionRow = memo(function ConnectionRow({ connection, selected }: { connection: ConnectionInfo; selected: boolean }) {
  const selectConnection = useAppStore((s) => s.selectConnection);
  const closeConnection = useAppStore((s) => s.closeConnection);
  const [closeError, setCloseError] = useState<string>();
  const { id, name, state, lastError } = connection;
  const showError = (state === 'failed' || state === 'reconnecting') && lastError;

  return (
    <li className={`conn${selected ? ' conn--selected' : ''}`} aria-label={name}>
      <button type="button" className="conn__select" aria-current={selected ? 'true' : undefined} onClick={() => selectConnection(id)}>
        <span className="conn__name">{name}</span>
      </button>
      <IconButton
        label={`Close ${name}`}
        className="conn__close"
        onClick={async () => {
          setCloseError(undefined);
          const result = await closeConnection(id);
          if (!result.ok) setCloseError(result.error.message);
        }}
      >
        <CloseIcon size={14} />
      </IconButton>
      <span className="conn__meta">
        <span className="transport-tag" title={`Transport: ${transportLabels[connection.target.kind]}`}>
          {transportShortLabels[connection.target.kind]}
        </span>
        <span className="conn__target">{describeTarget(connection.target)}</span>
      </span>
      <StateBadge state={state} />
      {showError && (
        <p className="conn__error" title={lastError}>
          {lastError}
        </p>
      )}
      {closeError && <p className="conn__error">{closeError}</p>}
    </li>
  );
});
