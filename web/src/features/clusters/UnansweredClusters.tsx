import { Link } from 'react-router'
import { cx, focusRing } from '../../ui'

/** How one cluster answered a fleet-wide list: what the server's fan-out reports per cluster. */
export interface FleetClusterStatus {
  cluster: string
  status: 'ok' | 'forbidden' | 'failed' | 'timeout'
  code: string | null
  message: string | null
  /** What an answering cluster could not list (a storage kind it may not read), said beside it. */
  warnings?: string[]
}

/**
 * A line for each cluster missing from a fleet-wide list, with why (the full reason one click away:
 * a refusal names the RBAC rule and is long), and each warning of a cluster that answered.
 */
export function UnansweredClusters({ parts, why, linkTo, label }: {
  parts: readonly FleetClusterStatus[]
  /** The short reason for each status but `ok`: "your role may not list its pods". */
  why: Record<Exclude<FleetClusterStatus['status'], 'ok'>, string>
  linkTo: (cluster: string) => string
  label: string
}) {
  const lines = parts.flatMap((p) =>
    p.status === 'ok'
      ? (p.warnings ?? []).map((w) => ({ cluster: p.cluster, short: w, detail: null as string | null, key: `${p.cluster}:${w}` }))
      : [{ cluster: p.cluster, short: why[p.status], detail: p.message ?? p.code, key: p.cluster }],
  )
  if (lines.length === 0) return null
  return (
    <ul aria-label={label} className="mb-3 space-y-1 rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
      {lines.map((l) => (
        <li key={l.key}>
          <Link className="font-medium underline" to={linkTo(l.cluster)}>{l.cluster}</Link> {l.short}
          {l.detail && (
            <details className="inline-block align-top">
              <summary className={cx('ml-2 cursor-pointer text-xs underline', focusRing)}>why</summary>
              <p className="mt-1 text-xs break-words">{l.detail}</p>
            </details>
          )}
        </li>
      ))}
    </ul>
  )
}
