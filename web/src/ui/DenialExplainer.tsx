/**
 * "Ask a cluster admin for this": under a 403 from the apiserver, the smallest Role + RoleBinding
 * (or ClusterRole + ClusterRoleBinding) that would allow exactly the refused request, written by
 * the server from the apiserver's own refusal. Bound to the refused user, or to one of the groups
 * Periscope impersonates for them. Periscope never applies it: the person copies it to an admin.
 */
import { useId, useState } from 'react'
import { ApiError } from '../api/client'
import { CopyButton } from './CopyButton'
import { cx } from './cx'
import { focusRing } from './Button'

export interface AskAdminGrant {
  subjectKind: 'User' | 'Group'
  subject: string
  yaml: string
}

/** The `askAdmin` field of a 403 error body. */
export interface AskAdmin {
  /** What the grant allows, e.g. `get secrets "db" in namespace "shop"`. */
  summary: string
  scope: 'namespace' | 'cluster'
  grants: AskAdminGrant[]
  note: string
}

/** The explanation an error body carries, or null when it carries none (any other error). */
export function askAdminOf(details: Record<string, unknown>): AskAdmin | null {
  const a = details.askAdmin as Partial<AskAdmin> | undefined
  if (!a || typeof a.summary !== 'string' || !Array.isArray(a.grants) || a.grants.length === 0) return null
  return { summary: a.summary, scope: a.scope === 'cluster' ? 'cluster' : 'namespace', grants: a.grants, note: a.note ?? '' }
}

/** The grant to ask for under any error that is an explained apiserver refusal; nothing otherwise. */
export function ForbiddenExplainer({ error, className }: { error: unknown; className?: string }) {
  const ask = error instanceof ApiError && error.isForbidden ? askAdminOf(error.details) : null
  return ask ? <div className={className}><DenialExplainer ask={ask} /></div> : null
}

export function DenialExplainer({ ask }: { ask: AskAdmin }) {
  const [chosen, setChosen] = useState(0)
  const headingId = useId()
  const grant = ask.grants[Math.min(chosen, ask.grants.length - 1)]
  const kinds = ask.scope === 'cluster' ? 'ClusterRole and ClusterRoleBinding' : 'Role and RoleBinding'
  return (
    <section aria-labelledby={headingId} data-testid="denial-explainer"
      className="mt-3 rounded-md border border-red-200 bg-white p-3 text-slate-700 dark:border-red-900 dark:bg-slate-900 dark:text-slate-300">
      <h3 id={headingId} className="font-semibold text-slate-900 dark:text-slate-100">Ask a cluster admin for this</h3>
      <p className="mt-1 text-xs">
        This {kinds} allows exactly <span className="font-mono">{ask.summary}</span> and nothing more. Periscope never applies it.
      </p>
      {ask.note && <p className="mt-1 text-xs text-amber-800 dark:text-amber-300">{ask.note}</p>}
      {ask.grants.length > 1 && (
        <div role="radiogroup" aria-label="Bind it to" className="mt-2 flex flex-wrap items-center gap-1.5 text-xs">
          <span className="text-slate-500 dark:text-slate-400">Bind it to:</span>
          {ask.grants.map((g, i) => (
            <button key={`${g.subjectKind}/${g.subject}`} type="button" role="radio" aria-checked={i === chosen} onClick={() => setChosen(i)}
              className={cx('rounded-full px-2 py-0.5 ring-1 ring-inset', focusRing,
                i === chosen ? 'bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-700'
                  : 'ring-slate-300 hover:bg-slate-100 dark:ring-slate-600 dark:hover:bg-slate-800')}>
              {g.subjectKind === 'User' ? 'you' : 'group'} <span className="font-mono">{g.subject}</span>
            </button>
          ))}
        </div>
      )}
      {grant.subjectKind === 'Group' && (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Binding a group grants this to everyone in it.</p>
      )}
      <pre aria-label="RBAC YAML" data-testid="denial-yaml"
        className="mt-2 max-h-72 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs text-slate-800 select-all dark:bg-slate-800 dark:text-slate-200">
        {grant.yaml}
      </pre>
      <div className="mt-2">
        <CopyButton text={grant.yaml} label="Copy YAML" />
      </div>
    </section>
  )
}
