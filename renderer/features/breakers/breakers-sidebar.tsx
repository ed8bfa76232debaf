// The sidebar's Breakers: each with its live state (closed, open, half-open), what it guards and
// how many calls it rejected. Selecting one shows its state, counts, timeline and the hammer.
import { memo } from 'react';
import type { BreakerInfo } from '../../../shared/breaker';
import { useAppStore } from '../../store/store-context';
import { SidebarItem, SidebarSection } from '../../ui/sidebar-section';
import { TransportTag } from '../connections/transport-tag';
import { BreakerDialog } from './breaker-dialog';
import { BreakerStateBadge } from './breaker-state-badge';

export function BreakersSidebar() {
  const breakers = useAppStore((s) => s.breakers);
  const view = useAppStore((s) => s.mainView);
  return (
    <SidebarSection
      title="Breakers"
      headingId="breakers-heading"
      count={breakers.length}
      addLabel="New breaker"
      newDialog={(close) => <BreakerDialog onClose={close} />}
      aux
      items={breakers.map((breaker) => (
        <BreakerRow key={breaker.breakerId} breaker={breaker} selected={view.kind === 'breaker' && view.id === breaker.breakerId} />
      ))}
      empty={<p className="sidebar__hint">Put a circuit breaker around a connection and watch it open, reject and recover.</p>}
    />
  );
}

const BreakerRow = memo(function BreakerRow({ breaker, selected }: { breaker: BreakerInfo; selected: boolean }) {
  const showView = useAppStore((s) => s.showView);
  const deleteBreaker = useAppStore((s) => s.deleteBreaker);
  const transport = useAppStore((s) => s.connections.find((c) => c.id === breaker.connectionId)?.target.kind);
  const { breakerId, name, connectionName, pattern, counts } = breaker;

  return (
    <SidebarItem
      name={name}
      tooltip={`${name}: ${pattern ?? 'every send'} on ${connectionName}`}
      selected={selected}
      onSelect={() => showView({ kind: 'breaker', id: breakerId })}
      closeLabel={`Delete ${name}`}
      onClose={() => deleteBreaker(breakerId)}
      meta={
        <>
          {transport && <TransportTag kind={transport} />}
          <span className="conn__target">{pattern ?? `${connectionName} · every send`}</span>
          <span className={`conn__stat${counts.rejects > 0 ? ' conn__stat--warn' : ''}`} title={`${counts.fires} calls, ${counts.failures} failed, ${counts.rejects} rejected in the window`}>
            {counts.rejects > 0 ? `${counts.rejects} rej` : counts.fires}
          </span>
        </>
      }
      badge={<BreakerStateBadge state={breaker.state} />}
    />
  );
});
