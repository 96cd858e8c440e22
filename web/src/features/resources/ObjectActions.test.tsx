import { useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { resetClientState, setCsrfToken } from '../../api/client'
import { clusterInfo } from '../../test/clusters'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { formatTime } from '../../lib/time'
import { accessCheck, ObjectActions, permission } from './ObjectActions'
import { resourcesKey } from './hooks'

/** The calls of the actions, without the cluster list the confirmations read (for the cluster's environment). */
const actionCalls = (f: { mock: { calls: [RequestInfo | URL, RequestInit?][] } }) => f.mock.calls.filter((c) => String(c[0]) !== '/api/clusters')

/** Confirms the action the last click asked about, in its dialog. */
function confirm(button: string) {
  const dialog = screen.getByRole('dialog')
  fireEvent.click(within(dialog).getByRole('button', { name: button }))
}


const kind = { cluster: 'prod', group: 'apps', version: 'v1', plural: 'deployments' }
afterEach(() => {
  resetClientState()
  vi.unstubAllGlobals()
})

test('each action is decided by the access review of what it does to the apiserver', () => {
  // Scale patches the scale subresource (ResourceActions.scale), so patch on deployments/scale is what it needs.
  expect(accessCheck('scale', kind, 'ns', 'x')).toEqual({ verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'ns', name: 'x' })
  expect(accessCheck('scale', { ...kind, plural: 'statefulsets' }, 'ns', 'db')).toEqual({ verb: 'patch', group: 'apps', resource: 'statefulsets', subresource: 'scale', namespace: 'ns', name: 'db' })
  // A custom resource's scale subresource, by its own group and plural.
  expect(accessCheck('scale', { cluster: 'prod', group: 'example.com', version: 'v1', plural: 'widgets' }, 'ns', 'w')).toEqual({ verb: 'patch', group: 'example.com', resource: 'widgets', subresource: 'scale', namespace: 'ns', name: 'w' })
  expect(accessCheck('restart', kind, 'ns', 'x')).toEqual({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'ns', name: 'x' })
  expect(accessCheck('rollback', kind, 'ns', 'x')).toEqual({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'ns', name: 'x' })
  expect(accessCheck('trigger', { ...kind, group: 'batch', plural: 'cronjobs' }, 'ns', 'nightly')).toEqual({ verb: 'create', group: 'batch', resource: 'jobs', namespace: 'ns' })
  expect(accessCheck('reveal', { ...kind, group: 'core', plural: 'secrets' }, 'ns', 'db')).toEqual({ verb: 'get', group: '', resource: 'secrets', namespace: 'ns', name: 'db' })
  expect(accessCheck('evict', { ...kind, group: 'core', plural: 'pods' }, 'ns', 'web-0')).toEqual({ verb: 'create', group: '', resource: 'pods', subresource: 'eviction', namespace: 'ns', name: 'web-0' })
  expect(accessCheck('cordon', { ...kind, group: 'core', plural: 'nodes' }, undefined, 'n1')).toEqual({ verb: 'patch', group: '', resource: 'nodes', namespace: undefined, name: 'n1' })
  expect(accessCheck('debug', { ...kind, group: 'core', plural: 'pods' }, 'ns', 'web-0')).toEqual({ verb: 'patch', group: '', resource: 'pods', subresource: 'ephemeralcontainers', namespace: 'ns', name: 'web-0' })
})

test('a node offers Cordon, or Uncordon once cordoned, each a POST with the CSRF header', async () => {
  const nodes = { cluster: 'prod', group: 'core', version: 'v1', plural: 'nodes' }
  const fetch = mockFetch({
    '/api/clusters/prod/resources/core/v1/nodes/_/n1/cordon': { body: {} },
    '/api/clusters/prod/resources/core/v1/nodes/_/n2/uncordon': { body: {} },
  })
  setCsrfToken('tok')
  const { unmount } = renderAt(
    <ObjectActions kind={nodes} namespace={undefined} name="n1" object={{ metadata: { name: 'n1' }, spec: {} }} perms={{ cordon: { allowed: true } }} onDeleted={() => {}} />,
  )
  expect(screen.queryByRole('button', { name: /Uncordon/ })).not.toBeInTheDocument()
  fireEvent.click(screen.getByRole('button', { name: /Cordon/ }))
  confirm('Cordon')
  expect(await screen.findByRole('status')).toHaveTextContent('n1 cordoned.')
  const [url, init] = actionCalls(fetch)[0]
  expect(String(url)).toBe('/api/clusters/prod/resources/core/v1/nodes/_/n1/cordon')
  expect(init?.method).toBe('POST')
  expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok')
  unmount()

  renderAt(
    <ObjectActions kind={nodes} namespace={undefined} name="n2" object={{ metadata: { name: 'n2' }, spec: { unschedulable: true } }} perms={{ cordon: { allowed: true } }} onDeleted={() => {}} />,
  )
  fireEvent.click(screen.getByRole('button', { name: /Uncordon/ }))
  confirm('Uncordon')
  expect(await screen.findByRole('status')).toHaveTextContent('n2 uncordoned.')
  expect(String(actionCalls(fetch)[1][0])).toBe('/api/clusters/prod/resources/core/v1/nodes/_/n2/uncordon')
})

test('a Deployment offers Pause rollout, or Resume rollout once paused, each a POST', async () => {
  const fetch = mockFetch({
    '/api/clusters/prod/resources/apps/v1/deployments/shop/web/pause': { body: {} },
    '/api/clusters/prod/resources/apps/v1/deployments/shop/api/resume': { body: {} },
  })
  const { unmount } = renderAt(
    <ObjectActions kind={kind} namespace="shop" name="web" object={{ metadata: { name: 'web' }, spec: {} }} perms={{ pause: { allowed: true } }} onDeleted={() => {}} />,
  )
  fireEvent.click(screen.getByRole('button', { name: 'Pause rollout' }))
  confirm('Pause rollout')
  expect(await screen.findByRole('status')).toHaveTextContent('Rollouts of web paused.')
  expect(String(actionCalls(fetch)[0][0])).toBe('/api/clusters/prod/resources/apps/v1/deployments/shop/web/pause')
  expect(actionCalls(fetch)[0][1]?.method).toBe('POST')
  unmount()

  renderAt(
    <ObjectActions kind={kind} namespace="shop" name="api" object={{ metadata: { name: 'api' }, spec: { paused: true } }} perms={{ pause: { allowed: true } }} onDeleted={() => {}} />,
  )
  fireEvent.click(screen.getByRole('button', { name: 'Resume rollout' }))
  confirm('Resume rollout')
  expect(await screen.findByRole('status')).toHaveTextContent('Rollouts of api resumed.')
  expect(String(actionCalls(fetch)[1][0])).toBe('/api/clusters/prod/resources/apps/v1/deployments/shop/api/resume')
})

test('a restart is said (what it does, on which cluster, environment and namespace) and runs only once confirmed', async () => {
  const fetch = mockFetch({
    '/api/clusters': { body: { clusters: [clusterInfo('prod', { environment: 'production' })] } },
    '/api/clusters/prod/resources/apps/v1/deployments/checkout/web/restart': { body: {} },
  })
  renderAt(<ObjectActions kind={kind} namespace="checkout" name="web" object={{ kind: 'Deployment', metadata: { name: 'web' }, spec: {} }}
    perms={{ restart: { allowed: true } }} onDeleted={() => {}} />)

  fireEvent.click(screen.getByRole('button', { name: /Restart/ }))
  const dialog = screen.getByRole('dialog', { name: 'Restart web?' })
  expect(dialog).toHaveTextContent('Every pod is replaced')
  await vi.waitFor(() => expect(within(dialog).getByTestId('action-target')).toHaveTextContent('on prod production namespace checkout Deployment web'))
  // On production Cancel has the focus: Enter twice while tabbing through the actions restarts nothing.
  await vi.waitFor(() => expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus())
  expect(dialog).toHaveTextContent('Production: Tab to Restart, then Enter')
  fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
  expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  expect(fetch.mock.calls.map((c) => String(c[0]))).not.toContain('/api/clusters/prod/resources/apps/v1/deployments/checkout/web/restart')

  fireEvent.click(screen.getByRole('button', { name: /Restart/ }))
  confirm('Restart')
  expect(await screen.findByRole('status')).toHaveTextContent('Rollout restart requested.')
  expect(fetch.mock.calls.map((c) => String(c[0]))).toContain('/api/clusters/prod/resources/apps/v1/deployments/checkout/web/restart')
})

test('off production the confirm button has the focus: Enter runs the action', async () => {
  const fetch = mockFetch({
    '/api/clusters': { body: { clusters: [clusterInfo('prod', { environment: 'staging' })] } },
    '/api/clusters/prod/resources/apps/v1/deployments/checkout/web/restart': { body: {} },
  })
  renderAt(<ObjectActions kind={kind} namespace="checkout" name="web" object={{ kind: 'Deployment', metadata: { name: 'web' }, spec: {} }}
    perms={{ restart: { allowed: true } }} onDeleted={() => {}} />)

  fireEvent.click(screen.getByRole('button', { name: /Restart/ }))
  const dialog = screen.getByRole('dialog', { name: 'Restart web?' })
  await vi.waitFor(() => expect(within(dialog).getByTestId('action-target')).toHaveTextContent('staging'))
  expect(within(dialog).getByRole('button', { name: 'Restart' })).toHaveFocus()
  expect(dialog).not.toHaveTextContent('Production')
  expect(fetch.mock.calls.map((c) => String(c[0]))).not.toContain('/api/clusters/prod/resources/apps/v1/deployments/checkout/web/restart')
})

test('a denied pre-flight disables the button and says why', () => {
  expect(permission({ allowed: false, reason: 'no RBAC rule' }, 'success', 'deleting deployments')).toEqual({
    allowed: false,
    denied: true,
    reason: "Your role doesn't allow deleting deployments here: no RBAC rule",
  })
  expect(permission(undefined, 'pending', 'x').allowed).toBe(false)
  expect(permission(undefined, 'error', 'x').allowed).toBe(true)
})

test('why actions are disabled is readable without hovering: one line per refusal, none while still checking', () => {
  renderAt(<ObjectActions kind={kind} namespace="checkout" name="web" object={{ kind: 'Deployment', metadata: { name: 'web' }, spec: {} }}
    perms={{
      scale: permission({ allowed: false, reason: 'no rule for deployments/scale' }, 'success', 'scaling deployments'),
      delete: permission({ allowed: false, reason: 'no rule for delete' }, 'success', 'deleting deployments'),
      restart: permission(undefined, 'pending', 'restarting deployments'),
    }} onDeleted={() => {}} />)

  const refused = screen.getByTestId('refused-actions')
  expect(within(refused).getByText('Why 2 actions are unavailable')).toBeInTheDocument()
  expect(within(refused).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
    "Scale: Your role doesn't allow scaling deployments here: no rule for deployments/scale",
    "Delete: Your role doesn't allow deleting deployments here: no rule for delete",
  ])
})

