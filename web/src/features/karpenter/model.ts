/** How Karpenter's words and numbers are shown: reason labels, badge tones, money. */
import type { Tone } from '../../ui'
import type { Badge, SchedulingReason } from './api'

export const REASON_LABEL: Record<SchedulingReason, string> = {
  INCOMPATIBLE_REQUIREMENTS: 'Incompatible requirements',
  TAINT_NOT_TOLERATED: 'Taint not tolerated',
  LIMITS_REACHED: 'Limits reached',
  NO_INSTANCE_TYPE: 'No instance type fits',
  OTHER: 'Other',
}

export const REASON_TONE: Record<SchedulingReason, Tone> = {
  INCOMPATIBLE_REQUIREMENTS: 'warning',
  TAINT_NOT_TOLERATED: 'accent',
  LIMITS_REACHED: 'danger',
  NO_INSTANCE_TYPE: 'danger',
  OTHER: 'neutral',
}

/** Lifecycle conditions are good when True; the disruption ones flag something when True. */
const FLAGS: Record<string, Tone> = { Drifted: 'warning', Empty: 'info', Consolidatable: 'accent' }

/** The badge for a condition the claim carries; null for a disruption flag that is not set (nothing to say). */
export function badgeView(b: Badge): { tone: Tone; text: string } | null {
  if (b.status === null) return null
  const flag = FLAGS[b.type]
  if (flag) return b.status === 'True' ? { tone: flag, text: b.type } : null
  if (b.status === 'True') return { tone: 'success', text: b.type }
  return { tone: b.status === 'False' ? 'danger' : 'neutral', text: `${b.type}: ${b.status}` }
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 })

/** `$0.0915/hr`, or `unknown` when the figure could not be worked out. */
export const perHour = (v: number | null) => (v === null ? 'unknown' : `${money.format(v)}/hr`)
