import { RefreshCw } from 'lucide-react'
import { Button } from './Button'

/** "Read it again from the source" (audited by the server): spins and says so while the read runs. */
export function RefreshButton({ pending, onClick, title, label }: { pending: boolean; onClick: () => void; title: string; label: string }) {
  return (
    <Button size="sm" variant="ghost" className="ml-auto" onClick={onClick} disabled={pending} title={title}>
      <RefreshCw size={14} aria-hidden="true" className={pending ? 'animate-spin' : undefined} />
      {pending ? 'Refreshing…' : label}
    </Button>
  )
}
