import { useEffect, useMemo, useRef, type KeyboardEvent, type RefObject } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { SortingState } from '@tanstack/react-table'
import { ArrowDown, ArrowUp } from 'lucide-react'
import { cx, focusRing, useMorePastRightEdge } from '../../ui'
import type { ColumnSpec, ResourceRow } from './listModel'
import { useResourceTable } from './useResourceTable'

const ROW_HEIGHT = 33
/**
 * The sticky header row's height: the rows start below it in the same scroller, and the
 * virtualizer must know (scrollMargin), or scrolling down to the cursor stopped one header short
 * and left the cursor row out of sight below the grid's edge.
 */
const HEADER_HEIGHT = 33

/** Rows looked at for a column's width: enough to see the usual lengths, cheap on 50,000 rows. */
const WIDTH_SAMPLE = 200
/** About one character of text-sm in rem, and a cell's horizontal padding. */
const CHAR_REM = 0.47
const PADDING_REM = 1.6

/**
 * Minimum width (rem) and share of the rest per column. The minimum fits the header and, up to a
 * cap, the longest of the sampled cells, so an IP or a node name is not cut while the row has room
 * to scroll sideways (the wide view); longer cells are cut and read whole in their hover title.
 */
function size(c: ColumnSpec, longestCell: number): [number, number] {
  const content = (cap: number) => Math.min(cap, longestCell * CHAR_REM + PADDING_REM)
  if (c.header === 'Name') return [Math.max(13, content(22)), 3]
  if (c.render) return [8.5, 0.8] // a chip (e.g. `12C · 40H · 130M`) rather than text
  if (c.header === 'Namespace') return [Math.max(7.5, content(14)), 1.2]
  // Pod states such as CrashLoopBackOff / ImagePullBackOff are the point of the column: room for them.
  if (c.header.toLowerCase() === 'status') return [Math.max(9.5, content(14)), 1]
  // Uppercase headers with tracking need about 0.55rem per letter plus padding (1.5rem) and the sort arrow with its
  // gap (1rem): with 2.2rem a sorted RESTARTS read "RESTAR…" at its minimum width.
  const header = c.header.length * 0.55 + 2.6
  return c.type === 'text' ? [Math.max(5.5, header, content(16)), 1] : [Math.max(4.5, header, content(10)), 0.6]
}

/** Grid columns, and the row width below which the grid scrolls sideways instead of squeezing. */
export function columnTemplate(columns: ColumnSpec[], rows: ResourceRow[]): { cols: string; minWidth: string } {
  const sample = rows.length > WIDTH_SAMPLE ? rows.slice(0, WIDTH_SAMPLE) : rows
  const sizes = columns.map((c, i) => size(c, sample.reduce((n, r) => Math.max(n, r.cells[i]?.length ?? 0), 0)))
  return {
    cols: sizes.map(([min, fr]) => `minmax(${round(min)}rem, ${fr}fr)`).join(' '),
    minWidth: `${round(sizes.reduce((a, [min]) => a + min, 0))}rem`,
  }
}

const round = (rem: number) => Math.round(rem * 100) / 100

/**
 * A virtualized, sortable grid (TanStack Table + Virtual): only the visible rows are in the DOM,
 * so 10,000 rows scroll smoothly. Keyboard: arrows / Page Up / Page Down / Home / End move the
 * cursor row, Enter opens it. The cursor is the URL's `sel` when one is open.
 */