test('Cordon and Drain share one refusal: the count is of the disabled buttons, and the reason names both', () => {
  const nodes = { cluster: 'prod', group: 'core', version: 'v1', plural: 'nodes' }
  const no = (what: string) => permission({ allowed: false, reason: 'read tier' }, 'success', what)
  renderAt(<ObjectActions kind={nodes} namespace={undefined} name="n1" object={{ metadata: { name: 'n1' }, spec: {} }}
    perms={{ cordon: no('cordoning nodes'), delete: no('deleting nodes') }} onDeleted={() => {}} />)

  expect(screen.getAllByRole('button').filter((b) => b.hasAttribute('disabled')).map((b) => b.textContent?.trim())).toEqual(['Cordon', 'Drain…', 'Delete'])
  const refused = screen.getByTestId('refused-actions')
  expect(within(refused).getByText('Why 3 actions are unavailable')).toBeInTheDocument()
  expect(within(refused).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
    "Cordon, Drain: Your role doesn't allow cordoning nodes here: read tier",
    "Delete: Your role doesn't allow deleting nodes here: read tier",
  ])
})

test('the refusals counted under the buttons are of those buttons: editing, rolling back and debugging are refused in their own tabs', () => {
  const no = (what: string) => permission({ allowed: false, reason: 'read tier' }, 'success', what)
  renderAt(<ObjectActions kind={kind} namespace="checkout" name="web" object={{ kind: 'Deployment', metadata: { name: 'web' }, spec: {} }}
    perms={{
      apply: no('editing deployments'), delete: no('deleting deployments'), scale: no('scaling deployments'),
      restart: no('restarting deployments'), rollback: no('rolling back deployments'), pause: no('pausing deployments'),
    }} onDeleted={() => {}} />)

  expect(screen.getAllByRole('button').filter((b) => b.hasAttribute('disabled'))).toHaveLength(4)
  const refused = screen.getByTestId('refused-actions')
  expect(within(refused).getByText('Why 4 actions are unavailable')).toBeInTheDocument()
  expect(within(refused).queryByText(/editing|rolling back/)).not.toBeInTheDocument()
})

