// Export files are NDJSON: a header line, then one entry per line with its whole body where the
// preview was cut. Imports read them back, checking every line, into a read-only log.
import type { z } from 'zod';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { TrafficEntry, TrafficExportLine } from '../../../shared/traffic';
import { trafficExportHeaderSchema, trafficExportLineSchema } from '../../../shared/traffic';
import type { TrafficLog } from './traffic-log';

export function exportTraffic(entries: Iterable<TrafficEntry>, keptBody: TrafficLog['keptBody'], exportedAt: number): { ndjson: string; count: number } {
  const lines: string[] = [];
  for (const entry of entries) {
    const body = entry.bodyTruncated ? keptBody(entry.seq) : undefined;
    const line: TrafficExportLine = body === undefined ? entry : { ...entry, body };
    lines.push(JSON.stringify(line));
  }
  const header: z.infer<typeof trafficExportHeaderSchema> = { format: 'patchbay-traffic', version: 1, exportedAt, count: lines.length };
  return { ndjson: [JSON.stringify(header), ...lines].join('\n') + '\n', count: lines.length };
}

export type ImportedTraffic = { entries: { entry: TrafficEntry; body?: string }[] };

const exportAgain = 'Export the file from Patchbay again.';

/** Reads an export file's text; every line must be valid, in seq order. */
export function parseTrafficExport(ndjson: string): Result<ImportedTraffic> {
  const lines = ndjson.split('\n');
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  const header = trafficExportHeaderSchema.safeParse(parseJson(lines[0] ?? ''));
  if (!header.success) {
    const looksLikeOurs = (parseJson(lines[0] ?? '') as { format?: unknown } | undefined)?.format === 'patchbay-traffic';
    return looksLikeOurs
      ? fail('bad-traffic-file', `This traffic export's header is not one this Patchbay reads (${describeIssues(header.error)}). ${exportAgain}`)
      : fail('bad-traffic-file', `This is not a Patchbay traffic export: its first line should be the header {"format":"patchbay-traffic",…}. Open a file written by Patchbay's traffic export.`);
  }

  const entries: ImportedTraffic['entries'] = [];
  let previousSeq = -Infinity;
  for (let index = 1; index < lines.length; index++) {
    const lineNumber = index + 1;
    const text = lines[index]!;
    const json = parseJson(text);
    if (json === undefined) return fail('bad-traffic-file', `Line ${lineNumber} is not JSON. ${exportAgain}`);
    const parsed = trafficExportLineSchema.safeParse(json);
    if (!parsed.success) return fail('bad-traffic-file', `Line ${lineNumber} is not a traffic entry: ${describeIssues(parsed.error)}. ${exportAgain}`);
    const { body, ...entry } = parsed.data;
    if (entry.seq <= previousSeq) return fail('bad-traffic-file', `Line ${lineNumber} has seq ${entry.seq}, not after the line before it (${previousSeq}); entries must be in log order. ${exportAgain}`);
    previousSeq = entry.seq;
    entries.push(body === undefined ? { entry } : { entry, body });
  }
  if (entries.length !== header.data.count) {
    return fail('bad-traffic-file', `The header promises ${header.data.count} entries but the file has ${entries.length}; it may have been cut short or edited. ${exportAgain}`);
  }
  return ok({ entries });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `kind: Invalid option: …; at: Invalid input: …` */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