export function ResourceTable({ columns, rows, allRows = rows, sorting, onSortingChange, cursor, onCursor, onOpen, label, gridRef }: {
  columns: ColumnSpec[]
  rows: ResourceRow[]
  /** The rows before the filter: column widths follow them, so typing in the filter does not move the columns. */
  allRows?: ResourceRow[]
  sorting: SortingState
  onSortingChange: (s: SortingState) => void
  cursor: string | null
  onCursor: (key: string) => void
  onOpen: (key: string) => void
  label: string
  /** The grid element, for the page to give it the focus back (the detail pane closed). */
  gridRef?: RefObject<HTMLDivElement | null>
}) {
  const table = useResourceTable(columns, rows, sorting, onSortingChange)
  const model = table.getRowModel().rows
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- only says React Compiler would skip this component; the SPA is not compiled by it
  const virtualizer = useVirtualizer({
    count: model.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => model[i].id,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    // Scrolling up to a row stops below the header, not under it.
    scrollPaddingStart: HEADER_HEIGHT,
  })
  const cursorIndex = cursor ? model.findIndex((r) => r.id === cursor) : -1

  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' })
  }, [cursorIndex, virtualizer])

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (model.length === 0) return
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1)
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity }
    if (e.key in moves) {
      e.preventDefault()
      // Without a cursor, start from what is on screen rather than jumping back to the top.
      const offset = virtualizer.scrollOffset ?? 0
      const firstVisible = Math.min(model.length - 1, Math.ceil(offset / ROW_HEIGHT))
      const from = cursorIndex >= 0 ? cursorIndex : moves[e.key] > 0 ? firstVisible - 1 : firstVisible + page + 1
      const next = Math.min(model.length - 1, Math.max(0, from + moves[e.key]))
      onCursor(model[next].id)
    } else if (e.key === 'Enter' && cursorIndex >= 0) {
      e.preventDefault()
      onOpen(model[cursorIndex].id)
    }
  }

  const { cols, minWidth } = useMemo(() => columnTemplate(columns, allRows), [columns, allRows])
  const activeId = cursorIndex >= 0 ? `row-${cursorIndex}` : undefined
  const moreRight = useMorePastRightEdge(scrollRef, minWidth)
  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={(el) => {
          scrollRef.current = el
          if (gridRef) gridRef.current = el
        }}
        role="grid"
        aria-label={label}
        aria-rowcount={model.length + 1}
        aria-activedescendant={activeId}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={moreRight.update}
        className={cx('min-h-0 flex-1 overflow-auto rounded-lg border border-slate-200 bg-white text-sm dark:border-slate-700 dark:bg-slate-900', focusRing)}
      >
        <div role="rowgroup" style={{ minWidth, height: HEADER_HEIGHT }} className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-800">
          {table.getHeaderGroups().map((group) => (
            <div role="row" aria-rowindex={1} key={group.id} className="grid" style={{ gridTemplateColumns: cols }}>
              {group.headers.map((header) => {
                const dir = header.column.getIsSorted()
                const spec = columns.find((c) => c.id === header.column.id)
                return (
                  <div
                    role="columnheader"
                    key={header.id}
                    aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                    className="min-w-0"
                  >
                    <button
                      type="button"
                      tabIndex={-1}
                      title={spec?.description ? `${spec.description} (click to sort)` : 'Sort'}
                      onClick={header.column.getToggleSortingHandler()}
                      className="flex w-full items-center gap-1 px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase hover:text-slate-900 dark:text-slate-300 dark:hover:text-white"
                    >
                      <span className="truncate">
                        <table.FlexRender header={header} />
                      </span>
                      {dir === 'asc' && <ArrowUp size={12} aria-hidden="true" />}
                      {dir === 'desc' && <ArrowDown size={12} aria-hidden="true" />}
                    </button>
                  </div>
                )
              })}
            </div>
          ))}
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = model[item.index]
            const active = item.index === cursorIndex
            return (
              <div
                role="row"
                id={`row-${item.index}`}
                key={row.id}
                aria-rowindex={item.index + 2}
                aria-selected={active}
                onClick={() => {
                  onCursor(row.id)
                  onOpen(row.id)
                }}
                className={cx(
                  'absolute left-0 grid w-full cursor-pointer border-b border-slate-100 dark:border-slate-800',
                  active ? 'bg-sky-100 dark:bg-sky-950' : 'hover:bg-slate-50 dark:hover:bg-slate-800/60',
                )}
                style={{ gridTemplateColumns: cols, height: ROW_HEIGHT, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
              >
                {row.getAllCells().map((cell, i) => (
                  <div
                    role="gridcell"
                    key={cell.id}
                    title={row.original.cells[i]}
                    className={cx(
                      'truncate px-3 py-1.5',
                      columns[i].header === 'Name' ? 'font-medium text-slate-900 dark:text-slate-100' : 'text-slate-700 dark:text-slate-300',
                      columns[i].type !== 'text' && 'tabular-nums',
                      statusTone(columns[i].header, row.original.cells[i]),
                    )}
                  >
                    <table.FlexRender cell={cell} />
                  </div>
                ))}
              </div>
            )
          })}
        </div>
      </div>
      {moreRight.shown && (
        // A column cut at the edge (a node's Version after Age at 1280 px) read as the last one: the fade says the row goes on sideways.
        <div data-testid="more-columns" aria-hidden="true"
          className="pointer-events-none absolute top-px right-px bottom-px w-10 rounded-r-lg bg-linear-to-l from-slate-300/70 to-transparent dark:from-black/70" />
      )}
    </div>
  )
}

/**
 * Colours the usual trouble words in a Status column, an event's Warning type, and a custom resource's Ready
 * condition column saying False (cert-manager's Certificates, Karpenter's NodeClaims): a certificate not ready
 * read like any other row.
 */
export function statusTone(header: string, value: string): string | false {
  if (header === 'Type' && value === 'Warning') return '!text-amber-700 dark:!text-amber-400' // an event's type
  if (header === 'Ready' && value === 'False') return '!text-amber-700 dark:!text-amber-400' // as NotReady below
  if (header !== 'Status' && header !== 'Phase') return false
  if (/CrashLoop|Error|Failed|BackOff|Evicted|OOMKilled|Unknown/i.test(value)) return '!text-red-700 dark:!text-red-400'
  if (/Pending|ContainerCreating|Terminating|NotReady/i.test(value)) return '!text-amber-700 dark:!text-amber-400'
  return false
}