test('every refused button is counted once and every count is a drawn button, whatever the kind offers', () => {
  const no = (what: string) => permission({ allowed: false, reason: `no ${what}` }, 'success', what)
  const actions = ['apply', 'delete', 'scale', 'restart', 'trigger', 'reveal', 'evict', 'cordon', 'rollback', 'pause', 'debug'] as const
  renderAt(<ObjectActions kind={kind} namespace="checkout" name="web" object={{ kind: 'Deployment', metadata: { name: 'web' }, spec: {} }}
    perms={Object.fromEntries(actions.map((a) => [a, no(a)]))} onDeleted={() => {}} />)

  const disabled = screen.getAllByRole('button').filter((b) => b.hasAttribute('disabled')).map((b) => b.textContent!.trim().replace(/…$/, ''))
  expect(disabled).toEqual(['Scale', 'Restart', 'Pause rollout', 'Trigger now', 'Reveal values', 'Evict', 'Cordon', 'Drain', 'Delete'])
  expect(screen.getByText(`Why ${disabled.length} actions are unavailable`)).toBeInTheDocument()
  const named = within(screen.getByTestId('refused-actions')).getAllByRole('listitem').flatMap((li) => li.textContent!.split(': ')[0].split(', '))
  expect(named).toEqual(disabled)
  // A refused button's hover says why it is refused, not what it would do.
  expect(screen.getByRole('button', { name: /Evict/ })).not.toHaveAttribute('title')
  expect(screen.getByRole('button', { name: /Evict/ }).parentElement).toHaveAttribute('title', "Your role doesn't allow evict here: no evict")
})

