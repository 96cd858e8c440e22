import { cx } from '../../ui'
import { formatTimeWithZone } from '../../lib/time'
import { CveChip } from '../inspector/CveChip'
import { unavailableOf, type Chip, type Chips } from '../inspector/api'
import type { NodeClaim } from './api'

const READING: Chip = { state: 'PENDING', counts: { critical: 0, high: 0, medium: 0, low: 0, informational: 0, untriaged: 0 } }
const dashed = 'inline-flex items-center rounded px-1.5 py-px text-xs whitespace-nowrap text-slate-500 italic ring-1 ring-inset ring-slate-300 dark:text-slate-400 dark:ring-slate-600'

/**
 * A NodeClaim's CVEs: Inspector's chip of its node's EC2 instance (a clean scan is a green 0), or why
 * there is none, never a bare dash: still reading (a spinner), Inspector refused or failed (the reason on
 * hover), no node yet (nothing to scan), or a node that joined after the cluster's last read.
 */
export function ClaimCveCell({ chips, claim }: { chips: Chips; claim: NodeClaim }) {
  const chip = chips.items[claim.name]
  const unavailable = unavailableOf(chips)
  if (chip) return <CveChip chip={chip} unavailable={unavailable} />
  // The cluster's first read from Inspector is running, or it was refused: every row waits for it, or says why not.
  if (chips.status === 'PENDING' || unavailable) return <CveChip chip={READING} unavailable={unavailable} />
  if (!claim.nodeName) {
    return (
      <span className={cx(dashed)} style={{ borderStyle: 'dashed' }} data-testid="cve-chip"
        title="No node has joined for this claim yet: Inspector scans the node's EC2 instance once it runs">
        no node yet
      </span>
    )
  }
  return (
    <span className={cx(dashed)} style={{ borderStyle: 'dashed' }} data-testid="cve-chip"
      title={`Not read yet: the node joined after the last read from Inspector${chips.readAt ? ` (${formatTimeWithZone(chips.readAt)})` : ''}; it shows after the next one`}>
      not read yet
    </span>
  )
}
