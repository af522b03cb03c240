/**
 * Keeps the field being typed in clear of a sticky bar at the bottom of the page (the
 * order form's totals bar): the page's scroll padding is the bar's height, so the browser
 * scrolls a focused field above it, and when a field gets the focus, is typed in, or the
 * viewport shrinks (a phone's keyboard opens) while behind the bar, the page scrolls it out.
 */
import { useEffect, type RefObject } from 'react';

const GAP = 8;

export function useClearOfBar(bar: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = document.documentElement;
    const pad = () => {
      const h = bar.current?.getBoundingClientRect().height ?? 0;
      root.style.scrollPaddingBottom = `${Math.ceil(h) + GAP}px`;
    };
    const clear = () => {
      const el = document.activeElement;
      const b = bar.current;
      if (!b || !(el instanceof HTMLElement) || b.contains(el) || el === document.body) return;
      const field = el.getBoundingClientRect();
      const top = b.getBoundingClientRect().top;
      if (field.bottom + GAP > top) window.scrollBy({ top: field.bottom + GAP - top, behavior: 'instant' });
    };
    // After the browser's own scroll for the focus.
    const onFocus = () => requestAnimationFrame(clear);
    const observer = new ResizeObserver(pad);
    if (bar.current) observer.observe(bar.current);
    pad();
    document.addEventListener('focusin', onFocus);
    // Typing into a field the page was scrolled to put behind the bar brings it out too.
    document.addEventListener('input', onFocus);
    window.visualViewport?.addEventListener('resize', onFocus);
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocus);
      document.removeEventListener('input', onFocus);
      window.visualViewport?.removeEventListener('resize', onFocus);
      root.style.scrollPaddingBottom = '';
    };
  }, [bar]);
}
