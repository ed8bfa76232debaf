// A Nest message pattern, as users type it: shared by requests, mock rules and listeners.
import { z } from 'zod';

/** A Nest message pattern: a string (`'users.create'`) or an object (`{cmd:'get_user'}`). */
export const patternSchema = z.union([z.string().min(1, 'Pattern is empty: type a string pattern or a JSON object'), z.number(), z.record(z.string(), z.json())]);
export type Pattern = z.infer<typeof patternSchema>;
