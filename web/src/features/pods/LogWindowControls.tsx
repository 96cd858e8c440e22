import { useState, type KeyboardEvent, type RefObject } from 'react'
import { ChevronDown, ChevronUp } from 'lucide-react'
import { zoneLabel } from '../../lib/time'
import { cx, disabledBare, focusRing, Input, Select, Spinner } from '../../ui'
import {
  CONTEXT_OPTIONS, olderWindow, SINCE_SECONDS, windowOptions, windowPatch, windowToParams, windowValue, windowWords, type LogWindow, type WindowPatch, type WindowSteps,
} from './logWindow'
import { stepOnEnter, type SearchCursor } from './useSearchCursor'

/** The window select: "Last 500 lines" … "Since 24 h ago". */
export function LogWindowSelect({ steps, window, perContainer = false, onChange }: {
  steps: WindowSteps
  window: LogWindow
  perContainer?: boolean
  onChange: (patch: WindowPatch) => void
}) {
  return (
    <label className="flex items-center gap-1.5">
      <span className="sr-only">Window</span>
      <Select value={windowValue(window)} onChange={(e) => onChange(windowPatch(e.target.value))} title="Which part of the log to read, then follow">
        {windowOptions(steps, perContainer).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </label>
  )
}

/**
 * The Timestamps checkbox; once on, the time zone the times are in (the browser's) beside it, since a download's
 * times and a colleague's screen are often UTC. The kubelet's exact instant is each time's tooltip.
 */
export function TimestampsToggle({ checked, onChange }: { checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <span className="flex items-center gap-1.5">
      <label className="flex items-center gap-1.5">
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> Timestamps
      </label>
      {checked && <span className="text-xs text-slate-500 dark:text-slate-400" title="Times are in your browser's time zone">{zoneLabel()}</span>}
    </span>
  )
}

/** The Wrap checkbox: break a word longer than the panel (on) or scroll sideways to read it (off). */
export function WrapToggle({ checked, onChange }: { checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="flex items-center gap-1.5" title="Break words longer than the panel (base64, compact JSON); off, such a word runs past the edge and the log scrolls sideways (lines still break at spaces)">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> Wrap
    </label>
  )
}

/**
 * `/` inside a log (its lines or its controls, not while typing in a field) searches the log, as in `less`, instead of
 * focusing the list's filter behind the pane: the tab root's key handler.
 */
export function focusSearchOnSlash(e: KeyboardEvent<HTMLElement>, search: RefObject<HTMLInputElement | null>) {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return
  if (/^(INPUT|TEXTAREA|SELECT)$/.test((e.target as HTMLElement).tagName)) return
  e.preventDefault()
  search.current?.focus()
}

/**
 * A log's search, as both Logs tabs show it: the field (Enter / Shift+Enter step through the matches), and once
 * something is searched the grep -C context and the match count with its previous/next buttons.
 */
export function LogSearch({ inputRef, value, onChange, searching, context, onContext, cursor }: {
  inputRef: RefObject<HTMLInputElement | null>
  value: string
  onChange: (value: string) => void
  searching: boolean
  context: string
  onContext: (v: (typeof CONTEXT_OPTIONS)[number]) => void
  cursor: SearchCursor
}) {
  return (
    <>
      <label className="flex items-center gap-1.5">
        <span className="sr-only">Search the log</span>
        <Input ref={inputRef} type="search" className="w-40" placeholder="Search…" value={value} onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => stepOnEnter(e, cursor)} />
      </label>
      {searching && <SearchContextSelect value={context} onChange={onContext} />}
      {searching && <SearchMatches cursor={cursor} />}
    </>
  )
}

