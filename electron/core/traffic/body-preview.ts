import { BODY_PREVIEW_CHARS } from '../../../shared/traffic';

/** JSON text of a body for the log, cut at the preview size. */
export function previewBody(value: unknown): { bodyPreview: string; bodyTruncated: boolean } {
  const text = value === undefined ? '' : (JSON.stringify(value) ?? String(value));
  return text.length > BODY_PREVIEW_CHARS ? { bodyPreview: text.slice(0, BODY_PREVIEW_CHARS), bodyTruncated: true } : { bodyPreview: text, bodyTruncated: false };
}
