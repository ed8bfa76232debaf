// How an observed or mocked message's body and details read in the views.
import type { TrafficEntry } from '../../../shared/traffic';

/** `JSON`, `text` or `hex`: how the body preview is written. */
export const bodyEncoding = (entry: Pick<TrafficEntry, 'encoding'>): 'JSON' | 'text' | 'hex' => (entry.encoding === 'hex' ? 'hex' : entry.encoding === 'text' ? 'text' : 'JSON');

/** The body for the detail pane: JSON pretty-printed when whole, raw text and hex as they are. */
export function bodyForDetail(entry: Pick<TrafficEntry, 'bodyPreview' | 'bodyTruncated' | 'encoding'>): string {
  if (entry.encoding === 'hex') return entry.bodyPreview.replace(/(.{2})(?=.)/g, '$1 ');
  if (entry.encoding || entry.bodyTruncated) return entry.bodyPreview;
  try {
    return JSON.stringify(JSON.parse(entry.bodyPreview), null, 2);
  } catch {
    return entry.bodyPreview;
  }
}

/** Transport details as name/value rows; nested values as compact JSON. */
export function detailRows(record: Record<string, unknown> | undefined): [string, string][] {
  if (!record) return [];
  return Object.entries(record).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]);
}
