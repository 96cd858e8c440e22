import { Badge, type Tone } from '../../ui'
import type { ApplyConflict, Change } from './api'

const opView: Record<Change['op'], { tone: Tone; label: string; sign: string }> = {
  add: { tone: 'success', label: 'added', sign: '+' },
  remove: { tone: 'danger', label: 'removed', sign: '−' },
  replace: { tone: 'warning', label: 'changed', sign: '~' },
}

/** A value as one short line: strings as is, everything else as JSON. */
export function showValue(v: unknown, max = 160): string {
  if (v === undefined) return ''
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}

/** The dry-run answer's `changes` as a list: path, what happened, before → after. */
export function DiffList({ changes }: { changes: Change[] }) {
  if (changes.length === 0) {
    return <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-600 dark:bg-slate-800 dark:text-slate-300">No changes: applying would leave the object as it is.</p>
  }
  return (
    <ul aria-label="Changes" className="divide-y divide-slate-200 rounded-md border border-slate-200 text-sm dark:divide-slate-700 dark:border-slate-700">
      {changes.map((c) => {
        const v = opView[c.op]
        return (
          <li key={`${c.op}:${c.path}`} className="px-3 py-2">
            <div className="flex items-center gap-2">
              <Badge tone={v.tone}>
                <span aria-hidden="true">{v.sign}</span> {v.label}
              </Badge>
              <code className="font-mono text-xs break-all text-slate-800 dark:text-slate-200">{c.path}</code>
            </div>
            {c.op !== 'add' && (
              <pre className="mt-1 font-mono text-xs break-all whitespace-pre-wrap text-red-800 line-through decoration-red-400/60 dark:text-red-300">
                <span className="sr-only">before: </span>
                {showValue(c.before)}
              </pre>
            )}
            {c.op !== 'remove' && (
              <pre className="mt-1 font-mono text-xs break-all whitespace-pre-wrap text-emerald-800 dark:text-emerald-300">
                <span className="sr-only">after: </span>
                {showValue(c.after)}
              </pre>
            )}
          </li>
        )
      })}
    </ul>
  )
}

/** A 409 `apply_conflict`: which fields other managers own. */
export function ConflictList({ conflicts }: { conflicts: ApplyConflict[] }) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-xs text-slate-500 uppercase dark:text-slate-400">
        <tr>
          <th className="py-1 pr-3 font-semibold">Field</th>
          <th className="py-1 font-semibold">Owned by</th>
        </tr>
      </thead>
      <tbody>
        {conflicts.map((c) => (
          <tr key={`${c.field}:${c.manager}`} className="border-t border-amber-200 dark:border-amber-900">
            <td className="py-1 pr-3 font-mono text-xs break-all">{c.field}</td>
            <td className="py-1 font-mono text-xs">{c.manager}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
