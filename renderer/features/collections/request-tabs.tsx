// The strip of open requests above the editor: each tab with its name, a dot while it has unsaved
// edits, and what happened to its file. A middle click or × closes a tab, asking first when it
// has edits; the arrow keys move between tabs.
import { useState, type KeyboardEvent } from 'react';
import { useAppStore, useAppStoreApi } from '../../store/store-context';
import { Button, IconButton } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { CloseIcon } from '../../ui/icons';
import type { RequestTab } from '../../store/collections/request-tab';
import { tabTitle } from '../../store/collections/request-tab';

const diskNotes: Record<RequestTab['disk'], string | undefined> = { same: undefined, changed: 'changed on disk', deleted: 'deleted on disk', broken: 'cannot be read' };

export function RequestTabs() {
  const tabs = useAppStore((s) => s.tabs);
  const activeTabId = useAppStore((s) => s.activeTabId);
  const collections = useAppStore((s) => s.collections);
  const selectTab = useAppStore((s) => s.selectTab);
  const closeTab = useAppStore((s) => s.closeTab);
  const [confirming, setConfirming] = useState<RequestTab>();

  const askToClose = (tab: RequestTab) => (tab.dirty ? setConfirming(tab) : closeTab(tab.id));
  const manyCollections = collections.length > 1;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.findIndex((tab) => tab.id === activeTabId);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : undefined;
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    if (!tab) return;
    selectTab(tab.id);
    event.currentTarget.querySelector<HTMLElement>(`[data-tab-id="${tab.id}"]`)?.focus();
  };

  return (
    <div className="req-tabs" role="tablist" aria-label="Open requests" onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const selected = tab.id === activeTabId;
        const title = tabTitle(tab);
        const note = diskNotes[tab.disk];
        const collectionName = collections.find((info) => info.collectionId === tab.collectionId)?.collection.manifest.name;
        return (
          <div
            key={tab.id}
            className={`req-tab${selected ? ' req-tab--selected' : ''}${tab.disk === 'deleted' ? ' req-tab--deleted' : ''}`}
            onAuxClick={(event) => {
              if (event.button !== 1) return;
              event.preventDefault();
              askToClose(tab);
            }}
            onMouseDown={(event) => event.button === 1 && event.preventDefault()}
          >
            <button
              type="button"
              role="tab"
              data-tab-id={tab.id}
              aria-selected={selected}
              tabIndex={selected ? 0 : -1}
              className="req-tab__select"
              title={[tab.path ?? `New request in ${tab.folder || 'the top level'}`, collectionName, note].filter(Boolean).join(' · ')}
              onClick={() => selectTab(tab.id)}
            >
              <span className="req-tab__name">{title}</span>
              {manyCollections && collectionName && <span className="req-tab__collection">{collectionName}</span>}
              {note && <span className={`req-tab__note req-tab__note--${tab.disk}`}>{note}</span>}
              {tab.dirty && (
                <span className="req-tab__dot" role="img" aria-label="unsaved" title="Unsaved edits">
                  <span aria-hidden="true" />
                </span>
              )}
            </button>
            <IconButton label={`Close ${title}`} className="req-tab__close" tabIndex={selected ? 0 : -1} onClick={() => askToClose(tab)}>
              <CloseIcon size={13} />
            </IconButton>
          </div>
        );
      })}
      {confirming && <CloseUnsavedDialog tab={confirming} onClose={() => setConfirming(undefined)} />}
    </div>
  );
}

/** Closing a tab with edits: save them (a request with a file), drop them, or keep the tab. */
function CloseUnsavedDialog({ tab, onClose }: { tab: RequestTab; onClose: () => void }) {
  const closeTab = useAppStore((s) => s.closeTab);
  const saveTab = useAppStore((s) => s.saveTab);
  const store = useAppStoreApi();
  const [busy, setBusy] = useState(false);
  const error = useAppStore((s) => s.tabs.find((candidate) => candidate.id === tab.id)?.saveError);
  const title = tabTitle(tab);
  return (
    <Dialog
      title={`Close ${title}?`}
      subtitle={tab.path === undefined ? 'This new request has not been saved to a file yet.' : <>Its edits are not saved to <span className="mono">{tab.path}</span>.</>}
      onClose={onClose}
      error={error}
      actions={
        <>
          <Button onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              onClose();
              closeTab(tab.id);
            }}
          >
            Close without saving
          </Button>
          {tab.path !== undefined && (
            <Button
              variant="primary"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                await saveTab(tab.id);
                setBusy(false);
                // Closed only once the file has the edits; a refusal shows in the footer.
                const after = store.getState().tabs.find((candidate) => candidate.id === tab.id);
                if (after && !after.dirty && !after.saveError) {
                  onClose();
                  closeTab(tab.id);
                }
              }}
            >
              {busy ? 'Saving…' : 'Save and close'}
            </Button>
          )}
        </>
      }
    >
      {null}
    </Dialog>
  );
}
