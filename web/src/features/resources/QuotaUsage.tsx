import type { KubeObject } from './api'
import { cx } from '../../ui'
import { quotaRowsOf, quotaTone } from './quotaModel'

const BAR: Record<ReturnType<typeof quotaTone>, string> = { danger: 'bg-red-500', warning: 'bg-amber-500', neutral: 'bg-sky-500' }

/** A ResourceQuota's resources, each used over hard with a bar: full ones red (new objects are refused), over 90 % amber. */
export function QuotaUsage({ quota, title }: { quota: KubeObject; title: string }) {
  const rows = quotaRowsOf(quota)
  return (
    <section aria-label={title}>
      <h3 className="mb-1 text-sm font-semibold">{title}</h3>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No limits set.</p>
      ) : (
        <ul className="space-y-1.5 text-sm">
          {rows.map((r) => {
            const tone = quotaTone(r.ratio)
            return (
              <li key={r.resource} className="grid grid-cols-[11rem_1fr_7rem] items-center gap-2">
                <span className="truncate font-mono text-xs" title={r.resource}>{r.resource}</span>
                <span className="h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700" aria-hidden="true">
                  <span className={cx('block h-full', BAR[tone])} style={{ width: `${Math.min(100, Math.round((r.ratio ?? 0) * 100))}%` }} />
                </span>
                <span className={cx('text-right font-mono text-xs', tone === 'danger' && 'text-red-700 dark:text-red-400', tone === 'warning' && 'text-amber-700 dark:text-amber-400')}>
                  {r.used} / {r.hard}
                  {tone === 'danger' && <span className="sr-only"> (full: new objects are refused)</span>}
                </span>
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
