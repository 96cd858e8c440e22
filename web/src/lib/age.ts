/** `5d`, `3h12m`, `42s` like kubectl. */
export function formatAge(iso: string | undefined, now: number): string {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  return formatDuration(Math.floor((now - t) / 1000))
}

/** A length of time as kubectl prints ages and a Job's DURATION: `65s`, `3m20s`, `65m`, `2h`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  if (s < 120) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`
  if (m < 180) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h}h${m % 60 && h < 8 ? `${m % 60}m` : ''}`
  const d = Math.floor(h / 24)
  if (d < 365 * 2) return `${d}d${h % 24 && d < 8 ? `${h % 24}h` : ''}`
  return `${Math.floor(d / 365)}y`
}
