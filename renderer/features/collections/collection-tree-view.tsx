// One open collection in the sidebar: its name, then its folders and requests in run order, each
// with a "⋯" menu (also on right click, Shift+F10 and the context-menu key). F2 renames, Delete
// deletes (after asking), the arrow keys move between rows and fold folders. Files that cannot be
// read stay in the tree, marked, with their problem under them.
import { memo, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { CollectionInfo } from '../../../shared/collection';
import { ok } from '../../../shared/result';
import { useAppStore } from '../../store/store-context';
import { WarningIcon } from '../../ui/icons';
import { TransportTag } from '../connections/transport-tag';
import { SagaIcon } from '../sagas/saga-icon';
import { ActionMenu, MenuButton, type MenuAction } from './action-menu';
import { allFolders, baseName, buildCollectionTree, extensionOf, folderOf, formatProblem, isWithin, joinPath, requestFileName, transportOfTarget, withoutExtension, type TreeNode } from '../../store/collections/collection-tree';
import { ImportProtoDialog } from './collection-dialogs';
import { ConfirmDialog, MoveDialog, NameDialog } from './item-dialogs';

type Pending =
  | { kind: 'new-folder'; parent: string }
  | { kind: 'rename'; path: string; isFolder: boolean }
  | { kind: 'move'; path: string; isFolder: boolean }
  | { kind: 'delete'; path: string; isFolder: boolean }
  | { kind: 'import-proto'; folder: string }
  | { kind: 'close' };

type ContextMenu = { at: { x: number; y: number }; label: string; actions: MenuAction[]; returnTo: HTMLElement | null };

const ROW_SELECTOR = '.tree-item__main';

export const CollectionTreeView = memo(function CollectionTreeView({ info }: { info: CollectionInfo }) {
  const { collectionId } = info;
  const name = info.collection.manifest.name;
  const tree = useMemo(() => buildCollectionTree(info), [info]);
  const activePath = useAppStore((s) => (s.mainView.kind === 'request' ? s.tabs.find((tab) => tab.id === s.activeTabId && tab.collectionId === collectionId)?.path : undefined));
  const dirtyPaths = useAppStore((s) => s.tabs.filter((tab) => tab.collectionId === collectionId && tab.dirty && tab.path !== undefined).map((tab) => tab.path).join('\n'));
  const unsavedTabs = useAppStore((s) => s.tabs.filter((tab) => tab.collectionId === collectionId && tab.dirty).length);
  const openRequest = useAppStore((s) => s.openRequest);
  const openNewRequest = useAppStore((s) => s.openNewRequest);
  const duplicateItem = useAppStore((s) => s.duplicateItem);
  const closeCollection = useAppStore((s) => s.closeCollection);
  const startRun = useAppStore((s) => s.startRun);
  const openSaga = useAppStore((s) => s.openSaga);
  const runSaga = useAppStore((s) => s.runSaga);
  const activeSaga = useAppStore((s) => (s.mainView.kind === 'saga' && s.mainView.collectionId === collectionId ? s.mainView.path : undefined));
  const sagaEnvironment = useAppStore((s) => s.activeEnvironments[collectionId]);
  const noteProblem = useAppStore((s) => s.noteCollectionProblem);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<Pending>();
  const [contextMenu, setContextMenu] = useState<ContextMenu>();
  const dirty = useMemo(() => new Set(dirtyPaths.split('\n')), [dirtyPaths]);

  const toggle = (path: string, open?: boolean) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (open ?? next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const close = async () => {
    const result = await closeCollection(collectionId);
    if (!result.ok) noteProblem(`Could not close ${name}: ${result.error.message}`);
  };

  /** The actions of the collection itself (`path` undefined), a folder, or a file. */
  const actionsFor = (node: TreeNode | undefined): MenuAction[] => {
    const path = node?.path;
    const folder = node === undefined ? '' : node.kind === 'folder' ? node.path : folderOf(node.path);
    const isFolder = node?.kind === 'folder';
    const create: MenuAction[] = [
      { label: 'New request', onSelect: () => openNewRequest(collectionId, folder, {}) },
      { label: 'New folder…', onSelect: () => setPending({ kind: 'new-folder', parent: folder }) },
      { label: 'Import .proto…', onSelect: () => setPending({ kind: 'import-proto', folder }) },
    ];
    if (path === undefined) {
      return [...create, { label: 'Run collection', onSelect: () => void startRun(collectionId), separated: true }, { label: 'Close collection', onSelect: () => (unsavedTabs > 0 ? setPending({ kind: 'close' }) : void close()) }];
    }
    const edit: MenuAction[] = [
      { label: 'Rename…', shortcut: 'F2', onSelect: () => setPending({ kind: 'rename', path, isFolder }), separated: true },
      {
        label: 'Duplicate',
        onSelect: () =>
          void duplicateItem(collectionId, path).then((result) => {
            if (!result.ok) noteProblem(`Could not duplicate ${path}: ${result.error.message}`);
          }),
      },
      { label: 'Move to…', onSelect: () => setPending({ kind: 'move', path, isFolder }) },
      { label: 'Delete…', shortcut: 'Del', danger: true, onSelect: () => setPending({ kind: 'delete', path, isFolder }), separated: true },
    ];
    if (isFolder) return [...create, { label: 'Run folder', onSelect: () => void startRun(collectionId, path), separated: true }, ...edit];
    if (node?.kind === 'saga') {
      // No rename or duplicate: both would have to keep the `.saga.yaml` suffix that makes it a saga.
      return [
        { label: 'Open saga', onSelect: () => openSaga(collectionId, path) },
        {
          label: 'Run saga',
          onSelect: () => {
            openSaga(collectionId, path);
            void runSaga(collectionId, path, { environment: sagaEnvironment });
          },
        },
        ...edit.filter((action) => action.label === 'Move to…' || action.label === 'Delete…'),
      ];
    }
    return [{ label: node?.kind === 'broken' ? 'Show problem' : 'Open', onSelect: () => openRequest(collectionId, path) }, ...create, ...edit];
  };

  const openMenuAt = (node: TreeNode | undefined, at: { x: number; y: number }, returnTo: HTMLElement | null) =>
    setContextMenu({ at, label: `Actions for ${node ? node.name : name}`, actions: actionsFor(node), returnTo });

  const onRowKeyDown = (event: KeyboardEvent<HTMLButtonElement>, node: TreeNode | undefined) => {
    const row = event.currentTarget;
    const rows = Array.from(row.closest('.coll-list')?.querySelectorAll<HTMLElement>(ROW_SELECTOR) ?? []);
    const index = rows.indexOf(row);
    const folderPath = node === undefined ? '' : node.kind === 'folder' ? node.path : undefined;
    if (event.key === 'ArrowDown') rows[index + 1]?.focus();
    else if (event.key === 'ArrowUp') rows[index - 1]?.focus();
    else if (event.key === 'ArrowRight' && folderPath !== undefined) toggle(folderPath, true);
    else if (event.key === 'ArrowLeft' && folderPath !== undefined) toggle(folderPath, false);
    else if (event.key === 'F2' && node && node.kind !== 'saga') setPending({ kind: 'rename', path: node.path, isFolder: node.kind === 'folder' });
    else if (event.key === 'Delete' && node) setPending({ kind: 'delete', path: node.path, isFolder: node.kind === 'folder' });
    else if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
      const box = row.getBoundingClientRect();
      openMenuAt(node, { x: box.left + 24, y: box.bottom }, row);
    } else return;
    event.preventDefault();
  };

  const onRowContextMenu = (event: MouseEvent<HTMLElement>, node: TreeNode | undefined) => {
    event.preventDefault();
    openMenuAt(node, { x: event.clientX, y: event.clientY }, event.currentTarget.querySelector<HTMLElement>(ROW_SELECTOR));
  };

  const transportOf = (connection: string) => {
    const target = info.collection.manifest.connections[connection]?.target;
    return target === undefined ? undefined : transportOfTarget(target);
  };

  const renderNodes = (nodes: TreeNode[], depth: number) =>
    nodes.map((node) => {
      const expanded = node.kind === 'folder' && !collapsed.has(node.path);
      const transport = node.kind === 'request' ? transportOf(node.request.request.connection) : undefined;
      const label = node.kind === 'broken' ? `${node.name} — cannot be read` : node.kind === 'saga' ? `${node.name} saga` : node.name;
      const active = node.kind === 'saga' ? node.path === activeSaga : node.kind !== 'folder' && node.path === activePath;
      return (
        <li key={`${node.kind} ${node.path}`} className={`tree-row tree-row--${node.kind}`}>
          <div className={`tree-item${active ? ' tree-item--active' : ''}`} style={{ paddingLeft: 6 + depth * 14 }} onContextMenu={(event) => onRowContextMenu(event, node)}>
            <button
              type="button"
              className="tree-item__main"
              aria-label={label}
              aria-expanded={node.kind === 'folder' ? expanded : undefined}
              aria-current={active ? 'page' : undefined}
              title={node.kind === 'folder' ? node.path : node.kind === 'broken' ? formatProblem(node.problems[0]!) : node.kind === 'saga' ? `Saga · ${node.path}` : `${node.path}${node.request.request.description ? `\n${node.request.request.description}` : ''}`}
              onClick={() => (node.kind === 'folder' ? toggle(node.path) : node.kind === 'saga' ? openSaga(collectionId, node.path) : openRequest(collectionId, node.path))}
              onKeyDown={(event) => onRowKeyDown(event, node)}
            >
              {node.kind === 'folder' ? (
                <span className={`tree-item__chevron${expanded ? ' tree-item__chevron--open' : ''}`} aria-hidden="true" />
              ) : node.kind === 'broken' ? (
                <WarningIcon size={13} className="tree-item__warning" />
              ) : node.kind === 'saga' ? (
                <span className="tree-item__kind tree-item__saga" aria-hidden="true">
                  <SagaIcon size={14} />
                </span>
              ) : (
                <span className="tree-item__kind" aria-hidden="true">
                  {transport ? <TransportTag kind={transport} /> : <span className="transport-tag">?</span>}
                </span>
              )}
              <span className={`tree-item__name${node.kind === 'folder' ? ' tree-item__name--folder' : ''}`}>{node.name}</span>
              {node.kind === 'request' && node.request.request.kind === 'emit' && <span className="tree-item__emit">emit</span>}
              {dirty.has(node.path) && <span className="tree-item__dirty" title="Unsaved edits in its tab" />}
            </button>
            <MenuButton label={`Actions for ${node.name}`} menuLabel={`Actions for ${node.name}`} actions={actionsFor(node)} className="tree-item__more">
              <MoreIcon />
            </MenuButton>
          </div>
          {node.kind === 'broken' && (
            <p className="tree-problem" style={{ paddingLeft: 26 + depth * 14 }} title={node.problems.map(formatProblem).join('\n')}>
              {node.problems.map(formatProblem).join('\n')}
            </p>
          )}
          {node.kind === 'folder' && expanded && node.children.length > 0 && <ul className="tree-group">{renderNodes(node.children, depth + 1)}</ul>}
          {node.kind === 'folder' && expanded && node.children.length === 0 && (
            <p className="tree-empty" style={{ paddingLeft: 26 + (depth + 1) * 14 }}>
              Empty folder
            </p>
          )}
        </li>
      );
    });

  const rootExpanded = !collapsed.has('');
  return (
    <section className="coll" aria-label={name}>
      <div className="tree-item tree-item--collection" onContextMenu={(event) => onRowContextMenu(event, undefined)}>
        <button type="button" className="tree-item__main" aria-label={name} aria-expanded={rootExpanded} title={info.root} onClick={() => toggle('')} onKeyDown={(event) => onRowKeyDown(event, undefined)}>
          <span className={`tree-item__chevron${rootExpanded ? ' tree-item__chevron--open' : ''}`} aria-hidden="true" />
          <span className="tree-item__name tree-item__name--collection">{name}</span>
          {info.collection.problems.length > 0 && (
            <span className="tree-item__problems" title={`${info.collection.problems.length} file${info.collection.problems.length === 1 ? '' : 's'} cannot be read`}>
              <WarningIcon size={12} />
              {info.collection.problems.length}
            </span>
          )}
        </button>
        <MenuButton label={`Actions for ${name}`} menuLabel={`Actions for ${name}`} actions={actionsFor(undefined)} className="tree-item__more">
          <MoreIcon />
        </MenuButton>
      </div>
      {rootExpanded && (
        <>
          {tree.otherProblems.map((problem) => (
            <p key={`${problem.path} ${problem.line} ${problem.message}`} className="tree-problem tree-problem--top" style={{ paddingLeft: 26 }} title={formatProblem(problem)}>
              <WarningIcon size={12} />
              <span>{formatProblem(problem)}</span>
            </p>
          ))}
          {tree.children.length > 0 ? (
            <ul className="tree-group" aria-label={`${name} requests`}>
              {renderNodes(tree.children, 1)}
            </ul>
          ) : (
            <p className="tree-empty" style={{ paddingLeft: 26 }}>
              No requests yet —{' '}
              <button type="button" className="link-button" onClick={() => openNewRequest(collectionId, '', {})}>
                add one
              </button>
            </p>
          )}
        </>
      )}
      {contextMenu && (
        <ActionMenu
          label={contextMenu.label}
          actions={contextMenu.actions}
          at={contextMenu.at}
          onClose={(restoreFocus) => {
            if (restoreFocus) contextMenu.returnTo?.focus();
            setContextMenu(undefined);
          }}
        />
      )}
      {pending && <PendingDialog pending={pending} info={info} onClose={() => setPending(undefined)} unsavedTabs={unsavedTabs} />}
    </section>
  );
});

interface PendingDialogProps {
  pending: Pending;
  info: CollectionInfo;
  unsavedTabs: number;
  onClose: () => void;
}

function PendingDialog({ pending, info, unsavedTabs, onClose }: PendingDialogProps) {
  const createFolder = useAppStore((s) => s.createFolder);
  const moveItem = useAppStore((s) => s.moveItem);
  const deleteItem = useAppStore((s) => s.deleteItem);
  const closeCollection = useAppStore((s) => s.closeCollection);
  const { collectionId } = info;
  const name = info.collection.manifest.name;
  switch (pending.kind) {
    case 'new-folder':
      return (
        <NameDialog
          title="New folder"
          subtitle={<>In {pending.parent === '' ? <>the top level of {name}</> : <span className="mono">{pending.parent}/</span>}</>}
          label="Folder name"
          initial=""
          what="folder"
          submitLabel="Create"
          busyLabel="Creating…"
          onSubmit={(folder) => createFolder(collectionId, joinPath(pending.parent, folder))}
          onClose={onClose}
        />
      );
    case 'rename': {
      const current = baseName(pending.path);
      const extension = extensionOf(current);
      return (
        <NameDialog
          title={pending.isFolder ? 'Rename folder' : 'Rename file'}
          subtitle={
            <>
              <span className="mono">{pending.path}</span>
              {pending.isFolder ? '' : ' — the request\'s display name is set in its editor'}
            </>
          }
          label={pending.isFolder ? 'Folder name' : 'File name'}
          initial={pending.isFolder ? current : withoutExtension(current)}
          what={pending.isFolder ? 'folder' : 'file'}
          hint={pending.isFolder ? undefined : `Saved as ${extension || '.yaml'} unless you type another extension`}
          submitLabel="Rename"
          busyLabel="Renaming…"
          onSubmit={(typed) => {
            const to = joinPath(folderOf(pending.path), pending.isFolder ? typed : requestFileName(typed, extension || '.yaml'));
            return to === pending.path ? Promise.resolve(ok(null)) : moveItem(collectionId, pending.path, to);
          }}
          onClose={onClose}
        />
      );
    }
    case 'move': {
      const folders = allFolders(info).filter((folder) => !(pending.isFolder && isWithin(folder, pending.path)));
      return (
        <MoveDialog
          itemName={baseName(pending.path)}
          folders={folders}
          current={folderOf(pending.path)}
          onSubmit={(folder) => moveItem(collectionId, pending.path, joinPath(folder, baseName(pending.path)))}
          onClose={onClose}
        />
      );
    }
    case 'delete': {
      const inside = info.collection.requests.filter((request) => isWithin(request.path, pending.path)).length;
      return (
        <ConfirmDialog
          title={pending.isFolder ? `Delete folder ${baseName(pending.path)}?` : `Delete ${baseName(pending.path)}?`}
          subtitle={
            pending.isFolder ? (
              <>
                <span className="mono">{pending.path}/</span> and {inside === 1 ? 'the request' : `all ${inside} requests`} in it are deleted from disk.
              </>
            ) : (
              <>
                <span className="mono">{pending.path}</span> is deleted from disk.
              </>
            )
          }
          confirmLabel="Delete"
          busyLabel="Deleting…"
          onConfirm={() => deleteItem(collectionId, pending.path)}
          onClose={onClose}
        />
      );
    }
    case 'import-proto':
      return <ImportProtoDialog info={info} folder={pending.folder} onClose={onClose} />;
    case 'close':
      return (
        <ConfirmDialog
          title={`Close ${name}?`}
          subtitle={`${unsavedTabs === 1 ? 'One request has' : `${unsavedTabs} requests have`} unsaved edits that will be lost. The collection's files stay.`}
          confirmLabel="Close without saving"
          busyLabel="Closing…"
          onConfirm={() => closeCollection(collectionId)}
          onClose={onClose}
        />
      );
  }
}

function MoreIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="currentColor">
      <circle cx="3.5" cy="8" r="1.25" />
      <circle cx="8" cy="8" r="1.25" />
      <circle cx="12.5" cy="8" r="1.25" />
    </svg>
  );
}
