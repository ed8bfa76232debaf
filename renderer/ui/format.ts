// Display formats shared by the views: durations, sizes, times. Units always shown.

/** `0.4 ms`, `3.2 ms`, `12 ms`, `1,234 ms`: whole ms from 10 up, one decimal below. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${(Math.round(ms * 10) / 10).toFixed(1)} ms`;
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}

/** `1,234`: a whole count with thousands separators, the same on every machine. */
export const formatCount = (count: number) => count.toLocaleString('en-US');

/** `512 B`, `1.5 KB`, `2.0 MB` (1 KB = 1024 B). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Local wall-clock time with milliseconds: `14:03:07.091`. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Pretty JSON for display; values that JSON cannot show (undefined) say so. */
export function prettyJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text ?? String(value);
}

export const isMacPlatform = () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
