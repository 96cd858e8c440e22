import { cx } from './cx'

export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cx('animate-pulse rounded bg-slate-200 dark:bg-slate-700/70', className)} />
}

/** A page's loading state: `rows` placeholder bars of `rowHeight` (a Tailwind height), announced as `label`. */
export function SkeletonRows({ label, rows, rowHeight, className }: { label: string; rows: number; rowHeight: string; className?: string }) {
  return (
    <div role="status" aria-label={label} className={cx('space-y-2', className)}>
      {Array.from({ length: rows }, (_, i) => <Skeleton key={i} className={cx(rowHeight, 'w-full')} />)}
    </div>
  )
}

export function Spinner({ label = 'Loading', className }: { label?: string; className?: string }) {
  return (
    <span role="status" className={cx('inline-flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400', className)}>
      <span
        aria-hidden="true"
        className="size-4 animate-spin rounded-full border-2 border-slate-300 border-t-sky-600 dark:border-slate-600 dark:border-t-sky-400"
      />
      <span>{label}</span>
    </span>
  )
}
