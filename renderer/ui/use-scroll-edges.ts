// A strip that scrolls sideways without a scrollbar (a row of tabs in a narrow pane): whether more
// of it is out of view at its start or its end, so the view can fade that edge and offer a button
// (a mouse wheel does not scroll sideways). Follows scrolling and any change of size.
import { useCallback, useEffect, useRef, useState } from 'react';

export type ScrollEdges = { start: boolean; end: boolean };

export function useScrollEdges<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [edges, setEdges] = useState<ScrollEdges>({ start: false, end: false });

  useEffect(() => {
    const strip = ref.current;
    if (!strip) return;
    const update = () => {
      // A pixel of slack: zoomed layouts leave fractions of one.
      const start = strip.scrollLeft > 1;
      const end = strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 1;
      setEdges((current) => (current.start === start && current.end === end ? current : { start, end }));
    };
    update();
    strip.addEventListener('scroll', update, { passive: true });
    // The strip's own width, and its items' (a tab gains a count), change what overflows.
    const observer = new ResizeObserver(update);
    observer.observe(strip);
    for (const item of strip.children) observer.observe(item);
    return () => {
      strip.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, []);

  /** Scrolls most of a view's width towards the start (-1) or the end (1). */
  const scrollBy = useCallback((direction: -1 | 1) => {
    const strip = ref.current;
    strip?.scrollBy({ left: direction * strip.clientWidth * 0.7, behavior: 'smooth' });
  }, []);

  return { ref, edges, scrollBy };
}
