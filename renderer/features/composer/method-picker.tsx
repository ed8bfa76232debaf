// The Pattern field of a gRPC connection: a searchable list of the methods the service offers
// (from `connection.describe`), each with its streaming kind. Picking one fills the payload.
import { useId, useMemo, useRef, useState } from 'react';
import type { DescribedMethod, StreamingKind } from '../../../shared/description';
import { streamingKindOf } from '../../../shared/description';
import type { CatalogueState } from '../../store/catalogue-slice';
import { methodsOf } from '../../store/catalogue-slice';
import { useAppStore } from '../../store/store-context';

export const streamingLabels: Record<StreamingKind, string> = { unary: 'unary', 'server-stream': 'server stream', 'client-stream': 'client stream', bidi: 'bidi' };

const shortType = (typeName: string) => typeName.slice(typeName.lastIndexOf('.') + 1);

export function MethodPicker({ catalogue, describedBy, invalid }: { catalogue: CatalogueState | undefined; describedBy?: string; invalid: boolean }) {
  const patternText = useAppStore((s) => s.patternText);
  const setPatternText = useAppStore((s) => s.setPatternText);
  const pickMethod = useAppStore((s) => s.pickMethod);
  const id = useId();
  const listId = `${id}-list`;
  const [open, setOpen] = useState(false);
  // What the list is filtered by: the typed text, or nothing right after opening.
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);

  const methods = useMemo(() => methodsOf(catalogue), [catalogue]);
  const shown = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return methods.filter((method) => words.every((word) => method.name.toLowerCase().includes(word)));
  }, [methods, query]);
  const picked = methods.find((method) => method.name === patternText.trim());
  const active = open ? shown[Math.min(activeIndex, shown.length - 1)] : undefined;
  const optionId = (index: number) => `${id}-option-${index}`;

  const openList = (nextQuery: string) => {
    setQuery(nextQuery);
    const index = nextQuery === '' && picked ? methods.indexOf(picked) : 0;
    setActiveIndex(Math.max(index, 0));
    setOpen(true);
  };
  const choose = (method: DescribedMethod) => {
    pickMethod(method.name);
    setOpen(false);
  };
  const placeholder = catalogue?.status === 'loading' ? 'Loading methods…' : methods.length > 0 ? 'Search methods, e.g. users.UsersService/GetUser' : 'package.Service/Method';

  return (
    <div className="method-picker">
      <label className="caption" htmlFor={`${id}-input`}>
        Method
      </label>
      <div className={`pattern-input${invalid ? ' pattern-input--invalid' : ''}`}>
        <input
          ref={inputRef}
          id={`${id}-input`}
          className="pattern-input__field"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active ? optionId(shown.indexOf(active)) : undefined}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={describedBy}
          value={patternText}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => {
            setPatternText(event.target.value);
            openList(event.target.value);
          }}
          onClick={() => !open && openList('')}
          onBlur={() => setOpen(false)}
          onKeyDown={(event) => {
            if (event.ctrlKey || event.metaKey || event.altKey) return;
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              if (!open) return openList('');
              const step = event.key === 'ArrowDown' ? 1 : -1;
              setActiveIndex((index) => (shown.length === 0 ? 0 : (Math.min(index, shown.length - 1) + step + shown.length) % shown.length));
            } else if (event.key === 'Enter' && open && active) {
              event.preventDefault();
              choose(active);
            } else if (event.key === 'Escape' && open) {
              event.preventDefault();
              setOpen(false);
            }
          }}
        />
        {picked && (
          <span className={`stream-badge stream-badge--${streamingKindOf(picked)}`} title={`${shortType(picked.requestType)} → ${shortType(picked.responseType)}`}>
            {streamingLabels[streamingKindOf(picked)]}
          </span>
        )}
        <button
          type="button"
          className="method-picker__toggle"
          tabIndex={-1}
          aria-label="Show methods"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            if (open) setOpen(false);
            else openList('');
            inputRef.current?.focus();
          }}
        >
          <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
            <path d="M3 4.5 6 7.5 9 4.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </button>
      </div>
      {open && (
        <ul className="method-picker__list" id={listId} role="listbox" aria-label="Methods">
          {shown.length === 0 ? (
            <li className="method-picker__empty" role="presentation">
              {catalogue?.status === 'loading' ? 'Loading methods…' : catalogue?.status === 'failed' ? 'Methods could not be listed' : methods.length === 0 ? 'The service offers no methods' : 'No method matches'}
            </li>
          ) : (
            shown.map((method, index) => {
              const kind = streamingKindOf(method);
              return (
                <li
                  key={method.name}
                  id={optionId(index)}
                  role="option"
                  aria-label={`${method.name}, ${streamingLabels[kind]}`}
                  aria-selected={method === active}
                  className={`method-option${method === active ? ' method-option--active' : ''}`}
                  onMouseDown={(event) => event.preventDefault()}
                  onMouseMove={() => index !== activeIndex && setActiveIndex(index)}
                  onClick={() => choose(method)}
                >
                  <span className="method-option__name mono">{method.name}</span>
                  <span className="method-option__types mono">
                    {shortType(method.requestType)} → {shortType(method.responseType)}
                  </span>
                  <span className={`stream-badge stream-badge--${kind}`}>{streamingLabels[kind]}</span>
                </li>
              );
            })
          )}
        </ul>
      )}
    </div>
  );
}
