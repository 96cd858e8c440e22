import { formatTime } from '../../lib/time'

/** `<input type="datetime-local">` speaks local wall time; the API speaks ISO-8601 instants. */
export function fromLocalInput(v: string): string {
  if (!v) return ''
  const d = new Date(v)
  return Number.isNaN(d.getTime()) ? '' : d.toISOString()
}

export function toLocalInput(iso: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return formatTime(d.getTime()).slice(0, 16).replace(' ', 'T')
}
