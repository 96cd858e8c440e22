import { useCallback, useEffect, useLayoutEffect, useState, type RefObject } from 'react'

/**
 * Whether content lies past a sideways-scrolling element's right edge (it is not scrolled to the end), kept up to
 * date as it scrolls (call `update` from its onScroll), resizes, and as `content` changes. A cut column or graph
 * layer reads as the last one unless something says the view goes on.
 */
export function useMorePastRightEdge(ref: RefObject<HTMLElement | null>, content: unknown) {
  const [shown, setShown] = useState(false)
  const update = useCallback(() => {
    const el = ref.current
    if (el) setShown(el.scrollLeft + el.clientWidth < el.scrollWidth - 1)
  }, [ref])
  useLayoutEffect(update, [update, content])
  useEffect(() => {
    const el = ref.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(update)
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref, update])
  return { shown, update }
}
