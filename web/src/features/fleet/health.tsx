import { Link } from 'react-router'
import { AlertTriangle, CheckCircle2, CircleHelp, Lock, XCircle } from 'lucide-react'
import { Badge, type Tone } from '../../ui'
import type { Health } from './api'

/** How each health reads on a badge, on the fleet's cards and on a cluster's overview. */
const healthView: Record<Health, { tone: Tone; label: string; Icon: typeof CheckCircle2 }> = {
  healthy: { tone: 'success', label: 'Healthy', Icon: CheckCircle2 },
  reachable: { tone: 'success', label: 'Reachable', Icon: CheckCircle2 },
  degraded: { tone: 'warning', label: 'Degraded', Icon: AlertTriangle },
  unreachable: { tone: 'danger', label: 'Unreachable', Icon: XCircle },
  no_access: { tone: 'neutral', label: 'No access', Icon: Lock },
  unknown: { tone: 'neutral', label: 'Not checked yet', Icon: CircleHelp },
}

/** The health's badge: icon and label in its tone. */
export function HealthBadge({ health }: { health: Health }) {
  const hv = healthView[health]
  return (
    <Badge tone={hv.tone}>
      <hv.Icon size={12} aria-hidden="true" />
      {hv.label}
    </Badge>
  )
}

/** A count with its bad part beside it ("3 · 1 not ready"); the count links to `to`, the bad part to `badTo`, when given. */
export function Stat({ label, value, bad, badLabel, badTitle, to, badTo }: {
  label: string
  value: number | null
  bad?: number | null
  badLabel?: string
  /** What the bad count counts, on hover. */
  badTitle?: string
  to?: string
  badTo?: string
}) {
  return (
    <div>
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="font-semibold tabular-nums text-slate-900 dark:text-slate-100">
        {value == null ? (
          <span className="text-slate-400" title="Not available">—</span>
        ) : to ? (
          <Link to={to} className="text-sky-700 hover:underline dark:text-sky-300">
            {value}
          </Link>
        ) : (
          value
        )}
        {!!bad && (
          <>
            {/* A real space and separator: copied or read aloud, "27 · 6 failing" is not "276 failing". */}{' '}
            {badTo ? (
              <Link to={badTo} className="text-xs font-medium text-amber-700 hover:underline dark:text-amber-400" title={badTitle}>
                · {bad} {badLabel}
              </Link>
            ) : (
              <span className="text-xs font-medium text-amber-700 dark:text-amber-400" title={badTitle}>
                · {bad} {badLabel}
              </span>
            )}
          </>
        )}
      </dd>
    </div>
  )
}

