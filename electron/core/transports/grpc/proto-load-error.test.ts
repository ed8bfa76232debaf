// Proto files that do not load, through loadProtoFiles as a connection loads them: each message
// names the file, line and column, and what to change.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { protoLoaderOptionsSchema } from '../../../../shared/connection';
import { explainProtoLoadError } from './proto-load-error';
import { loadProtoFiles } from './proto-schema';

const loader = protoLoaderOptionsSchema.parse({});

const root = mkdtempSync(join(tmpdir(), 'patchbay-protos-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
function write(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}
const failureOf = (files: string[], includeDirs: string[] = []) => {
  const loaded = loadProtoFiles(files.map((file) => join(root, file)), includeDirs.map((dir) => join(root, dir)), loader);
  return loaded.ok ? 'loaded' : loaded.error.message;
};

write({
  'syntax.proto': 'syntax = "proto3";\npackage bad;\n\nmessage A {\n  string name = 1\n  int32 id = 2;\n}\n',
  'no-semicolon.proto': 'syntax = "proto3"\npackage bad;\n',
  'unclosed.proto': 'syntax = "proto3";\npackage bad;\nmessage A {\n  string name = 1;\n',
  'bad-field.proto': 'syntax = "proto3";\npackage bad;\nmessage A {\n  string name = one;\n}\n',
  'unknown-type.proto': 'syntax = "proto3";\npackage u;\n// strin is not a type\nmessage A {\n  strin name = 1;\n}\n',
  'imports-missing.proto': 'syntax = "proto3";\npackage imp;\n// import "commented/out.proto";\nimport "common/missing.proto";\nmessage A { string name = 1; }\n',
  'imports-broken.proto': 'syntax = "proto3";\npackage imp;\nimport "syntax.proto";\nmessage B { string n = 1; }\n',
  'main/uses-shared.proto': 'syntax = "proto3";\npackage m;\nimport "shared/types.proto";\nimport "google/protobuf/empty.proto";\nmessage M { shared.T t = 1; }\n',
  'lib/shared/types.proto': 'syntax = "proto3";\npackage shared;\nmessage T { string v = 1; }\n',
});

describe('explainProtoLoadError', () => {
  it('names a proto file that does not exist, and where a relative path was looked for', () => {
    expect(explainProtoLoadError(new Error('ENOENT'), ['/nowhere/users.proto'], [], () => undefined)).toBe('The proto file /nowhere/users.proto does not exist. Check the path, or give an absolute one.');
    expect(explainProtoLoadError(new Error('ENOENT'), ['protos/users.proto'], [], () => undefined, '/work')).toBe(
      'The proto file protos/users.proto does not exist (looked for /work/protos/users.proto: a relative path starts at /work). Check the path, or give an absolute one.',
    );
  });

  it('gives file, line, column and the offending token of a syntax error', () => {
    expect(failureOf(['syntax.proto'])).toBe(`${root}/syntax.proto:6:3: syntax error: unexpected 'int32', expected ';'. The statement before it may lack its ;. Fix the .proto file.`);
    expect(failureOf(['no-semicolon.proto'])).toBe(`${root}/no-semicolon.proto:2:1: syntax error: unexpected 'package', expected ';'. The statement before it may lack its ;. Fix the .proto file.`);
    expect(failureOf(['bad-field.proto'])).toBe(`${root}/bad-field.proto:4:17: syntax error: unexpected 'one'. Fix the .proto file.`);
  });

  it('says where a file ends inside a definition', () => {
    expect(failureOf(['unclosed.proto'])).toBe(`${root}/unclosed.proto:4:19: syntax error: the file ends inside a definition. Close every { with a }, and end each statement with a ;.`);
  });

  it('finds a syntax error in an imported file, not only in the one given', () => {
    expect(failureOf(['imports-broken.proto'])).toBe(`${root}/syntax.proto:6:3: syntax error: unexpected 'int32', expected ';'. The statement before it may lack its ;. Fix the .proto file.`);
  });

  it('names an import that cannot be found and every folder searched for it', () => {
    expect(failureOf(['imports-missing.proto'], ['lib'])).toBe(
      `${root}/imports-missing.proto:4:8: import "common/missing.proto" cannot be found. Searched ${root}/lib (include dir), ${root} (the importing file's folder). ` +
        'Add the folder that holds common/missing.proto as an include dir ("Include directories" in the connection form, import=DIR in a target URL).',
    );
  });

  it('loads imports found in an include dir, and the bundled well-known types', () => {
    expect(failureOf(['main/uses-shared.proto'], ['lib'])).toBe('loaded');
  });

  it('says where an unknown type is used', () => {
    expect(failureOf(['unknown-type.proto'])).toBe(
      `${root}/unknown-type.proto:5:3: unknown type "strin" in u.A. Check its spelling, or import the .proto that defines it (and add that file's folder as an include dir: "Include directories" in the connection form, import=DIR in a target URL).`,
    );
  });
});
