import { ScrollText } from 'lucide-react'
import { EmptyState, PageHeader } from '../../ui'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { useWhoAmI } from '../auth/hooks'

export function AuditPage() {
  useDocumentTitle('Audit')
  const { data: me } = useWhoAmI()
  return (
    <>
      <PageHeader
        title="Audit"
        description={me?.auditAdmin ? 'You can read every user’s audit events.' : 'You can read your own audit events.'}
      />
      <EmptyState title="The audit view arrives with the audit API" icon={<ScrollText size={32} />}>
        Every privileged action — applies, deletes, exec sessions, secret reveals, log opens — is recorded with
        the real person behind it. Filtering, paging and CSV/NDJSON export will appear here once the server serves{' '}
        <code className="font-mono">/api/audit</code>.
      </EmptyState>
    </>
  )
}
