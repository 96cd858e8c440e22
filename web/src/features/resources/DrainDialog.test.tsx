import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { resetClientState, setCsrfToken } from '../../api/client'
import { renderAt } from '../../test/render'
import type { DrainPlan } from './drain'
import { ObjectActions } from './ObjectActions'

const nodes = { cluster: 'prod', group: 'core', version: 'v1', plural: 'nodes' }
afterEach(() => {
  resetClientState()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

const PLAN: DrainPlan = {
  node: 'n1',
  unschedulable: false,
  pods: [
    { namespace: 'kube-system', name: 'aws-node-x', phase: 'Running', controller: 'DaemonSet/aws-node', disposition: 'SKIP', reason: 'its DaemonSet runs it on every node, this one included', needs: [] },
    { namespace: 'shop', name: 'debug', phase: 'Running', controller: null, disposition: 'EVICT', reason: null, needs: [{ consent: 'UNMANAGED', why: 'no controller manages it: once evicted it is gone' }] },
    { namespace: 'shop', name: 'web-1', phase: 'Running', controller: 'ReplicaSet/web-5d8', disposition: 'EVICT', reason: null, needs: [] },
  ],
}

/** The server as the drain sees it: the plan, the cordon, evictions (web-1's refused once), the pods gone once evicted. */
function server() {
  const evicted = new Set<string>()
  let refusals = 1
  const calls: string[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), 'http://localhost').pathname
    calls.push(`${init?.method ?? 'GET'} ${path}`)
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
    if (path === '/api/clusters/prod/nodes/n1/drain-plan') {
      return json({ ...PLAN, pods: PLAN.pods.filter((p) => !evicted.has(p.name)) })
    }
    if (path === '/api/clusters/prod/resources/core/v1/nodes/_/n1/cordon') return json({})
    const evict = /^\/api\/clusters\/prod\/resources\/core\/v1\/pods\/shop\/([^/]+)\/evict$/.exec(path)
    if (evict) {
      if (evict[1] === 'web-1' && refusals-- > 0) {
        return json({ code: 'eviction_refused', message: 'Cannot evict pod as it would violate the pod\'s disruption budget.', requestId: 'r' }, 429)
      }
      evicted.add(evict[1])
      return json({ evicted: true }, 201)
    }
    return json({ code: 'not_found', message: `no route ${path}`, requestId: 'r' }, 404)
  })
  vi.stubGlobal('fetch', fetch)
  return { calls, fetch }
}

test('Drain shows the plan, waits for the consent a pod needs, then cordons and evicts until the node is empty', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true })
  const { calls, fetch } = server()
  setCsrfToken('tok')
  renderAt(<ObjectActions kind={nodes} namespace={undefined} name="n1" object={{ metadata: { name: 'n1' }, spec: {} }} perms={{ cordon: { allowed: true } }} onDeleted={() => {}} />)

  fireEvent.click(screen.getByRole('button', { name: /Drain/ }))
  const dialog = await screen.findByRole('dialog', { name: 'Drain n1' })
  const left = await within(dialog).findByRole('region', { name: 'Left on the node' })
  expect(left).toHaveTextContent('kube-system/aws-node-x')
  expect(left).toHaveTextContent('DaemonSet/aws-node · Running · its DaemonSet runs it on every node')
  const blocked = within(dialog).getByRole('region', { name: /Not evicted without your consent/ })
  expect(blocked).toHaveTextContent('shop/debug')
  const go = within(dialog).getByRole('button', { name: 'Drain n1' })
  expect(go).toBeDisabled()

  fireEvent.click(within(dialog).getByRole('checkbox', { name: /no controller manages/ }))
  expect(within(dialog).getByRole('region', { name: 'Pods to evict' })).toHaveTextContent('shop/debug')
  expect(go).toBeEnabled()
  fireEvent.click(go)

  // web-1's budget refuses the first eviction: it says so, and is tried again.
  expect(await within(dialog).findByText('refused by a budget, retrying')).toBeInTheDocument()
  expect(within(dialog).getByText(/would violate the pod's disruption budget/)).toBeInTheDocument()
  await vi.advanceTimersByTimeAsync(5_000)
  await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('Drained: 2 of 2 pods gone. n1 stays cordoned'))
  expect(within(dialog).getByRole('button', { name: 'Close' })).toBeInTheDocument()
  // The pods the drain moved stay listed, each gone, although the node's plan is empty now.
  await waitFor(() => expect(within(within(dialog).getByRole('region', { name: 'Pods to evict' })).getAllByText('gone')).toHaveLength(2))
  await vi.advanceTimersByTimeAsync(3_000)
  expect(within(within(dialog).getByRole('region', { name: 'Pods to evict' })).getAllByText('gone')).toHaveLength(2)

  const writes = calls.filter((c) => c.startsWith('POST') && !c.endsWith('/can-i'))
  expect(writes).toEqual([
    'POST /api/clusters/prod/resources/core/v1/nodes/_/n1/cordon',
    'POST /api/clusters/prod/resources/core/v1/pods/shop/debug/evict',
    'POST /api/clusters/prod/resources/core/v1/pods/shop/web-1/evict',
    'POST /api/clusters/prod/resources/core/v1/pods/shop/web-1/evict',
  ])
  for (const [, init] of fetch.mock.calls.filter(([, init]) => init?.method === 'POST')) {
    expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok')
  }
  // Each eviction says it is a step of draining n1, for its audit row.
  const evictUrls = fetch.mock.calls.map(([u]) => String(u)).filter((u) => u.includes('/evict'))
  expect(evictUrls).toHaveLength(3)
  expect(evictUrls.every((u) => new URL(u, 'http://localhost').searchParams.get('drain') === 'n1')).toBe(true)
})

