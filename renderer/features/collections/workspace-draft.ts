// The workspace as a draft (`drafts.save`, key `workspace`): the open collections, the tabs with
// their unsaved edits, the active tab and environments, and the composer's pattern and payload,
// so a crash or a closed window loses nothing that was typed. Collections are named by folder,
// which outlives the engine's ids.
import type { CollectionInfo, RequestFile } from '../../../shared/collection';
import type { RequestDraft } from './request-draft';
import type { RequestTab } from './request-tab';

export const WORKSPACE_DRAFT_KEY = 'workspace';

export interface WorkspaceTab {
  id: string;
  root: string;
  path?: string;
  folder: string;
  suggestedName?: string;
  /** Only for a tab with edits: the saved value they were made against, and the edits. */
  saved?: RequestFile;
  draft?: RequestDraft;
}

export interface WorkspaceDraft {
  version: 1;
  /** Roots of the open collections. */
  collections: string[];
  tabs: WorkspaceTab[];
  activeTabId?: string;
  /** By root; `''` is "no environment", chosen on purpose. */
  environments: Record<string, string>;
  composer: { patternText: string; payloadText: string };
}

export interface WorkspaceSource {
  collections: CollectionInfo[];
  tabs: RequestTab[];
  activeTabId?: string;
  activeEnvironments: Record<string, string | undefined>;
  patternText: string;
  payloadText: string;
}

export function workspaceOf(state: WorkspaceSource): WorkspaceDraft {
  const rootOf = new Map(state.collections.map((info) => [info.collectionId, info.root]));
  const tabs: WorkspaceTab[] = [];
  for (const tab of state.tabs) {
    const root = rootOf.get(tab.collectionId);
    if (root === undefined) continue;
    tabs.push({
      id: tab.id,
      root,
      ...(tab.path !== undefined ? { path: tab.path } : {}),
      folder: tab.folder,
      ...(tab.suggestedName !== undefined ? { suggestedName: tab.suggestedName } : {}),
      ...(tab.dirty && tab.saved ? { saved: tab.saved } : {}),
      ...(tab.dirty && tab.draft ? { draft: tab.draft } : {}),
    });
  }
  const environments: Record<string, string> = {};
  for (const [collectionId, name] of Object.entries(state.activeEnvironments)) {
    const root = rootOf.get(collectionId);
    if (root !== undefined) environments[root] = name ?? '';
  }
  return {
    version: 1,
    collections: state.collections.map((info) => info.root),
    tabs,
    ...(state.activeTabId !== undefined && tabs.some((tab) => tab.id === state.activeTabId) ? { activeTabId: state.activeTabId } : {}),
    environments,
    composer: { patternText: state.patternText, payloadText: state.payloadText },
  };
}

/** A stored workspace, or undefined when there is none or it is not one this version wrote. */
export function readWorkspace(value: unknown): WorkspaceDraft | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const draft = value as Partial<WorkspaceDraft>;
  if (draft.version !== 1 || !Array.isArray(draft.collections) || !Array.isArray(draft.tabs)) return undefined;
  const strings = (items: unknown[]) => items.filter((item): item is string => typeof item === 'string');
  const tabs = draft.tabs.filter((tab): tab is WorkspaceTab => typeof tab === 'object' && tab !== null && typeof tab.id === 'string' && typeof tab.root === 'string' && typeof tab.folder === 'string' && (tab.draft === undefined || isRequestDraft(tab.draft)));
  const environments = typeof draft.environments === 'object' && draft.environments !== null ? Object.fromEntries(Object.entries(draft.environments).filter(([, name]) => typeof name === 'string')) : {};
  const composer = draft.composer && typeof draft.composer.patternText === 'string' && typeof draft.composer.payloadText === 'string' ? draft.composer : { patternText: '', payloadText: '' };
  return { version: 1, collections: strings(draft.collections), tabs, ...(typeof draft.activeTabId === 'string' ? { activeTabId: draft.activeTabId } : {}), environments, composer };
}

function isRequestDraft(value: unknown): value is RequestDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Record<string, unknown>;
  return (
    ['name', 'connection', 'patternText', 'payloadText', 'timeoutText', 'description'].every((key) => typeof draft[key] === 'string') &&
    (draft.kind === 'send' || draft.kind === 'emit') &&
    ['headers', 'captures', 'assertions'].every((key) => Array.isArray(draft[key]))
  );
}
