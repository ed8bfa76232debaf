// Drafts (shared/drafts.ts): what the user typed and has not saved, by key, in one JSON file of the
// data folder. Every save is on disk (written atomically) before it answers, so a crash loses
// nothing that was acknowledged. A drafts file that cannot be read as drafts is moved aside with
// a warning, never written over: it may hold someone's only copy of their work.
import { readFile, rename } from 'node:fs/promises';
import type { z } from 'zod';
import type { draftValueSchema } from '../../../shared/drafts';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { writeFileAtomically } from '../collections/atomic-write';
import { fileTimestamp } from '../history/file-timestamp';

export const DRAFTS_FILE = 'drafts.json';
export const DRAFT_MAX_BYTES = 2 * 1024 * 1024;

export type DraftValue = z.infer<typeof draftValueSchema>;

export interface DraftStore {
  /** Every kept draft, by key. */
  load(): Promise<Result<Record<string, DraftValue>>>;
  /** Keeps one draft, or forgets it with `null`; on disk before it resolves. */
  save(key: string, value: DraftValue): Promise<Result<null>>;
  /** Waits for the saves in flight. */
  close(): Promise<void>;
}

export type DraftStoreOptions = {
  /** `<dataDir>/drafts.json`; without it drafts live in memory only. */
  file?: string;
  now: () => number;
  onWarning?: (message: string) => void;
};

export function createDraftStore({ file, now, onWarning = () => undefined }: DraftStoreOptions): DraftStore {
  let drafts: Map<string, DraftValue> | undefined = file ? undefined : new Map();
  let loading: Promise<Result<Map<string, DraftValue>>> | undefined;
  /** Bumped by every change; a write covers every change made before it started. */
  let version = 0;
  let writtenVersion = 0;
  let writes: Promise<unknown> = Promise.resolve();

  // A read failure is not remembered: the next call tries again, and nothing is written meanwhile.
  const loaded = (): Promise<Result<Map<string, DraftValue>>> => {
    if (drafts) return Promise.resolve(ok(drafts));
    loading ??= readDrafts(file!, now, onWarning).then((result) => {
      loading = undefined;
      if (result.ok) drafts ??= result.value;
      return result.ok ? ok(drafts!) : result;
    });
    return loading;
  };

  const persist = (wanted: number): Promise<Result<null>> => {
    const write = writes.then(async (): Promise<Result<null>> => {
      if (!file || writtenVersion >= wanted) return ok(null);
      const startedAt = version;
      try {
        await writeFileAtomically(file, `${JSON.stringify(Object.fromEntries(drafts!))}\n`);
      } catch (error) {
        return fail('drafts-not-saved', `Could not write the drafts file ${file}: ${(error as Error).message}. Check that the data folder is writable and has free space; the draft is kept in memory until then.`);
      }
      writtenVersion = Math.max(writtenVersion, startedAt);
      return ok(null);
    });
    writes = write;
    return write;
  };

  return {
    async load() {
      const result = await loaded();
      return result.ok ? ok(Object.fromEntries(result.value)) : result;
    },
    async save(key, value) {
      if (value !== null) {
        const sizeBytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
        if (sizeBytes > DRAFT_MAX_BYTES) {
          return fail('draft-too-large', `The draft "${key}" is ${formatMiB(sizeBytes)}; drafts are kept up to ${formatMiB(DRAFT_MAX_BYTES)}. Save it into a collection request or a file instead.`);
        }
      }
      const result = await loaded();
      if (!result.ok) return result;
      if (value === null) {
        if (!result.value.delete(key)) return ok(null);
      } else {
        result.value.set(key, value);
      }
      return persist(++version);
    },
    async close() {
      await writes;
    },
  };
}

async function readDrafts(path: string, now: () => number, warn: (message: string) => void): Promise<Result<Map<string, DraftValue>>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(new Map());
    return fail('drafts-unreadable', `Cannot read the drafts file ${path}: ${(error as Error).message}. Check its permissions; drafts are not saved until it can be read, so nothing in it is lost.`);
  }
  const drafts = parseDrafts(text);
  if (drafts) return ok(drafts);
  const asidePath = `${path}.corrupt-${fileTimestamp(now())}`;
  try {
    await rename(path, asidePath);
  } catch (error) {
    return fail('drafts-unreadable', `The drafts file ${path} is not valid drafts JSON and could not be moved aside (${(error as Error).message}). Move or delete it by hand; drafts are not saved until then.`);
  }
  warn(`The drafts file ${path} was not valid drafts JSON; it was moved to ${asidePath} and drafts start empty.`);
  return ok(new Map());
}

/** The file is one JSON object of drafts by key; anything else is not ours to overwrite. */
function parseDrafts(text: string): Map<string, DraftValue> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return new Map(Object.entries(value as Record<string, DraftValue>));
}

const formatMiB = (bytes: number) => `${Number.isInteger(bytes / 1048576) ? bytes / 1048576 : (bytes / 1048576).toFixed(1)} MiB`;
