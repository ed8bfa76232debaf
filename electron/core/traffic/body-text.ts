/**
 * The text of a body for the log: JSON of a value, or the raw text (or hex) itself when the
 * recorder says how it is encoded. The log cuts the preview from it.
 */
export function bodyText(value: unknown, encoding?: 'text' | 'hex'): string {
  if (encoding && typeof value === 'string') return value;
  return value === undefined ? '' : (JSON.stringify(value) ?? String(value));
}
