import type { AllocatedAmounts } from './api'
import { useNodeAllocation } from './hooks'
import { formatCpu, formatMemory, percentOf } from './usage'

function amount(value: number, allocatable: number | null, format: (v: number) => string): string {
  const share = percentOf(value, allocatable ?? undefined)
  return share === undefined ? format(value) : `${format(value)} (${share}%)`
}

function Row({ name, amounts, format }: { name: string; amounts: AllocatedAmounts; format: (v: number) => string }) {
  return (
    <tr>
      <th scope="row" className="pr-3 text-left font-normal text-slate-500 dark:text-slate-400">
        {name}
      </th>
      <td className="pr-3">{amount(amounts.requests, amounts.allocatable, format)}</td>
      <td>{amounts.limits > 0 ? amount(amounts.limits, amounts.allocatable, format) : '—'}</td>
    </tr>
  )
}

/**
 * `kubectl describe node`'s "Allocated resources": what the node's pods request and are limited to,
 * as a share of its allocatable. The scheduler places pods by requests, so this is what explains
 * "Insufficient cpu" on a node whose usage looks low. Limits above 100 % are overcommitment, not an error.
 */
export function NodeAllocationField({ cluster, node }: { cluster: string; node: string }) {
  const q = useNodeAllocation(cluster, node)
  if (q.isPending) return <span className="text-slate-500">Reading the node's pods…</span>
  if (q.error) return <span className="text-slate-500">Not available: {q.error.message}</span>
  const a = q.data
  return (
    <div>
      <table aria-label="Allocated resources" className="font-mono text-xs">
        <thead>
          <tr className="text-slate-500 dark:text-slate-400">
            <th scope="col" className="pr-3 text-left font-normal">
              <span className="sr-only">Resource</span>
            </th>
            <th scope="col" className="pr-3 text-left font-normal">
              Requests
            </th>
            <th scope="col" className="text-left font-normal">
              Limits
            </th>
          </tr>
        </thead>
        <tbody>
          <Row name="cpu" amounts={a.cpu} format={formatCpu} />
          <Row name="memory" amounts={a.memory} format={formatMemory} />
        </tbody>
      </table>
      <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
        of {a.pods} {a.pods === 1 ? 'pod' : 'pods'} not finished · what the scheduler goes by
      </p>
    </div>
  )
}
