// Reads one collection file (YAML, or JSON, which is YAML) against its schema and turns every
// syntax or schema error into a FileProblem that points at the offending node's line and column,
// so a user can jump straight to it in an editor.
import type { Document, Node } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { FileProblem } from '../../../shared/collection';

export type ParsedFile<T> = { ok: true; value: T; document: Document; lineCounter: LineCounter } | { ok: false; problems: FileProblem[] };

/** `path:line:column: message`, the way compilers print it (editors and terminals link it). */
export function formatFileProblem(problem: FileProblem): string {
  const location = problem.line === undefined ? '' : problem.column === undefined ? `:${problem.line}` : `:${problem.line}:${problem.column}`;
  return `${problem.path}${location}: ${problem.message}`;
}

/** Parses `text` and checks it against `schema`; `relativePath` only labels the problems. */
export function parseYamlFile<S extends z.ZodType>(text: string, relativePath: string, schema: S, fieldHints: Record<string, string> = {}): ParsedFile<z.infer<S>> {
  const lineCounter = new LineCounter();
  // prettyErrors off: its messages quote the source, which could print a secret.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({ path: relativePath, ...lineColumn(lineCounter, error.pos[0]), message: syntaxMessage(error.code, error.message) })),
    };
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // The parser accepts some documents toJS cannot build: an alias before its anchor, an alias bomb.
    return { ok: false, problems: [{ path: relativePath, line: 1, column: 1, message: `YAML cannot be read: ${(error as Error).message.replace(/\.$/, '')}. Define each &anchor before its *alias.` }] };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data, document, lineCounter };
  const problems = parsed.error.issues.map((issue): FileProblem => {
    const at = issueLocation(issue);
    return { path: relativePath, ...lineColumn(lineCounter, nodeOffset(document, at.path, at.target)), message: issueMessage(issue, raw, schema, fieldHints) };
  });
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { ok: false, problems };
}

/** The problem at a node of a document that did parse: for checks beyond the schema. */
export function problemAt(parsed: { document: Document; lineCounter: LineCounter }, relativePath: string, path: PropertyKey[], message: string): FileProblem {
  return { path: relativePath, ...lineColumn(parsed.lineCounter, nodeOffset(parsed.document, path, 'value')), message };
}

function lineColumn(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}

function syntaxMessage(code: string, message: string): string {
  const problem = message.replace(/\.$/, '');
  if (code === 'DUPLICATE_KEY') return `${problem}. Keep one of the duplicate keys.`;
  return `YAML syntax error: ${problem}. Check the indentation, quotes and brackets here.`;
}

type Target = 'value' | 'key';

function issueLocation(issue: z.core.$ZodIssue): { path: PropertyKey[]; target: Target } {
  if (issue.code === 'unrecognized_keys') return { path: [...issue.path, issue.keys[0] ?? ''], target: 'key' };
  if (issue.code === 'invalid_key') return { path: issue.path, target: 'key' };
  return { path: issue.path, target: 'value' };
}

/**
 * The start of the node at `path`, or of its nearest existing ancestor (a missing field points at
 * the mapping that lacks it). `key` targets the key of the last segment instead of its value.
 */
function nodeOffset(document: Document, path: PropertyKey[], target: Target): number {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(document);
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      // An empty value (`connection:`) has its range where the next line starts: show the key.
      const emptyValue = isScalar(pair.value) && pair.value.value === null && pair.value.source === '';
      if ((last && target === 'key') || !pair.value || emptyValue) return keyStart ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
    } else {
      break;
    }
    offset = rangeStart(node) ?? offset;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

function issueMessage(issue: z.core.$ZodIssue, raw: unknown, schema: z.ZodType, fieldHints: Record<string, string>): string {
  const label = pathLabel(issue.path);
  const prefix = label ? `${label}: ` : '';
  const last = issue.path[issue.path.length - 1];
  const hint = typeof last === 'string' ? fieldHints[last] : undefined;
  const withHint = (text: string) => sentence(hint ? `${sentence(text)} ${hint}` : text);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const fields = fieldsAt(schema, issue.path);
      const keys = issue.keys.map((key) => `"${key}"`).join(', ');
      return `${prefix}${sentence(`Unknown field ${keys}`)} Remove it or fix its spelling${fields ? `; the fields here are ${fields.join(', ')}` : ''}.`;
    }
    case 'invalid_key': {
      const key = String(last);
      const inner = issue.issues[0]?.message ?? 'not a valid key';
      return sentence(`${pathLabel(issue.path.slice(0, -1)) || 'Key'}: "${key}" is not a valid name. ${inner}`);
    }
    case 'invalid_type':
      if (valueAt(raw, issue.path) === undefined) {
        const parent = pathLabel(issue.path.slice(0, -1));
        return withHint(`${parent ? `${parent}: ` : ''}Missing field "${String(last ?? '')}"`);
      }
      if (issue.path.length === 0) return sentence(`The file must be a mapping of fields (key: value), not ${describe(raw)}`);
      return withHint(`${prefix}${issue.message.replace(/^Invalid input: /, '')}`);
    case 'invalid_union':
      return withHint(`${prefix}${describe(valueAt(raw, issue.path))} is not a valid value here`);
    default:
      // Custom messages of the schema already say how to fix it.
      return sentence(`${prefix}${issue.message.replace(/^Invalid input: /, '')}`);
  }
}

/** `capture[0].variable`, `headers.x-id`; empty for the root. */
function pathLabel(path: PropertyKey[]): string {
  return path.reduce<string>((label, segment) => (typeof segment === 'number' ? `${label}[${segment}]` : label ? `${label}.${String(segment)}` : String(segment)), '');
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

type SchemaDefinition = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType };

/** The field names the schema accepts at `path`, for "unknown field" messages; undefined if not an object. */
function fieldsAt(schema: z.ZodType, path: PropertyKey[]): string[] | undefined {
  let current: z.ZodType | undefined = schema;
  const definition = () => (current as unknown as { _zod: { def: SchemaDefinition } })._zod.def;
  const unwrap = () => {
    while (current && ['optional', 'default', 'nullable', 'prefault'].includes(definition().type)) current = definition().innerType;
  };
  for (const segment of path) {
    unwrap();
    if (!current) return undefined;
    const def = definition();
    current = def.type === 'object' ? def.shape?.[String(segment)] : def.type === 'array' ? def.element : def.type === 'record' ? def.valueType : undefined;
  }
  unwrap();
  if (!current) return undefined;
  const def = definition();
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}
