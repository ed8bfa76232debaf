// Requests from a .proto: one per gRPC method, its data a filled-in request message, so a user
// edits values instead of typing field names.
import { existsSync } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { protoLoaderOptionsSchema } from '../../../shared/connection';
import type { RequestFile } from '../../../shared/collection';
import { COLLECTION_MANIFEST_FILE } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { loadCollection } from './collection-files';
import { createCollection, writeManifest, writeRequestFile } from './collection-writes';
import { buildCatalogue } from '../transports/grpc/catalogue';
import { loadProtoFiles } from '../transports/grpc/proto-schema';
import { requestTemplate } from '../transports/grpc/request-template';

export type ImportedRequest = { /** `<Service>/<Method>.yaml`, relative to the collection root. */ relativePath: string; request: RequestFile };

/**
 * Requests for every method of every service in `protoPath` (services by name, methods in the
 * .proto's order) on the collection's connection named `connection`. A service name shared by two
 * packages keeps its package in the folder name (`users.v1.UsersService/`) so paths stay distinct.
 * Nothing is written: the caller picks what to keep and saves it with writeRequestFile.
 */
export function requestsFromProto(protoPath: string, connection: string, includeDirs: string[] = []): Result<ImportedRequest[]> {
  // proto-loader's defaults, as Nest uses them: the template's field names match the server's.
  const schema = loadProtoFiles([protoPath], includeDirs, protoLoaderOptionsSchema.parse({}));
  if (!schema.ok) return schema;
  const { services } = buildCatalogue(schema.value.root);
  const shortName = (fullName: string) => fullName.slice(fullName.lastIndexOf('.') + 1);
  const shortNameCounts = new Map<string, number>();
  for (const service of services) shortNameCounts.set(shortName(service.name), (shortNameCounts.get(shortName(service.name)) ?? 0) + 1);
  return ok(
    services.flatMap((service) => {
      const folder = shortNameCounts.get(shortName(service.name)) === 1 ? shortName(service.name) : service.name;
      return service.methods.map((method): ImportedRequest => ({
        relativePath: `${folder}/${method.method}.yaml`,
        request: {
          connection,
          kind: 'send',
          pattern: method.name,
          data: requestTemplate(schema.value.root, method.requestType) as RequestFile['data'],
          capture: [],
          assert: [],
        },
      }));
    }),
  );
}

export type ProtoImportOptions = {
  /** The collection's gRPC connection the requests use; added to the manifest when it has none of that name. */
  connection: string;
  /** The target of a connection that is added; default `grpc://127.0.0.1:50051?proto=<the .proto, relative to the collection>`. */
  target?: string;
  /** A folder of the collection to put the service folders in. */
  folder?: string;
  /** The name of a collection that is created (default: the .proto's file name). */
  name?: string;
  includeDirs?: string[];
};

export type ProtoImportSummary = { root: string; connection: string; connectionAdded: boolean; written: string[]; skipped: string[] };

/**
 * Adds one request per method of a .proto to the collection at `root` (created when the folder
 * holds none). Existing request files are left alone and listed as skipped, so importing again
 * after the .proto grew adds only the new methods.
 */
export async function importProto(root: string, protoPath: string, options: ProtoImportOptions): Promise<Result<ProtoImportSummary>> {
  const absoluteRoot = resolve(root);
  const imported = requestsFromProto(resolve(protoPath), options.connection, options.includeDirs);
  if (!imported.ok) return imported;
  if (imported.value.length === 0) return fail('no-services', `${protoPath} defines no services, so there is nothing to import. Point at the .proto that holds your service definitions.`);

  if (!existsSync(join(absoluteRoot, COLLECTION_MANIFEST_FILE))) {
    const created = await createCollection(absoluteRoot, options.name ?? basename(protoPath, extname(protoPath)));
    if (!created.ok) return created;
  }
  const loaded = await loadCollection(absoluteRoot);
  if (!loaded.ok) return loaded;
  if (loaded.value.problems.some((problem) => problem.path === COLLECTION_MANIFEST_FILE)) {
    return fail('file-has-problems', `${join(absoluteRoot, COLLECTION_MANIFEST_FILE)} has problems; fix it in an editor, then import again.`);
  }
  const manifest = loaded.value.manifest;
  const connectionAdded = !Object.hasOwn(manifest.connections, options.connection);
  if (connectionAdded) {
    const protoFromRoot = relative(absoluteRoot, resolve(protoPath)).split(sep).join('/');
    const target = options.target ?? `grpc://127.0.0.1:50051?proto=${protoFromRoot}`;
    const saved = await writeManifest(absoluteRoot, { ...manifest, connections: { ...manifest.connections, [options.connection]: { target } } });
    if (!saved.ok) return saved;
  }

  const folder = (options.folder ?? '').replace(/^\/+|\/+$/g, '');
  const written: string[] = [];
  const skipped: string[] = [];
  for (const { relativePath, request } of imported.value) {
    const path = folder ? `${folder}/${relativePath}` : relativePath;
    if (existsSync(join(absoluteRoot, path))) {
      skipped.push(path);
      continue;
    }
    const saved = await writeRequestFile(absoluteRoot, path, request);
    if (!saved.ok) return saved;
    written.push(path);
  }
  return ok({ root: absoluteRoot, connection: options.connection, connectionAdded, written, skipped });
}
