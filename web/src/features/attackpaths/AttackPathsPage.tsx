/**
 * `/clusters/:cluster/attack-paths?user=&group=`: how a user or an IdP group can reach sensitive AWS actions through
 * Kubernetes — RBAC binding → capability in a namespace (create pods or workloads, exec, tokens, Secrets,
 * impersonation, bind/escalate) → ServiceAccount → its IAM role → sensitive action. Read as you: only what you may
 * read, and what you may not is said. The question lives in the URL, so an answer can be shared as a link.
 */
import { useMemo, useState, type FormEvent } from 'react'
import { useParams } from 'react-router'
import { Route } from 'lucide-react'
import { Badge, Button, EmptyState, ErrorState, PageHeader, SkeletonRows, cx, focusRing } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { categoryView } from '../aws/AwsAccessTab'
import type { AttackPath, AttackPathsAnswer, PathEdge } from './api'
import { useAttackPaths } from './hooks'
import { edgeKey, PathGraph } from './PathGraph'

const spec = { user: param.string(), group: param.list() }
const input = cx(
  'h-9 rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-800 placeholder:text-slate-400 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100',
  focusRing,
)

export function AttackPathsPage() {
  useDocumentTitle('Attack paths')
  const cluster = useParams().cluster ?? ''
  const [s, set] = useSearchState(spec)
  const answer = useAttackPaths(cluster, { user: s.user, groups: s.group })
  const asked = s.user !== '' || s.group.length > 0
  return (
    <>
      <PageHeader title="Attack paths"
        description={`Cluster ${cluster} · how a user or group can reach sensitive AWS actions through Kubernetes, from the RBAC objects you may read`} />
      <QueryForm key={`${s.user}|${s.group.join(',')}`} user={s.user} groups={s.group}
        onSubmit={(user, group) => set({ user, group }, { push: true })} />
      {!asked ? (
        <EmptyState title="Whose paths?" icon={<Route size={32} />}>
          Name a user or one or more IdP groups, for example <code className="font-mono">developers</code>.
        </EmptyState>
      ) : answer.error ? (
        <ErrorState error={answer.error} title="Could not work out the attack paths" onRetry={() => void answer.refetch()} />
      ) : answer.isPending ? (
        <SkeletonRows label="Working it out" rows={4} rowHeight="h-10" />
      ) : (
        <Results answer={answer.data} />
      )}
    </>
  )
}

function QueryForm({ user, groups, onSubmit }: { user: string; groups: string[]; onSubmit: (user: string, groups: string[]) => void }) {
  const [draftUser, setUser] = useState(user)
  const [draftGroups, setGroups] = useState(groups.join(', '))
  const split = (text: string) => text.split(',').map((g) => g.trim()).filter((g) => g !== '')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    onSubmit(draftUser.trim(), split(draftGroups))
  }
  const label = 'flex flex-col gap-1 text-sm font-medium text-slate-700 dark:text-slate-300'
  return (
    <form onSubmit={submit} role="search" aria-label="Attack paths" className="mb-6 flex flex-wrap items-end gap-3">
      <label className={label}>
        User
        <input className={cx(input, 'w-56 font-mono')} name="user" placeholder="alice@example.com" spellCheck={false} autoComplete="off"
          value={draftUser} onChange={(e) => setUser(e.target.value)} />
      </label>
      <label className={label}>
        Groups
        <input className={cx(input, 'w-72 font-mono')} name="groups" placeholder="developers, oncall" spellCheck={false} autoComplete="off"
          value={draftGroups} onChange={(e) => setGroups(e.target.value)} />
      </label>
      <Button type="submit" variant="primary" disabled={!draftUser.trim() && split(draftGroups).length === 0}>Show paths</Button>
    </form>
  )
}

