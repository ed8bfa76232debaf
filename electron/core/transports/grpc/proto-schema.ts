// A service's schema, from .proto files or from the descriptors server reflection returns. Two
// views of the same descriptors: proto-loader's package definition, which serializes exactly as
// Nest's does (nest-wire §6: Nest passes `loader` to proto-loader untouched), and protobufjs'
// reflection tree, which knows oneofs, maps and enums for the catalogue and request templates.
import { resolve } from 'node:path';
import type { PackageDefinition, Options as LoaderOptions } from '@grpc/proto-loader';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import type { TargetOf } from '../../../../shared/connection';
import type { Result } from '../../../../shared/result';
import { fail, ok } from '../../../../shared/result';
import { explainProtoLoadError } from './proto-load-error';

export type ProtoSchema = { packageDefinition: PackageDefinition; root: protobuf.Root };

type TargetLoader = TargetOf<'grpc'>['loader'];

/**
 * The target's loader settings as proto-loader options (its names are constructors). `longs:
 * 'Long'` (Nest's default) is read as String: Long objects are not JSON, and protobufjs then even
 * turns int64 map keys into 8-byte hash strings. Strings are protobuf's JSON mapping for int64;
 * the wire is the same either way (nest-wire §6: loader options change only the JS view).
 */
export function loaderOptionsOf(loader: TargetLoader): LoaderOptions {
  return {
    keepCase: loader.keepCase,
    longs: loader.longs === 'Number' ? Number : String,
    ...(loader.enums === 'String' ? { enums: String } : {}),
    defaults: loader.defaults,
    oneofs: loader.oneofs,
  };
}

export function loadProtoFiles(protoFiles: string[], includeDirs: string[], loader: TargetLoader): Result<ProtoSchema> {
  let packageDefinition: PackageDefinition;
  try {
    // Absolute paths: with include dirs set, proto-loader looks relative ones up only there.
    const files = protoFiles.map((file) => resolve(file));
    packageDefinition = withoutIncludePathWarnings(() => protoLoader.loadSync(files, { ...loaderOptionsOf(loader), ...(includeDirs.length ? { includeDirs } : {}) }));
  } catch (error) {
    return fail('invalid-proto', explainProtoLoadError(error, protoFiles, includeDirs));
  }
  // The package definition carries the serialized descriptors of every file it was built from.
  const files = new Map<string, Uint8Array>();
  for (const definition of Object.values(packageDefinition)) {
    for (const file of (definition as { fileDescriptorProtos?: Uint8Array[] }).fileDescriptorProtos ?? []) files.set(Buffer.from(file).toString('base64'), file);
  }
  return ok({ packageDefinition, root: rootFromFileDescriptors([...files.values()]) });
}

/**
 * proto-loader warns on the process ("x.proto not found in any of the include paths") for every
 * import it then finds next to the importing file, and for one it cannot find at all: noise on the
 * CLI's stderr, and the failure is explained by explainProtoLoadError anyway. loadSync is
 * synchronous, so no other code runs while the warning is held back.
 */
function withoutIncludePathWarnings<T>(load: () => T): T {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (/not found in any of the include paths/.test(String(warning))) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return load();
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Serialized FileDescriptorProtos (as reflection returns them) to a schema. */
export function schemaFromFileDescriptors(files: Uint8Array[], loader: TargetLoader): ProtoSchema {
  const root = rootFromFileDescriptors(files);
  // Not loadFileDescriptorSetFromBuffer: it would keep map fields as repeated entry messages.
  return { packageDefinition: protoLoader.fromJSON(root.toJSON(), loaderOptionsOf(loader)), root };
}

function rootFromFileDescriptors(files: Uint8Array[]): protobuf.Root {
  const set = descriptor.FileDescriptorSet.decode(encodeFileDescriptorSet(files));
  const root = (protobuf.Root as unknown as { fromDescriptor(set: unknown): protobuf.Root }).fromDescriptor(set);
  root.resolveAll();
  restoreMapFields(root);
  root.resolveAll();
  return root;
}

/**
 * protobufjs 7 turns descriptors' `map<K, V>` back into `repeated XEntry {key, value}` (and marks
 * the parent, not the entry, as map_entry). Make them map fields again, so requests are written
 * as `{"k": v}` objects, as with a .proto file.
 */
function restoreMapFields(namespace: protobuf.Namespace): void {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) {
      const entries: protobuf.Type[] = [];
      for (const field of [...nested.fieldsArray]) {
        const entry = field.resolvedType;
        if (!field.repeated || !(entry instanceof protobuf.Type) || entry.options?.map_entry !== true) continue;
        const key = entry.fields.key;
        const value = entry.fields.value;
        if (!key || !value) continue;
        nested.remove(field);
        const mapField = new protobuf.MapField(field.name, field.id, key.type, value.resolvedType ? value.resolvedType.fullName : value.type);
        nested.add(mapField);
        mapField.resolve();
        entries.push(entry);
      }
      for (const entry of entries) entry.parent?.remove(entry);
      if (nested.options) delete nested.options.map_entry;
    }
    if (nested instanceof protobuf.Namespace) restoreMapFields(nested);
  }
}

/** A FileDescriptorSet is `repeated FileDescriptorProto file = 1`: each file as field 1, length-delimited. */
function encodeFileDescriptorSet(files: Uint8Array[]): Buffer {
  const writer = protobuf.Writer.create();
  for (const file of files) writer.uint32((1 << 3) | 2).bytes(file);
  return Buffer.from(writer.finish());
}

/** The name and imports of one serialized FileDescriptorProto. */
export function fileDescriptorInfo(file: Uint8Array): { name: string; dependencies: string[] } {
  const decoded = descriptor.FileDescriptorProto.decode(file) as unknown as { name?: string; dependency?: string[] };
  return { name: decoded.name ?? '', dependencies: decoded.dependency ?? [] };
}

const LONG_KEY_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/**
 * protobufjs decodes int64 map keys to 8-character "long hash" strings whatever the `longs`
 * option (it keys the map before converting); this puts the decimal numbers back, in place.
 */
export function fixInt64MapKeys(type: protobuf.Type, value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  for (const field of type.fieldsArray) {
    const item = record[field.name];
    if (item === null || item === undefined) continue;
    field.resolve();
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    if (field instanceof protobuf.MapField) {
      const unsigned = field.keyType === 'uint64' || field.keyType === 'fixed64';
      const longKeys = LONG_KEY_TYPES.has(field.keyType);
      record[field.name] = Object.fromEntries(
        Object.entries(item as Record<string, unknown>).map(([key, entry]) => [
          longKeys && key.length === 8 ? protobuf.util.LongBits.fromHash(key).toLong(unsigned).toString() : key,
          nested ? fixInt64MapKeys(nested, entry) : entry,
        ]),
      );
    } else if (nested) {
      record[field.name] = Array.isArray(item) ? item.map((entry) => fixInt64MapKeys(nested, entry)) : fixInt64MapKeys(nested, item);
    }
  }
  return value;
}
