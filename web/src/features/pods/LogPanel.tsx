import { useCallback, useImperativeHandle, useLayoutEffect, useRef, useState, type ReactNode, type Ref } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { ArrowDownToLine } from 'lucide-react'
import { cx, focusRing } from '../../ui'
import { wrapClass, type ShownLine } from './logWindow'

/** A line's height (the panel's leading-5): the guess for a row not drawn yet; drawn rows are measured (Wrap makes them taller). */
const LINE_PX = 20
/** Rows drawn beyond each edge of the panel, so a quick scroll or a selection dragged past the edge finds text. */
const OVERSCAN = 30
/** Nearer the bottom than this, the panel follows the newest line. */
const STICK_PX = 40
/**
 * Room kept below the end of the log for "Latest lines", which floats over the panel's bottom-right corner: scrolled to
 * the end (going to the newest match stops following without moving), the newest line ends above the button, not under it.
 */
export const LATEST_ROOM_PX = 32

/** What a Logs tab asks of its panel beyond drawing: where the reader is, and taking them to a line. */
export interface LogPanelHandle {
  /** The line at the top of the panel, and how far below the panel's top edge it starts (negative: partly scrolled away). */
  topLine(): { seq: number; offset: number } | null
  /** Puts line `seq` `offset` px below the panel's top edge (where {@link topLine} said it was). */
  scrollToLine(seq: number, offset: number): void
  /** Brings line `seq` to the middle of the panel, drawn or not, and stops following the newest line. */
  revealLine(seq: number): void
  /** Stops following the newest line: the reader is going elsewhere. */
  unstick(): void
}

/**
 * The dark log panel of the Logs tabs, virtualised (TanStack Virtual): only the rows near the scroll position are in the
 * DOM, each measured once drawn (a wrapped line is several lines high), so 50,000 lines scroll and stream as smoothly as
 * 50. It follows the newest line while the reader is at the bottom, stops once they scroll up, and offers "Latest
 * lines" to go back. `header` (the window's bar) and `footer` (the end of the log) are drawn above and below the lines.
 * Rows are keyed by the line's `seq`: `renderLine` should return a memoised row, so that a new batch draws only its own.
 */
export function LogPanel({ label, wrap, shown, header, footer, renderLine, handle }: {
  label: string
  wrap: boolean
  shown: readonly ShownLine[]
  header?: ReactNode
  footer?: ReactNode
  renderLine: (s: ShownLine) => ReactNode
  handle: Ref<LogPanelHandle>
}) {
  const panel = useRef<HTMLPreElement>(null)
  const head = useRef<HTMLSpanElement>(null)
  const list = useRef<HTMLSpanElement>(null)
  // A ref for the scroll handler and the effect (no render between a scroll and the next batch); state for the button.
  const stick = useRef(true)
  const [atEnd, setAtEnd] = useState(true)
  // How far below the panel's top the lines start (its padding and the header): the virtualizer's scrollMargin.
  const [margin, setMargin] = useState(0)
  const latest = useRef(shown)
  latest.current = shown
  const getItemKey = useCallback((i: number) => shown[i].line.seq, [shown])
  // eslint-disable-next-line react-hooks/incompatible-library -- only says React Compiler would skip this component; the SPA is not compiled by it
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => panel.current,
    estimateSize: () => LINE_PX,
    getItemKey,
    overscan: OVERSCAN,
    scrollMargin: margin,
  })

  const follow = (on: boolean) => {
    stick.current = on
    setAtEnd(on)
  }

  // The header's height changes (the bar, its spinner while older lines load, nothing while the log opens).
  useLayoutEffect(() => {
    const measure = () => setMargin(list.current?.offsetTop ?? 0)
    measure()
    const observer = new ResizeObserver(measure)
    if (head.current) observer.observe(head.current)
    return () => observer.disconnect()
  }, [])

  // After every render (a batch, a measured row, a footer): still following, show the newest line.
  useLayoutEffect(() => {
    const el = panel.current
    if (el && stick.current && el.scrollTop + el.clientHeight < el.scrollHeight) el.scrollTop = el.scrollHeight
  })

  useImperativeHandle(handle, () => ({
    topLine() {
      const el = panel.current
      const item = el ? virtualizer.getVirtualItemForOffset(el.scrollTop) : undefined
      const line = item ? latest.current[item.index] : undefined
      return el && item && line ? { seq: line.line.seq, offset: item.start - el.scrollTop } : null
    },
    scrollToLine(seq, offset) {
      const item = virtualizer.measurementsCache[latest.current.findIndex((s) => s.line.seq === seq)]
      if (item) virtualizer.scrollToOffset(Math.max(0, item.start - offset))
    },
    revealLine(seq) {
      const at = latest.current.findIndex((s) => s.line.seq === seq)
      if (at < 0) return
      follow(false)
      virtualizer.scrollToIndex(at, { align: 'center' })
    },
    unstick: () => follow(false),
  }), [virtualizer])

  const items = virtualizer.getVirtualItems()
  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <pre
        ref={panel}
        aria-label={label}
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget
          const end = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX
          if (end !== stick.current) follow(end)
        }}
        // overflow-anchor: the browser's scroll anchoring would move the view when rows are measured; the virtualizer does it.
        className={cx('relative min-h-0 flex-1 overflow-auto rounded-md bg-slate-950 p-2 font-mono text-xs leading-5 text-slate-100 [overflow-anchor:none]', wrapClass(wrap))}
      >
        <span ref={head} className="block">{header}</span>
        <span ref={list} className="relative block" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const s = shown[item.index]
            return (
              <span
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                className="absolute top-0 left-0 block w-full"
                style={{ transform: `translateY(${item.start - margin}px)` }}
              >
                {s.gap && <span aria-hidden="true" className="block text-slate-600">--</span>}
                {renderLine(s)}
              </span>
            )
          })}
        </span>
        {footer}
        {shown.length > 0 && <span aria-hidden="true" className="block" style={{ height: LATEST_ROOM_PX }} />}
      </pre>
      {!atEnd && shown.length > 0 && (
        <button
          type="button"
          onClick={() => {
            follow(true)
            const el = panel.current
            if (!el) return
            el.scrollTop = el.scrollHeight
            // The button goes away at the end: focus the log, not the page's body, so the keys go on working there.
            el.focus({ preventScroll: true })
          }}
          title="Go to the newest line and follow the log again (End in the log)"
          className={cx('absolute right-4 bottom-3 inline-flex items-center gap-1 rounded-full border border-slate-600 bg-slate-800/95 px-2.5 py-1 text-xs text-sky-200 shadow hover:bg-slate-700', focusRing)}
        >
          <ArrowDownToLine size={14} aria-hidden="true" /> Latest lines
        </button>
      )}
    </div>
  )
}
