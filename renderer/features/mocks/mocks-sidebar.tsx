// The sidebar's Mocks: each with its state, where it serves and what it has answered. Selecting
// one shows its rules and what it received.
import { memo } from 'react';
import type { MockInfo } from '../../../shared/mock';
import { useAppStore } from '../../store/store-context';
import { SidebarItem, SidebarSection } from '../../ui/sidebar-section';
import { TransportTag } from '../connections/transport-tag';
import { MockStateBadge } from '../listen/state-badges';
import { MockDialog } from './mock-dialog';

export function MocksSidebar() {
  const mocks = useAppStore((s) => s.mocks);
  const view = useAppStore((s) => s.mainView);
  return (
    <SidebarSection
      title="Mocks"
      headingId="mocks-heading"
      count={mocks.length}
      addLabel="New mock"
      newDialog={(close) => <MockDialog onClose={close} />}
      aux
      items={mocks.map((mock) => (
        <MockRow key={mock.id} mock={mock} selected={view.kind === 'mock' && view.id === mock.id} />
      ))}
      empty={<p className="sidebar__hint">Stand in for a service that is not there yet, answering by rules.</p>}
    />
  );
}

const MockRow = memo(function MockRow({ mock, selected }: { mock: MockInfo; selected: boolean }) {
  const showView = useAppStore((s) => s.showView);
  const stopMock = useAppStore((s) => s.stopMock);
  const { id, name, state, address, stats, lastError } = mock;

  return (
    <SidebarItem
      name={name}
      tooltip={name}
      selected={selected}
      onSelect={() => showView({ kind: 'mock', id })}
      closeLabel={`Stop ${name}`}
      onClose={() => stopMock(id)}
      meta={
        <>
          <TransportTag kind={mock.target.kind} />
          <span className="conn__target">{address ?? '—'}</span>
          {/* Short, so the address keeps the room; the unmatched show in amber and in the title. */}
          <span className={`conn__stat${stats.unmatched > 0 ? ' conn__stat--warn' : ''}`} title={`${stats.requests} requests, ${stats.events} events, ${stats.unmatched} unmatched`}>
            {stats.requests + stats.events}
            {stats.unmatched > 0 ? ` (${stats.unmatched}!)` : ''}
          </span>
        </>
      }
      badge={<MockStateBadge state={state} />}
      error={state === 'failed' ? lastError : undefined}
    />
  );
});
