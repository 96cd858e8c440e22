import type { Tier, WhoAmI } from './api'
import type { Tone } from '../../ui'

/** "3h 04m", "12m 30s", "45s" or "expired" for the time left until `expiresAt`. */
export function formatRemaining(expiresAt: string, now: number): string {
  const end = Date.parse(expiresAt)
  if (Number.isNaN(end)) return 'unknown'
  const secs = Math.floor((end - now) / 1000)
  if (secs <= 0) return 'expired'
  const d = Math.floor(secs / 86400)
  const h = Math.floor((secs % 86400) / 3600)
  const m = Math.floor((secs % 3600) / 60)
  const s = secs % 60
  const pad = (n: number) => String(n).padStart(2, '0')
  if (d > 0) return `${d}d ${h}h`
  if (h > 0) return `${h}h ${pad(m)}m`
  if (m > 0) return `${m}m ${pad(s)}s`
  return `${s}s`
}

/** Seconds left; negative once expired. */
export function secondsLeft(expiresAt: string, now: number): number {
  return Math.floor((Date.parse(expiresAt) - now) / 1000)
}

export const tierTone: Record<Tier, Tone> = {
  read: 'neutral',
  triage: 'info',
  write: 'success',
  maintain: 'warning',
  admin: 'danger',
}

export function initials(subject: string, email: string): string {
  const base = (email || subject).split('@')[0]
  const parts = base.split(/[._\-\s]+/).filter(Boolean)
  const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : base.slice(0, 2)
  return letters.toUpperCase()
}

/** Who administers agents (and other people's sessions): the server decides (tier admin or an explicit audit-admin group). */
export function isAgentAdmin(me: Pick<WhoAmI, 'administrator'> | undefined): boolean {
  return !!me?.administrator
}
