// Names for files set aside (`history.jsonl.corrupt-<timestamp>`): readable, sortable, and valid
// on every platform (no colons, which Windows refuses in file names).
export const fileTimestamp = (epochMs: number): string => new Date(epochMs).toISOString().replace(/[:.]/g, '-');