test('closing the dialog stops a drain: nothing more is evicted', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true })
  const { calls } = server()
  renderAt(<ObjectActions kind={nodes} namespace={undefined} name="n1" object={{ metadata: { name: 'n1' }, spec: {} }} perms={{ cordon: { allowed: true } }} onDeleted={() => {}} />)
  fireEvent.click(screen.getByRole('button', { name: /Drain/ }))
  const dialog = await screen.findByRole('dialog', { name: 'Drain n1' })
  fireEvent.click(await within(dialog).findByRole('checkbox', { name: /no controller manages/ }))
  fireEvent.click(within(dialog).getByRole('button', { name: 'Drain n1' }))
  expect(await within(dialog).findByText('refused by a budget, retrying')).toBeInTheDocument()
  fireEvent.click(within(dialog).getByRole('button', { name: 'Stop' }))
  await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('Stopped after evicting 1 of 2 pods'))

  const evictions = calls.filter((c) => c.endsWith('/evict')).length
  await vi.advanceTimersByTimeAsync(10_000)
  expect(calls.filter((c) => c.endsWith('/evict')).length).toBe(evictions)
})

test('a drain the role could not finish is not started: the namespaces where evictions are refused are named', async () => {
  const { fetch } = server()
  const base = fetch.getMockImplementation()!
  fetch.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    if (new URL(String(input), 'http://localhost').pathname === '/api/clusters/prod/can-i') {
      const checks = JSON.parse(String(init?.body)).checks as { namespace: string }[]
      const results = checks.map((c) => ({ check: c, answer: { allowed: c.namespace !== 'shop' } }))
      return new Response(JSON.stringify({ results }), { status: 200, headers: { 'Content-Type': 'application/json' } })
    }
    return base(input, init)
  })
  renderAt(<ObjectActions kind={nodes} namespace={undefined} name="n1" object={{ metadata: { name: 'n1' }, spec: {} }} perms={{ cordon: { allowed: true } }} onDeleted={() => {}} />)
  fireEvent.click(screen.getByRole('button', { name: /Drain/ }))
  const dialog = await screen.findByRole('dialog', { name: 'Drain n1' })

  expect(await within(dialog).findByRole('alert')).toHaveTextContent('Your role may not evict pods in shop')
  fireEvent.click(within(dialog).getByRole('checkbox', { name: /no controller manages/ }))
  expect(within(dialog).getByRole('button', { name: 'Drain n1' })).toBeDisabled()
  const asked = fetch.mock.calls.find(([u]) => String(u).endsWith('/can-i'))!
  expect(JSON.parse(String(asked[1]?.body)).checks).toEqual([{ verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'shop' }])
})

