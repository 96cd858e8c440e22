import { useLayoutEffect, useState, type RefObject } from 'react'
import type { LogPanelHandle } from './LogPanel'
import { findAnchor, readingAnchor, type Anchor } from './logWindow'
import type { LoadState } from './useLogEvents'
import { timeKey, type LogLine } from './workloadLogs'

interface Held {
  /** The window's URL when the person asked for more, and the wider one's. */
  from: string
  to: string
  lines: LogLine[]
  anchor: Anchor | null
}

/**
 * "Load older lines" without losing one's place: while the wider window is read, the lines already shown stay on
 * screen; once the line the person was reading arrives again (or the read ends, or lines newer than it arrive: it
 * is gone) the new lines are drawn and that line is put back where it was in the panel.
 *
 * @param url the URL of the window being read now
 * @param panelRef the log panel: where the reader is, and putting the line back (it stops following the newest line)
 */
export function useWiderWindow(url: string, lines: LogLine[], state: LoadState, panelRef: RefObject<LogPanelHandle | null>) {
  const [held, setHeld] = useState<Held | null>(null)
  const [restore, setRestore] = useState<{ seq: number; offset: number } | null>(null)

  if (held && url !== held.to) {
    // Still the old window (the URL is about to change), or the person chose something else meanwhile.
    if (url !== held.from) setHeld(null)
  } else if (held) {
    const anchor = held.anchor
    const exact = anchor ? findAnchor(lines, anchor, true) : undefined
    const key = anchor ? timeKey(anchor.time) : null
    const last = lines[lines.length - 1]
    const passed = key !== null && last !== undefined && last.key !== null && last.key > key
    const done = state !== 'loading' && state !== 'streaming'
    if (exact || passed || done || (!anchor && lines.length > 0)) {
      setHeld(null)
      const found = exact ?? (anchor ? findAnchor(lines, anchor) : undefined)
      if (found && anchor) setRestore({ seq: found.seq, offset: anchor.offset })
    }
  }

  // The panel (a child) has drawn the wider window's rows by now: layout effects run children first.
  useLayoutEffect(() => {
    if (restore) panelRef.current?.scrollToLine(restore.seq, restore.offset)
  }, [restore, panelRef])

  return {
    /** The lines to draw: the old window's while the wider one is on its way. */
    lines: held ? held.lines : lines,
    loadingOlder: held !== null,
    /** Call with the wider window's URL just before switching to it. */
    hold: (to: string) => {
      panelRef.current?.unstick()
      setHeld({ from: url, to, lines, anchor: readingAnchor(panelRef.current?.topLine() ?? null, lines) })
    },
  }
}
