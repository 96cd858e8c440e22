import { ChevronLeft, ChevronRight } from 'lucide-react'
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { focusRing } from './Button'
import { cx } from './cx'

/**
 * A tab strip and the panel of the current tab (WAI-ARIA tabs: each tab controls the panel, the
 * panel is labelled by its tab). The caller owns which tab is current (usually the URL) and
 * renders only that tab's content as `children`. A strip wider than its box scrolls, and the
 * current tab is scrolled into it and kept there as the chevrons below come (a pane opened on its last
 * tab shows that tab as chosen), until the person scrolls the strip themselves; the
 * side that hides tabs fades out and shows a chevron that scrolls the strip that way, so a narrow
 * pane shows that there are more and a mouse reaches them without a wheel that scrolls sideways. Keys
 * as WAI-ARIA tabs have them: only the current tab is in the Tab order, and the arrow keys, Home
 * and End choose the previous, next, first or last tab and move the focus there.
 */
export function Tabs<T extends string>({ label, tabs, current, onSelect, title = (t) => t, className, panelClassName, children }: {
  /** The strip's accessible name ("Details"). */
  label: string
  tabs: readonly T[]
  current: T
  onSelect: (tab: T) => void
  /** A tab's visible name; the tab's own value by default (shown capitalized). */
  title?: (tab: T) => string
  /** Extra classes of the strip (padding); it scrolls sideways by itself. */
  className?: string
  panelClassName?: string
  children: ReactNode
}) {
  const id = useId()
  const tabId = (t: T) => `${id}-tab-${t}`
  const chosen = useRef<HTMLButtonElement>(null)
  const moved = useRef(false)
  useEffect(() => {
    if (moved.current) {
      moved.current = false
      chosen.current?.focus()
    }
  }, [current])
  const names = tabs.join('\n')
  const strip = useRef<HTMLDivElement>(null)
  const hidden = useHiddenSides(strip, names)
  // The strip keeps the current tab in view until the person scrolls it themselves (chevron, wheel,
  // touch, scroll bar): then a chevron that comes or goes must not pull it back.
  const following = useRef(true)
  useEffect(() => {
    following.current = true
  }, [current, names])
  useEffect(() => {
    // Also when tabs come or go (a tab added once other clusters are known pushes the current one along),
    // and when a chevron comes or goes: the first scroll makes them appear, they narrow the strip and
    // would cover the tab just scrolled in (a pane opened on AWS showed Audit last, AWS under the fade).
    // optional call: jsdom has no scrollIntoView; 'nearest' moves only the strip, never the page
    if (following.current) chosen.current?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' })
  }, [current, names, hidden.before, hidden.after])
  const scrolledByHand = () => {
    following.current = false
  }
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.indexOf(current)
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key]
    if (next === undefined) return
    e.preventDefault()
    const target = tabs[(next + tabs.length) % tabs.length]
    if (target !== current) {
      moved.current = true
      onSelect(target)
    }
  }
  const scrollStrip = (direction: -1 | 1) => {
    scrolledByHand()
    const el = strip.current
    el?.scrollBy?.({ left: direction * Math.max(el.clientWidth * 0.75, 48) })
  }
  return (
    <>
      <div className="flex">
        {hidden.before && <MoreTabs direction={-1} onClick={() => scrollStrip(-1)} />}
        <div role="tablist" aria-label={label} onKeyDown={onKeyDown} ref={strip}
          onWheel={scrolledByHand} onTouchStart={scrolledByHand}
          // on the strip itself, not a tab: its scroll bar
          onPointerDown={(e) => e.target === e.currentTarget && scrolledByHand()}
          data-hidden-before={hidden.before || undefined}
          data-hidden-after={hidden.after || undefined}
          style={fade(hidden)}
          className={cx('flex min-w-0 flex-1 gap-1 overflow-x-auto border-b border-slate-200 dark:border-slate-700', className)}>
          {tabs.map((t) => (
            <button
              key={t}
              ref={t === current ? chosen : undefined}
              id={tabId(t)}
              role="tab"
              type="button"
              aria-selected={t === current}
              tabIndex={t === current ? 0 : -1}
              aria-controls={`${id}-panel`}
              onClick={() => onSelect(t)}
              data-cut={hidden.cut.has(t) || undefined}
              className={cx(
                '-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap capitalize',
                // A tab the strip's edge cuts is not drawn: half a label beside the chevron read as covered by it.
                // The current one always is: a page must not lose the name of what it shows.
                hidden.cut.has(t) && t !== current && 'opacity-0',
                focusRing,
                t === current
                  ? 'border-sky-600 font-medium text-sky-800 dark:border-sky-400 dark:text-sky-200'
                  : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100',
              )}
            >
              {title(t)}
            </button>
          ))}
        </div>
        {hidden.after && <MoreTabs direction={1} onClick={() => scrollStrip(1)} />}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={tabId(current)} className={panelClassName}>
        {children}
      </div>
    </>
  )
}

