/**
 * `/clusters/:cluster/who-can?verb=&resource=&group=&namespace=`: which users, groups and
 * ServiceAccounts RBAC lets do something, from the Roles and bindings you may read. The question
 * lives in the URL, so an answer can be shared as a link.
 */
import { useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { ShieldQuestion } from 'lucide-react'
import { Badge, Button, EmptyState, ErrorState, PageHeader, SkeletonRows, cx, focusRing } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { useWhoAmI } from '../auth/hooks'
import type { WhoAmI } from '../auth/api'
import type { Grant, WhoCanAnswer } from './api'
import { useWhoCan } from './hooks'
import { groupThroughPeriscope, rbacObjectRoute, subjectRoute } from './model'

const spec = { verb: param.string(), resource: param.string(), group: param.string(), namespace: param.string() }
const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', '*']
const input = cx(
  'h-9 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-800 placeholder:text-slate-400 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100',
  focusRing,
)
const linkClass = cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)

export function WhoCanPage() {
  useDocumentTitle('Who can')
  const cluster = useParams().cluster ?? ''
  const [s, set] = useSearchState(spec)
  const q = { verb: s.verb, resource: s.resource, group: s.group || undefined, namespace: s.namespace || undefined }
  const answer = useWhoCan(cluster, q)
  return (
    <>
      <PageHeader title="Who can" description={`Cluster ${cluster} · who RBAC lets do something, from the Roles and bindings you may read`} />
      <QueryForm key={`${s.verb}|${s.resource}|${s.group}|${s.namespace}`} initial={s} onSubmit={(next) => set(next, { push: true })} />
      {!s.verb || !s.resource ? (
        <EmptyState title="Ask about a verb on a resource" icon={<ShieldQuestion size={32} />}>
          For example <code className="font-mono">delete</code> on <code className="font-mono">pods</code>, or{' '}
          <code className="font-mono">create</code> on <code className="font-mono">pods/exec</code>.
        </EmptyState>
      ) : answer.error ? (
        <ErrorState error={answer.error} title={`Could not work out who can ${s.verb} ${s.resource}`} onRetry={() => void answer.refetch()} />
      ) : answer.isPending ? (
        <SkeletonRows label="Working it out" rows={4} rowHeight="h-10" />
      ) : (
        <Results cluster={cluster} answer={answer.data} question={`${s.verb} ${s.resource}${s.group ? `.${s.group}` : ''}`} namespace={s.namespace} />
      )}
    </>
  )
}

type Draft = { verb: string; resource: string; group: string; namespace: string }

function QueryForm({ initial, onSubmit }: { initial: Draft; onSubmit: (q: Draft) => void }) {
  const [draft, setDraft] = useState(initial)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit({ verb: draft.verb.trim(), resource: draft.resource.trim(), group: draft.group.trim(), namespace: draft.namespace.trim() })
  }
  const field = (name: keyof Draft, label: string, placeholder: string, width: string, list?: string) => (
    <label className="flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300">
      {label}
      <input className={cx(input, width, 'font-mono')} name={name} placeholder={placeholder} spellCheck={false} autoComplete="off" list={list}
        value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
    </label>
  )
  return (
    <form onSubmit={submit} role="search" aria-label="Who can" className="mb-6 flex flex-wrap items-end gap-3">
      {field('verb', 'Verb', 'delete', 'w-36', 'who-can-verbs')}
      <datalist id="who-can-verbs">{VERBS.map((v) => <option key={v} value={v} />)}</datalist>
      {field('resource', 'Resource', 'pods or pods/exec', 'w-48')}
      {field('group', 'API group', 'core', 'w-56')}
      {field('namespace', 'Namespace', 'all namespaces', 'w-44')}
      <Button type="submit" variant="primary" disabled={!draft.verb.trim() || !draft.resource.trim()}>Ask</Button>
    </form>
  )
}

