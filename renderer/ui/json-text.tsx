// Read-only JSON text with light syntax colouring. Built from text nodes only: a payload is never
// interpreted as HTML, whatever it contains.
import { memo, type ReactNode } from 'react';

/** Beyond this, colouring costs more than it helps; the text is shown plain. */
const MAX_COLOURED_CHARS = 100_000;

const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false)\b|\b(null)\b/g;

function colourJson(text: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const index = match.index;
    if (index > last) nodes.push(text.slice(last, index));
    const [whole, string, colon, number, boolean, nullWord] = match;
    const key = nodes.length;
    if (string !== undefined && colon !== undefined) {
      nodes.push(<span key={key} className="tok-key">{string}</span>, colon);
    } else if (string !== undefined) {
      nodes.push(<span key={key} className="tok-string">{string}</span>);
    } else if (number !== undefined) {
      nodes.push(<span key={key} className="tok-number">{number}</span>);
    } else if (boolean !== undefined) {
      nodes.push(<span key={key} className="tok-bool">{boolean}</span>);
    } else if (nullWord !== undefined) {
      nodes.push(<span key={key} className="tok-null">{nullWord}</span>);
    }
    last = index + whole.length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

interface JsonTextProps {
  text: string;
  /** Accessible name, e.g. `Value` or `Part 2`. */
  label: string;
  tone?: 'default' | 'error';
}

/** A focusable, scrollable, read-only block of JSON text. */
export const JsonText = memo(function JsonText({ text, label, tone = 'default' }: JsonTextProps) {
  return (
    <pre className={`json-text${tone === 'error' ? ' json-text--error' : ''}`} role="textbox" aria-readonly="true" aria-multiline="true" aria-label={label} tabIndex={0}>
      {text.length <= MAX_COLOURED_CHARS ? colourJson(text) : text}
    </pre>
  );
});
