// A fixed-height row window over a long list that follows its tail until the user scrolls up (the
// traffic panel, a listener's messages): only the rows in view are rendered.
import { useLayoutEffect, useRef, useState } from 'react';

const OVERSCAN_ROWS = 8;

/** `onFollowingChange` hears when the user scrolls away from the tail (false) or back to it (true). */
export function useVirtualRows(count: number, rowHeightPx: number, onFollowingChange?: (following: boolean) => void) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const [following, setFollowing] = useState(true);
  const lastScrollTop = useRef(0);

  const totalHeight = count * rowHeightPx;
  // While following, lay the window out from the bottom at once, so new rows show in the same frame.
  const top = following ? Math.max(0, totalHeight - viewportHeight) : scrollTop;
  const first = Math.max(0, Math.floor(top / rowHeightPx) - OVERSCAN_ROWS);
  const last = Math.min(count, Math.ceil((top + viewportHeight) / rowHeightPx) + OVERSCAN_ROWS);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    setViewportHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (following && element) element.scrollTop = element.scrollHeight;
  }, [following, count, viewportHeight]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    setScrollTop(element.scrollTop);
    const atBottom = element.scrollTop + element.clientHeight >= element.scrollHeight - rowHeightPx / 2;
    // Only the user scrolling up leaves the tail: a pane above growing (the list getting shorter) does not.
    const scrolledUp = element.scrollTop < lastScrollTop.current;
    lastScrollTop.current = element.scrollTop;
    if (atBottom !== following && (atBottom || scrolledUp)) {
      setFollowing(atBottom);
      onFollowingChange?.(atBottom);
    }
  };

  const follow = () => {
    setFollowing(true);
    onFollowingChange?.(true);
  };

  return { scrollRef, onScroll, totalHeight, first, last, following, follow };
}
