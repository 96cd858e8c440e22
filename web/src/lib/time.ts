/**
 * Moments as the console writes them everywhere: `2026-12-06 17:13:30` in the browser's time zone
 * (sortable at a glance, one width, the same on every page), the ISO instant in a tooltip where
 * the exact moment matters.
 */
const p = (n: number) => String(n).padStart(2, '0')

/** `2026-12-06 17:13:30`, local; the input itself when it is no time. */
export function formatTime(iso: string | number): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  return `${formatDate(d)} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** `2026-12-06`, local. */
export function formatDate(at: string | number | Date): string {
  const d = at instanceof Date ? at : new Date(at)
  if (Number.isNaN(d.getTime())) return String(at)
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/**
 * `17:13 UTC+01:00` today, else `2026-12-05 17:13 UTC+01:00`: when something was read. The zone is
 * said: a bare clock ("fetched at 12:54") read as UTC to people who compare it with CloudTrail.
 */
export function formatClock(iso: string | number, now: number = Date.now()): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`
  return `${formatDate(d) === formatDate(now) ? hm : `${formatDate(d)} ${hm}`} ${zoneLabel(d)}`
}

/**
 * The browser's offset from UTC at that moment, `UTC` or `UTC+01:00`: said beside local times that
 * people compare across time zones (audit rows against CloudTrail, logs or a colleague's screen).
 */
export function zoneLabel(at: string | number | Date = Date.now()): string {
  const d = at instanceof Date ? at : new Date(at)
  const minutes = Number.isNaN(d.getTime()) ? 0 : -d.getTimezoneOffset()
  if (minutes === 0) return 'UTC'
  const abs = Math.abs(minutes)
  return `UTC${minutes > 0 ? '+' : '-'}${p(Math.floor(abs / 60))}:${p(abs % 60)}`
}

/** `2026-12-06 17:13:30 UTC+01:00`: a local time that says which. */
export function formatTimeWithZone(iso: string | number): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? String(iso) : `${formatTime(iso)} ${zoneLabel(d)}`
}
