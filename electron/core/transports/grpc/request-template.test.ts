import { describe, expect, it } from 'vitest';
import { grpcTargetSchema } from '../../../../shared/connection';
import { loadProtoFiles, schemaFromFileDescriptors } from './proto-schema';
import { requestTemplate } from './request-template';

const defaults = grpcTargetSchema.parse({ kind: 'grpc', host: 'h', port: 1 }).loader;
const EVERY_KIND = 'electron/core/transports/grpc/test-protos/every-kind.proto';

function load(file: string, loader = defaults) {
  const loaded = loadProtoFiles([file], [], loader);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

/** The template for every field kind, camelCase as proto-loader's default keepCase:false. */
const EVERYTHING = {
  aDouble: 0,
  aFloat: 0,
  anInt32: 0,
  anInt64: '0',
  aUint32: 0,
  aUint64: '0',
  aSint32: 0,
  aSint64: '0',
  aFixed32: 0,
  aFixed64: '0',
  anSfixed32: 0,
  anSfixed64: '0',
  aBool: false,
  aString: '',
  someBytes: '',
  colour: 'COLOUR_UNSPECIFIED',
  inner: { label: '', colour: 'COLOUR_UNSPECIFIED' },
  tags: [''],
  inners: [{ label: '', colour: 'COLOUR_UNSPECIFIED' }],
  counts: { key: 0 },
  innerById: { '0': { label: '', colour: 'COLOUR_UNSPECIFIED' } },
  byName: '',
  nickname: '',
  createdAt: { seconds: '0', nanos: 0 },
  tree: { name: '', children: [], parent: {} },
};

describe('requestTemplate', () => {
  it('fills the fixture GetUser and CreateUsers requests', () => {
    const { root } = load('fixtures/nest/app/proto/users.proto');
    expect(requestTemplate(root, 'users.GetUserRequest')).toEqual({ id: 0 });
    expect(requestTemplate(root, 'users.CreateUsersReply')).toEqual({ users: [{ id: 0, name: '', email: '' }], count: 0 });
  });

  it('gives every field kind a typed default: enums by name, one repeated element, one map entry, the first oneof member, recursion cut', () => {
    expect(requestTemplate(load(EVERY_KIND).root, 'kinds.v1.Everything')).toEqual(EVERYTHING);
  });

  it('keeps the proto names with keepCase', () => {
    const template = requestTemplate(load(EVERY_KIND, { ...defaults, keepCase: true }).root, 'kinds.v1.Everything');
    expect(Object.keys(template).slice(0, 3)).toEqual(['a_double', 'a_float', 'an_int32']);
  });

  it('is the same from reflection descriptors, maps included, and the template serializes', () => {
    const fromFile = load(EVERY_KIND);
    const files = (fromFile.packageDefinition['kinds.v1.Everything'] as { fileDescriptorProtos: Uint8Array[] }).fileDescriptorProtos;
    const reflected = schemaFromFileDescriptors(files, defaults);
    expect(requestTemplate(reflected.root, 'kinds.v1.Everything')).toEqual(EVERYTHING);
    const method = (reflected.packageDefinition['kinds.v1.KindsService'] as Record<string, { requestSerialize(value: object): Buffer; requestDeserialize(bytes: Buffer): unknown }>).Everything!;
    const decoded = method.requestDeserialize(method.requestSerialize({ ...EVERYTHING, counts: { a: 2 }, anInt64: '9007199254740993' })) as Record<string, unknown>;
    expect(decoded.counts).toEqual({ a: 2 });
    expect(String(decoded.anInt64)).toBe('9007199254740993');
  });
});
