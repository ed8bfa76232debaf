// The collection folders opened before, newest first, for File › Open Recent and the empty
// Collections panel. One small JSON file in the data folder, written atomically; a file that
// cannot be read as the list is ignored (with a warning) and replaced on the next open: losing
// this list costs a click, never work.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { RecentCollection } from '../../../shared/contract';
import { recentCollectionSchema } from '../../../shared/contract';
import type { CollectionInfo } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { writeFileAtomically } from './atomic-write';
import type { OpenCollections } from './open-collections';

export const RECENT_COLLECTIONS_FILE = 'recent-collections.json';
export const RECENT_COLLECTIONS_MAX = 10;

const recentFileSchema = z.object({ version: z.literal(1), collections: z.array(recentCollectionSchema) });

export interface RecentCollections {
  /** Newest first. */
  list(): Promise<RecentCollection[]>;
  /** Moves the folder to the top (or adds it), keeping at most RECENT_COLLECTIONS_MAX. */
  record(root: string, name: string): Promise<Result<null>>;
  clear(): Promise<Result<null>>;
  /** Waits for the writes in flight. */
  close(): Promise<void>;
}

export type RecentCollectionsOptions = {
  /** `<dataDir>/recent-collections.json`; without it the list lives in memory only. */
  file?: string;
  now: () => number;
  onChanged?: (collections: RecentCollection[]) => void;
  onWarning?: (message: string) => void;
};

export function createRecentCollections({ file, now, onChanged = () => undefined, onWarning = () => undefined }: RecentCollectionsOptions): RecentCollections {
  let loaded: Promise<RecentCollection[]> | undefined = file ? undefined : Promise.resolve([]);
  // One change at a time, each on top of the last: two opens at once both end up in the list.
  let queue: Promise<unknown> = Promise.resolve();

  const current = () => (loaded ??= readRecent(file!, onWarning));

  const change = (update: (collections: RecentCollection[]) => RecentCollection[]): Promise<Result<null>> => {
    const next = queue.then(async (): Promise<Result<null>> => {
      const collections = update(await current());
      loaded = Promise.resolve(collections);
      onChanged(collections);
      if (!file) return ok(null);
      try {
        await writeFileAtomically(file, `${JSON.stringify({ version: 1, collections }, null, 2)}\n`);
        return ok(null);
      } catch (error) {
        return fail('recent-not-saved', `Could not write the recent collections file ${file}: ${(error as Error).message}. Check that the data folder is writable and has free space; the list is kept until Patchbay quits.`);
      }
    });
    queue = next;
    return next;
  };

  return {
    list: async () => [...(await current())],
    record: (root, name) => change((collections) => [{ root, name, openedAt: now() }, ...collections.filter((entry) => entry.root !== root)].slice(0, RECENT_COLLECTIONS_MAX)),
    clear: () => change(() => []),
    async close() {
      await queue;
    },
  };
}

async function readRecent(file: string, onWarning: (message: string) => void): Promise<RecentCollection[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onWarning(`Could not read the recent collections file ${file} (${(error as Error).message}); starting with an empty list.`);
    return [];
  }
  try {
    const parsed = recentFileSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.collections.slice(0, RECENT_COLLECTIONS_MAX);
  } catch {
    // not JSON: reported below like any other unreadable content
  }
  onWarning(`The recent collections file ${file} is not a list Patchbay wrote; it is ignored and replaced on the next open.`);
  return [];
}

/** The same collections, with every successful open (also through create and import) recorded as recent. */
export function recordingRecentOpens(collections: OpenCollections, recent: Pick<RecentCollections, 'record'>): OpenCollections {
  return {
    ...collections,
    async open(root) {
      const opened = await collections.open(root);
      if (opened.ok) void recent.record(opened.value.root, collectionName(opened.value));
      return opened;
    },
  };
}

const collectionName = (info: CollectionInfo): string => info.collection.manifest.name;
