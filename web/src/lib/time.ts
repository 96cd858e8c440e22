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

/** `17:13` today, else `2026-12-05 17:13`: when something was read. */
export function formatClock(iso: string | number, now: number = Date.now()): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`
  return formatDate(d) === formatDate(now) ? hm : `${formatDate(d)} ${hm}`
}
