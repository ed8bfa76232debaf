// `patchbay import nest <project> <collection>`: starts a collection from a Nest project's
// sources. Exit 0 written · 2 usage (no such folder, no handlers, target not empty, write failed).
import { importNestProject } from '../core/collections/nest-source-import';
import { EXIT } from './exit-codes';

export type ImportNestArgs = { projectFolder: string; collectionFolder: string; name?: string };

export async function importNestCommand(args: ImportNestArgs): Promise<number> {
  const imported = await importNestProject(args.projectFolder, args.collectionFolder, args.name);
  if (!imported.ok) {
    process.stderr.write(`patchbay: ${imported.error.message}\n`);
    return EXIT.usage;
  }
  const summary = imported.value;
  const lines = [
    `Created the collection "${summary.name}" in ${summary.root}`,
    `  ${summary.requests} request(s) from ${summary.handlers} handler(s) in ${summary.filesScanned} file(s); ${summary.transports} transport(s) found`,
    `  connections: ${summary.connections.join(', ')} (values in environments/local.yaml)`,
  ];
  if (summary.notes.length > 0) lines.push(`Not read (${summary.notes.length}):`, ...summary.notes.map((note) => `  ${note}`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
