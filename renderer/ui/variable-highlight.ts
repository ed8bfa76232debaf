// `{{variables}}` in editors: each one marked by what it resolves to (a value, a secret, a dynamic
// value, or nothing), with its value and source on hover. The CodeMirror extension is here; the
// one-line input with the same marks is variable-input.tsx.
import '../styles/runs-history.css';
import { Decoration, hoverTooltip, MatchDecorator, ViewPlugin, type DecorationSet, type EditorView, type Extension, type ViewUpdate } from '@uiw/react-codemirror';

export type VariableTone = 'resolved' | 'secret' | 'missing' | 'dynamic';
/** What `{{name}}` stands for now: the hover text ("name = value · source") and how to mark it. */
export type VariableLookup = (name: string) => { text: string; tone: VariableTone };

/** The placeholder syntax of shared/placeholders.ts: `{{ name }}`, spaces allowed inside the braces. */
const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

export type VariableSpan = { from: number; to: number; name: string };

/** Every `{{name}}` in `text`, with its offsets (the braces included). */
export function findVariables(text: string): VariableSpan[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => ({ from: match.index, to: match.index + match[0].length, name: match[1] ?? '' }));
}

export const variableClassName = (tone: VariableTone | undefined) => (tone ? `pb-var pb-var--${tone}` : 'pb-var');

/** The hover card's content, shared by the editor and the input so both read the same. */
export function variableTooltipContent(name: string, lookup: VariableLookup): HTMLElement {
  const { text, tone } = lookup(name);
  const dom = document.createElement('div');
  dom.className = `pb-var-tooltip pb-var-tooltip--${tone}`;
  dom.setAttribute('role', 'tooltip');
  dom.textContent = text;
  return dom;
}

export function variableHighlighting(lookup: VariableLookup): Extension {
  const decorator = new MatchDecorator({
    regexp: PLACEHOLDER,
    decoration: (match) => Decoration.mark({ class: variableClassName(lookup(match[1] ?? '').tone) }),
  });
  const marks = ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      constructor(view: EditorView) {
        this.decorations = decorator.createDeco(view);
      }
      update(update: ViewUpdate) {
        this.decorations = decorator.updateDeco(update, this.decorations);
      }
    },
    { decorations: (plugin) => plugin.decorations },
  );
  const hover = hoverTooltip((view, pos, side) => {
    const line = view.state.doc.lineAt(pos);
    // `side` says which character the pointer is on at a boundary: before `pos` (-1) or after it (1).
    const inside = (found: VariableSpan) => {
      const from = line.from + found.from;
      const to = line.from + found.to;
      return (pos > from || (pos === from && side > 0)) && (pos < to || (pos === to && side < 0));
    };
    const span = findVariables(line.text).find(inside);
    if (!span) return null;
    return { pos: line.from + span.from, end: line.from + span.to, above: true, create: () => ({ dom: variableTooltipContent(span.name, lookup) }) };
  });
  return [marks, hover];
}
