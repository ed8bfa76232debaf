// History of what the app sent (shared/history.ts): bounded, searchable, and with a data folder
// persisted as JSON Lines. Recording never waits for the disk: appends are written behind,
// coalesced, and flushed on close. The file is read back on start; lines that do not parse are
// skipped, counted, and the original file is copied aside before it is ever rewritten.
import { appendFile, copyFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HistoryEntry } from '../../../shared/history';
import { HISTORY_DEFAULT_CAPACITY } from '../../../shared/history';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { writeFileAtomically } from '../collections/atomic-write';
import { historyFileText, historyLine, parseHistoryFile } from './history-file';
import { fileTimestamp } from './file-timestamp';
import { cappedPayload } from './history-records';
import { matchesHistoryQuery } from './history-search';

/** What a sender knows; the store adds `id` and `at`. */
export type HistoryRecord = Omit<HistoryEntry, 'id' | 'at'>;

export type HistoryPage = { entries: HistoryEntry[]; total: number };

export interface HistoryStore {
  /** Keeps one sent request; never throws and never delays the send (persistence is write-behind). */
  record(entry: HistoryRecord): void;
  /** Newest first; `total` counts every match, `entries` the first `limit` of them. */
  list(options: { query?: string; limit: number }): Promise<HistoryPage>;
  delete(id: string): Promise<Result<null>>;
  clear(): Promise<Result<null>>;
  /** Resolves once everything recorded so far is on disk (at once without a file). */
  flush(): Promise<void>;
  /** Flushes, then stops writing; later records stay in memory only. */
  close(): Promise<void>;
}

export type HistoryLoad = { entries: number; corruptLines: number };

export type HistoryStoreOptions = {
  /** `<dataDir>/history.jsonl`; without it the history lives in memory only. */
  file?: string;
  capacity?: number;
  now: () => number;
  newId: () => string;
  onAppended?: (entry: HistoryEntry) => void;
  onCleared?: () => void;
  /** Problems with the file that the user should know about; the history keeps working in memory. */
  onWarning?: (message: string) => void;
  /** How long appends are gathered before one write. */
  appendDelayMs?: number;
};

export const HISTORY_APPEND_DELAY_MS = 5;

