// A one-line text input that marks its `{{variables}}` the way the editors do (variable-highlight.ts),
// with the same hover card. The input stays a real <input> (caret, selection, undo, autofill all
// native) with transparent text; a copy of the text with the marks is drawn over it, ignoring the
// pointer, and scrolled in step with it.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type InputHTMLAttributes, type ReactNode } from 'react';
import { findVariables, variableClassName, type VariableLookup, type VariableSpan } from './variable-highlight';

type VariableInputProps = {
  value: string;
  onValueChange(value: string): void;
  /** Without one, variables are marked but have no hover card (while values load, say). */
  lookup?: VariableLookup;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>;

/** What the overlay copies from the input so every glyph lands on the same pixel, whatever class styles the input. */
const MIRRORED = [
  'fontFamily',
  'fontSize',
  'fontWeight',
  'fontStyle',
  'fontFeatureSettings',
  'fontVariantNumeric',
  'letterSpacing',
  'wordSpacing',
  'textIndent',
  'textAlign',
  'paddingLeft',
  'paddingRight',
  'paddingTop',
  'paddingBottom',
  'borderLeftWidth',
  'borderRightWidth',
  'borderTopWidth',
  'borderBottomWidth',
] as const;

/** The card's place in the window: fixed, so panels that scroll or clip (most of them) cannot cut it off. */
type Shown = { span: VariableSpan; left: number; top?: number; bottom?: number };

/** Room the card needs under the input before it goes above instead. */
const CARD_ROOM_PX = 64;

export function VariableInput({ value, onValueChange, lookup, className, onScroll, onSelect, onKeyUp, onBlur, onMouseMove, onMouseLeave, ...rest }: VariableInputProps) {
  const tooltipId = useId();
  const wrapperRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  const [mirror, setMirror] = useState<CSSProperties>({});
  const [hovered, setHovered] = useState<Shown>();
  const [atCaret, setAtCaret] = useState<Shown>();
  const spans = useMemo(() => findVariables(value), [value]);

  useLayoutEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    const computed = getComputedStyle(input);
    const copied: Record<string, string> = {};
    for (const property of MIRRORED) copied[property] = computed[property];
    setMirror(copied as CSSProperties);
  }, [className]);

  const syncScroll = () => {
    if (overlayRef.current && inputRef.current) overlayRef.current.scrollLeft = inputRef.current.scrollLeft;
  };
  // Typing at the end scrolls the input without a scroll event in some engines.
  useLayoutEffect(syncScroll, [value]);

  /** Where the card sits: under the input (above it near the window's bottom), from the mark's left edge. */
  const shownAt = (index: number): Shown | undefined => {
    const mark = overlayRef.current?.querySelector<HTMLElement>(`[data-var-index="${index}"]`);
    const wrapper = wrapperRef.current;
    const span = spans[index];
    if (!mark || !wrapper || !span) return undefined;
    const box = wrapper.getBoundingClientRect();
    const left = Math.max(box.left, Math.min(mark.getBoundingClientRect().left, box.right - 24));
    return window.innerHeight - box.bottom >= CARD_ROOM_PX ? { span, left, top: box.bottom + 5 } : { span, left, bottom: window.innerHeight - box.top + 5 };
  };

  const noteCaret = () => {
    const input = inputRef.current;
    if (!input || document.activeElement !== input || input.selectionStart !== input.selectionEnd) return setAtCaret(undefined);
    const caret = input.selectionStart ?? -1;
    const index = spans.findIndex((span) => caret > span.from && caret < span.to);
    setAtCaret(index === -1 ? undefined : shownAt(index));
  };

  const shown = lookup ? (hovered ?? atCaret) : undefined;
  const showing = shown !== undefined;
  // A fixed card would float away from its input when anything around it scrolls: hide it then.
  useEffect(() => {
    if (!showing) return;
    const hide = (event: Event) => {
      if (event.target === inputRef.current) return;
      setHovered(undefined);
      setAtCaret(undefined);
    };
    window.addEventListener('scroll', hide, true);
    return () => window.removeEventListener('scroll', hide, true);
  }, [showing]);
  const card = shown && lookup ? lookup(shown.span.name) : undefined;
  const describedBy = [rest['aria-describedby'], card ? tooltipId : undefined].filter(Boolean).join(' ') || undefined;

  return (
    <div ref={wrapperRef} className="var-input">
      <input
        {...rest}
        ref={inputRef}
        className={['var-input__field', className].filter(Boolean).join(' ')}
        value={value}
        aria-describedby={describedBy}
        spellCheck={rest.spellCheck ?? false}
        onChange={(event) => onValueChange(event.target.value)}
        onScroll={(event) => {
          syncScroll();
          setHovered(undefined);
          onScroll?.(event);
        }}
        onSelect={(event) => {
          syncScroll();
          noteCaret();
          onSelect?.(event);
        }}
        onKeyUp={(event) => {
          syncScroll();
          noteCaret();
          onKeyUp?.(event);
        }}
        onBlur={(event) => {
          setAtCaret(undefined);
          onBlur?.(event);
        }}
        onMouseMove={(event) => {
          // The marks ignore the pointer (the input must get it), so find the one under it by its box.
          const marks = overlayRef.current?.querySelectorAll<HTMLElement>('[data-var-index]') ?? [];
          let found: number | undefined;
          for (const mark of marks) {
            const box = mark.getBoundingClientRect();
            if (event.clientX >= box.left && event.clientX <= box.right) found = Number(mark.dataset.varIndex);
          }
          if (found === undefined) setHovered(undefined);
          else if (hovered?.span !== spans[found]) setHovered(shownAt(found));
          onMouseMove?.(event);
        }}
        onMouseLeave={(event) => {
          setHovered(undefined);
          onMouseLeave?.(event);
        }}
      />
      <div ref={overlayRef} className="var-input__overlay" style={mirror} aria-hidden="true">
        <span className="var-input__text">
          <Marked text={value} spans={spans} lookup={lookup} />
        </span>
      </div>
      {card && shown && (
        <div id={tooltipId} role="tooltip" className={`pb-var-tooltip pb-var-tooltip--${card.tone} var-input__tooltip`} style={{ left: shown.left, top: shown.top, bottom: shown.bottom }}>
          {card.text}
        </div>
      )}
    </div>
  );
}

function Marked({ text, spans, lookup }: { text: string; spans: VariableSpan[]; lookup?: VariableLookup }) {
  const parts: ReactNode[] = [];
  let at = 0;
  spans.forEach((span, index) => {
    if (span.from > at) parts.push(text.slice(at, span.from));
    parts.push(
      <span key={index} data-var-index={index} className={variableClassName(lookup?.(span.name).tone)}>
        {text.slice(span.from, span.to)}
      </span>,
    );
    at = span.to;
  });
  if (at < text.length) parts.push(text.slice(at));
  // A trailing space keeps the overlay's scroll width in step with the input's when the caret sits at the end.
  parts.push(' ');
  return <>{parts}</>;
}
