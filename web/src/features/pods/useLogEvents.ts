import { useEffect, useState } from 'react'
import { streamLogEvents } from './api'
import { applyEvents, emptyLog, MAX_LINES, parseEvents, splitEvents, type LogEvent, type WorkloadLog } from './workloadLogs'

/** Chunks arriving closer together than this are drawn together. */
const FLUSH_MS = 50

export type LoadState = 'loading' | 'streaming' | 'ended' | { error: unknown }

/**
 * The NDJSON log events at `url` (a pod's or a workload's logs) folded into a {@link WorkloadLog}, drawn at most
 * every {@link FLUSH_MS}, keeping the newest `cap` lines; starts over (empty, loading) whenever `url` changes.
 */
export function useLogEvents(url: string, cap = MAX_LINES): { log: WorkloadLog; state: LoadState } {
  const [cur, setCur] = useState<{ url: string; log: WorkloadLog; state: LoadState }>({ url, log: emptyLog(), state: 'loading' })
  let shown = cur
  if (cur.url !== url) {
    // This render already shows the new URL's (empty) log: nothing drawn from it may mistake the old one for it.
    shown = { url, log: emptyLog(), state: 'loading' }
    setCur(shown)
  }
  useEffect(() => {
    const abort = new AbortController()
    let rest = ''
    let pending: LogEvent[] = []
    let timer: ReturnType<typeof setTimeout> | undefined
    const flush = (state: LoadState = 'streaming') => {
      clearTimeout(timer)
      timer = undefined
      const events = pending
      pending = []
      setCur((c) => (c.url === url ? { url, state, log: events.length ? applyEvents(c.log, events, cap) : c.log } : c))
    }
    streamLogEvents(url, abort.signal, (chunk) => {
      const split = splitEvents(rest, chunk)
      rest = split.rest
      pending.push(...split.events)
      timer ??= setTimeout(flush, FLUSH_MS)
    }).then(
      () => {
        if (abort.signal.aborted) return
        pending.push(...parseEvents(rest))
        flush('ended')
      },
      (e: unknown) => {
        if (abort.signal.aborted) return
        clearTimeout(timer)
        setCur((c) => (c.url === url ? { ...c, state: { error: e } } : c))
        abort.abort()
      },
    )
    return () => {
      abort.abort()
      clearTimeout(timer)
    }
  }, [url, cap])
  return shown
}
