import { useMemo, useState, type KeyboardEvent, type RefObject } from 'react'
import type { LogPanelHandle } from './LogPanel'
import type { ShownLine } from './logWindow'

export interface SearchCursor {
  /** How many drawn lines match. */
  matches: number
  /** The match gone to (its line's seq), null before the first Next/Previous of a search. */
  current: number | null
  /** Its place among the matches, from 1; 0 with none. */
  position: number
  next(): void
  previous(): void
}

/**
 * Next/previous match of a log search, as `less`'s n/N: the first Next goes to the oldest match, the first Previous to the
 * newest, then they step (and wrap around); the panel brings the match into view even when its row is not drawn. The
 * match is held by its line, so lines arriving (or the oldest dropped) do not move it; a new term starts over.
 */
export function useSearchCursor(shown: readonly ShownLine[], term: string, panel: RefObject<LogPanelHandle | null>): SearchCursor {
  const hits = useMemo(() => shown.filter((s) => s.hit).map((s) => s.line.seq), [shown])
  const [chosen, setChosen] = useState<{ term: string; seq: number } | null>(null)
  const at = chosen && chosen.term === term ? hits.indexOf(chosen.seq) : -1
  const go = (step: 1 | -1) => {
    if (hits.length === 0) return
    const next = at < 0 ? (step > 0 ? 0 : hits.length - 1) : (at + step + hits.length) % hits.length
    setChosen({ term, seq: hits[next] })
    panel.current?.revealLine(hits[next])
  }
  return { matches: hits.length, current: at < 0 ? null : hits[at], position: at + 1, next: () => go(1), previous: () => go(-1) }
}

/** Enter in the search field goes to the next match, Shift+Enter to the previous one. */
export function stepOnEnter(e: KeyboardEvent<HTMLInputElement>, cursor: SearchCursor) {
  if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey) return
  e.preventDefault()
  if (e.shiftKey) cursor.previous()
  else cursor.next()
}