test('before the start, the plan names the pods a PodDisruptionBudget allowing no disruption will hold back, or says the budgets could not be read', async () => {
  const plans: DrainPlan[] = [
    {
      ...PLAN,
      pods: PLAN.pods.map((p) => (p.name === 'web-1' ? { ...p, budgets: [{ name: 'web-pdb', disruptionsAllowed: 0 }, { name: 'all', disruptionsAllowed: 3 }] } : { ...p, budgets: [] })),
      budgetProblem: null,
    },
    { ...PLAN, budgetProblem: 'PodDisruptionBudgets could not be read: forbidden' },
  ]
  let served = 0
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL) => {
    const body = String(input).endsWith('/drain-plan') ? plans[served++] : { results: [{ answer: { allowed: true } }] }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
  }))
  const { unmount } = renderAt(<ObjectActions kind={nodes} namespace={undefined} name="n1" object={{ metadata: { name: 'n1' }, spec: {} }} perms={{ cordon: { allowed: true } }} onDeleted={() => {}} />)
  fireEvent.click(screen.getByRole('button', { name: /Drain/ }))
  const dialog = await screen.findByRole('dialog', { name: 'Drain n1' })
  expect(await within(dialog).findByRole('note')).toHaveTextContent('1 pod is covered by a PodDisruptionBudget that allows no disruption now (shop/web-pdb)')
  const toEvict = within(dialog).getByRole('region', { name: 'Pods to evict' })
  // debug waits for a consent first (its section); web-1 is the one to evict, behind its budget.
  expect(within(toEvict).getByRole('listitem')).toHaveTextContent('shop/web-1')
  expect(within(toEvict).getByRole('listitem')).toHaveTextContent('waits on PodDisruptionBudget web-pdb: no disruption allowed now')
  expect(within(dialog).getByRole('region', { name: /Not evicted without your consent/ })).not.toHaveTextContent('waits on')
  unmount()

  renderAt(<ObjectActions kind={nodes} namespace={undefined} name="n1" object={{ metadata: { name: 'n1' }, spec: {} }} perms={{ cordon: { allowed: true } }} onDeleted={() => {}} />)
  fireEvent.click(screen.getByRole('button', { name: /Drain/ }))
  const again = await screen.findByRole('dialog', { name: 'Drain n1' })
  expect(await within(again).findByRole('note')).toHaveTextContent('PodDisruptionBudgets could not be read: forbidden: the plan cannot say which evictions a budget will hold back.')
})

test('leaving the page while a drain runs asks first: staying keeps the drain going', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true })
  server()
  setCsrfToken('tok')
  const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false)
  const { router } = renderAt(<ObjectActions kind={nodes} namespace={undefined} name="n1" object={{ metadata: { name: 'n1' }, spec: {} }}
    perms={{ cordon: { allowed: true } }} onDeleted={() => {}} />, { path: '/nodes', route: '*' })

  fireEvent.click(screen.getByRole('button', { name: /Drain/ }))
  const dialog = await screen.findByRole('dialog', { name: 'Drain n1' })
  fireEvent.click(await within(dialog).findByRole('checkbox', { name: /no controller manages/ }))
  fireEvent.click(within(dialog).getByRole('button', { name: 'Drain n1' }))
  expect(await within(dialog).findByText('refused by a budget, retrying')).toBeInTheDocument()

  await act(() => router.navigate('/elsewhere'))
  expect(confirm).toHaveBeenCalledWith(expect.stringContaining('Leaving stops the drain of n1'))
  expect(router.state.location.pathname).toBe('/nodes')
  // Escape (which closes the dialog, and so would stop the drain) asks too.
  confirm.mockClear()
  fireEvent(dialog, new Event('cancel', { cancelable: true }))
  expect(confirm).toHaveBeenCalledTimes(1)
  expect(screen.getByRole('dialog', { name: 'Drain n1' })).toBeInTheDocument()
  await vi.advanceTimersByTimeAsync(5_000)
  await waitFor(() => expect(within(dialog).getByRole('status')).toHaveTextContent('Drained: 2 of 2 pods gone'))

  // Done: nothing left to stop, so nothing is asked.
  confirm.mockClear()
  await act(() => router.navigate('/elsewhere'))
  expect(confirm).not.toHaveBeenCalled()
  expect(router.state.location.pathname).toBe('/elsewhere')
  confirm.mockRestore()
})
