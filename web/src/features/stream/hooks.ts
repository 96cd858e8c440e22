/**
 * React binding of the tab's one {@link StreamClient}: `useStreamState` for the indicator and
 * `useStreamSubscription` for a list that wants live changes.
 */
import { useEffect, useEffectEvent, useSyncExternalStore } from 'react'
import { fetchTransport } from './fetchTransport'
import { StreamClient, type StreamEvent, type StreamState, type StreamSubscription } from './streamClient'

let client: StreamClient | null = null

/** The tab's stream client, created on first use. */
export function streamClient(): StreamClient {
  if (!client) {
    const c = new StreamClient({ transport: fetchTransport })
    client = c
    // A tab in the background lets its connection go (browsers allow six per host over HTTP/1.1).
    if (typeof document !== 'undefined') {
      const follow = () => c.setHidden(document.visibilityState === 'hidden')
      document.addEventListener('visibilitychange', follow)
      follow()
    }
  }
  return client
}

/** Test hook: replace the tab's client (e.g. one with a fake transport). */
export function setStreamClient(c: StreamClient | null): void {
  client?.close()
  client = c
}

export function useStreamState(): StreamState {
  const c = streamClient()
  return useSyncExternalStore(
    (cb) => c.onState(cb),
    () => c.current,
  )
}

/** Subscription ids: `[A-Za-z0-9_-]{1,40}`, stable for the same list. */
export function subscriptionId(key: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return `l${(h >>> 0).toString(36)}`
}

/**
 * Subscribes while `sub` is non-null. Re-subscribes only when the subscription's identity changes
 * (not when its resourceVersion moves, which would reconnect on every event); events always reach
 * the latest `onEvent`, so callers need not memoize it.
 */
export function useStreamSubscription(sub: StreamSubscription | null, onEvent: (e: StreamEvent) => void): void {
  const deliver = useEffectEvent(onEvent)
  const current = useEffectEvent(() => sub)
  const identity = sub ? JSON.stringify({ ...sub, resourceVersion: undefined }) : null
  useEffect(() => {
    const s = current()
    if (!identity || !s) return
    return streamClient().subscribe(s, (e) => deliver(e))
  }, [identity])
}
