import { useEffect, useState } from 'react'

/** How often an "n minutes ago" column re-reads the clock. */
export const AGE_REFRESH_MS = 30_000

/**
 * The current time, re-read every `intervalMs`: what a render shows as "5m ago" or a countdown,
 * instead of reading the clock during render (which would make renders impure and never refresh).
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs)
    return () => window.clearInterval(id)
  }, [intervalMs])
  return now
}