/**
 * The chevron at an end that hides tabs: scrolls the strip that way. For the mouse only (no focus,
 * hidden from screen readers): the keys choose every tab and scroll it into view, and the tab list
 * names every tab, hidden or not.
 */
function MoreTabs({ direction, onClick }: { direction: -1 | 1; onClick: () => void }) {
  const Icon = direction < 0 ? ChevronLeft : ChevronRight
  return (
    <button type="button" tabIndex={-1} aria-hidden="true" data-testid={direction < 0 ? 'tabs-before' : 'tabs-after'}
      title={direction < 0 ? 'Earlier tabs' : 'More tabs'} onClick={onClick}
      className="shrink-0 border-b border-slate-200 px-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900 dark:border-slate-700 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100">
      <Icon size={16} aria-hidden="true" />
    </button>
  )
}

type HiddenSides = { before: boolean; after: boolean; cut: ReadonlySet<string> }

/**
 * Which ends of a scrolling strip hide tabs; follows scrolling, resizing and the tabs themselves
 * (`content` changes when they do: a tab that appears widens the strip's content, not its box).
 */
function useHiddenSides(ref: React.RefObject<HTMLDivElement | null>, content: string): HiddenSides {
  const [hidden, setHidden] = useState<HiddenSides>({ before: false, after: false, cut: new Set() })
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const measure = () => {
      // 1 px of slack: fractional widths at some zoom levels never quite reach the end
      const before = el.scrollLeft > 1
      const after = el.scrollLeft + el.clientWidth < el.scrollWidth - 1
      // The tabs the strip's box cuts (partly out of it), by the same 1 px slack.
      const box = el.getBoundingClientRect()
      const cut = new Set(content.split('\n').filter((_, i) => {
        const r = (el.children[i] as HTMLElement | undefined)?.getBoundingClientRect()
        return !!r && r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1) && r.right > box.left && r.left < box.right
      }))
      setHidden((h) => (h.before === before && h.after === after && sameSet(h.cut, cut) ? h : { before, after, cut }))
    }
    measure()
    el.addEventListener('scroll', measure, { passive: true })
    const resized = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure)
    resized?.observe(el)
    return () => {
      el.removeEventListener('scroll', measure)
      resized?.disconnect()
    }
  }, [ref, content])
  return hidden
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x))

/**
 * A 2 rem fade at each end that hides tabs (a mask, so it works on any background and theme), and
 * as much scroll padding, so a tab scrolled into the strip stops clear of the fade.
 */
function fade({ before, after }: Pick<HiddenSides, 'before' | 'after'>): React.CSSProperties | undefined {
  if (!before && !after) return undefined
  const mask = `linear-gradient(to right, ${before ? 'transparent, black 2rem' : 'black'}, ${after ? 'black calc(100% - 2rem), transparent' : 'black'})`
  return { maskImage: mask, WebkitMaskImage: mask, scrollPaddingInline: '2rem' }
}
