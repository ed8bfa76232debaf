// The workspace as a draft (`drafts.save`, key `workspace`): the open collections, the tabs with
// their unsaved edits, the active tab and environments, the unsaved edits of environments, and the
// composer's pattern, payload and message options, so a crash or a closed window loses nothing
// that was typed. Collections are named by folder, which outlives the engine's ids. Secret values
// are never part of it: they go to the engine's secret store as they are set.
import type { CollectionInfo, RequestFile } from '../../../shared/collection';
import { emptyMessageOptions, type HeaderRow, type MessageOptionsDraft, type RetryDraft } from '../message-options';
import { editedEnvironmentDrafts, type EnvironmentDraft } from './environment-draft';
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
  /** Unsaved edits of environments, by root and environment name (absent from workspaces written before them). */
  environmentDrafts: Record<string, Record<string, EnvironmentDraft>>;
  /** `messageOptions` is absent from workspaces written before it. */
  composer: { patternText: string; payloadText: string; messageOptions: MessageOptionsDraft };
}

export interface WorkspaceSource {
  collections: CollectionInfo[];
  tabs: RequestTab[];
  activeTabId?: string;
  activeEnvironments: Record<string, string | undefined>;
  environmentDrafts: Record<string, Record<string, EnvironmentDraft>>;
  patternText: string;
  payloadText: string;
  messageOptions: MessageOptionsDraft;
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
  const environmentDrafts: Record<string, Record<string, EnvironmentDraft>> = {};
  for (const info of state.collections) {
    const edited = editedEnvironmentDrafts(state.environmentDrafts[info.collectionId] ?? {}, info.collection.environments);
    if (Object.keys(edited).length > 0) environmentDrafts[info.root] = edited;
  }
  return {
    version: 1,
    collections: state.collections.map((info) => info.root),
    tabs,
    ...(state.activeTabId !== undefined && tabs.some((tab) => tab.id === state.activeTabId) ? { activeTabId: state.activeTabId } : {}),
    environments,
    environmentDrafts,
    composer: { patternText: state.patternText, payloadText: state.payloadText, messageOptions: state.messageOptions },
  };
}

/** A stored workspace, or undefined when there is none or it is not one this version wrote. */
export function readWorkspace(value: unknown): WorkspaceDraft | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const draft = value as Partial<WorkspaceDraft>;
  if (draft.version !== 1 || !Array.isArray(draft.collections) || !Array.isArray(draft.tabs)) return undefined;
  const strings = (items: unknown[]) => items.filter((item): item is string => typeof item === 'string');
  const tabs = draft.tabs.filter((tab): tab is WorkspaceTab => typeof tab === 'object' && tab !== null && typeof tab.id === 'string' && typeof tab.root === 'string' && typeof tab.folder === 'string' && (tab.draft === undefined || isRequestDraft(tab.draft)));
  const environments = isRecord(draft.environments) ? Object.fromEntries(Object.entries(draft.environments).filter(([, name]) => typeof name === 'string')) : {};
  const environmentDrafts: WorkspaceDraft['environmentDrafts'] = {};
  for (const [root, byName] of Object.entries(isRecord(draft.environmentDrafts) ? draft.environmentDrafts : {})) {
    const valid = Object.entries(isRecord(byName) ? byName : {}).filter(([, environment]) => isEnvironmentDraft(environment));
    if (valid.length > 0) environmentDrafts[root] = Object.fromEntries(valid);
  }
  const stored: Partial<WorkspaceDraft['composer']> = isRecord(draft.composer) ? draft.composer : {};
  const composer = {
    ...(typeof stored.patternText === 'string' && typeof stored.payloadText === 'string' ? { patternText: stored.patternText, payloadText: stored.payloadText } : { patternText: '', payloadText: '' }),
    messageOptions: readMessageOptions(stored.messageOptions),
  };
  return { version: 1, collections: strings(draft.collections), tabs, ...(typeof draft.activeTabId === 'string' ? { activeTabId: draft.activeTabId } : {}), environments, environmentDrafts, composer };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isEnvironmentDraft(value: unknown): value is EnvironmentDraft {
  if (!isRecord(value) || !Array.isArray(value.rows) || !Array.isArray(value.secrets) || !Number.isSafeInteger(value.nextKey)) return false;
  const keys = new Set<unknown>();
  const rowsValid = value.rows.every((row: unknown) => {
    if (!isRecord(row) || !Number.isSafeInteger(row.key) || typeof row.name !== 'string' || typeof row.value !== 'string' || keys.has(row.key)) return false;
    keys.add(row.key);
    // A row added later takes `nextKey`: it must not be a key already in use.
    return (row.key as number) < (value.nextKey as number);
  });
  return rowsValid && value.secrets.every((name: unknown) => typeof name === 'string');
}

/** Message options as stored; what is missing or not of its type is empty, as in a new composer. */
function readMessageOptions(value: unknown): MessageOptionsDraft {
  if (!isRecord(value)) return emptyMessageOptions;
  const text = (key: 'key' | 'partition' | 'propertiesText') => {
    const field = value[key];
    return typeof field === 'string' ? field : emptyMessageOptions[key];
  };
  const rows: unknown[] = Array.isArray(value.headers) ? value.headers : [];
  const headers = rows.filter((row): row is HeaderRow => isRecord(row) && typeof row.name === 'string' && typeof row.value === 'string').map(({ name, value: rowValue }) => ({ name, value: rowValue }));
  const retry = readRetryDraft(value.retry);
  return { headers, key: text('key'), partition: text('partition'), propertiesText: text('propertiesText'), ...(retry ? { retry } : {}) };
}

/** The composer's Retries group as stored: fields that are not text are empty. */
function readRetryDraft(value: unknown): RetryDraft | undefined {
  if (!isRecord(value)) return undefined;
  const text = (key: keyof RetryDraft) => (typeof value[key] === 'string' ? (value[key] as string) : '');
  return { count: text('count'), backoffMs: text('backoffMs'), factor: text('factor'), jitterPercent: text('jitterPercent') };
}

function isRequestDraft(value: unknown): value is RequestDraft {
  if (typeof value !== 'object' || value === null) return false;
  const draft = value as Record<string, unknown>;
  return (
    ['name', 'connection', 'patternText', 'payloadText', 'timeoutText', 'description'].every((key) => typeof draft[key] === 'string') &&
    (draft.kind === 'send' || draft.kind === 'emit') &&
    ['headers', 'captures', 'assertions'].every((key) => Array.isArray(draft[key])) &&
    // Drafts kept before retries existed have none; one that is there has every field as text.
    (draft.retry === undefined || (isRecord(draft.retry) && ['count', 'backoffMs', 'factor', 'jitterPercent', 'maxBackoffMs'].every((key) => typeof (draft.retry as Record<string, unknown>)[key] === 'string')))
  );
}
