// Drafts: what the user typed and has not saved (open tabs, the composer), kept by the engine in
// the app's data folder on every change, so a crash or a closed window loses nothing.
import { z } from 'zod';

export const draftKeySchema = z.string().min(1).max(500);
/** A draft is any JSON the renderer wants back; a few MB at most. */
export const draftValueSchema = z.json();
