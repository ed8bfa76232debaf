// A request message to start from: every field with a typed default, the way the loaded schema
// accepts it (proto3 JSON style: 64-bit integers as strings, bytes as base64, enums by name).
import protobuf from 'protobufjs';

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const NUMBER_TYPES = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);

/** Pure: the same schema and type always give the same template. */
export function requestTemplate(root: protobuf.Root, typeName: string): Record<string, unknown> {
  return messageTemplate(root.lookupType(typeName), []);
}

function messageTemplate(type: protobuf.Type, path: string[]): Record<string, unknown> {
  const template: Record<string, unknown> = {};
  const inPath = [...path, type.fullName];
  for (const field of [...type.fieldsArray].sort((a, b) => a.id - b.id)) {
    field.resolve();
    // A oneof holds one member: show its first (proto3 `optional` fields are one-member oneofs).
    if (field.partOf && field.partOf.oneof[0] !== field.name) continue;
    if (field instanceof protobuf.MapField) {
      template[field.name] = { [mapKeyExample(field.keyType)]: valueTemplate(field, inPath) };
    } else if (field.repeated) {
      const element = valueTemplate(field, inPath);
      template[field.name] = element === undefined ? [] : [element];
    } else {
      template[field.name] = valueTemplate(field, inPath) ?? {};
    }
  }
  return template;
}

/** One value of the field's type; undefined for a message already being expanded (recursion). */
function valueTemplate(field: protobuf.Field, path: string[]): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return Object.keys(resolved.values)[0] ?? 0;
  if (resolved instanceof protobuf.Type) return path.includes(resolved.fullName) ? undefined : messageTemplate(resolved, path);
  if (LONG_TYPES.has(field.type)) return '0';
  if (NUMBER_TYPES.has(field.type)) return 0;
  if (field.type === 'bool') return false;
  return ''; // string, and bytes as empty base64
}

function mapKeyExample(keyType: string): string {
  if (keyType === 'string') return 'key';
  if (keyType === 'bool') return 'true';
  return '0';
}
