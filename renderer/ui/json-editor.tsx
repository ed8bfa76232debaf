// The app's JSON editor: CodeMirror with JSON highlighting and lint marks, themed from the app's
// CSS variables so it follows light and dark with the rest of the screen. The payload editor and
// the mock rules editors are this one with their own name, description and validity.
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter } from '@codemirror/lint';
import { tags } from '@lezer/highlight';
import CodeMirror, { EditorView, type Extension, type ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { forwardRef, useMemo } from 'react';

const editorTheme = EditorView.theme({
  '&': { height: '100%', fontSize: 'var(--font-size-code)', backgroundColor: 'transparent', color: 'var(--text)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.6', overflow: 'auto' },
  '.cm-content': { padding: '10px 0', caretColor: 'var(--accent)' },
  '.cm-line': { padding: '0 12px 0 6px' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection) !important' },
  '.cm-gutters': { backgroundColor: 'transparent', color: 'var(--text-3)', border: 'none', paddingLeft: '4px' },
  '.cm-lineNumbers .cm-gutterElement': { minWidth: '28px', padding: '0 6px 0 0' },
  // Cursor-line and bracket marks only while editing: at rest the payload reads as plain text.
  '.cm-activeLineGutter': { backgroundColor: 'transparent' },
  '&.cm-focused .cm-activeLineGutter': { color: 'var(--text-2)' },
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '&.cm-focused .cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-matchingBracket': { backgroundColor: 'transparent', color: 'inherit' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--accent-soft)', outline: '1px solid var(--accent-border)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--surface-2)', border: '1px solid var(--border)', color: 'var(--text-2)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface-raised)', border: '1px solid var(--border-strong)', borderRadius: '6px', boxShadow: 'var(--shadow-md)', color: 'var(--text)' },
  '.cm-tooltip-lint': { padding: '2px' },
  '.cm-diagnostic': { fontFamily: 'var(--font-sans)', fontSize: '12px', padding: '4px 8px' },
  '.cm-diagnostic-error': { borderLeft: '3px solid var(--red)' },
  '.cm-lint-marker': { width: '0.9em', height: '0.9em' },
  '.cm-gutter-lint': { width: '1em' },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--text)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  '.cm-searchMatch': { backgroundColor: 'var(--search-match)' },
});

const highlightStyle = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--syntax-key)' },
  { tag: tags.string, color: 'var(--syntax-string)' },
  { tag: tags.number, color: 'var(--syntax-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--syntax-literal)' },
  { tag: [tags.brace, tags.squareBracket, tags.separator, tags.punctuation], color: 'var(--syntax-punctuation)' },
]);

interface JsonEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** The editor's accessible name. */
  label: string;
  /** Id of the element that says what is wrong with the text, or what to do with it. */
  describedBy: string;
  /** Whether the text is marked invalid; leave it out when `extensions` set aria-invalid themselves. */
  invalid?: boolean;
  /** More extensions, after the shared ones; keep them stable (memoized), or the editor is reconfigured on every render. */
  extensions?: readonly Extension[];
}

const basicSetup = { highlightActiveLine: true, highlightActiveLineGutter: true, autocompletion: false, foldGutter: true, searchKeymap: true, closeBrackets: true, bracketMatching: true, indentOnInput: true };

export const JsonEditor = forwardRef<ReactCodeMirrorRef, JsonEditorProps>(function JsonEditor({ value, onChange, label, describedBy, invalid, extensions: more }, ref) {
  const extensions = useMemo<Extension[]>(
    () => [
      json(),
      linter(jsonParseLinter(), { delay: 250 }),
      lintGutter(),
      editorTheme,
      syntaxHighlighting(highlightStyle),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label, 'aria-describedby': describedBy, ...(invalid === undefined ? {} : { 'aria-invalid': invalid ? 'true' : 'false' }) }),
      ...(more ?? []),
    ],
    [label, describedBy, invalid, more],
  );
  return <CodeMirror ref={ref} className="payload-editor" value={value} onChange={onChange} theme="none" height="100%" extensions={extensions} basicSetup={basicSetup} />;
});