export function createHistoryStore(options: HistoryStoreOptions): HistoryStore & { loaded: Promise<HistoryLoad> } {
  const capacity = options.capacity ?? HISTORY_DEFAULT_CAPACITY;
  const { file } = options;
  const warn = options.onWarning ?? (() => undefined);
  /** Oldest first. */
  let entries: HistoryEntry[] = [];
  /** Recorded but not yet on disk, oldest first. */
  let unwritten: HistoryEntry[] = [];
  /** Entries in the file (valid lines); past twice the capacity the file is rewritten. */
  let linesInFile = 0;
  /** After a failed append the file may end in a torn line: the next write replaces it whole. */
  let rewriteNext = false;
  let persisting = file !== undefined;
  let appendTimer: NodeJS.Timeout | undefined;
  // Every file operation runs in order on this chain, after the load.
  let fileWork: Promise<void>;

  const trimToCapacity = () => {
    if (entries.length > capacity) entries = entries.slice(entries.length - capacity);
  };

  const loaded: Promise<HistoryLoad> = file ? load(file) : Promise.resolve({ entries: 0, corruptLines: 0 });
  // A file with unreadable lines is rewritten with its valid entries once it is safely copied aside.
  fileWork = loaded.then(async () => {
    if (rewriteNext) await rewriteFile();
  });

  async function load(path: string): Promise<HistoryLoad> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: 0, corruptLines: 0 };
      // Never write over a file we could not read: it may hold every entry.
      persisting = false;
      warn(`Cannot read the history file ${path}: ${(error as Error).message}. History is kept in memory only until Patchbay restarts; check the file's permissions.`);
      return { entries: 0, corruptLines: 0 };
    }
    const parsed = parseHistoryFile(text);
    // Entries recorded while the file was read are newer than it.
    entries = [...parsed.entries, ...entries];
    trimToCapacity();
    linesInFile = parsed.entries.length;
    if (parsed.corruptLines > 0) {
      const asidePath = `${path}.corrupt-${fileTimestamp(options.now())}`;
      try {
        await copyFile(path, asidePath);
        rewriteNext = true;
        warn(`Skipped ${parsed.corruptLines} unreadable line(s) of the history file ${path}; the file as it was is kept in ${asidePath}.`);
      } catch (error) {
        persisting = false;
        warn(`Skipped ${parsed.corruptLines} unreadable line(s) of the history file ${path} and could not copy it aside (${(error as Error).message}), so it is left untouched: history is kept in memory only until Patchbay restarts.`);
      }
    } else if (text.length > 0 && !text.endsWith('\n')) {
      rewriteNext = true;
    }
    return { entries: parsed.entries.length, corruptLines: parsed.corruptLines };
  }

  const enqueue = (work: () => Promise<void>): Promise<void> => {
    // Each step catches its own I/O errors; this keeps a bug in one from stopping every later write.
    fileWork = fileWork.then(work).catch((error: unknown) => warn(`History was not written: ${(error as Error).message}`));
    return fileWork;
  };

  /** Appends what is unwritten, or rewrites the file with the newest entries when it grew past twice the capacity. */
  async function writeUnwritten(): Promise<void> {
    if (!persisting || !file || (unwritten.length === 0 && !rewriteNext)) return;
    if (rewriteNext || linesInFile + unwritten.length > 2 * capacity) {
      await rewriteFile();
      return;
    }
    const batch = unwritten;
    unwritten = [];
    try {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, batch.map(historyLine).join(''), 'utf8');
      linesInFile += batch.length;
    } catch (error) {
      rewriteNext = true;
      warn(`Could not append to the history file ${file}: ${(error as Error).message}. Patchbay tries again with the next send.`);
    }
  }

  async function rewriteFile(): Promise<Result<null>> {
    if (!persisting || !file) return ok(null);
    const snapshot = [...entries];
    try {
      await writeFileAtomically(file, historyFileText(snapshot));
    } catch (error) {
      rewriteNext = true;
      const message = `Could not write the history file ${file}: ${(error as Error).message}. Check that the data folder is writable.`;
      warn(message);
      return fail('history-not-saved', message);
    }
    // What was recorded while the file was written is still to append, unless already dropped as the oldest.
    const written = new Set(snapshot);
    const kept = new Set(entries);
    unwritten = unwritten.filter((entry) => !written.has(entry) && kept.has(entry));
    linesInFile = snapshot.length;
    rewriteNext = false;
    return ok(null);
  }

  const scheduleAppend = () => {
    if (!persisting || appendTimer) return;
    appendTimer = setTimeout(() => {
      appendTimer = undefined;
      void enqueue(writeUnwritten);
    }, options.appendDelayMs ?? HISTORY_APPEND_DELAY_MS);
  };

  const flush = async () => {
    clearTimeout(appendTimer);
    appendTimer = undefined;
    await enqueue(writeUnwritten);
  };

  const rewriteInOrder = (): Promise<Result<null>> => {
    let result: Result<null> = ok(null);
    return enqueue(async () => {
      result = await rewriteFile();
    }).then(() => result);
  };

  return {
    loaded,
    record(record) {
      let entry: HistoryEntry;
      try {
        entry = { ...record, data: cappedPayload(record.data), id: options.newId(), at: options.now() };
      } catch (error) {
        // A payload that is not JSON (a bug upstream) must not fail the send that is being recorded.
        warn(`A request was not kept in history: ${(error as Error).message}`);
        return;
      }
      entries.push(entry);
      trimToCapacity();
      if (persisting) {
        unwritten.push(entry);
        scheduleAppend();
      }
      options.onAppended?.(entry);
    },
    async list({ query, limit }) {
      await loaded;
      const matches: HistoryEntry[] = [];
      let total = 0;
      for (let index = entries.length - 1; index >= 0; index--) {
        const entry = entries[index]!;
        if (!matchesHistoryQuery(entry, query)) continue;
        total++;
        if (matches.length < limit) matches.push(entry);
      }
      return { entries: matches, total };
    },
    async delete(id) {
      await loaded;
      const index = entries.findIndex((entry) => entry.id === id);
      if (index < 0) return fail('unknown-history-entry', `No history entry has id ${id}: it was deleted or dropped as one of the oldest. Refresh the history.`);
      entries = entries.filter((entry) => entry.id !== id);
      unwritten = unwritten.filter((entry) => entry.id !== id);
      return rewriteInOrder();
    },
    async clear() {
      await loaded;
      entries = [];
      unwritten = [];
      options.onCleared?.();
      return rewriteInOrder();
    },
    flush,
    async close() {
      await flush();
      persisting = false;
      clearTimeout(appendTimer);
    },
  };
}

