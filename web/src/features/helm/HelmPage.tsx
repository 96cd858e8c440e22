import { Package } from 'lucide-react'
import { EmptyState, PageHeader } from '../../ui'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { useCurrentCluster } from '../clusters/hooks'

export function HelmPage() {
  useDocumentTitle('Helm releases')
  const cluster = useCurrentCluster()
  return (
    <>
      <PageHeader title="Helm releases" description={cluster ? `Cluster ${cluster}` : 'Pick a cluster in the header to scope the list.'} />
      <EmptyState title="The Helm release browser arrives with the Helm API" icon={<Package size={32} />}>
        Releases, history, values, manifests and revision diffs will be decoded from Helm’s own storage on each
        cluster, under your identity.
      </EmptyState>
    </>
  )
}
