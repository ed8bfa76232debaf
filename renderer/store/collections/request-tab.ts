// An open request: which file, what the editor holds, how that compares with the file on disk,
// and what came back from its last send. `reconcileTab` follows the file as the collection changes:
// an untouched tab reloads silently, one with edits is told (and keeps them).
import type { CollectionInfo, RequestFile } from '../../../shared/collection';
import type { CollectionSendResult } from '../../../shared/contract';
import { jsonEquals } from '../../../shared/json-path';
import type { Failure } from '../../../shared/result';
import { baseName, withoutExtension } from './collection-tree';
import { draftFromRequest, requestFromDraft, sameDraft, type RequestDraft } from './request-draft';

/** A send from a tab: what went out (for the response header) and what the engine answered. */
export interface TabSend {
  kind: 'send' | 'emit';
  connectionName: string;
  patternText: string;
  result?: CollectionSendResult;
  /** The engine refused the command itself. */
  failure?: Failure;
}

export interface RequestTab {
  id: string;
  collectionId: string;
  /** Its file, relative to the collection root with `/`; absent for a new request not saved yet. */
  path?: string;
  /** Where a new request is saved; the folder of `path` otherwise. */
  folder: string;
  /** The request as last read from or written to its file; absent for a new request and an unreadable file. */
  saved?: RequestFile;
  /** What the editor shows; absent while the file cannot be read and there are no edits to keep. */
  draft?: RequestDraft;
  /** The draft differs from `saved` (a new request always does). */
  dirty: boolean;
  /** The file: as saved, changed elsewhere while this tab had edits, deleted, or unreadable. */
  disk: 'same' | 'changed' | 'deleted' | 'broken';
  /** The file's new value while `disk` is `changed`. */
  diskRequest?: RequestFile;
  /** A save in flight: the value being written, so the change it causes is not taken for someone else's. */
  saving?: RequestFile;
  saveError?: string;
  /** A new request asked to be saved: the view asks for its file name. */
  askingFileName?: boolean;
  /** Suggested file name for a new request (without extension). */
  suggestedName?: string;
  sending?: boolean;
  lastSend?: TabSend;
}

/** Whether saving would change the file: a reformatted payload or a blank new row is not an edit. */
export function isTabDirty(tab: Pick<RequestTab, 'path' | 'saved' | 'draft'>): boolean {
  if (tab.path === undefined) return true;
  if (!tab.draft) return false;
  if (!tab.saved) return true;
  if (sameDraft(tab.draft, draftFromRequest(tab.saved))) return false;
  const built = requestFromDraft(tab.draft, tab.saved);
  return !built.ok || !jsonEquals(built.request, tab.saved);
}

/** The name on the tab: the request's name, else its file name, else "New request". */
export function tabTitle(tab: Pick<RequestTab, 'path' | 'draft' | 'suggestedName'>): string {
  if (tab.draft && tab.draft.name !== '') return tab.draft.name;
  if (tab.path !== undefined) return withoutExtension(baseName(tab.path));
  return tab.suggestedName ?? 'New request';
}

/** The tab after its collection changed (or its path moved). Returns the same object when nothing changed. */
export function reconcileTab(tab: RequestTab, info: CollectionInfo): RequestTab {
  if (tab.path === undefined) return tab;
  const found = info.collection.requests.find((request) => request.path === tab.path);
  if (found) {
    const onDisk = found.request;
    if (tab.saving && jsonEquals(onDisk, tab.saving)) return settle(tab, { saved: onDisk });
    if (tab.saved && jsonEquals(tab.saved, onDisk)) return tab.disk === 'same' ? tab : settle(tab, { saved: onDisk });
    // Someone else wrote the same thing this tab holds: nothing to choose between.
    const built = tab.draft ? requestFromDraft(tab.draft, tab.saved) : undefined;
    if (!tab.dirty || !tab.draft || (built?.ok && jsonEquals(built.request, onDisk))) return settle(tab, { saved: onDisk, draft: draftFromRequest(onDisk) });
    return tab.disk === 'changed' && tab.diskRequest && jsonEquals(tab.diskRequest, onDisk) ? tab : { ...tab, disk: 'changed', diskRequest: onDisk };
  }
  const broken = info.collection.problems.some((problem) => problem.path === tab.path);
  if (broken) {
    if (!tab.dirty) return tab.disk === 'broken' && !tab.draft ? tab : { ...tab, disk: 'broken', saved: undefined, draft: undefined, diskRequest: undefined, dirty: false };
    return tab.disk === 'broken' ? tab : { ...tab, disk: 'broken', diskRequest: undefined };
  }
  return tab.disk === 'deleted' ? tab : { ...tab, disk: 'deleted', diskRequest: undefined };
}

function settle(tab: RequestTab, patch: { saved: RequestFile; draft?: RequestDraft }): RequestTab {
  const next: RequestTab = { ...tab, ...patch, disk: 'same', diskRequest: undefined };
  return { ...next, dirty: isTabDirty(next) };
}

/** "Keep mine": the file's new value becomes what this tab's edits are compared with (and overwrite on save). */
export function keepTabEdits(tab: RequestTab): RequestTab {
  if (!tab.diskRequest) return tab;
  const next: RequestTab = { ...tab, saved: tab.diskRequest, diskRequest: undefined, disk: 'same' };
  return { ...next, dirty: isTabDirty(next) };
}

/** "Reload": the file's new value replaces the edits. */
export function reloadTabFromDisk(tab: RequestTab): RequestTab {
  if (!tab.diskRequest) return tab;
  return { ...tab, saved: tab.diskRequest, draft: draftFromRequest(tab.diskRequest), diskRequest: undefined, disk: 'same', dirty: false };
}