test('a button whose words change with the object stays the same button, and keeps the focus', () => {
  function Harness() {
    const [paused, setPaused] = useState(false)
    return (
      <>
        <button type="button" onClick={() => setPaused(true)}>paused elsewhere</button>
        <ObjectActions kind={kind} namespace="checkout" name="web" object={{ kind: 'Deployment', metadata: { name: 'web' }, spec: { paused } }}
          perms={{ pause: { allowed: true } }} onDeleted={() => {}} />
      </>
    )
  }
  renderAt(<Harness />)
  const button = screen.getByRole('button', { name: /Pause rollout/ })
  button.focus()

  fireEvent.click(screen.getByRole('button', { name: 'paused elsewhere' }))

  expect(screen.getByRole('button', { name: /Resume rollout/ })).toBe(button)
  expect(button).toHaveFocus()
})

test('delete needs the typed name, then calls DELETE with the CSRF header', async () => {
  const fetch = mockFetch({ '/api/clusters/prod/resources/apps/v1/deployments/payments/api': { body: {} } })
  setCsrfToken('tok')
  const onDeleted = vi.fn()
  renderAt(
    <ObjectActions
      kind={kind}
      namespace="payments"
      name="api"
      object={undefined}
      perms={{ delete: { allowed: true }, scale: { allowed: false, reason: "Your role doesn't allow scaling deployments here" } }}
      onDeleted={onDeleted}
    />,
  )
  expect(screen.getByRole('button', { name: /Scale/ })).toBeDisabled()
  expect(screen.getByRole('button', { name: /Scale/ }).parentElement).toHaveAttribute('title', "Your role doesn't allow scaling deployments here")

  fireEvent.click(screen.getByRole('button', { name: /Delete/ }))
  const confirm = screen.getByRole('dialog', { name: 'Delete api' })
  expect(within(confirm).queryByRole('checkbox')).not.toBeInTheDocument()
  const submit = screen.getAllByRole('button', { name: 'Delete' }).at(-1)!
  expect(submit).toBeDisabled()
  fireEvent.change(screen.getByRole('textbox'), { target: { value: 'api' } })
  expect(confirm).toHaveAttribute('open')
  fireEvent.click(submit)
  await waitFor(() => expect(onDeleted).toHaveBeenCalled())
  const [, init] = actionCalls(fetch)[0]
  expect(init?.method).toBe('DELETE')
  expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok')
})

