// History search: a case-insensitive substring of what a person remembers about a request: its
// pattern, the connection's name or URL, something in the payload, or the reply's summary.
import type { HistoryEntry } from '../../../shared/history';

/** True when `query` (trimmed) is empty or found in the entry's searchable text. */
export function matchesHistoryQuery(entry: HistoryEntry, query: string | undefined): boolean {
  const needle = query?.trim().toLowerCase();
  if (!needle) return true;
  return searchableTexts.some((textOf) => textOf(entry).toLowerCase().includes(needle));
}

// Cheap fields first; the payload (up to the stored cap) is serialized only when nothing else matched.
const searchableTexts: ((entry: HistoryEntry) => string)[] = [
  (entry) => (typeof entry.pattern === 'string' ? entry.pattern : JSON.stringify(entry.pattern)),
  (entry) => entry.connection.name,
  (entry) => entry.connection.url,
  (entry) => entry.outcome.summary,
  (entry) => JSON.stringify(entry.data),
];
