// A body as a collapsible JSON tree with search: matches are highlighted and their parents opened;
// every node copies its path (data.items[0].id, as mock rules and assertions read it) or its value.
import { memo, useCallback, useMemo, useState } from 'react';
import { CopyIcon } from '../../ui/icons';
import { copyableValue, flattenJsonTree, initiallyExpanded, MAX_TREE_ROWS, pathsToReveal, previewValue, type JsonTreeRow } from './json-tree';

export function JsonTreeView({ value, onCopy }: { value: unknown; onCopy: (what: string, text: string) => void }) {
  const [expanded, setExpanded] = useState(() => initiallyExpanded(value));
  const [query, setQuery] = useState('');
  const rows = useMemo(() => flattenJsonTree(value, expanded, query), [value, expanded, query]);
  const matchCount = rows.filter((row) => row.matched).length;

  // A search opens the way to its matches; they stay open after it, like any node the user opened.
  const search = (text: string) => {
    setQuery(text);
    const reveal = pathsToReveal(value, text);
    if (reveal.size > 0) setExpanded((current) => new Set([...current, ...reveal]));
  };

  const toggle = useCallback(
    (path: string) =>
      setExpanded((current) => {
        const next = new Set(current);
        if (!next.delete(path)) next.add(path);
        return next;
      }),
    [],
  );

  return (
    <div className="json-tree">
      <div className="json-tree__search">
        <input className="input input--sm" type="search" aria-label="Search body" placeholder="Search keys and values" value={query} onChange={(event) => search(event.target.value)} spellCheck={false} />
        {query.trim() !== '' && (
          <span className="json-tree__matches" role="status">
            {matchCount === 1 ? '1 match' : `${matchCount} matches`}
          </span>
        )}
      </div>
      <div className="json-tree__rows" role="tree" aria-label="Body tree">
        {rows.map((row) => (
          <JsonTreeRowView key={row.path} row={row} query={query} onToggle={toggle} onCopy={onCopy} />
        ))}
        {rows.length >= MAX_TREE_ROWS && <p className="field__hint">Only the first {MAX_TREE_ROWS.toLocaleString('en-US')} nodes are shown: the Raw tab has the whole body.</p>}
      </div>
    </div>
  );
}

const JsonTreeRowView = memo(function JsonTreeRowView({ row, query, onToggle, onCopy }: { row: JsonTreeRow; query: string; onToggle: (path: string) => void; onCopy: (what: string, text: string) => void }) {
  const path = row.path === '' ? '(root)' : row.path;
  return (
    <div role="treeitem" aria-level={row.depth + 1} aria-expanded={row.expandable ? row.expanded : undefined} aria-selected={false} aria-label={path} className={`json-tree__row${row.matched ? ' json-tree__row--match' : ''}`} style={{ paddingLeft: 6 + row.depth * 14 }}>
      {row.expandable ? (
        <button type="button" className="json-tree__toggle" aria-label={row.expanded ? `Collapse ${path}` : `Expand ${path}`} onClick={() => onToggle(row.path)}>
          <span className={`json-tree__chevron${row.expanded ? ' json-tree__chevron--open' : ''}`} aria-hidden="true" />
        </button>
      ) : (
        <span className="json-tree__toggle" aria-hidden="true" />
      )}
      {row.label !== undefined && (
        <span className={row.label.startsWith('[') ? 'json-tree__index' : 'json-tree__key'}>
          <Highlight text={row.label} query={query} />
        </span>
      )}
      {row.label !== undefined && <span className="json-tree__colon">:</span>}
      <span className={`json-tree__value json-tree__value--${kindOf(row.value)}`}>{row.expandable && row.expanded ? (Array.isArray(row.value) ? '[' : '{') : <Highlight text={previewValue(row.value)} query={row.expandable ? '' : query} />}</span>
      <span className="json-tree__tools">
        <button type="button" className="json-tree__tool" title={`Copy path ${path}`} onClick={() => onCopy('path', row.path)} disabled={row.path === ''}>
          <CopyIcon size={12} /> Copy path
        </button>
        <button type="button" className="json-tree__tool" title="Copy value" onClick={() => onCopy('value', copyableValue(row.value))}>
          <CopyIcon size={12} /> Copy value
        </button>
      </span>
    </div>
  );
});

const kindOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** The text with every case-insensitive occurrence of `query` marked. */
function Highlight({ text, query }: { text: string; query: string }) {
  const needle = query.trim().toLowerCase();
  if (needle === '') return <>{text}</>;
  const parts: (string | { match: string })[] = [];
  const lower = text.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push({ match: text.slice(at, at + needle.length) });
    from = at + needle.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return <>{parts.map((part, index) => (typeof part === 'string' ? part : <mark key={index}>{part.match}</mark>))}</>;
}
