import { useEffect, useRef, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useBlocker } from 'react-router'
import { Badge, Button, ErrorState, ModalDialog, SkeletonRows, type Tone } from '../../ui'
import { resourcesApi, type KindRef } from './api'
import { sleep } from '../../lib/sleep'
import { blockingBudgets, CONSENTS, podKey, runDrain, sortPlan, type Consent, type DrainProgress, type PodPlan, type PodProgress } from './drain'
import { resourcesKey, useCanI } from './hooks'
import { countOf } from '../../lib/plural'

/**
 * Drains a node as `kubectl drain --ignore-daemonsets` does, step by step where the person can see
 * it: the plan first (which pods are evicted, which stay and why, which need a consent), then the
 * cordon and each eviction as it happens, PodDisruptionBudget refusals retried until the budget
 * allows. Closing the dialog stops the drain where it is.
 */
export function DrainDialog({ kind, name, onClose }: { kind: KindRef; name: string; onClose: () => void }) {
  const qc = useQueryClient()
  const plan = useQuery({
    queryKey: [...resourcesKey(kind.cluster), 'drain-plan', name],
    queryFn: ({ signal }) => resourcesApi.drainPlan(kind.cluster, name, signal),
    staleTime: 0,
    gcTime: 0,
  })
  const [consents, setConsents] = useState<ReadonlySet<Consent>>(new Set())
  const [progress, setProgress] = useState<DrainProgress | null>(null)
  const [error, setError] = useState<unknown>(null)
  const stop = useRef<AbortController | null>(null)
  // A drain left running behind a closed dialog would be invisible: closing stops it.
  useEffect(() => () => stop.current?.abort(), [])

  // Once started, the dialog shows the pods the drain set out to move, not the node's pods read since.
  const [started, setStarted] = useState<ReturnType<typeof sortPlan> | null>(null)
  const sorted = started ?? (plan.data ? sortPlan(plan.data, consents) : null)
  const needed = new Set(sorted?.blocked.flatMap((p) => p.needs.map((n) => n.consent)) ?? [])
  for (const p of sorted?.evict ?? []) for (const n of p.needs) needed.add(n.consent)
  const running = progress?.phase === 'cordoning' || progress?.phase === 'evicting'
  // The drain runs in this tab: leaving the page (Back, a link) or the tab would stop it part-way, so ask first.
  const blocker = useBlocker(running)
  const leaving = `Leaving stops the drain of ${name}: evictions made stand and the node stays cordoned, the other pods stay. Leave?`
  // Escape closes the dialog, and closing it stops the drain: while it runs, ask as for leaving the page (Stop says it outright).
  const closeAsking = () => {
    if (!running || window.confirm(leaving)) onClose()
  }
  useEffect(() => {
    if (blocker.state !== 'blocked') return
    if (window.confirm(leaving)) {
      blocker.proceed()
    } else {
      blocker.reset()
    }
  }, [blocker, leaving])
  useEffect(() => {
    if (!running) return
    const warn = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [running])
  // Before the start: may the person evict in every namespace the drain touches? Otherwise it would stop part-way.
  const namespaces = [...new Set((plan.data?.pods ?? []).filter((p) => p.disposition === 'EVICT').map((p) => p.namespace))].sort()
  const canEvict = useCanI(kind.cluster, namespaces.map((ns) => ({ verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: ns })))
  const refused = canEvict.data ? namespaces.filter((_, i) => canEvict.data[i]?.allowed === false) : []

  const start = () => {
    if (!plan.data || !sorted) return
    const controller = new AbortController()
    stop.current = controller
    setStarted(sorted)
    runDrain(plan.data, sorted.evict, sorted.wait, {
      cordon: () => resourcesApi.cordon(kind, name, true),
      evict: (p) => resourcesApi.evict({ cluster: kind.cluster, group: 'core', version: 'v1', plural: 'pods' }, p.namespace, p.name, name),
      replan: () => resourcesApi.drainPlan(kind.cluster, name),
      sleep,
    }, controller.signal, setProgress)
      .catch(setError)
      .finally(() => qc.invalidateQueries({ queryKey: resourcesKey(kind.cluster) }))
  }

  return (
    <ModalDialog label={`Drain ${name}`} onClose={closeAsking} className="w-[44rem]">
      <div className="flex max-h-[80vh] flex-col">
        <div className="border-b border-slate-200 p-4 dark:border-slate-700">
          <h2 className="text-base font-semibold">Drain {name}</h2>
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            Cordons the node, then evicts its pods through the eviction API, so PodDisruptionBudgets are respected and a refused
            eviction is tried again after 5 s, then less often, up to once a minute — as{' '}
            <code className="font-mono text-xs">kubectl drain --ignore-daemonsets</code> does. Each step runs as you and is audited
            under your name. The drain runs in this tab: keep it open until it is done.
          </p>
        </div>
        <div className="min-h-0 flex-1 space-y-4 overflow-y-auto p-4">
          {plan.isPending && <SkeletonRows label="Reading the node's pods" rows={4} rowHeight="h-6" />}
          {plan.isError && <ErrorState error={plan.error} title="The node's pods could not be read" onRetry={() => plan.refetch()} />}
          {error != null && <ErrorState error={error} title="The drain stopped" />}
          {progress?.phase === 'failed' && (
            <p role="alert" className="text-red-700 dark:text-red-400">Cordoning {name} failed, so nothing was evicted: {progress.message}</p>
          )}
          {!progress && refused.length > 0 && (
            <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-300">
              Your role may not evict pods in {refused.join(', ')}: the drain would stop part-way. It needs{' '}
              <code className="font-mono text-xs">create pods/eviction</code> there.
            </p>
          )}
          {sorted && !progress && sorted.evict.some((p) => blockingBudgets(p).length > 0) && (
            <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
              {countOf(sorted.evict.filter((p) => blockingBudgets(p).length > 0).length, 'pod is', 'pods are')} covered by a PodDisruptionBudget that
              allows no disruption now ({[...new Set(sorted.evict.flatMap((p) => blockingBudgets(p).map((b) => `${p.namespace}/${b.name}`)))].join(', ')}): their
              evictions will be refused and retried until the budget allows one, which takes a replacement becoming ready elsewhere — or
              never, for a budget that allows none at full strength.
            </p>
          )}
          {plan.data?.budgetProblem && !progress && (
            <p role="note" className="text-xs text-slate-500 dark:text-slate-400">{plan.data.budgetProblem}: the plan cannot say which evictions a budget will hold back.</p>
          )}
          {sorted && !progress && needed.size > 0 && (
            <fieldset className="space-y-1 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40">
              <legend className="px-1 font-medium">Some pods need your consent</legend>
              {CONSENTS.filter((c) => needed.has(c.consent)).map((c) => (
                <label key={c.consent} className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={consents.has(c.consent)}
                    onChange={(e) => {
                      const next = new Set(consents)
                      if (e.target.checked) next.add(c.consent)
                      else next.delete(c.consent)
                      setConsents(next)
                    }}
                  />
                  {c.label} <code className="font-mono text-xs text-slate-500">{c.flag}</code>
                </label>
              ))}
            </fieldset>
          )}
          {sorted && (
            <>
              {sorted.blocked.length > 0 && (
                <PodSection title="Not evicted without your consent: the drain cannot finish while they stay" pods={sorted.blocked} progress={null}
                  tone="warning" />
              )}
              <PodSection title="Pods to evict" pods={sorted.evict} progress={progress} empty="No pod on this node needs evicting." />
              {sorted.wait.length > 0 && <PodSection title="Already terminating" pods={sorted.wait} progress={progress} />}
              {sorted.skip.length > 0 && <PodSection title="Left on the node" pods={sorted.skip} progress={null} />}
            </>
          )}
        </div>
        <div className="flex items-center justify-end gap-2 border-t border-slate-200 p-3 dark:border-slate-700">
          {progress && <Summary progress={progress} name={name} />}
          {running ? (
            <Button size="sm" onClick={() => stop.current?.abort()}>Stop</Button>
          ) : (
            <Button size="sm" variant="ghost" onClick={onClose}>{progress ? 'Close' : 'Cancel'}</Button>
          )}
          {!progress && (
            <Button size="sm" variant="danger" onClick={start}
              disabled={!sorted || sorted.blocked.length > 0 || refused.length > 0}
              title={refused.length > 0 ? `Your role may not evict pods in ${refused.join(', ')}`
                : sorted && sorted.blocked.length > 0 ? 'Tick the consents above, or evict or delete those pods yourself first' : undefined}>
              Drain {name}
            </Button>
          )}
        </div>
      </div>
    </ModalDialog>
  )
}

function Summary({ progress, name }: { progress: DrainProgress; name: string }) {
  const all = Object.values(progress.pods)
  const gone = all.filter((p) => p.state === 'gone').length
  const evicted = all.filter((p) => p.state === 'gone' || p.state === 'evicted').length
  const text: Record<DrainProgress['phase'], string> = {
    cordoning: `Cordoning ${name}…`,
    evicting: `${gone} of ${countOf(all.length, 'pod')} gone…`,
    done: `Drained: ${gone} of ${countOf(all.length, 'pod')} gone. ${name} stays cordoned until you uncordon it.`,
    incomplete: `Not drained: ${countOf(all.length - gone, 'pod')} could not be evicted. ${name} stays cordoned.`,
    cancelled: `Stopped after evicting ${evicted} of ${countOf(all.length, 'pod')}: those evictions stand and ${name} stays cordoned.`,
    failed: 'Nothing was changed.',
  }
  return (
    <p role="status" aria-live="polite" className="mr-auto text-slate-700 dark:text-slate-300">
      {text[progress.phase]}
    </p>
  )
}

function PodSection({ title, pods, progress, empty, tone }: {
  title: string
  pods: PodPlan[]
  progress: DrainProgress | null
  empty?: string
  tone?: 'warning'
}) {
  return (
    <section aria-label={title}>
      <h3 className={tone === 'warning' ? 'mb-1 font-medium text-amber-800 dark:text-amber-300' : 'mb-1 font-medium'}>
        {title} ({pods.length})
      </h3>
      {pods.length === 0 && empty ? (
        <p className="text-slate-500">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
          {pods.map((p) => {
            const state = progress?.pods[podKey(p)]
            return (
              <li key={podKey(p)} className="flex items-start gap-3 px-3 py-1.5">
                <div className="min-w-0 flex-1">
                  <div className="truncate font-mono text-xs">
                    {p.namespace}/{p.name}
                  </div>
                  <div className="text-xs text-slate-500">
                    {[p.controller ?? 'no controller', p.phase, p.reason, ...p.needs.map((n) => n.why)].filter(Boolean).join(' · ')}
                  </div>
                  {!state && blockingBudgets(p).length > 0 && (
                    <div className="text-xs text-amber-700 dark:text-amber-400">
                      waits on {blockingBudgets(p).map((b) => `PodDisruptionBudget ${b.name}`).join(', ')}: no disruption allowed now
                    </div>
                  )}
                  {state?.state === 'refused' && <div className="text-xs text-amber-700 dark:text-amber-400">{state.message}</div>}
                  {state?.state === 'failed' && <div className="text-xs text-red-700 dark:text-red-400">{state.message}</div>}
                </div>
                {state && <StateBadge state={state} />}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

const BADGES: Record<PodProgress['state'], [string, Tone]> = {
  pending: ['waiting', 'neutral'],
  refused: ['refused by a budget, retrying', 'warning'],
  evicted: ['evicted, leaving', 'info'],
  terminating: ['terminating', 'info'],
  gone: ['gone', 'success'],
  failed: ['failed', 'danger'],
}

function StateBadge({ state }: { state: PodProgress }) {
  const [text, tone] = BADGES[state.state]
  return <Badge tone={tone}>{state.state === 'refused' && state.attempts > 1 ? `${text} (${state.attempts} tries)` : text}</Badge>
}
