// History: every request the app sends (composer, collection tabs), newest first, bounded and
// persisted in the app's data folder, so it can be searched, sent again or saved into a collection.
import { z } from 'zod';
import { patternSchema } from './pattern';

export const HISTORY_DEFAULT_CAPACITY = 1_000;

export const historyEntrySchema = z.object({
  id: z.string(),
  /** Epoch ms when it was sent. */
  at: z.number(),
  kind: z.enum(['send', 'emit']),
  /** The connection as it was then: its name and target URL (passwords removed), so it can be found or opened again. */
  connection: z.object({ name: z.string(), url: z.string() }),
  pattern: patternSchema,
  data: z.json(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Where it came from when it was a collection's request. */
  source: z.object({ collectionRoot: z.string(), path: z.string() }).optional(),
  outcome: z.object({
    status: z.enum(['ok', 'empty', 'remote-error', 'failure', 'emitted']),
    durationMs: z.number().optional(),
    /** One line: the first reply value or the error, cut to 200 characters. */
    summary: z.string(),
  }),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
