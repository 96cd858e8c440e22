import { Cloud } from 'lucide-react'
import { ApiError } from '../../api/client'
import { EmptyState } from '../../ui'

/** The server's answer for a cluster whose entry names no EKS cluster: a state of the page, not a failure to retry. */
export const isNotEksCluster = (error: unknown) => error instanceof ApiError && error.code === 'not_an_eks_cluster'

export function NotEksCluster({ cluster, what }: { cluster: string; what: string }) {
  return (
    <EmptyState title="Not an EKS cluster" icon={<Cloud size={32} />}>
      The entry of <span className="font-mono">{cluster}</span> in clusters.yaml names no EKS cluster (<code className="font-mono">eksName</code>{' '}
      and <code className="font-mono">region</code>), so it has no {what}.
    </EmptyState>
  )
}
