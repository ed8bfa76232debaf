// The history file is JSON Lines, oldest first: one entry per line, so a send is an append and a
// crash mid-append tears at most the last line.
import type { HistoryEntry } from '../../../shared/history';
import { historyEntrySchema } from '../../../shared/history';
import { parseJsonAs } from '../../../shared/json-text';

export const HISTORY_FILE = 'history.jsonl';

export type ParsedHistoryFile = {
  /** Oldest first, as in the file. */
  entries: HistoryEntry[];
  /** Lines that were not a valid entry (torn by a crash, edited by hand): skipped. */
  corruptLines: number;
};

export function parseHistoryFile(text: string): ParsedHistoryFile {
  const entries: HistoryEntry[] = [];
  let corruptLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = parseLine(line);
    if (entry) entries.push(entry);
    else corruptLines++;
  }
  return { entries, corruptLines };
}

function parseLine(line: string): HistoryEntry | undefined {
  return parseJsonAs(line, historyEntrySchema);
}

export const historyFileText = (entries: readonly HistoryEntry[]): string => entries.map(historyLine).join('');

export const historyLine = (entry: HistoryEntry): string => `${JSON.stringify(entry)}\n`;
