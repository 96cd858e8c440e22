import type { ReactNode } from 'react'
import { Inbox } from 'lucide-react'

export function EmptyState({ title, children, icon, action }: {
  title: string
  children?: ReactNode
  icon?: ReactNode
  action?: ReactNode
}) {
  return (
    <div className="flex flex-col items-center justify-center rounded-lg border border-dashed border-slate-300 px-6 py-12 text-center dark:border-slate-700">
      <div className="mb-3 text-slate-400 dark:text-slate-500" aria-hidden="true">
        {icon ?? <Inbox size={32} />}
      </div>
      <h2 className="text-base font-semibold text-slate-900 dark:text-slate-100">{title}</h2>
      {children && <div className="mt-1 max-w-md text-sm text-slate-600 dark:text-slate-400">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  )
}