function Results({ cluster, answer, question, namespace }: { cluster: string; answer: WhoCanAnswer; question: string; namespace: string }) {
  const me = useWhoAmI().data
  return (
    <div className="space-y-4" data-testid="who-can-results">
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        <span className="font-medium text-slate-900 dark:text-slate-100">
          {answer.subjects.length} subject{answer.subjects.length === 1 ? '' : 's'}
        </span>{' '}
        may {question} {namespace ? `in namespace ${namespace}` : 'somewhere in the cluster'}.
      </p>
      {!answer.complete && <Partial answer={answer} namespaceGiven={namespace !== ''} />}
      {me && <ThroughPeriscope me={me} />}
      {answer.subjects.length === 0 ? (
        <EmptyState title="Nobody, as far as you can see">No binding you may read grants it.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Subjects who may {question}</caption>
            <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-3 py-2">Subject</th>
                <th scope="col" className="px-3 py-2">Where</th>
                <th scope="col" className="px-3 py-2">Through</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-700">
              {answer.subjects.map((s) => {
                const to = subjectRoute(cluster, s)
                const label = s.kind === 'ServiceAccount' ? `${s.namespace}/${s.name}` : s.name
                return (
                  <tr key={`${s.kind}/${s.namespace}/${s.name}`} className="align-top">
                    <td className="px-3 py-2">
                      <Badge>{s.kind}</Badge>{' '}
                      {to ? <Link className={cx(linkClass, 'font-mono')} to={to}>{label}</Link> : <span className="font-mono">{label}</span>}
                      {s.kind === 'Group' && me && <GroupReach mode={me.mode} group={s.name} />}
                    </td>
                    <td className="px-3 py-2">
                      <ul className="space-y-1">{s.grants.map((g, i) => <li key={i}>{g.scope === 'cluster' ? 'every namespace' : g.scope}</li>)}</ul>
                    </td>
                    <td className="px-3 py-2">
                      <ul className="space-y-1">{s.grants.map((g, i) => <li key={i}><GrantLinks cluster={cluster} grant={g} /></li>)}</ul>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-xs text-slate-500 dark:text-slate-400">
        RBAC only: members of <code className="font-mono">system:masters</code> and other authorizers (webhooks, Node) are not shown.
      </p>
    </div>
  )
}

/**
 * Who-can reads the cluster's RBAC, but through Periscope a person is impersonated with the groups
 * the authorization mode gives them, not their IdP groups: say which rows that makes moot here.
 */
function ThroughPeriscope({ me }: { me: WhoAmI }) {
  if (me.mode === 'tier') {
    return (
      <p role="note" aria-label="Through Periscope" className="text-sm text-slate-600 dark:text-slate-400">
        Through Periscope, people act in tier groups
        {me.tier ? <>: you as <code className="font-mono">periscope-tier:{me.tier}</code></> : ' (you have no tier)'}.
        Bindings to other groups (your IdP groups among them) apply to kubectl and other clients, not to this console.
      </p>
    )
  }
  if (me.clusterIdentity === 'server') {
    return (
      <p role="note" aria-label="Through Periscope" className="text-sm text-slate-600 dark:text-slate-400">
        Periscope calls clusters as its own identity, not as you: through this console everyone may do what that identity may.
      </p>
    )
  }
  return null
}

function GroupReach({ mode, group }: { mode: WhoAmI['mode']; group: string }) {
  const reach = groupThroughPeriscope(mode, group)
  if (reach === 'tier') return <> <Badge tone="info">Periscope tier</Badge></>
  // Kept whole: in a narrow Subject column a break inside it left "Periscope)" alone under the badge.
  if (reach === 'outside') return <span className="ml-1 text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">(not through Periscope)</span>
  return null
}

function GrantLinks({ cluster, grant }: { cluster: string; grant: Grant }) {
  const b = grant.binding
  const r = grant.role
  return (
    <span>
      <Link className={linkClass} to={rbacObjectRoute(cluster, b.kind === 'RoleBinding' ? 'rolebindings' : 'clusterrolebindings', b.namespace || undefined, b.name)}>
        {b.kind}/{b.name}
      </Link>
      {' → '}
      <Link className={linkClass} to={rbacObjectRoute(cluster, r.kind === 'Role' ? 'roles' : 'clusterroles', r.namespace || undefined, r.name)}>
        {r.kind}/{r.name}
      </Link>
      {grant.resourceNames.length > 0 && <span className="text-slate-600 dark:text-slate-400"> · only {grant.resourceNames.join(', ')}</span>}
    </span>
  )
}

function Partial({ answer, namespaceGiven }: { answer: WhoCanAnswer; namespaceGiven: boolean }) {
  return (
    <div role="note" aria-label="Partial answer" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
      <p className="font-semibold">Partial answer: others may be allowed too.</p>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {answer.unreadable.map((u, i) => (
          <li key={`u${i}`}>You may not read {u.what}{u.status ? ` (${u.status})` : ''}: {u.message}</li>
        ))}
        {answer.unresolved.map((u, i) => (
          <li key={`r${i}`}>{u.binding.kind} {u.binding.namespace ? `${u.binding.namespace}/` : ''}{u.binding.name}: {u.why}</li>
        ))}
      </ul>
      {!namespaceGiven && answer.unreadable.some((u) => u.what.includes('all namespaces')) && (
        <p className="mt-1">If you may read Roles and RoleBindings only in some namespaces, give one in <strong>Namespace</strong>.</p>
      )}
    </div>
  )
}