/** A search's count ("2 of 31 matching lines" once gone to one) and its previous/next match buttons. */
export function SearchMatches({ cursor }: { cursor: SearchCursor }) {
  const { matches, position } = cursor
  // Coloured as a ghost button, so disabled (no match to go to) greys the same way and does not light up under the pointer.
  const step = cx('rounded p-0.5 text-slate-700 enabled:hover:bg-slate-100 dark:text-slate-200 dark:enabled:hover:bg-slate-800', disabledBare)
  return (
    <span className="flex items-center gap-1">
      <span role="status" className="text-xs text-slate-600 dark:text-slate-400">
        {position > 0 && `${position.toLocaleString('en-US')} of `}
        {matches.toLocaleString('en-US')} matching line{matches === 1 ? '' : 's'}
      </span>
      <button type="button" aria-label="Previous match" title="Previous match (Shift+Enter in the search)" disabled={matches === 0}
        onClick={cursor.previous} className={cx(step, focusRing)}>
        <ChevronUp size={14} aria-hidden="true" />
      </button>
      <button type="button" aria-label="Next match" title="Next match (Enter in the search)" disabled={matches === 0}
        onClick={cursor.next} className={cx(step, focusRing)}>
        <ChevronDown size={14} aria-hidden="true" />
      </button>
    </span>
  )
}

/** grep -C: how many lines around each match a search shows. */
export function SearchContextSelect({ value, onChange }: { value: string; onChange: (v: (typeof CONTEXT_OPTIONS)[number]) => void }) {
  return (
    <label className="flex items-center gap-1.5">
      <span className="sr-only">Context lines</span>
      <Select value={value} onChange={(e) => onChange(e.target.value as (typeof CONTEXT_OPTIONS)[number])} title="Lines shown before and after each match (dimmed), as grep -C">
        {CONTEXT_OPTIONS.map((n) => (
          <option key={n} value={n}>
            {n === '0' ? 'Matches only' : `±${n} lines`}
          </option>
        ))}
      </Select>
    </label>
  )
}

/**
 * The first row of the log panel: where the window starts, and "Load older lines" when there may be older ones — the
 * window was full (as many lines as asked for) or the container started before it. Past the largest window,
 * Download has the whole log. Mount it anew (a `key`) for each window: a window since a while ago is measured from
 * when it is first drawn.
 */
export function LogWindowBar({ steps, window, count, cap, startedAt, loading, onOlder }: {
  steps: WindowSteps
  window: LogWindow
  /** Lines read in this window. */
  count: number
  /** The most lines one window holds. */
  cap: number
  /** When this instance of the container started (ms), NaN when unknown. */
  startedAt: number
  loading: boolean
  onOlder: (next: LogWindow, patch: WindowPatch) => void
}) {
  const [openedAt] = useState(() => Date.now())
  const older = olderWindow(window, steps)
  const since = window.since ? SINCE_SECONDS[window.since] * 1000 : 0
  const full = window.since ? count >= cap : count >= window.lines
  const startOfLog = window.since ? !full && startedAt > openedAt - since : !full
  const note = (text: string) => <span className="block text-slate-500">— {text} —</span>
  // Until the wider window is drawn, the lines shown are the narrower one's: say what is on its way.
  if (loading) return <span className="block"><Spinner label={`Loading ${windowWords(window)}…`} className="text-xs text-slate-400" /></span>
  if (startOfLog) return note('start of the log')
  if (full && window.since) return note(`only the newest ${cap.toLocaleString('en-US')} lines of ${windowWords(window)} (the most the console reads); Download has the whole log`)
  if (!older) return note(`${windowWords(window)} (${window.since ? 'the widest window' : 'the most the console reads'}); Download has the whole log`)
  return (
    <span className="mb-1 flex flex-wrap items-center gap-2 border-b border-slate-800 pb-1 text-slate-400">
      Showing {windowWords(window)}.
      <button
        type="button"
        title={`Read ${windowWords(older)} and stay on the line you are reading`}
        onClick={() => onOlder(older, windowToParams(older))}
        className={cx('rounded border border-slate-600 px-1.5 text-sky-300 hover:bg-slate-800', focusRing)}
      >
        Load older lines
      </button>
    </span>
  )
}
