import { Link } from 'react-router'
import { EmptyState } from '../ui'
import { useDocumentTitle } from '../lib/useDocumentTitle'

export function NotFoundPage() {
  useDocumentTitle('Not found')
  return (
    <EmptyState title="Page not found">
      Nothing lives at this address. <Link to="/" className="text-sky-700 underline dark:text-sky-300">Go to the fleet</Link>
    </EmptyState>
  )
}
