// Starts a collection from a .proto: one request per gRPC method, its data a filled-in request
// message, so a user edits values instead of typing field names.
import { protoLoaderOptionsSchema } from '../../../shared/connection';
import type { RequestFile } from '../../../shared/collection';
import type { Result } from '../../../shared/result';
import { ok } from '../../../shared/result';
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