test('a deleted object\'s pane closes once the apiserver answered, not after the cluster\'s lists were read again', async () => {
  const pods = { cluster: 'prod', group: 'core', version: 'v1', plural: 'pods' }
  mockFetch({ '/api/clusters/prod/resources/core/v1/pods/shop/web-1': { body: { kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop' } } } })
  const onDeleted = vi.fn()
  let reads = 0
  // A list of the cluster on the page whose read after the deletion (the action's refresh) has not answered yet.
  function OpenList() {
    useQuery({ queryKey: [...resourcesKey('prod'), 'pods'], queryFn: () => (++reads === 1 ? Promise.resolve([]) : new Promise<never>(() => {})) })
    return null
  }
  renderAt(
    <>
      <OpenList />
      <ObjectActions kind={pods} namespace="shop" name="web-1" object={{ metadata: { name: 'web-1' } }} perms={{ delete: { allowed: true } }} onDeleted={onDeleted} />
    </>,
  )
  await waitFor(() => expect(reads).toBe(1))
  fireEvent.click(screen.getByRole('button', { name: /Delete/ }))
  fireEvent.change(within(screen.getByRole('dialog', { name: 'Delete web-1' })).getByRole('textbox'), { target: { value: 'web-1' } })
  confirm('Delete')

  await waitFor(() => expect(onDeleted).toHaveBeenCalled())
  expect(reads).toBe(2)
})

test('a pod stuck terminating is explained in the delete dialog, and Force sends a zero grace period', async () => {
  const pods = { cluster: 'prod', group: 'core', version: 'v1', plural: 'pods' }
  const fetch = mockFetch({ '/api/clusters/prod/resources/core/v1/pods/shop/web-0': { body: { deleted: true } } })
  const onDeleted = vi.fn()
  const since = new Date(Date.now() - 47 * 60_000).toISOString()
  renderAt(
    <ObjectActions kind={pods} namespace="shop" name="web-0" object={{ metadata: { name: 'web-0', deletionTimestamp: since } }}
      perms={{ delete: { allowed: true } }} onDeleted={onDeleted} />,
  )
  fireEvent.click(screen.getByRole('button', { name: /Delete/ }))
  const confirm = screen.getByRole('dialog', { name: 'Delete web-0' })
  expect(confirm).toHaveTextContent(`terminating for 47m (since ${formatTime(since)})`)
  fireEvent.click(within(confirm).getByRole('checkbox', { name: /Force: skip graceful termination/ }))
  fireEvent.change(within(confirm).getByRole('textbox'), { target: { value: 'web-0' } })
  fireEvent.click(within(confirm).getByRole('button', { name: 'Force delete' }))
  await waitFor(() => expect(onDeleted).toHaveBeenCalled())
  const [url, init] = actionCalls(fetch)[0]
  expect(String(url)).toBe('/api/clusters/prod/resources/core/v1/pods/shop/web-0?gracePeriodSeconds=0')
  expect(init?.method).toBe('DELETE')
  expect(await screen.findByRole('status')).toHaveTextContent('Forced deletion of web-0 requested.')
})

test('a pod in its grace period is terminating since its deletion was asked for, not since its deadline', async () => {
  const pods = { cluster: 'prod', group: 'core', version: 'v1', plural: 'pods' }
  mockFetch({})
  // Asked for 5 s ago with 30 s of grace: the apiserver's deletionTimestamp is 25 s ahead.
  const deadline = new Date(Date.now() + 25_000).toISOString()
  const asked = new Date(Date.parse(deadline) - 30_000).toISOString()
  renderAt(
    <ObjectActions kind={pods} namespace="shop" name="web-2"
      object={{ metadata: { name: 'web-2', deletionTimestamp: deadline, deletionGracePeriodSeconds: 30 } }}
      perms={{ delete: { allowed: true } }} onDeleted={() => {}} />,
  )
  fireEvent.click(screen.getByRole('button', { name: /Delete/ }))
  expect(screen.getByRole('dialog', { name: 'Delete web-2' })).toHaveTextContent(`terminating for 5s (since ${formatTime(asked)})`)
})

test('a pod deleted without Force keeps its own grace period', async () => {
  const pods = { cluster: 'prod', group: 'core', version: 'v1', plural: 'pods' }
  const fetch = mockFetch({ '/api/clusters/prod/resources/core/v1/pods/shop/web-1': { body: { deleted: true } } })
  renderAt(
    <ObjectActions kind={pods} namespace="shop" name="web-1" object={{ metadata: { name: 'web-1' } }} perms={{ delete: { allowed: true } }} onDeleted={() => {}} />,
  )
  fireEvent.click(screen.getByRole('button', { name: /Delete/ }))
  const confirm = screen.getByRole('dialog', { name: 'Delete web-1' })
  expect(confirm).not.toHaveTextContent('terminating for')
  fireEvent.change(within(confirm).getByRole('textbox'), { target: { value: 'web-1' } })
  fireEvent.click(within(confirm).getByRole('button', { name: 'Delete' }))
  await waitFor(() => expect(fetch).toHaveBeenCalled())
  expect(String(actionCalls(fetch)[0][0])).toBe('/api/clusters/prod/resources/core/v1/pods/shop/web-1')
})

test('a CronJob offers Suspend schedule, or Resume schedule once suspended', async () => {
  const cronjobs = { cluster: 'prod', group: 'batch', version: 'v1', plural: 'cronjobs' }
  const fetch = mockFetch({
    '/api/clusters/prod/resources/batch/v1/cronjobs/shop/nightly/pause': { body: {} },
    '/api/clusters/prod/resources/batch/v1/cronjobs/shop/weekly/resume': { body: {} },
  })
  const { unmount } = renderAt(
    <ObjectActions kind={cronjobs} namespace="shop" name="nightly" object={{ metadata: { name: 'nightly' }, spec: { suspend: false } }} perms={{ pause: { allowed: true } }} onDeleted={() => {}} />,
  )
  expect(screen.queryByRole('button', { name: /rollout/ })).not.toBeInTheDocument()
  fireEvent.click(screen.getByRole('button', { name: 'Suspend schedule' }))
  confirm('Suspend schedule')
  expect(await screen.findByRole('status')).toHaveTextContent('Schedule of nightly suspended.')
  expect(String(actionCalls(fetch)[0][0])).toBe('/api/clusters/prod/resources/batch/v1/cronjobs/shop/nightly/pause')
  unmount()

  renderAt(
    <ObjectActions kind={cronjobs} namespace="shop" name="weekly" object={{ metadata: { name: 'weekly' }, spec: { suspend: true } }} perms={{ pause: { allowed: true } }} onDeleted={() => {}} />,
  )
  fireEvent.click(screen.getByRole('button', { name: 'Resume schedule' }))
  confirm('Resume schedule')
  expect(await screen.findByRole('status')).toHaveTextContent('Schedule of weekly resumed.')
  expect(String(actionCalls(fetch)[1][0])).toBe('/api/clusters/prod/resources/batch/v1/cronjobs/shop/weekly/resume')
})

test('an action says what it did and marks the cluster resources stale; a refused one shows the server error', async () => {
  mockFetch({
    '/api/clusters/prod/resources/apps/v1/deployments/payments/api/restart': { body: {} },
    '/api/clusters/prod/resources/apps/v1/deployments/payments/api/scale': {
      status: 403,
      body: { code: 'forbidden', message: 'deployments.apps "api" is forbidden', requestId: 'req-5' },
    },
  })
  const { queryClient } = renderAt(
    <ObjectActions
      kind={kind}
      namespace="payments"
      name="api"
      object={{ metadata: { name: 'api' }, spec: { replicas: 2 } }}
      perms={{ restart: { allowed: true }, scale: { allowed: true } }}
      onDeleted={() => {}}
    />,
  )
  const cachedList = ['resources', 'prod', 'list', 'apps', 'v1', 'deployments', '', '']
  queryClient.setQueryData(cachedList, { format: 'list', body: { items: [] } })

  fireEvent.click(screen.getByRole('button', { name: /Restart/ }))
  confirm('Restart')
  expect(await screen.findByRole('status')).toHaveTextContent('Rollout restart requested.')
  expect(queryClient.getQueryState(cachedList)?.isInvalidated).toBe(true)

  fireEvent.click(screen.getByRole('button', { name: /Scale/ }))
  fireEvent.change(screen.getByRole('spinbutton'), { target: { value: '3' } })
  fireEvent.click(within(screen.getByRole('form', { name: 'Scale' })).getByRole('button', { name: 'Scale' }))
  const alert = await screen.findByRole('alert')
  expect(alert).toHaveTextContent('Scaling to 3 failed')
  expect(alert).toHaveTextContent('deployments.apps "api" is forbidden')
  expect(screen.queryByText('Rollout restart requested.')).not.toBeInTheDocument()
})

test('the Scale form reads the namespace autoscalers and says when one owns the count and will undo a scale', async () => {
  const fetch = mockFetch({
    '/api/clusters/prod/resources/autoscaling/v2/horizontalpodautoscalers': {
      body: {
        kind: 'Table',
        metadata: {},
        columnDefinitions: [{ name: 'Name', type: 'string' }],
        rows: [
          {
            cells: ['web'],
            object: {
              kind: 'HorizontalPodAutoscaler',
              metadata: { name: 'web-hpa', namespace: 'shop' },
              spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 6, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { averageUtilization: 70 } } }] },
              status: { currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 41 } } }] },
            },
          },
        ],
      },
      headers: { 'X-Periscope-List-Format': 'table' },
    },
  })
  renderAt(<ObjectActions kind={kind} namespace="shop" name="web" object={{ metadata: { name: 'web' }, spec: { replicas: 3 } }} perms={{ scale: { allowed: true } }} onDeleted={() => {}} />)
  fireEvent.click(screen.getByRole('button', { name: /Scale/ }))
  const form = screen.getByRole('form', { name: 'Scale' })
  expect(await within(form).findByRole('note')).toHaveTextContent('HorizontalPodAutoscaler web-hpa sets this count (2–6 on cpu 41%/70%)')
  expect(String(actionCalls(fetch)[0][0])).toBe('/api/clusters/prod/resources/autoscaling/v2/horizontalpodautoscalers?namespace=shop&includeObject=Object')
})


test('submitting the Scale form (Enter in the count) gives the focus back to Scale, not to the page', async () => {
  mockFetch({ '/api/clusters/prod/resources/apps/v1/deployments/payments/api/scale': { body: {} } })
  setCsrfToken('tok')
  renderAt(
    <ObjectActions kind={kind} namespace="payments" name="api" object={{ metadata: { name: 'api' }, spec: { replicas: 2 } }}
      perms={{ scale: { allowed: true } }} onDeleted={() => {}} />,
  )
  fireEvent.click(screen.getByRole('button', { name: /Scale/ }))
  const count = screen.getByRole('spinbutton')
  expect(count).toHaveFocus()
  fireEvent.change(count, { target: { value: '3' } })
  fireEvent.submit(screen.getByRole('form', { name: 'Scale' }))

  expect(await screen.findByRole('status')).toHaveTextContent('Scaled to 3.')
  await waitFor(() => expect(screen.getByRole('button', { name: /Scale/ })).toHaveFocus())
})
