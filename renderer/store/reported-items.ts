// Things the engine runs and reports on by id (listeners, mocks): the store's copy follows the
// engine's reports.

/** Replaces the item with the same id, or appends it. */
export function upsertById<T extends { id: string }>(items: readonly T[], item: T): T[] {
  const index = items.findIndex((existing) => existing.id === item.id);
  if (index === -1) return [...items, item];
  const next = items.slice();
  next[index] = item;
  return next;
}

/**
 * The items after a report on one of them, or undefined when the report changes nothing: the
 * last word of an item being stopped can come after the store forgot it.
 */
export function applyReport<T extends { id: string; state: string }>(items: readonly T[], info: T): T[] | undefined {
  if (info.state === 'stopped' && !items.some((item) => item.id === info.id)) return undefined;
  return upsertById(items, info);
}

export const withoutId = <T extends { id: string }>(items: readonly T[], id: string): T[] => items.filter((item) => item.id !== id);

export const hasId = (items: readonly { id: string }[], id: string): boolean => items.some((item) => item.id === id);
