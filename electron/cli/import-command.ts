// `patchbay import nest <project> <collection>`: starts a collection from a Nest project's
// sources. `patchbay import proto <file> <collection>`: adds a request per gRPC method.
// Exit 0 written · 2 usage (no such folder or file, nothing to import, target not empty, write failed).
import { importNestProject } from '../core/collections/nest-source-import';
import type { ProtoImportOptions } from '../core/collections/proto-import';
import { importProto } from '../core/collections/proto-import';
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

export type ImportProtoArgs = ProtoImportOptions & { protoFile: string; collectionFolder: string };

export async function importProtoCommand({ protoFile, collectionFolder, ...options }: ImportProtoArgs): Promise<number> {
  const imported = await importProto(collectionFolder, protoFile, options);
  if (!imported.ok) {
    process.stderr.write(`patchbay: ${imported.error.message}\n`);
    return EXIT.usage;
  }
  const { root, connection, connectionAdded, written, skipped } = imported.value;
  const lines = [`Wrote ${written.length} request(s) to ${root}${skipped.length > 0 ? `; ${skipped.length} already there, left as they were` : ''}`];
  if (connectionAdded) lines.push(`  added the connection "${connection}" to the manifest: check its target (host, port) there`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
