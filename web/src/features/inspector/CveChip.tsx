import { cx } from '../../ui'
import { countsTitle, unavailableLabel, type Chip, type Unavailable } from './api'

const pill = 'inline-flex items-center gap-1 rounded px-1.5 py-px text-xs font-medium tabular-nums ring-1 ring-inset whitespace-nowrap'

/**
 * `2C · 5H · 12M`: critical / high / medium counts coloured by severity, low and informational
 * on hover. "not scanned" is a dashed outline, visibly not a zero; a clean scan is a green 0; a
 * read still running is a small spinner named for assistive technology.
 * When the cluster's read from Inspector was refused or failed (`unavailable`), an unread row says
 * so, with the reason (it names the IAM action) on hover, instead of waiting forever.
 * No chip at all is a dash; `none` says why (Inspector off for the cluster, no build pulled yet), on
 * hover and to assistive technology, so the dash does not read as "no CVEs found".
 */
export function CveChip({ chip, unavailable, none }: { chip: Chip | undefined; unavailable?: Unavailable; none?: string }) {
  if (!chip) {
    return none
      ? <span role="img" aria-label={none} title={none} className="cursor-help text-slate-400">—</span>
      : <span className="text-slate-400">—</span>
  }
  if (chip.state === 'PENDING' && unavailable) {
    return (
      <span className={cx(pill, 'text-amber-800 ring-amber-300 dark:text-amber-300 dark:ring-amber-700')} title={unavailable.message} data-testid="cve-chip">
        {unavailableLabel(unavailable)}
      </span>
    )
  }
  if (chip.state === 'PENDING') {
    // An image to assistive technology, not a live region: a list may hold thousands of these.
    return (
      <span role="img" aria-label="Reading findings from Inspector" title="Reading findings from Amazon Inspector"
        className={cx(pill, 'text-slate-500 ring-slate-300 dark:ring-slate-600')} data-testid="cve-chip">
        <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-slate-300 border-t-sky-600 dark:border-slate-600 dark:border-t-sky-400" />
      </span>
    )
  }
  if (chip.state === 'NOT_SCANNED') {
    return (
      <span
        className={cx(pill, 'text-slate-500 italic ring-slate-300 ring-dashed dark:text-slate-400 dark:ring-slate-600')}
        style={{ borderStyle: 'dashed' }}
        title="Not scanned by Amazon Inspector"
        data-testid="cve-chip"
      >
        not scanned
      </span>
    )
  }
  const c = chip.counts
  const parts: { n: number; s: string; tone: string }[] = [
    { n: c.critical, s: 'C', tone: 'text-red-700 dark:text-red-400' },
    { n: c.high, s: 'H', tone: 'text-orange-700 dark:text-orange-400' },
    { n: c.medium, s: 'M', tone: 'text-amber-700 dark:text-amber-400' },
  ].filter((p) => p.n > 0)
  const title = countsTitle(c)
  if (parts.length === 0) {
    return (
      <span className={cx(pill, 'bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800')} title={title} data-testid="cve-chip">
        0
      </span>
    )
  }
  return (
    <span className={cx(pill, 'bg-white ring-slate-300 dark:bg-slate-900 dark:ring-slate-600')} title={title} data-testid="cve-chip">
      {parts.map((p, i) => (
        <span key={p.s} className={p.tone}>
          {i > 0 && <span className="px-0.5 text-slate-400">·</span>}
          {p.n}
          {p.s}
        </span>
      ))}
    </span>
  )
}
