/**
 * `/clusters/:cluster/reverse-lookup?action=&resource=&namespace=`: which pods (that you may list)
 * run with an IAM role that grants an action — with IRSA / Pod Identity attribution, the decision
 * and a wildcard chip. The question lives in the URL, so an answer can be shared as a link.
 */
import { useId, useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { KeyRound, RefreshCw } from 'lucide-react'
import { ApiError, isFinalError } from '../../api/client'
import { Badge, Breakable, Button, EmptyState, ErrorState, PageHeader, Skeleton, SkeletonRows, cx, focusRing } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { ACTION_PATTERN, type ReverseLookupAnswer, type ReverseMatch } from './api'
import { categoryView } from './AwsAccessTab'
import { formatClock } from '../../lib/time'
import { AwsLockedPane } from './AwsLockedPane'
import { useAwsCapabilities, useRefreshReverseLookup, useReverseLookup, useRoleAccess, useSensitiveCatalog } from './hooks'
import { countOf } from '../../lib/plural'

const spec = { action: param.string(), resource: param.string(), namespace: param.string() }
const input = cx(
  'h-9 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-800 placeholder:text-slate-400 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100',
  focusRing,
)
/** Pods shown per row before "N more". */
const PODS_SHOWN = 5

export function ReverseLookupPage() {
  useDocumentTitle('Reverse lookup')
  const cluster = useParams().cluster ?? ''
  const [s, set] = useSearchState(spec)
  const q = { action: s.action, resource: s.resource || undefined, namespace: s.namespace || undefined }
  const caps = useAwsCapabilities(cluster)
  const locked = caps.data?.available === false
  const lookup = useReverseLookup(cluster, q, caps.isSuccess ? !locked : caps.isError)
  const refresh = useRefreshReverseLookup(cluster)

  return (
    <>
      <PageHeader
        title="Reverse lookup"
        description={`Cluster ${cluster} · which pods you may list run with an IAM role that grants an action (identity policies, an upper bound)`}
        actions={
          // A refused or malformed question, or a refused refresh, gets the same answer after a refresh: not offered then.
          s.action && !locked && !isFinalError(lookup.error) && !isFinalError(refresh.error) && (
            <Button size="sm" onClick={() => refresh.mutate(q.namespace)} disabled={refresh.isPending}
              title="Re-list ServiceAccounts and Pod Identity associations, and read the roles' policies from IAM again (audited)">
              <RefreshCw size={14} aria-hidden="true" className={refresh.isPending ? 'animate-spin' : undefined} />
              {refresh.isPending ? 'Refreshing…' : 'Refresh from AWS'}
            </Button>
          )
        }
      />
      <QueryForm key={`${s.action}|${s.resource}|${s.namespace}`} initial={s} onSubmit={(next) => set(next, { push: true })} />
      {refresh.error && <div className="mb-4"><ErrorState error={refresh.error} title="Could not refresh from AWS" /></div>}
      {locked && caps.data ? (
        <AwsLockedPane capabilities={caps.data} />
      ) : !s.action ? (
        <EmptyState title="Ask about an action" icon={<KeyRound size={32} />}>
          Type an IAM action such as <code className="font-mono">s3:DeleteBucket</code> or pick one from the sensitive-permissions catalog.
        </EmptyState>
      ) : lookup.error ? (
        <div className="space-y-2">
          <ErrorState error={lookup.error} title={`Could not look up ${s.action}`} onRetry={() => void lookup.refetch()} />
          {lookup.error instanceof ApiError && lookup.error.isForbidden && !s.namespace && (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              The lookup lists pods as you. If you may list pods only in some namespaces, give one in <strong>Namespace</strong>.
            </p>
          )}
        </div>
      ) : lookup.isPending || caps.isPending ? (
        <SkeletonRows label="Looking up" rows={4} rowHeight="h-10" />
      ) : (
        <Results cluster={cluster} answer={lookup.data} updating={lookup.isFetching} />
      )}
    </>
  )
}

/** The question: action (with catalog suggestions), optional resource ARN and namespace; Enter submits. */
export function QueryForm({ initial, onSubmit }: { initial: { action: string; resource: string; namespace: string }; onSubmit: (q: typeof initial) => void }) {
  const [draft, setDraft] = useState(initial)
  const [invalid, setInvalid] = useState<string | null>(null)
  const catalog = useSensitiveCatalog()
  const listId = useId()
  const errorId = useId()
  // A pattern entry (ssm:GetParameter*) suggests the actions it covers; the wildcard entry none.
  const suggestions = (catalog.data?.actions ?? [])
    .flatMap((e) => (e.covers ?? [e.action]).map((action) => ({ ...e, action })))
    .filter((e) => ACTION_PATTERN.test(e.action))
  // One chip per entry: a pattern entry shows the first action it covers.
  const chips = (catalog.data?.actions ?? [])
    .map((e) => ({ ...e, action: ACTION_PATTERN.test(e.action) ? e.action : (e.covers?.[0] ?? '') }))
    .filter((e) => ACTION_PATTERN.test(e.action))

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const action = draft.action.trim()
    if (!ACTION_PATTERN.test(action)) {
      setInvalid('Give one IAM action as service:Action, e.g. s3:DeleteBucket (no wildcards).')
      return
    }
    setInvalid(null)
    onSubmit({ action, resource: draft.resource.trim(), namespace: draft.namespace.trim() })
  }
  const pick = (action: string) => {
    setInvalid(null)
    setDraft({ ...draft, action })
    onSubmit({ ...draft, action })
  }

  return (
    <form onSubmit={submit} role="search" aria-label="Reverse lookup" className="mb-6 space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300">
          Action
          <input
            className={cx(input, 'w-64 font-mono')}
            name="action"
            list={listId}
            autoComplete="off"
            spellCheck={false}
            placeholder="s3:DeleteBucket"
            value={draft.action}
            aria-invalid={invalid ? true : undefined}
            aria-describedby={invalid ? errorId : undefined}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
            data-testid="reverse-lookup-action"
          />
          <datalist id={listId}>
            {suggestions.map((e) => (
              <option key={e.action} value={e.action}>{`${categoryView[e.category].label}: ${e.why}`}</option>
            ))}
          </datalist>
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300">
          Resource ARN <span className="sr-only">(optional)</span>
          <input className={cx(input, 'w-80 font-mono')} name="resource" placeholder="any resource" spellCheck={false} value={draft.resource}
            onChange={(e) => setDraft({ ...draft, resource: e.target.value })} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300">
          Namespace <span className="sr-only">(optional)</span>
          <input className={cx(input, 'w-44')} name="namespace" placeholder="all you may list" spellCheck={false} value={draft.namespace}
            onChange={(e) => setDraft({ ...draft, namespace: e.target.value })} />
        </label>
        <Button type="submit" variant="primary">Look up</Button>
      </div>
      {invalid && <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-300">{invalid}</p>}
      {chips.length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5 text-xs" aria-label="Sensitive actions" role="group">
          <span className="text-slate-500 dark:text-slate-400">Sensitive:</span>
          {chips.map((e) => (
            <button key={e.action} type="button" onClick={() => pick(e.action)} title={`${categoryView[e.category].label}: ${e.why}`}
              className={cx('rounded-full px-2 py-0.5 font-mono ring-1 ring-slate-300 hover:bg-slate-100 ring-inset dark:ring-slate-600 dark:hover:bg-slate-800', focusRing)}>
              {e.action}
            </button>
          ))}
        </div>
      )}
    </form>
  )
}

