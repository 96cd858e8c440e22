import { cx, focusRing } from '../../ui'

export type DiffLineKind = 'add' | 'remove' | 'hunk' | 'file' | 'context'

/** Classifies each line of a unified diff (`---`/`+++` headers, `@@` hunks, `+`/`-`/context lines). */
export function diffLines(diff: string): { kind: DiffLineKind; text: string }[] {
  if (!diff) return []
  const lines = diff.endsWith('\n') ? diff.slice(0, -1).split('\n') : diff.split('\n')
  return lines.map((text) => {
    if (text.startsWith('+++') || text.startsWith('---')) return { kind: 'file', text }
    if (text.startsWith('@@')) return { kind: 'hunk', text }
    if (text.startsWith('+')) return { kind: 'add', text }
    if (text.startsWith('-')) return { kind: 'remove', text }
    return { kind: 'context', text }
  })
}

const style: Record<DiffLineKind, string> = {
  add: 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-200',
  remove: 'bg-red-50 text-red-900 dark:bg-red-950/60 dark:text-red-200',
  hunk: 'bg-sky-50 text-sky-800 dark:bg-sky-950/60 dark:text-sky-300',
  file: 'font-semibold text-slate-600 dark:text-slate-400',
  context: 'text-slate-700 dark:text-slate-300',
}

const label: Partial<Record<DiffLineKind, string>> = { add: 'added: ', remove: 'removed: ' }

/** A unified diff with added/removed lines coloured (and announced to screen readers), in a box a keyboard can scroll. */
export function UnifiedDiff({ diff, title, emptyText }: { diff: string; title: string; emptyText: string }) {
  const lines = diffLines(diff)
  return (
    <section aria-label={title} className="min-w-0">
      <h3 className="mb-1 text-sm font-semibold text-slate-800 dark:text-slate-100">{title}</h3>
      {lines.length === 0 ? (
        <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-600 dark:bg-slate-800 dark:text-slate-300">{emptyText}</p>
      ) : (
        // Scrolls sideways under long lines, and down past 28rem (the Values/Manifest boxes' height) so a long manifest
        // diff does not make the page itself very long: a Tab stop, named, so a keyboard can reach and scroll it (arrow keys).
        <pre
          tabIndex={0}
          role="region"
          aria-label={`${title} diff`}
          className={cx('max-h-[28rem] overflow-auto rounded-md border border-slate-200 font-mono text-xs leading-5 dark:border-slate-700', focusRing)}
        >
          {lines.map((l, i) => (
            <div key={i} className={cx('px-2 whitespace-pre', style[l.kind])} data-kind={l.kind}>
              {label[l.kind] && <span className="sr-only">{label[l.kind]}</span>}
              {l.text || ' '}
            </div>
          ))}
        </pre>
      )}
    </section>
  )
}
