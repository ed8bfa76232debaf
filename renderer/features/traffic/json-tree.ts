// A JSON value as the rows of a collapsible tree: one row per key or item, in document order, with
// its path (in shared/json-path.ts syntax, so a copied path works in mock rules and assertions) and
// which rows a search matches. Pure, so the detail pane only maps rows to elements.
import type { PathSegment } from '../../../shared/json-path';

export interface JsonTreeRow {
  /** The path from the root (`data.items[0].id`); '' for the root itself. */
  path: string;
  /** The key or `[index]` shown before the value; absent for the root. */
  label?: string;
  depth: number;
  value: unknown;
  /** Objects and arrays with at least one child. */
  expandable: boolean;
  expanded: boolean;
  /** The search hits the label or the value (scalars only). */
  matched: boolean;
}

/** Rows past this are left out (a huge body stays responsive); the Raw tab shows it all. */
export const MAX_TREE_ROWS = 5_000;

/** `data.items[0].id` from segments. Keys a dotted path cannot spell (with `.`, `[` or `]`) are quoted, `["a.b"]`, for reading only. */
export function formatJsonPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>((path, segment) => childPath(path, segment), '');
}

function childPath(parent: string, key: PathSegment): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!/^[^.[\]]+$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => value !== null && typeof value === 'object';

const childrenOf = (value: Record<string, unknown> | unknown[]): [string | number, unknown][] => (Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value));

/** The rows to show: children of expanded paths only, searched against `query` (case-insensitive). */
export function flattenJsonTree(root: unknown, expanded: ReadonlySet<string>, query = ''): JsonTreeRow[] {
  const needle = query.trim().toLowerCase();
  const rows: JsonTreeRow[] = [];
  const visit = (value: unknown, path: string, label: string | undefined, depth: number) => {
    if (rows.length >= MAX_TREE_ROWS) return;
    const expandable = isContainer(value) && childrenOf(value).length > 0;
    const open = expandable && expanded.has(path);
    rows.push({ path, label, depth, value, expandable, expanded: open, matched: needle !== '' && rowMatches(label, value, needle) });
    if (open) for (const [key, child] of childrenOf(value as Record<string, unknown> | unknown[])) visit(child, childPath(path, key), typeof key === 'number' ? `[${key}]` : key, depth + 1);
  };
  visit(root, '', undefined, 0);
  return rows;
}

function rowMatches(label: string | undefined, value: unknown, needle: string): boolean {
  if (label?.toLowerCase().includes(needle)) return true;
  return !isContainer(value) && String(value).toLowerCase().includes(needle);
}

/** Paths to open so that every match shows: the ancestors of each matching key or value. */
export function pathsToReveal(root: unknown, query: string): Set<string> {
  const needle = query.trim().toLowerCase();
  const open = new Set<string>();
  if (needle === '') return open;
  const visit = (value: unknown, path: string): boolean => {
    if (!isContainer(value)) return false;
    let any = false;
    for (const [key, child] of childrenOf(value)) {
      const below = visit(child, childPath(path, key));
      if (below || rowMatches(typeof key === 'number' ? `[${key}]` : key, child, needle)) any = true;
    }
    if (any) open.add(path);
    return any;
  };
  visit(root, '');
  return open;
}

/** Containers open at first: the root and its children, so a typical body reads at a glance. */
export function initiallyExpanded(root: unknown): Set<string> {
  const open = new Set<string>(['']);
  if (isContainer(root)) for (const [key, child] of childrenOf(root)) if (isContainer(child)) open.add(childPath('', key));
  return open;
}

/** One line for a value: scalars as JSON, containers by their size. */
export function previewValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[ ${value.length} ${value.length === 1 ? 'item' : 'items'} ]`;
  if (isContainer(value)) {
    const keys = Object.keys(value).length;
    return keys === 0 ? '{}' : `{ ${keys} ${keys === 1 ? 'key' : 'keys'} }`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** What "Copy value" puts on the clipboard: strings bare, everything else as pretty JSON. */
export function copyableValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}