function Results({ cluster, answer, updating }: { cluster: string; answer: ReverseLookupAnswer; updating: boolean }) {
  const pods = answer.matches.reduce((n, m) => n + m.pods.length, 0)
  return (
    <div className="space-y-4" data-testid="reverse-lookup-results">
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        <span className="font-medium text-slate-900 dark:text-slate-100">{pods} pod{pods === 1 ? '' : 's'}</span> in {answer.matches.length}{' '}
        ServiceAccount{answer.matches.length === 1 ? '' : 's'} can {answer.action}
        {answer.resource ? <> on <span className="font-mono">{answer.resource}</span></> : ' on some resource'}
        {' '}· {countOf(answer.podsListed, 'pod')} listed{answer.namespace ? ` in ${answer.namespace}` : ''}, {answer.podsWithRole} with an IAM role ·{' '}
        {countOf(answer.rolesChecked, 'role')} checked ·{' '}
        <span title={answer.fetchedAt}>policies fetched at {formatClock(answer.fetchedAt)}</span>
        {updating && <span className="ml-2 italic">· updating…</span>}
      </p>
      <Problems answer={answer} />
      {answer.matches.length === 0 ? (
        <EmptyState title={`No pod you may list can ${answer.action}`}>
          None of the {answer.rolesChecked} IAM role{answer.rolesChecked === 1 ? '' : 's'} bound to those pods' ServiceAccounts allows it
          {answer.resource ? ' on that resource' : ''}.
        </EmptyState>
      ) : (
        <MatchTable cluster={cluster} answer={answer} />
      )}
      <p className="text-xs text-slate-500 dark:text-slate-400">{answer.bound.charAt(0).toUpperCase() + answer.bound.slice(1)}.</p>
    </div>
  )
}

/** The ServiceAccounts (and their pods) of one cluster whose role grants the action. */
export function MatchTable({ cluster, answer }: { cluster: string; answer: ReverseLookupAnswer }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Pods whose IAM role grants {answer.action}</caption>
        <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2">ServiceAccount</th>
            <th scope="col" className="px-3 py-2">Role</th>
            <th scope="col" className="px-3 py-2">Grant</th>
            <th scope="col" className="px-3 py-2">Pods</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
          {answer.matches.map((m) => <MatchRow key={`${m.namespace}/${m.serviceAccount}/${m.roleArn}/${m.source}`} cluster={cluster} match={m} />)}
        </tbody>
      </table>
    </div>
  )
}