function Results({ answer }: { answer: AttackPathsAnswer }) {
  const [selected, setSelected] = useState<string | null>(null)
  const [pathIndex, setPathIndex] = useState<number | null>(null)
  const byId = useMemo(() => new Map(answer.nodes.map((n) => [n.id, n])), [answer.nodes])
  const byKey = useMemo(() => new Map(answer.edges.map((e) => [edgeKey(e), e])), [answer.edges])
  const highlighted = useMemo(() => {
    const p = pathIndex === null ? undefined : answer.paths[pathIndex]
    return new Set(p ? stepsOf(p).map(([a, b]) => `${a}→${b}`) : [])
  }, [answer.paths, pathIndex])
  const actions = new Set(answer.paths.map((p) => p.action))
  const who = [answer.subject.user ? `user ${answer.subject.user}` : '', ...answer.subject.groups.map((g) => `group ${g}`)].filter(Boolean).join(', ')
  const edge = selected ? byKey.get(selected) : undefined
  const total = answer.paths.length + answer.pathsOmitted

  return (
    <div className="space-y-4" data-testid="attack-path-results">
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        <span className="font-medium text-slate-900 dark:text-slate-100">{total} path{total === 1 ? '' : 's'}</span> from {who} to{' '}
        {actions.size} sensitive action{actions.size === 1 ? '' : 's'}.
      </p>
      {!answer.complete && (
        <div role="note" aria-label="Incomplete answer"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
          <p className="font-semibold">Incomplete: some of what the paths depend on could not be read.</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {answer.incomplete.map((g, i) => <li key={i}><span className="font-medium">{g.scope === 'cluster' ? 'Cluster' : g.scope}</span>: {g.reason}</li>)}
          </ul>
        </div>
      )}
      {answer.problems.length > 0 && (
        <ul aria-label="Problems" className="list-disc pl-5 text-sm text-amber-800 dark:text-amber-300">
          {answer.problems.map((p, i) => <li key={i}>{p}</li>)}
        </ul>
      )}
      {answer.paths.length === 0 ? (
        <EmptyState title="No path to a sensitive action, as far as you can see">
          No binding you may read lets {who} act as a ServiceAccount whose IAM role reaches an action of the sensitive catalog.
        </EmptyState>
      ) : (
        <>
          <PathGraph nodes={answer.nodes} edges={answer.edges} selected={selected} highlighted={highlighted}
            onSelect={(k) => setSelected(k)} />
          <div aria-live="polite" data-testid="edge-explanation"
            className="min-h-12 rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-800/60 dark:text-slate-200">
            {edge ? (
              <StepText edge={edge} from={byId.get(edge.from)?.label ?? edge.from} to={byId.get(edge.to)?.label ?? edge.to} />
            ) : (
              'Select a step in the graph (click, or Tab to it) to see why it is there.'
            )}
          </div>
          <section aria-labelledby="path-list-title">
            <h2 id="path-list-title" className="mb-2 text-sm font-semibold text-slate-900 dark:text-slate-100">Paths</h2>
            <ol className="space-y-2">
              {answer.paths.map((p, i) => (
                <PathItem key={p.nodes.join('>')} path={p} label={(id) => byId.get(id)?.label ?? id} edge={(a, b) => byKey.get(`${a}→${b}`)}
                  active={pathIndex === i} onShow={() => setPathIndex(pathIndex === i ? null : i)} />
              ))}
            </ol>
            {answer.pathsOmitted > 0 && (
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{answer.pathsOmitted === 1 ? '1 more path is' : `${answer.pathsOmitted} more paths are`} not listed; the graph shows every step.</p>
            )}
          </section>
        </>
      )}
      <p className="text-xs text-slate-500 dark:text-slate-400">RBAC only (not system:masters, webhooks or the Node authorizer); AWS side: {answer.bound}.</p>
    </div>
  )
}

function stepsOf(p: AttackPath): [string, string][] {
  return p.nodes.slice(1).map((id, i) => [p.nodes[i], id])
}

function StepText({ edge, from, to }: { edge: PathEdge; from: string; to: string }) {
  return (
    <p>
      <span className="font-mono font-medium">{from}</span> → <span className="font-mono font-medium">{to}</span>: {edge.explanation}
      {edge.incomplete && <Badge tone="warning" className="ml-2">incomplete</Badge>}
      {edge.conditional && <Badge tone="warning" className="ml-2">only if it exists</Badge>}
    </p>
  )
}

function PathItem({ path, label, edge, active, onShow }: {
  path: AttackPath
  label: (id: string) => string
  edge: (from: string, to: string) => PathEdge | undefined
  active: boolean
  onShow: () => void
}) {
  const category = categoryView[path.category as keyof typeof categoryView]
  return (
    <li className={cx('rounded-md border p-3 text-sm', active ? 'border-sky-400 dark:border-sky-600' : 'border-slate-200 dark:border-slate-700')}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={category?.tone ?? 'neutral'}>{path.action}</Badge>
        {path.incomplete && <Badge tone="warning" title={path.why}>incomplete</Badge>}
        <span className="font-mono text-slate-700 dark:text-slate-300">{path.nodes.map(label).join(' → ')}</span>
        <Button size="sm" className="ml-auto" aria-pressed={active} onClick={onShow}>{active ? 'Unmark in graph' : 'Mark in graph'}</Button>
      </div>
      {path.incomplete && <p className="mt-1 text-amber-800 dark:text-amber-300">{path.why}</p>}
      <details className="mt-1">
        <summary className={cx('cursor-pointer text-slate-600 dark:text-slate-400', focusRing)}>Why each step</summary>
        <ol className="mt-1 list-decimal space-y-1 pl-5">
          {stepsOf(path).map(([a, b]) => <li key={`${a}→${b}`}>{edge(a, b)?.explanation ?? `${label(a)} → ${label(b)}`}</li>)}
        </ol>
      </details>
    </li>
  )
}
