// The sidebar's Collections: every open collection as a tree of its folders and requests, and the
// ways to get one (open a folder, start a new one, read a Nest project). What went wrong with an
// action that has no dialog of its own shows as a notice at the bottom of the window.
import { useState } from 'react';
import { useAppStore } from '../../store/store-context';
import { Button, IconButton } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { CheckIcon, CloseIcon, PlusIcon, WarningIcon } from '../../ui/icons';
import '../../styles/collections.css';
import { MenuButton } from './action-menu';
import { ImportNestDialog, NewCollectionDialog, OpenCollectionDialog } from './collection-dialogs';
import { CollectionTreeView } from './collection-tree-view';

type DialogKind = 'open' | 'new' | 'import';

export function CollectionsSidebar() {
  const collections = useAppStore((s) => s.collections);
  const loaded = useAppStore((s) => s.collectionsLoaded);
  const loadError = useAppStore((s) => s.collectionsError);
  const [dialog, setDialog] = useState<DialogKind>();

  return (
    <section className="sidebar__section sidebar__section--collections" aria-labelledby="collections-heading">
      <header className="section-header">
        <h2 id="collections-heading" className="section-header__title">
          Collections
          {collections.length > 0 && <span className="count">{collections.length}</span>}
        </h2>
        <MenuButton
          label="Add collection"
          menuLabel="Add collection"
          actions={[
            { label: 'Open collection…', onSelect: () => setDialog('open') },
            { label: 'New collection…', onSelect: () => setDialog('new') },
            { label: 'Import Nest project…', onSelect: () => setDialog('import') },
          ]}
        >
          <PlusIcon />
        </MenuButton>
      </header>
      {collections.length > 0 ? (
        <div className="coll-list">
          {collections.map((info) => (
            <CollectionTreeView key={info.collectionId} info={info} />
          ))}
        </div>
      ) : loadError ? (
        <EmptyState title="Could not load collections" compact>
          {loadError}
        </EmptyState>
      ) : loaded ? (
        <div className="coll-empty">
          <p className="sidebar__hint">Requests saved as files next to your service, with environments, captures and assertions.</p>
          <div className="coll-empty__actions">
            <Button size="sm" variant="secondary" onClick={() => setDialog('open')}>
              Open…
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setDialog('new')}>
              New…
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setDialog('import')}>
              Import Nest…
            </Button>
          </div>
          <RecentCollectionList />
        </div>
      ) : null}
      {dialog === 'open' && <OpenCollectionDialog onClose={() => setDialog(undefined)} />}
      {dialog === 'new' && <NewCollectionDialog onClose={() => setDialog(undefined)} />}
      {dialog === 'import' && <ImportNestDialog onClose={() => setDialog(undefined)} />}
      <CollectionNotices />
    </section>
  );
}

/** The folders opened before, one click to open again (the desktop app's File › Open Recent lists the same). */
function RecentCollectionList() {
  const recent = useAppStore((s) => s.recentCollections);
  const openFolder = useAppStore((s) => s.openCollectionFolder);
  if (recent.length === 0) return null;
  return (
    <nav className="coll-recent" aria-labelledby="coll-recent-heading">
      <h3 id="coll-recent-heading" className="coll-recent__heading">
        Recent
      </h3>
      <ul className="coll-recent__list">
        {recent.slice(0, 5).map((entry) => (
          <li key={entry.root}>
            <button type="button" className="coll-recent__item" title={entry.root} aria-label={`Open ${entry.name} (${entry.root})`} onClick={() => void openFolder(entry.root)}>
              <span className="coll-recent__name">{entry.name}</span>
              <span className="coll-recent__path">{entry.root}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Failures of actions without a dialog (duplicate, close, restoring the workspace) and what an import wrote, until dismissed. */
function CollectionNotices() {
  const notices = useAppStore((s) => s.collectionNotices);
  const dismiss = useAppStore((s) => s.dismissCollectionNotice);
  if (notices.length === 0) return null;
  return (
    <div className="coll-notices" role="alert" aria-label="Collection notices">
      {notices.slice(-3).map((notice) => (
        <div key={notice.id} className={`coll-notice coll-notice--${notice.tone}`}>
          {notice.tone === 'done' ? <CheckIcon size={15} /> : <WarningIcon size={15} />}
          <p className="coll-notice__text">{notice.text}</p>
          <IconButton label="Dismiss" onClick={() => dismiss(notice.id)}>
            <CloseIcon size={14} />
          </IconButton>
        </div>
      ))}
    </div>
  );
}
