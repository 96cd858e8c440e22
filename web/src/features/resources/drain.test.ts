import { describe, expect, test, vi } from 'vitest'
import { ApiError } from '../../api/client'
import { MAX_RETRY_MS, POLL_MS, RETRY_MS, retryDelay, runDrain, sortPlan, type DrainPlan, type DrainProgress, type PodPlan } from './drain'

const pod = (name: string, extra: Partial<PodPlan> = {}): PodPlan => ({
  namespace: 'shop', name, phase: 'Running', controller: `ReplicaSet/${name}-rs`, disposition: 'EVICT', reason: null, needs: [], ...extra,
})
const plan = (pods: PodPlan[], unschedulable = false): DrainPlan => ({ node: 'n1', unschedulable, pods })
const refused = () => new ApiError(429, { code: 'eviction_refused', message: 'Cannot evict pod as it would violate the pod\'s disruption budget.', requestId: 'r1' })

/** Steps that record what the drain asked for; `sleep` resolves at once and records its length. */
function steps(over: { evict?: (p: PodPlan) => Promise<unknown>; cordon?: () => Promise<unknown>; replans?: DrainPlan[] } = {}) {
  const calls: string[] = []
  const replans = [...(over.replans ?? [])]
  return {
    calls,
    cordon: vi.fn(async () => {
      calls.push('cordon')
      return over.cordon?.()
    }),
    evict: vi.fn(async (p: PodPlan) => {
      calls.push(`evict ${p.name}`)
      return over.evict?.(p)
    }),
    replan: vi.fn(async () => {
      calls.push('replan')
      return replans.length > 1 ? replans.shift()! : replans[0] ?? plan([])
    }),
    sleep: vi.fn(async (ms: number) => {
      calls.push(`sleep ${ms}`)
    }),
  }
}

describe('sortPlan', () => {
  test('pods are evicted, blocked until consented, waited for or left', () => {
    const p = plan([
      pod('web'),
      pod('debug', { controller: null, needs: [{ consent: 'UNMANAGED', why: 'no controller' }] }),
      pod('cache', { needs: [{ consent: 'EMPTY_DIR_DATA', why: 'emptyDir' }] }),
      pod('scratch', { controller: null, needs: [{ consent: 'EMPTY_DIR_DATA', why: 'e' }, { consent: 'UNMANAGED', why: 'u' }] }),
      pod('old', { disposition: 'WAIT', reason: 'already terminating' }),
      pod('aws-node', { disposition: 'SKIP', reason: 'DaemonSet pod' }),
    ])
    const names = (x: PodPlan[]) => x.map((q) => q.name)

    const none = sortPlan(p, new Set())
    expect(names(none.evict)).toEqual(['web'])
    expect(names(none.blocked)).toEqual(['debug', 'cache', 'scratch'])
    expect(names(none.wait)).toEqual(['old'])
    expect(names(none.skip)).toEqual(['aws-node'])

    const forced = sortPlan(p, new Set(['UNMANAGED']))
    expect(names(forced.evict)).toEqual(['web', 'debug'])
    expect(names(forced.blocked)).toEqual(['cache', 'scratch'])
    expect(names(sortPlan(p, new Set(['UNMANAGED', 'EMPTY_DIR_DATA'])).evict)).toEqual(['web', 'debug', 'cache', 'scratch'])
  })
})

describe('runDrain', () => {
  test('cordons, evicts, retries a refusal every 5 s, and ends once every pod has left the node', async () => {
    const web = pod('web')
    const api = pod('api')
    let apiTries = 0
    const s = steps({
      evict: async (p) => {
        if (p.name === 'api' && ++apiTries < 3) throw refused()
      },
      // web is still leaving at the first look, gone at the second; api leaves right after its eviction.
      replans: [plan([web]), plan([web]), plan([])],
    })
    const seen: DrainProgress[] = []

    const end = await runDrain(plan([web, api]), [web, api], [], s, new AbortController().signal, (p) => seen.push(p))

    expect(end.phase).toBe('done')
    expect(end.pods).toEqual({ 'shop/web': { state: 'gone' }, 'shop/api': { state: 'gone' } })
    expect(s.calls).toEqual([
      'cordon', 'evict web', 'evict api',
      // While web leaves, the node is looked at every 2 s; api is tried again 5 s after its refusal.
      `sleep ${POLL_MS}`, 'replan', `sleep ${POLL_MS}`, 'replan', `sleep ${RETRY_MS - 2 * POLL_MS}`, 'replan', 'evict api',
      // web has gone; api, refused again, waits twice as long (10 s), then leaves.
      `sleep ${2 * RETRY_MS}`, 'evict api', `sleep ${POLL_MS}`, 'replan',
    ])
    expect(seen[0].phase).toBe('cordoning')
    expect(seen.map((p) => p.pods['shop/api'])).toContainEqual({ state: 'refused', message: refused().message, attempts: 2 })
  })

  test('a pod refused again and again is tried 5 s, 10 s, 20 s, 40 s, then every minute after its refusals', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelay)).toEqual([5_000, 10_000, 20_000, 40_000, MAX_RETRY_MS, MAX_RETRY_MS, MAX_RETRY_MS])
  })

  test('a refusal alone waits the full 5 s; an already cordoned node is not cordoned again', async () => {
    let tries = 0
    const s = steps({ evict: async () => { if (++tries < 2) throw refused() } })
    const end = await runDrain(plan([pod('api')], true), [pod('api')], [], s, new AbortController().signal, () => {})
    expect(s.calls).toEqual(['evict api', `sleep ${RETRY_MS}`, 'evict api', `sleep ${POLL_MS}`, 'replan'])
    expect(end.phase).toBe('done')
  })

  test('a pod already gone counts as gone, a forbidden eviction fails that pod and the drain ends incomplete', async () => {
    const s = steps({
      evict: async (p) => {
        if (p.name === 'gone') throw new ApiError(404, { code: 'not_found', message: 'pods "gone" not found', requestId: 'r' })
        if (p.name === 'locked') throw new ApiError(403, { code: 'forbidden', message: 'cannot create pods/eviction', requestId: 'r' })
      },
    })
    const pods = [pod('gone'), pod('locked'), pod('web')]
    const old = pod('old', { disposition: 'WAIT' })

    const end = await runDrain(plan([...pods, old], true), pods, [old], s, new AbortController().signal, () => {})

    expect(end.phase).toBe('incomplete')
    expect(end.pods).toEqual({
      'shop/gone': { state: 'gone' },
      'shop/locked': { state: 'failed', message: 'cannot create pods/eviction' },
      'shop/web': { state: 'gone' },
      'shop/old': { state: 'gone' },
    })
  })

  test('a failed cordon evicts nothing', async () => {
    const s = steps({ cordon: async () => { throw new ApiError(403, { code: 'forbidden', message: 'cannot patch nodes', requestId: 'r' }) } })
    const end = await runDrain(plan([pod('web')]), [pod('web')], [], s, new AbortController().signal, () => {})
    expect(end).toMatchObject({ phase: 'failed', message: 'cannot patch nodes' })
    expect(s.calls).toEqual(['cordon'])
  })

  test('stopping ends the drain where it is: no further eviction or retry', async () => {
    const stop = new AbortController()
    const s = steps({ evict: async () => { throw refused() } })
    s.sleep.mockImplementation(async () => {
      stop.abort()
      throw stop.signal.reason
    })
    const end = await runDrain(plan([pod('a'), pod('b')]), [pod('a'), pod('b')], [], s, stop.signal, () => {})
    expect(end.phase).toBe('cancelled')
    expect(s.evict).toHaveBeenCalledTimes(2)
  })
})
