// What a gRPC service offers, from its schema: packages, services, methods with their streaming
// flags, and message shapes readable by a person (describe) or a program (--json).
import protobuf from 'protobufjs';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';

export type GrpcMethodInfo = {
  /** `package.Service/Method`, the pattern a user types. */
  name: string;
  /** The HTTP/2 path, `/package.Service/Method` (nest-wire §6: names exactly as in the .proto). */
  path: string;
  method: string;
  requestType: string;
  responseType: string;
  requestStream: boolean;
  responseStream: boolean;
};
export type GrpcServiceInfo = { name: string; package: string; methods: GrpcMethodInfo[] };
export type GrpcCatalogue = { packages: string[]; services: GrpcServiceInfo[] };

const withoutDot = (name: string) => name.replace(/^\./, '');

export function buildCatalogue(root: protobuf.Root): GrpcCatalogue {
  const services: GrpcServiceInfo[] = [];
  const walk = (namespace: protobuf.NamespaceBase) => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof protobuf.Service) services.push(serviceInfo(nested));
      else if (nested instanceof protobuf.Namespace) walk(nested);
    }
  };
  walk(root);
  services.sort((a, b) => a.name.localeCompare(b.name));
  return { packages: [...new Set(services.map((service) => service.package))].sort(), services };
}

function serviceInfo(service: protobuf.Service): GrpcServiceInfo {
  const name = withoutDot(service.fullName);
  const methods = service.methodsArray.map((method): GrpcMethodInfo => {
    method.resolve();
    return {
      name: `${name}/${method.name}`,
      path: `/${name}/${method.name}`,
      method: method.name,
      requestType: withoutDot(method.resolvedRequestType?.fullName ?? method.requestType),
      responseType: withoutDot(method.resolvedResponseType?.fullName ?? method.responseType),
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
    };
  });
  return { name, package: withoutDot(service.parent?.fullName ?? ''), methods };
}

/** `package.Service/Method` or `/package.Service/Method` → the method, or why not with the closest names. */
export function findMethod(catalogue: GrpcCatalogue, pattern: unknown): Result<GrpcMethodInfo> {
  const all = catalogue.services.flatMap((service) => service.methods);
  const example = all[0]?.name ?? 'package.Service/Method';
  if (typeof pattern !== 'string') return fail('unknown-method', `A gRPC pattern is a method name such as "${example}", not ${JSON.stringify(pattern)}.`);
  const wanted = pattern.trim().replace(/^\//, '');
  const found = all.find((method) => method.name === wanted);
  if (found) return ok(found);
  if (all.length === 0) return fail('unknown-method', `The service offers no methods, so "${wanted}" cannot be called. Check the .proto files or the server's reflection.`);
  const closest = [...all]
    .map((method) => {
      const name = method.name.toLowerCase();
      // A name the user typed the start or a part of ranks first, then by edit distance.
      return { name: method.name, contains: name.includes(wanted.toLowerCase()) ? 0 : 1, distance: editDistance(name, wanted.toLowerCase()) };
    })
    .sort((a, b) => a.contains - b.contains || a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((method) => method.name);
  const shape = wanted.includes('/') ? '' : ' Write it as package.Service/Method.';
  return fail('unknown-method', `No gRPC method "${wanted}".${shape} Closest: ${closest.join(', ')}.`);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

export type FieldShape = { name: string; number: number; type: string; label: 'singular' | 'optional' | 'repeated' | 'map'; keyType?: string; oneof?: string };
export type MessageShape = { name: string; fields: FieldShape[] };

/** Every field of a message, in field-number order; field types are fully qualified. */
export function messageShape(root: protobuf.Root, typeName: string): MessageShape {
  const type = root.lookupType(typeName);
  const fields = [...type.fieldsArray]
    .sort((a, b) => a.id - b.id)
    .map((field): FieldShape => {
      field.resolve();
      const fieldType = field.resolvedType ? withoutDot(field.resolvedType.fullName) : field.type;
      const synthetic = field.partOf && field.partOf.oneof.length === 1 && field.partOf.name === `_${field.name}`;
      const label = field.map ? 'map' : field.repeated ? 'repeated' : synthetic ? 'optional' : 'singular';
      return {
        name: field.name,
        number: field.id,
        type: fieldType,
        label,
        ...(field instanceof protobuf.MapField ? { keyType: field.keyType } : {}),
        ...(field.partOf && !synthetic ? { oneof: field.partOf.name } : {}),
      };
    });
  return { name: withoutDot(type.fullName), fields };
}

/** One line in .proto syntax: `users.User { int32 id = 1; string name = 2; }`. */
export function formatMessageShape(shape: MessageShape): string {
  const fields = shape.fields.map((field) => {
    const type = field.label === 'map' ? `map<${field.keyType}, ${field.type}>` : field.label === 'repeated' ? `repeated ${field.type}` : field.label === 'optional' ? `optional ${field.type}` : field.type;
    return `${field.oneof ? `oneof ${field.oneof}: ` : ''}${type} ${field.name} = ${field.number};`;
  });
  return fields.length ? `${shape.name} { ${fields.join(' ')} }` : `${shape.name} {}`;
}
