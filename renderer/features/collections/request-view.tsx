// The main area while a collection request is open: the tab strip, and the active tab's editor —
// or, for a file that cannot be read, its problem. Ctrl/Cmd+S saves the active tab (a new one asks
// for a file name first) and Ctrl/Cmd+Enter sends it, from anywhere outside a dialog.
import { useEffect } from 'react';
import type { CollectionInfo } from '../../../shared/collection';
import { useAppStore, useAppStoreApi } from '../../store/store-context';
import { EmptyState } from '../../ui/empty-state';
import { WarningIcon } from '../../ui/icons';
import { formatProblem, suggestedFileName } from '../../store/collections/collection-tree';
import { NameDialog } from './item-dialogs';
import { RequestEditor } from './request-editor';
import type { RequestTab } from '../../store/collections/request-tab';
import { RequestTabs } from './request-tabs';

export function RequestView() {
  const store = useAppStoreApi();
  const tab = useAppStore((s) => s.tabs.find((candidate) => candidate.id === s.activeTabId));
  const info = useAppStore((s) => (tab ? s.collections.find((collection) => collection.collectionId === tab.collectionId) : undefined));

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const save = event.key.toLowerCase() === 's' && !event.shiftKey;
      const send = event.key === 'Enter';
      if (!save && !send) return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      // Capture phase: the payload editor must not take Enter as a new line, nor the browser S as "save page".
      event.preventDefault();
      event.stopPropagation();
      const { activeTabId, saveTab, sendTab } = store.getState();
      if (activeTabId === undefined) return;
      void (save ? saveTab(activeTabId) : sendTab(activeTabId));
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [store]);

  return (
    <main className="main main--request">
      <h1 className="visually-hidden">Patchbay</h1>
      <RequestTabs />
      {tab && info ? (
        tab.draft ? (
          <RequestEditor key={tab.id} tab={tab} info={info} draft={tab.draft} />
        ) : (
          <UnreadableFile tab={tab} info={info} />
        )
      ) : (
        <EmptyState title="No request open">
          <p>Open one from Collections in the sidebar.</p>
        </EmptyState>
      )}
      {tab?.askingFileName && <SaveNewRequestDialog tab={tab} />}
    </main>
  );
}

/** A tab over a file that does not parse (and no edits of its own): what is wrong, never an editor. */
function UnreadableFile({ tab, info }: { tab: RequestTab; info: CollectionInfo }) {
  const problems = info.collection.problems.filter((problem) => problem.path === tab.path);
  return (
    <div className="req-unreadable">
      <EmptyState title={tab.disk === 'deleted' ? `${tab.path} is gone` : `${tab.path} cannot be read`} icon={<WarningIcon size={20} />}>
        {tab.disk === 'deleted' ? (
          <p>The file was deleted on disk.</p>
        ) : (
          <>
            <ul className="req-unreadable__problems" aria-label="Problems">
              {problems.map((problem) => (
                <li key={`${problem.line}:${problem.column}:${problem.message}`} className="mono">
                  {formatProblem(problem)}
                </li>
              ))}
            </ul>
            <p>Patchbay never overwrites a file it cannot read. Fix it in an editor: this tab opens it as soon as it parses.</p>
          </>
        )}
      </EmptyState>
    </div>
  );
}

function SaveNewRequestDialog({ tab }: { tab: RequestTab }) {
  const saveTabAs = useAppStore((s) => s.saveTabAs);
  const cancelSaveAs = useAppStore((s) => s.cancelSaveAs);
  const initial = tab.suggestedName ?? (tab.draft && tab.draft.name !== '' ? suggestedFileName(tab.draft.name) : '');
  return (
    <NameDialog
      title="Save new request"
      subtitle={<>As a file in {tab.folder === '' ? 'the top level of the collection' : <span className="mono">{tab.folder}/</span>}</>}
      label="File name"
      initial={initial}
      what="file"
      hint="Saved as .yaml unless you type .json or .yml"
      submitLabel="Save"
      busyLabel="Saving…"
      onSubmit={(name) => saveTabAs(tab.id, name)}
      onClose={() => cancelSaveAs(tab.id)}
    />
  );
}