function MatchRow({ cluster, match: m }: { cluster: string; match: ReverseMatch }) {
  const [all, setAll] = useState(false)
  const shown = all ? m.pods : m.pods.slice(0, PODS_SHOWN)
  const evidence = m.statements.map((st) => `${st.policy} · ${st.sid || `statement ${st.index}`} · ${st.allow ? 'Allow' : 'Deny'} ${st.matchedBy} on ${st.resources.join(', ')}`)
  const wildcardVia = [...new Set(m.statements.filter((st) => st.allow).map((st) => st.matchedBy))].join(', ')
  return (
    <tr className="align-top" data-testid="reverse-lookup-match">
      <td className="px-3 py-2">
        <span className="text-slate-500 dark:text-slate-400">{m.namespace}/</span>
        <span className="font-mono">{m.serviceAccount}</span>
      </td>
      <td className="px-3 py-2">
        <span className="font-mono text-xs break-words"><Breakable text={m.roleArn} /></span>
        <div className="mt-1">
          <Badge tone="neutral">{m.source === 'IRSA' ? 'IRSA' : 'Pod Identity'}</Badge>
        </div>
        <RoleSensitive cluster={cluster} match={m} />
      </td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap gap-1">
          {m.decision === 'ALLOWED' ? <Badge tone="danger">Allowed</Badge> : <Badge tone="warning" title="Granted only by statements with a Condition (not evaluated)">Conditional</Badge>}
          {m.wildcard && <Badge tone="accent" title="Granted only through a wildcard, never by naming the action">wildcard {wildcardVia}</Badge>}
        </div>
        <ul className="mt-1 space-y-0.5 text-xs text-slate-500 dark:text-slate-400" aria-label="Granting statements">
          {evidence.map((e) => <li key={e} className="break-all">{e}</li>)}
        </ul>
      </td>
      <td className="px-3 py-2">
        <ul className="flex flex-wrap gap-x-2 gap-y-0.5">
          {shown.map((p) => (
            <li key={p}>
              <Link className={cx('font-mono text-sky-700 hover:underline dark:text-sky-300', focusRing)}
                to={`/clusters/${encodeURIComponent(cluster)}/r/core/v1/pods?${new URLSearchParams({ ns: m.namespace, sel: `${m.namespace}/${p}`, tab: 'aws' })}`}>
                {p}
              </Link>
            </li>
          ))}
        </ul>
        {m.pods.length > PODS_SHOWN && (
          <button type="button" onClick={() => setAll(!all)} aria-expanded={all}
            className={cx('mt-1 text-xs text-sky-700 hover:underline dark:text-sky-300', focusRing)}>
            {all ? 'Show fewer' : `${m.pods.length - PODS_SHOWN} more`}
          </button>
        )}
      </td>
    </tr>
  )
}

/** What else the role can do: its sensitive permissions, asked of the server only when opened. */
function RoleSensitive({ cluster, match: m }: { cluster: string; match: ReverseMatch }) {
  const [open, setOpen] = useState(false)
  const role = useRoleAccess(cluster, 'serviceaccounts', m.namespace, m.serviceAccount, m.roleArn, open)
  return (
    <div className="mt-1 text-xs">
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open}
        className={cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)}>
        {open ? 'Hide what else it grants' : 'What else it grants'}
      </button>
      {open && (
        <div className="mt-1" aria-label={`Sensitive permissions of ${m.roleArn}`} role="region">
          {role.isPending && <Skeleton className="h-4 w-40" />}
          {role.isError && <p className="text-red-700 dark:text-red-300">{role.error instanceof ApiError ? role.error.message : 'could not be read'}</p>}
          {role.data && (role.data.sensitive.length === 0
            ? <p className="text-slate-500 dark:text-slate-400">No permission from the sensitive catalog.</p>
            : (
              <ul className="flex flex-wrap gap-1">
                {role.data.sensitive.map((c) => (
                  <li key={c.action}>
                    <Badge tone={categoryView[c.category].tone} title={`${categoryView[c.category].label} · ${c.scope === 'CONDITIONAL' ? 'under conditions' : c.scope === 'ALL_RESOURCES' ? 'on every resource' : 'on some resources'}`}>
                      {c.action}
                    </Badge>
                  </li>
                ))}
              </ul>
            ))}
        </div>
      )}
    </div>
  )
}

export function Problems({ answer }: { answer: ReverseLookupAnswer }) {
  if (answer.problems.length === 0 && answer.roleProblems.length === 0) return null
  return (
    <section aria-label="Problems" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
      <h2 className="font-medium">Some of the answer could not be read; pods of these roles may be missing</h2>
      <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs">
        {answer.problems.map((p) => <li key={p}>{p}</li>)}
        {answer.roleProblems.map((r) => (
          <li key={r.roleArn}>
            <span className="font-mono">{r.roleArn}</span>: {r.problems.join('; ')}
          </li>
        ))}
      </ul>
    </section>
  )
}
