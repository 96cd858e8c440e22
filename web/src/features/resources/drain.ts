import { ApiError } from '../../api/client'

/** A consent the person gives before such a pod is evicted (kubectl drain's flag in brackets). */
export type Consent = 'UNMANAGED' | 'EMPTY_DIR_DATA'

export const CONSENTS: { consent: Consent; label: string; flag: string }[] = [
  { consent: 'UNMANAGED', label: 'Evict pods no controller manages (they are not recreated)', flag: '--force' },
  { consent: 'EMPTY_DIR_DATA', label: 'Evict pods with emptyDir volumes (their data is deleted)', flag: '--delete-emptydir-data' },
]

/** One pod of the server's drain plan (`GET …/nodes/{name}/drain-plan`). */
export interface PodPlan {
  namespace: string
  name: string
  phase: string
  controller: string | null
  disposition: 'EVICT' | 'WAIT' | 'SKIP'
  reason: string | null
  needs: { consent: Consent; why: string }[]
  /** The PodDisruptionBudgets over a pod to evict: one allowing no disruption holds its eviction back. */
  budgets?: { name: string; disruptionsAllowed: number }[]
}

export interface DrainPlan {
  node: string
  unschedulable: boolean
  pods: PodPlan[]
  /** Why the budgets could not be read (the plan then knows none), or null. */
  budgetProblem?: string | null
}

/** The budgets that would refuse this pod's eviction now (no disruption allowed): the drain waits on them. */
export const blockingBudgets = (p: PodPlan) => (p.budgets ?? []).filter((b) => b.disruptionsAllowed <= 0)

export const podKey = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`

/** The plan's pods by what a drain does with them, given the consents ticked so far. */
export function sortPlan(plan: DrainPlan, consents: ReadonlySet<Consent>) {
  const evict: PodPlan[] = []
  const blocked: PodPlan[] = []
  const wait: PodPlan[] = []
  const skip: PodPlan[] = []
  for (const p of plan.pods) {
    if (p.disposition === 'SKIP') skip.push(p)
    else if (p.disposition === 'WAIT') wait.push(p)
    else if (p.needs.every((n) => consents.has(n.consent))) evict.push(p)
    else blocked.push(p)
  }
  return { evict, blocked, wait, skip }
}

/**
 * Where a pod is in the drain: `refused` while a PodDisruptionBudget forbids its eviction (retried, as
 * kubectl retries), `evicted` until it has left the node, `gone` once it has.
 */
export type PodProgress =
  | { state: 'pending' }
  | { state: 'refused'; message: string; attempts: number }
  | { state: 'evicted' }
  | { state: 'terminating' }
  | { state: 'gone' }
  | { state: 'failed'; message: string }

export type DrainPhase = 'cordoning' | 'evicting' | 'done' | 'incomplete' | 'cancelled' | 'failed'

export interface DrainProgress {
  phase: DrainPhase
  /** Why the drain stopped before any pod was evicted (the cordon failed). */
  message?: string
  pods: Record<string, PodProgress>
}

export interface DrainSteps {
  cordon: () => Promise<unknown>
  evict: (pod: PodPlan) => Promise<unknown>
  /** The node's plan read again: a pod no longer in it has left the node. */
  replan: () => Promise<DrainPlan>
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>
}

/** kubectl drain retries a refused eviction every 5 s; the node's pods are read again every 2 s while any is leaving. */
export const RETRY_MS = 5_000
export const POLL_MS = 2_000
/** The longest wait between tries of one refused eviction. */
export const MAX_RETRY_MS = 60_000

/**
 * How long to wait after a pod's `attempts`-th refusal: 5 s, then twice as long each time up to a
 * minute. Unlike kubectl's, each try here is an audited action: a drain held by a budget for an hour
 * leaves about sixty rows per pod, not seven hundred.
 */
export const retryDelay = (attempts: number) => Math.min(RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS)

/**
 * Runs a drain as `kubectl drain` does: cordon the node (unless it already is), evict each pod of
 * `evict` through the eviction API (so PodDisruptionBudgets are honoured; a refusal is retried after
 * {@link retryDelay}), then wait until every evicted and terminating pod has left the node. Each step is
 * one of Periscope's audited actions, taken as the person. Aborting `signal` stops it where it is:
 * evictions already made stand and the node stays cordoned, as after kubectl's Ctrl-C.
 */
export async function runDrain(plan: DrainPlan, evict: PodPlan[], wait: PodPlan[], steps: DrainSteps, signal: AbortSignal,
  onProgress: (p: DrainProgress) => void): Promise<DrainProgress> {
  const pods: Record<string, PodProgress> = {}
  for (const p of evict) pods[podKey(p)] = { state: 'pending' }
  for (const p of wait) pods[podKey(p)] = { state: 'terminating' }
  let progress: DrainProgress = { phase: 'cordoning', pods }
  const publish = (next: Partial<DrainProgress>) => {
    progress = { ...progress, ...next, pods: { ...pods } }
    onProgress(progress)
    return progress
  }
  publish({})
  try {
    if (!plan.unschedulable) {
      try {
        await steps.cordon()
      } catch (e) {
        if (signal.aborted) throw e
        return publish({ phase: 'failed', message: messageOf(e) })
      }
    }
    publish({ phase: 'evicting' })
    const byKey = new Map(evict.map((p) => [podKey(p), p]))
    // Time is counted in the sleeps taken, so a refused pod is tried again retryDelay(attempts) after its refusal.
    let elapsed = 0
    const retryAt = new Map<string, number>()
    for (;;) {
      for (const [key, pod] of byKey) {
        const now = pods[key]
        if (now.state !== 'pending' && now.state !== 'refused') continue
        if (now.state === 'refused' && retryAt.get(key)! > elapsed) continue
        if (signal.aborted) throw signal.reason
        try {
          await steps.evict(pod)
          pods[key] = { state: 'evicted' }
        } catch (e) {
          if (e instanceof ApiError && e.code === 'eviction_refused') {
            const attempts = now.state === 'refused' ? now.attempts + 1 : 1
            pods[key] = { state: 'refused', message: e.message, attempts }
            retryAt.set(key, elapsed + retryDelay(attempts))
          } else if (e instanceof ApiError && e.status === 404) {
            pods[key] = { state: 'gone' }
          } else {
            pods[key] = { state: 'failed', message: messageOf(e) }
          }
        }
        publish({})
      }
      const leaving = Object.values(pods).some((p) => p.state === 'evicted' || p.state === 'terminating')
      const retries = Object.entries(pods).filter(([, p]) => p.state === 'refused').map(([key]) => retryAt.get(key)! - elapsed)
      if (!leaving && retries.length === 0) {
        return publish({ phase: Object.values(pods).some((p) => p.state === 'failed') ? 'incomplete' : 'done' })
      }
      const tick = Math.max(0, Math.min(leaving ? POLL_MS : Infinity, ...retries))
      await steps.sleep(tick, signal)
      elapsed += tick
      if (!leaving) continue
      let still: Set<string>
      try {
        still = new Set((await steps.replan()).pods.map(podKey))
      } catch {
        continue // the node's pods could not be read this time: ask again at the next round
      }
      for (const [key, p] of Object.entries(pods)) {
        if ((p.state === 'evicted' || p.state === 'terminating') && !still.has(key)) pods[key] = { state: 'gone' }
      }
      publish({})
    }
  } catch (e) {
    if (signal.aborted) return publish({ phase: 'cancelled' })
    throw e
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
