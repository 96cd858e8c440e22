/** Table cells the fleet table and a cluster's release table share. */
import { Badge, type Tone } from '../../ui'
import { formatAge } from '../resources/listModel'

const statusTone: Record<string, Tone> = { deployed: 'success', superseded: 'neutral', failed: 'danger', 'pending-install': 'info', 'pending-upgrade': 'info', 'pending-rollback': 'info', uninstalling: 'warning' }

/** A release status as its badge. */
export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTone[status] ?? 'neutral'}>{status}</Badge>
}

export function StatusCell({ status }: { status: string }) {
  return <td className="px-3 py-2"><StatusBadge status={status} /></td>
}

/** When the revision was deployed, as an age (the exact time in the title). */
export function UpdatedCell({ updated, now }: { updated: string | null; now: number }) {
  return <td className="px-3 py-2 text-slate-600 dark:text-slate-400" title={updated ?? undefined}>{updated ? `${formatAge(updated, now)} ago` : '—'}</td>
}
