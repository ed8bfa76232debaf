// Why a set of .proto files did not load, said as a compiler would: the file, line and column,
// and what to change. proto-loader's own errors name none of that: a syntax error carries a line
// but not the file (it may be an imported one), a missing import is a bare ENOENT on a guessed
// path, and an unexpected end of file is a TypeError from inside protobufjs. So on failure the
// files are read again and each question is answered directly.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import protobuf from 'protobufjs';

/** Reads a file's text, or undefined when there is no such file. Injected by tests. */
export type ReadProtoText = (path: string) => string | undefined;

const readFromDisk: ReadProtoText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Where include dirs are given, in both places a user gives them. */
const INCLUDE_DIRS_SETTING = '"Include directories" in the connection form, import=DIR in a target URL';

type ProtoImport = { path: string; line: number; column: number };

/**
 * One message for a load failure of `protoFiles` (as the user wrote them). `cwd` is where relative
 * paths start, as path.resolve reads them.
 */
export function explainProtoLoadError(error: unknown, protoFiles: string[], includeDirs: string[], readText: ReadProtoText = readFromDisk, cwd = process.cwd()): string {
  const reason = error instanceof Error ? error.message : String(error);
  for (const file of protoFiles) {
    const path = resolve(cwd, file);
    if (readText(path) !== undefined) continue;
    const where = isAbsolute(file) ? '' : ` (looked for ${path}: a relative path starts at ${cwd})`;
    return `The proto file ${file} does not exist${where}. Check the path, or give an absolute one.`;
  }

  // Every file the load reads, in the order protobufjs reads them, with its text.
  const files = new Map<string, string>();
  const queue = protoFiles.map((file) => resolve(cwd, file));
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (files.has(path)) continue;
    const text = readText(path);
    if (text === undefined) continue;
    files.set(path, text);
    for (const imported of importsOf(text)) {
      // protobufjs bundles google/protobuf/*.proto (well-known types): no file to find.
      if (imported.path.startsWith('google/protobuf/')) continue;
      const found = resolveImport(imported.path, path, includeDirs, readText);
      if (found) {
        queue.push(found);
        continue;
      }
      const searched = [...includeDirs.map((dir) => `${resolve(cwd, dir)} (include dir)`), `${dirname(path)} (the importing file's folder)`];
      return (
        `${path}:${imported.line}:${imported.column}: import "${imported.path}" cannot be found. Searched ${searched.join(', ')}. ` +
        `Add the folder that holds ${imported.path} as an include dir (${INCLUDE_DIRS_SETTING}).`
      );
    }
  }

  for (const [path, text] of files) {
    const syntax = syntaxErrorOf(path, text);
    if (syntax) return syntax;
  }

  // Resolution errors name the type but not where it is used: find the first use.
  const unknownType = /no such (?:Type or Enum|type) '?([\w.]+)'?(?: in (?:Type )?\.?([\w.]+))?/.exec(reason);
  if (unknownType) {
    const [, typeName, inType] = unknownType;
    const use = firstUse(files, typeName!.replace(/^\./, ''));
    return (
      `${use ? `${use}: ` : ''}unknown type "${typeName}"${inType ? ` in ${inType}` : ''}. ` +
      `Check its spelling, or import the .proto that defines it (and add that file's folder as an include dir: ${INCLUDE_DIRS_SETTING}).`
    );
  }
  return `Cannot load ${protoFiles.join(', ')}: ${reason}. Fix the .proto file; protoc would refuse it too.`;
}

/** `import "a/b.proto";` statements (also `import public` and `import weak`), comments skipped. */
function importsOf(text: string): ProtoImport[] {
  const imports: ProtoImport[] = [];
  const code = blankComments(text);
  for (const match of code.matchAll(/\bimport\s+(?:(?:public|weak)\s+)?(["'])([^"']+)\1\s*;/g)) {
    const offset = match.index + match[0].indexOf(match[1]!);
    imports.push({ path: match[2]!, ...positionOf(text, offset) });
  }
  return imports;
}

/** As proto-loader resolves an import: the include dirs in order, then the importing file's folder. */
function resolveImport(imported: string, importingFile: string, includeDirs: string[], readText: ReadProtoText): string | undefined {
  if (isAbsolute(imported)) return readText(imported) !== undefined ? imported : undefined;
  for (const candidate of [...includeDirs.map((dir) => join(resolve(dir), imported)), join(dirname(importingFile), imported)]) {
    if (readText(candidate) !== undefined) return candidate;
  }
  return undefined;
}

/** protobufjs' syntax error for one file, as file:line:column and the offending token. */
function syntaxErrorOf(path: string, text: string): string | undefined {
  try {
    protobuf.parse(text, new protobuf.Root(), { keepCase: true });
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // "illegal token 'int32', ';' expected (line 6)", "illegal name 'x' (line 3)", "illegal string (line 2)"
    const illegal = /^illegal (.*?) \((?:.*?, )?line (\d+)\)$/.exec(message);
    if (!illegal) {
      // protobufjs 7 fails with a TypeError when the text ends inside a definition.
      const lines = text.replace(/\s+$/, '').split('\n');
      return `${path}:${lines.length}:${(lines.at(-1) ?? '').length + 1}: syntax error: the file ends inside a definition. Close every { with a }, and end each statement with a ;.`;
    }
    const [, detail, lineText] = illegal;
    const line = Number(lineText);
    const token = /'([^']*)'/.exec(detail!)?.[1];
    const expected = /, '([^']*)' expected$/.exec(detail!)?.[1];
    const column = columnOf(text.split('\n')[line - 1] ?? '', token);
    const what = token === undefined ? `illegal ${detail}` : `unexpected '${token}'${expected ? `, expected '${expected}'` : ''}`;
    const hint = expected === ';' && column <= firstCodeColumn(text.split('\n')[line - 1] ?? '') ? ' The statement before it may lack its ;.' : '';
    return `${path}:${line}:${column}: syntax error: ${what}.${hint} Fix the .proto file.`;
  }
}

/** Where `token` is in `lineText` (1-based); the first code column when it cannot be found. */
function columnOf(lineText: string, token: string | undefined): number {
  if (token) {
    const word = /^\w+$/.test(token) ? new RegExp(`\\b${token}\\b`).exec(lineText) : undefined;
    const index = word ? word.index : lineText.indexOf(token);
    if (index >= 0) return index + 1;
  }
  return firstCodeColumn(lineText);
}

const firstCodeColumn = (lineText: string) => lineText.length - lineText.trimStart().length + 1;

/** file:line:column of the first use of a type name (its last part, as written in a field). */
function firstUse(files: Map<string, string>, typeName: string): string | undefined {
  const pattern = new RegExp(`(?<![\\w.])${typeName.replace(/\./g, '\\.')}\\b`);
  for (const [path, text] of files) {
    const match = pattern.exec(blankComments(text));
    if (match) {
      const { line, column } = positionOf(text, match.index);
      return `${path}:${line}:${column}`;
    }
  }
  return undefined;
}

/** Comments replaced by spaces, so offsets (and line numbers) stay those of the original text. */
function blankComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (match) => (match.startsWith('/') ? match.replace(/[^\n]/g, ' ') : match));
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
