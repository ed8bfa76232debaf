// Edits a YAML file that already parses so that it holds a new value, touching only what changed:
// the text of every unchanged key stays byte for byte (its comments, quoting, key order, blank
// lines), so saving from the app gives a git diff of just the user's edit. Changed keys are
// rewritten in Patchbay's style (file-text.ts); a changed mapping written in block style is edited
// key by key the same way, so a comment next to one variable survives editing another.
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import { Document as YamlDocument, isCollection, isMap, isScalar } from 'yaml';
import { jsonEquals } from '../../../shared/json-path';

type Edit = { start: number; end: number; text: string };

/**
 * The file's text edited to hold `next`, or undefined when its shape does not allow an edit in
 * place (callers then write the canonical text). `previous` is the value the file holds now and
 * `fields` the canonical top-level fields of `next`, in their order (file-text.ts); keys of
 * `flowKeys` are written on one line. Callers check the result parses back to `next`.
 */
export function editYamlText(text: string, document: Document, previous: unknown, next: unknown, fields: Record<string, unknown>, flowKeys: string[]): string | undefined {
  const root = document.contents;
  if (!isMap(root) || root.flow || !isRecord(previous) || !isRecord(next)) return undefined;
  const edits: Edit[] = [];
  if (!editMap(text, root, previous, next, fields, flowKeys, edits)) return undefined;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return applyEdits(text, edits.map((edit) => ({ ...edit, text: edit.text.replace(/\n/g, newline) })));
}

/** Collects the edits that turn `map` (holding `previous`) into `fields`; false when a key is not plain text. */
function editMap(text: string, map: YAMLMap, previous: Record<string, unknown>, next: Record<string, unknown>, fields: Record<string, unknown>, flowKeys: string[], edits: Edit[]): boolean {
  const pairs = map.items as Pair<Node, Node | null>[];
  const firstKey = pairs[0]?.key;
  if (!pairs.every((pair) => isScalar(pair.key) && pair.key.range) || !firstKey?.range) return false;
  const indent = firstKey.range[0] - lineStart(text, firstKey.range[0]);
  const entries = new Map<string, { start: number; end: number }>();

  for (const pair of pairs) {
    const key = String((pair.key as { value: unknown }).value);
    const start = lineStart(text, pair.key.range?.[0] ?? 0);
    const end = entryEnd(text, pair);
    entries.set(key, { start, end });
    if (!Object.hasOwn(fields, key)) {
      if (!jsonEquals(previous[key], next[key])) edits.push({ start, end, text: '' });
      continue;
    }
    if (jsonEquals(previous[key], next[key])) continue;
    const value = pair.value;
    const field = fields[key];
    const nested = isMap(value) && !value.flow && isRecord(previous[key]) && isRecord(next[key]) && isRecord(field) && Object.keys(field).length > 0;
    if (nested && editMap(text, value, previous[key] as Record<string, unknown>, next[key] as Record<string, unknown>, field as Record<string, unknown>, [], edits)) continue;
    // A collection written on one line stays on one line, with the spacing it had: [a, b] or [ a, b ].
    const flow = isCollection(value) && value.flow === true ? { padding: /^[[{] /.test(text.slice(value.range?.[0] ?? 0)) } : flowKeys.includes(key) ? { padding: true } : undefined;
    edits.push({ start, end, text: pairText(key, field, flow, indent) });
  }

  // New keys go after the nearest key before them in canonical order, else before the first key.
  const order = Object.keys(fields);
  for (const [index, key] of order.entries()) {
    if (entries.has(key)) continue;
    const before = order.slice(0, index).reverse().find((name) => entries.has(name));
    const at = before === undefined ? lineStart(text, firstKey.range[0]) : (entries.get(before)?.end ?? text.length);
    const separator = at === text.length && text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    edits.push({ start: at, end: at, text: `${separator}${pairText(key, fields[key], flowKeys.includes(key) ? { padding: true } : undefined, indent)}` });
  }
  return true;
}

/** One `key: value` entry in Patchbay's style, indented to sit among its siblings; `flow` puts a collection on one line. */
function pairText(key: string, value: unknown, flow: { padding: boolean } | undefined, indent: number): string {
  const document = new YamlDocument({ [key]: value });
  const node = document.get(key, true);
  if (flow && isCollection(node)) node.flow = true;
  const text = document.toString({ indent: 2, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: flow?.padding ?? true });
  const padding = ' '.repeat(indent);
  return indent === 0 ? text : text.replace(/^(?=.)/gm, padding);
}

/** Where a key's entry ends: after its value's last line (a trailing comment on that line included). */
function entryEnd(text: string, pair: Pair<Node, Node | null>): number {
  const end = pair.value?.range?.[1] ?? pair.key.range?.[1] ?? 0;
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline + 1;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Edits never overlap; at one offset an insertion goes before a replacement that starts there. */
function applyEdits(text: string, edits: Edit[]): string {
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.start - b.edit.start || Number(a.edit.end > a.edit.start) - Number(b.edit.end > b.edit.start) || a.index - b.index);
  let result = '';
  let cursor = 0;
  for (const { edit } of sorted) {
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
