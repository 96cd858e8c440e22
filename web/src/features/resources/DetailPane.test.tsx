import { useEffect, useState } from 'react'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch, type Route } from '../../test/fetchMock'
import { layOutLogPanel } from '../../test/logLayout'
import type { KubeObject } from './api'
import { renderAt } from '../../test/render'
import { DetailPane } from './DetailPane'

afterEach(() => vi.unstubAllGlobals())

const kind = { cluster: 'prod', group: 'apps', version: 'v1', plural: 'deployments' }
const discovery = {
  cluster: 'prod',
  kinds: [
    // As the server says: no scale subresource served here, so no Scale either.
    { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, verbs: ['get'], shortNames: [], subresources: [], actions: ['apply', 'delete', 'restart'] },
  ],
  problems: [],
  fetchedAt: '2026-11-23T10:00:00Z',
}

test('the pane offers the actions discovery names for the kind, each gated by its own access review', async () => {
  const allowed = { allowed: true }
  const fetch = mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: allowed }, { answer: allowed }, { answer: { allowed: false, reason: 'no RBAC rule' } }] } },
  })
  renderAt(
    <DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/web" tab="summary" onTab={() => {}} onClose={() => {}} object={{ metadata: { name: 'web', namespace: 'shop' } }} />,
  )

  const restart = await screen.findByRole('button', { name: /Restart/ })
  await waitFor(() => expect(restart).toBeDisabled())
  expect(restart.parentElement).toHaveAttribute('title', "Your role doesn't allow restarting deployments here: no RBAC rule")
  expect(screen.getByRole('button', { name: /Delete/ })).toBeEnabled()
  expect(screen.queryByRole('button', { name: /Scale/ })).not.toBeInTheDocument()

  const canI = fetch.mock.calls.find(([url]) => String(url).endsWith('/can-i'))!
  expect(JSON.parse(String(canI[1]?.body)).checks).toEqual([
    { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop', name: 'web' },
    { verb: 'delete', group: 'apps', resource: 'deployments', namespace: 'shop', name: 'web' },
    { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop', name: 'web' },
  ])
})

test("a Table row's PartialObjectMetadata is not the object: the pane reads the object from the server", async () => {
  const fetch = mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }, { answer: { allowed: true } }] } },
    '/api/clusters/prod/resources/apps/v1/deployments/shop/web': {
      body: { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 3 } },
    },
  })
  const row = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'web', namespace: 'shop' } }
  renderAt(<DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/web" tab="summary" onTab={() => {}} onClose={() => {}} object={row} />)

  await waitFor(() => expect(fetch.mock.calls.map(([url]) => String(url))).toContain('/api/clusters/prod/resources/apps/v1/deployments/shop/web'))
})

test('Escape in the scale form closes the form and leaves the pane open', async () => {
  const scalable = { ...discovery, kinds: [{ ...discovery.kinds[0], subresources: ['scale'], actions: ['apply', 'delete', 'restart', 'scale'] }] }
  mockFetch({
    '/api/clusters/prod/discovery': { body: scalable },
    '/api/clusters/prod/can-i': { body: { results: [0, 1, 2, 3].map(() => ({ answer: { allowed: true } })) } },
  })
  const onClose = vi.fn()
  renderAt(
    <DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/web" tab="summary" onTab={() => {}} onClose={onClose}
      object={{ metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 } }} />,
  )
  const scale = await screen.findByRole('button', { name: /Scale/ })
  await waitFor(() => expect(scale).toBeEnabled())
  fireEvent.click(scale)
  fireEvent.keyDown(screen.getByRole('spinbutton'), { key: 'Escape' })

  expect(screen.queryByRole('form', { name: 'Scale' })).not.toBeInTheDocument()
  expect(onClose).not.toHaveBeenCalled()
  await waitFor(() => expect(screen.getByRole('button', { name: /Scale/ }), 'the focus goes back to the button').toHaveFocus())
  fireEvent.keyDown(screen.getByRole('button', { name: /Scale/ }), { key: 'Escape' })
  expect(onClose).toHaveBeenCalledOnce()
})

test("a workload's summary links to the pods it selects and lists its template's containers and its conditions", async () => {
  const rollouts = { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout', plural: 'rollouts', namespaced: true, verbs: ['get'], shortNames: [], subresources: [], actions: [] }
  mockFetch({
    '/api/clusters/prod/discovery': { body: { ...discovery, kinds: [...discovery.kinds, rollouts] } },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }, { answer: { allowed: true } }] } },
  })
  const web = {
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', annotations: { 'deployment.kubernetes.io/revision': '4' },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: 'u', controller: true },
        { apiVersion: 'example.com/v1', kind: 'Gadget', name: 'g', uid: 'v' }] },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] },
      template: { spec: { containers: [{ name: 'web', image: 'registry.example.com/web:2.1.0' }] } },
    },
    status: { readyReplicas: 1, conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }] },
  }
  renderAt(<DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/web" tab="summary" onTab={() => {}} onClose={() => {}} object={web} />)

  const pods = await screen.findByRole('link', { name: 'app=web,tier in (front)' })
  expect(pods).toHaveAttribute('href', '/clusters/prod/r/core/v1/pods?ns=shop&labels=app%3Dweb%2Ctier+in+%28front%29')
  expect(screen.getByRole('region', { name: 'Containers' })).toHaveTextContent('registry.example.com/web:2.1.0')
  expect(within(screen.getByRole('region', { name: 'Containers' })).getByRole('link', { name: 'where it runs' }))
    .toHaveAttribute('href', '/images?q=registry.example.com%2Fweb%3A2.1.0')
  const conditions = screen.getByRole('region', { name: 'Conditions' })
  expect(conditions).toHaveTextContent('Available: False')
  expect(conditions).toHaveTextContent('MinimumReplicasUnavailable')
  expect(conditions).toHaveTextContent('Deployment does not have minimum availability.')
  expect(screen.getByText('deployment.kubernetes.io/revision').parentElement).toHaveTextContent('deployment.kubernetes.io/revision=4')
  // Owners are linked by what discovery says of their kind (its plural, whether it is namespaced); an unserved kind is a name.
  expect(await screen.findByRole('link', { name: 'Rollout/web' })).toHaveAttribute('href', '/clusters/prod/r/argoproj.io/v1alpha1/rollouts?ns=shop&sel=shop%2Fweb')
  expect(screen.getByText('Gadget/g').tagName).toBe('SPAN')
})

test("a node's summary links to the pods on it", async () => {
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }, { answer: { allowed: true } }] } },
    '/api/clusters/prod/nodes/ip-10-0-1-11.ec2.internal/allocation': {
      body: {
        node: 'ip-10-0-1-11.ec2.internal',
        pods: 7,
        cpu: { requests: 2410, limits: 5000, allocatable: 3920 },
        memory: { requests: 3 * 1024 ** 3, limits: 0, allocatable: 15 * 1024 ** 3 },
      },
    },
  })
  const nodes = { cluster: 'prod', group: 'core', version: 'v1', plural: 'nodes' }
  const node = { kind: 'Node', metadata: { name: 'ip-10-0-1-11.ec2.internal' }, spec: { taints: [{ key: 'dedicated', value: 'critical', effect: 'NoSchedule' }] }, status: {} }
  renderAt(<DetailPane kind={nodes} kindName="Node" namespaced={false} selection="ip-10-0-1-11.ec2.internal" tab="summary" onTab={() => {}} onClose={() => {}} object={node} />)

  expect(await screen.findByRole('link', { name: 'on this node' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/pods?fields=spec.nodeName%3Dip-10-0-1-11.ec2.internal')
  expect(screen.getByText('dedicated=critical:NoSchedule')).toBeInTheDocument()
  // kubectl describe node's allocated resources: requests and limits as shares of allocatable (limits may pass 100 %).
  const allocated = await screen.findByRole('table', { name: 'Allocated resources' })
  expect(within(allocated).getByRole('row', { name: /cpu/ })).toHaveTextContent('cpu2410m (61%)5000m (127%)')
  expect(within(allocated).getByRole('row', { name: /memory/ })).toHaveTextContent('memory3072Mi (20%)—')
  expect(screen.getByText(/of 7 pods not finished/)).toBeInTheDocument()
})

test("an Event's summary gives its reason, whole message, count and source, and links the object it is about", async () => {
  mockFetch({
    '/api/clusters/prod/discovery': {
      body: {
        ...discovery,
        kinds: [
          { group: 'core', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, verbs: ['get', 'list'], shortNames: ['ev'], subresources: [], actions: ['apply', 'delete'] },
          { group: 'core', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, verbs: ['get', 'list'], shortNames: ['no'], subresources: [], actions: ['cordon'] },
          { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress', plural: 'ingresses', namespaced: true, verbs: ['get', 'list'], shortNames: ['ing'], subresources: [], actions: [] },
        ],
      },
    },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }] } },
  })
  const events = { cluster: 'prod', group: 'core', version: 'v1', plural: 'events' }
  const about = (involvedObject: object, name: string) => ({
    kind: 'Event',
    metadata: { name, namespace: 'default' },
    involvedObject,
    type: 'Warning',
    reason: 'NodeNotReady',
    message: 'Node ip-10-0-3-13.ec2.internal status is now: NodeNotReady',
    count: 4,
    firstTimestamp: '2026-12-06T21:38:07Z',
    lastTimestamp: '2026-12-06T22:37:37Z',
    source: { component: 'node-controller' },
  })
  const { unmount } = renderAt(
    <DetailPane kind={events} kindName="Event" namespaced selection="default/ip-10-0-3-13.ec2.internal.517859f6" tab="summary" onTab={() => {}} onClose={() => {}}
      object={about({ apiVersion: 'v1', kind: 'Node', name: 'ip-10-0-3-13.ec2.internal' }, 'ip-10-0-3-13.ec2.internal.517859f6')} />,
  )
  // A node is cluster-scoped: its link has no namespace, though the event lives in default.
  expect(await screen.findByRole('link', { name: 'Node/ip-10-0-3-13.ec2.internal' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/nodes?sel=ip-10-0-3-13.ec2.internal')
  expect(screen.getByText('NodeNotReady')).toBeInTheDocument()
  expect(screen.getByText('Node ip-10-0-3-13.ec2.internal status is now: NodeNotReady')).toBeInTheDocument()
  expect(screen.getByText('4')).toBeInTheDocument()
  expect(screen.getByText('node-controller')).toBeInTheDocument()
  unmount()

  // An Ingress's plural is not its kind with an s: the link takes it from discovery.
  renderAt(
    <DetailPane kind={events} kindName="Event" namespaced selection="default/web.1" tab="summary" onTab={() => {}} onClose={() => {}}
      object={about({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web', namespace: 'default' }, 'web.1')} />,
  )
  expect(await screen.findByRole('link', { name: 'Ingress/web' })).toHaveAttribute('href', '/clusters/prod/r/networking.k8s.io/v1/ingresses?ns=default&sel=default%2Fweb')
})

test("a pod's summary links its node and gives its IP and QoS class, as kubectl describe does", async () => {
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }, { answer: { allowed: true } }] } },
  })
  const pods = { cluster: 'prod', group: 'core', version: 'v1', plural: 'pods' }
  const pod = {
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'shop' },
    spec: { nodeName: 'ip-10-0-1-11.ec2.internal', containers: [{ name: 'web', image: 'web:1' }] },
    status: { phase: 'Running', podIP: '10.0.1.57', qosClass: 'Burstable' },
  }
  renderAt(<DetailPane kind={pods} kindName="Pod" namespaced selection="shop/web-1" tab="summary" onTab={() => {}} onClose={() => {}} object={pod} />)

  expect(await screen.findByRole('link', { name: 'ip-10-0-1-11.ec2.internal' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/nodes?sel=ip-10-0-1-11.ec2.internal')
  expect(screen.getByText('10.0.1.57')).toBeInTheDocument()
  expect(screen.getByText('Burstable')).toBeInTheDocument()
})

test('a link to an object that is gone says so, without actions, instead of an apiserver error', async () => {
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }, { answer: { allowed: true } }] } },
    '/api/clusters/prod/resources/apps/v1/deployments/shop/old-web': {
      status: 404,
      body: { code: 'apiserver_error', message: 'GET /apis/apps/v1/namespaces/shop/deployments/old-web answered HTTP 404', requestId: 'r-1' },
    },
  })
  renderAt(<DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/old-web" tab="summary" onTab={() => {}} onClose={() => {}} object={undefined} />)

  expect(await screen.findByText('This Deployment is not there')).toBeInTheDocument()
  expect(screen.getByText(/old-web is not in shop: it was deleted/)).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument()
  expect(screen.queryByText(/answered HTTP 404/)).not.toBeInTheDocument()
})

test('an open object deleted elsewhere (its row gone from the list) is read again and said to be gone', async () => {
  const live: KubeObject = { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', namespace: 'shop', uid: 'u-1', resourceVersion: '7' }, spec: { replicas: 3 } }
  const path = '/api/clusters/prod/resources/apps/v1/deployments/shop/web'
  const routes: Parameters<typeof mockFetch>[0] = {
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }, { answer: { allowed: true } }] } },
    [path]: { body: live },
  }
  const fetch = mockFetch(routes)
  const rows: { set?: (row: KubeObject | undefined) => void } = {}
  function ListRow({ expose }: { expose: (set: (row: KubeObject | undefined) => void) => void }) {
    const [row, set] = useState<KubeObject | undefined>(live)
    useEffect(() => expose(set), [expose])
    return <DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/web" tab="summary" onTab={() => {}} onClose={() => {}} object={row} />
  }
  const { queryClient } = renderAt(<ListRow expose={(set) => (rows.set = set)} />)
  expect(await screen.findByRole('button', { name: /Delete/ })).toBeInTheDocument()
  // As in the app, the copy the row gave the pane's cache is fresh: nothing reads the object again on its own.
  queryClient.setDefaultOptions({ queries: { staleTime: 60_000, retry: false } })
  const reads = () => fetch.mock.calls.filter(([url]) => new URL(String(url), 'http://localhost').pathname === path).length
  const before = reads()

  // Deleted elsewhere (kubectl): the stream's DELETED event takes the row out of the list.
  routes[path] = { status: 404, body: { code: 'apiserver_error', message: 'GET /apis/apps/v1/namespaces/shop/deployments/web answered HTTP 404', requestId: 'r-2' } }
  act(() => rows.set!(undefined))

  expect(await screen.findByText('This Deployment is not there')).toBeInTheDocument()
  expect(reads()).toBe(before + 1)
  expect(screen.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument()
})

test("a gone object's YAML link says it is gone too, and points to its events", async () => {
  const gone = { status: 404, body: { code: 'apiserver_error', message: 'GET /apis/apps/v1/namespaces/shop/deployments/old-web answered HTTP 404', requestId: 'r-1' } }
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }, { answer: { allowed: true } }] } },
    '/api/clusters/prod/resources/apps/v1/deployments/shop/old-web': gone,
    '/api/clusters/prod/resources/apps/v1/deployments/shop/old-web/yaml': gone,
  })
  renderAt(<DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/old-web" tab="yaml" onTab={() => {}} onClose={() => {}} object={undefined} />)

  expect(await screen.findByText('This Deployment is not there')).toBeInTheDocument()
  expect(screen.getByText(/are under Events/)).toBeInTheDocument()
  expect(screen.queryByText(/answered HTTP 404/)).not.toBeInTheDocument()
})

test("a Deployment whose discovery names rollback has a History tab, and a paused one says so with Resume rollout", async () => {
  const withRollouts = { ...discovery, kinds: [{ ...discovery.kinds[0], actions: ['apply', 'rollback', 'pause'] }] }
  mockFetch({
    '/api/clusters/prod/discovery': { body: withRollouts },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }, { answer: { allowed: true } }] } },
  })
  renderAt(
    <DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/web" tab="summary" onTab={() => {}} onClose={() => {}}
      object={{ kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { paused: true } }} />,
  )
  expect(await screen.findByRole('tab', { name: /history/i })).toBeInTheDocument()
  expect(await screen.findByRole('button', { name: 'Resume rollout' })).toBeInTheDocument()
  expect(screen.getByText('paused')).toBeInTheDocument()
})

test('the Summary says when a CronJob is suspended', async () => {
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }] } },
  })
  const { unmount } = renderAt(
    <DetailPane kind={kind} kindName="CronJob" namespaced selection="shop/nightly" tab="summary" onTab={() => {}} onClose={() => {}}
      object={{ kind: 'CronJob', metadata: { name: 'nightly', namespace: 'shop' }, spec: { schedule: '0 3 * * *', suspend: true } }} />,
  )
  expect(await screen.findByText('suspended')).toBeInTheDocument()
  expect(screen.getByText('0 3 * * *')).toBeInTheDocument()
  expect(screen.getAllByText('never')).toHaveLength(2)
  unmount()
  renderAt(
    <DetailPane kind={kind} kindName="CronJob" namespaced selection="shop/weekly" tab="summary" onTab={() => {}} onClose={() => {}}
      object={{ kind: 'CronJob', metadata: { name: 'weekly', namespace: 'shop' }, spec: { suspend: false } }} />,
  )
  expect(await screen.findByText('weekly')).toBeInTheDocument()
  expect(screen.queryByText('suspended')).not.toBeInTheDocument()
})

test("a workload's Logs tab streams its pods' merged logs; kinds without pods of their own have no Logs tab", async () => {
  const fetch = mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }, { answer: { allowed: true } }, { answer: { allowed: true } }] } },
    '/api/clusters/prod/resources/apps/v1/deployments/shop/web/logs': {
      body: `${JSON.stringify({ type: 'selector', selector: 'app=web', limit: 20 })}\n${JSON.stringify({ type: 'line', pod: 'web-1', container: 'app', time: null, text: 'ready' })}\n`,
    },
  })
  // The log panel draws only the rows in its view, and jsdom lays out none: logLayout gives the panel a viewport.
  const layout = layOutLogPanel()
  try {
    const { unmount } = renderAt(
      <DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/web" tab="logs" onTab={() => {}} onClose={() => {}} object={{ metadata: { name: 'web', namespace: 'shop' } }} />,
    )
    expect(screen.getByRole('tab', { name: /logs/i })).toHaveAttribute('aria-selected', 'true')
    expect(await screen.findByText('ready')).toBeInTheDocument()
    expect(fetch.mock.calls.map(([url]) => String(url))).toContain('/api/clusters/prod/resources/apps/v1/deployments/shop/web/logs?follow=true&tailLines=200')
    unmount()
  } finally {
    layout.restore()
  }

  const configMaps = { cluster: 'prod', group: 'core', version: 'v1', plural: 'configmaps' }
  renderAt(<DetailPane kind={configMaps} kindName="ConfigMap" namespaced selection="shop/settings" tab="logs" onTab={() => {}} onClose={() => {}} object={{ metadata: { name: 'settings', namespace: 'shop' } }} />)
  expect(screen.getByRole('tab', { name: /summary/i })).toHaveAttribute('aria-selected', 'true')
  expect(screen.queryByRole('tab', { name: /logs/i })).not.toBeInTheDocument()
})

test('a Compare tab appears when the person sees another cluster, and compares a cluster-scoped object by name only', async () => {
  const reachable = { status: 'reachable', message: null, checkedAt: null }
  const info = (name: string) => ({ name, backend: 'kubeconfig', region: null, environment: '', tags: {}, reachability: reachable })
  const nodes = { cluster: 'prod', group: 'core', version: 'v1', plural: 'nodes' }
  const node = { kind: 'Node', metadata: { name: 'n1', labels: { zone: 'a' } } }
  mockFetch({
    '/api/clusters': { body: { clusters: [info('prod')] } },
    '/api/clusters/prod/discovery': { body: discovery },
  })
  const { unmount, queryClient } = renderAt(
    <DetailPane kind={nodes} kindName="Node" namespaced={false} selection="n1" tab="compare" onTab={() => {}} onClose={() => {}} object={node} />,
  )
  await waitFor(() => expect(queryClient.getQueryState(['clusters'])?.status).toBe('success'))
  expect(screen.getByRole('tab', { name: /summary/i })).toHaveAttribute('aria-selected', 'true')
  expect(screen.queryByRole('tab', { name: /compare/i })).not.toBeInTheDocument()
  unmount()

  mockFetch({
    '/api/clusters': { body: { clusters: [info('prod'), info('staging')] } },
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/resources/core/v1/nodes/_/n1': { body: node },
    '/api/clusters/staging/resources/core/v1/nodes/_/n1': { body: { ...node, metadata: { name: 'n1', labels: { zone: 'b' } } } },
  })
  renderAt(<DetailPane kind={nodes} kindName="Node" namespaced={false} selection="n1" tab="compare" onTab={() => {}} onClose={() => {}} object={node} />)
  expect(await screen.findByRole('tab', { name: /compare/i })).toHaveAttribute('aria-selected', 'true')
  expect(await screen.findByText('prod ↔ staging: 1 line only in prod, 1 only in staging')).toBeInTheDocument()
  expect(screen.queryByRole('textbox', { name: 'Namespace' })).not.toBeInTheDocument()
})

test("a ConfigMap's Related tab lists the workloads that use it and how, and says when a list could not be read", async () => {
  const configMaps = { cluster: 'prod', group: 'core', version: 'v1', plural: 'configmaps' }
  const ref = (kind: string, plural: string, group: string, name: string) => ({ group, version: 'v1', kind, plural, namespace: 'shop', name, uid: `uid-${name}` })
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/resources/core/v1/configmaps/shop/settings/related': {
      body: {
        owners: [],
        owned: [],
        usedBy: [
          { object: ref('Deployment', 'deployments', 'apps', 'web'), how: ['volume config', 'subPath mount of volume config in proxy (never updated)'] },
          { object: ref('Pod', 'pods', 'core', 'debug'), how: ['envFrom in sh'] },
        ],
        problems: ['cronjobs: cronjobs.batch is forbidden: User "alice" cannot list resource "cronjobs"'],
      },
    },
  })
  renderAt(<DetailPane kind={configMaps} kindName="ConfigMap" namespaced selection="shop/settings" tab="related" onTab={() => {}} onClose={() => {}} object={{ metadata: { name: 'settings', namespace: 'shop' } }} />)
  const usedBy = await screen.findByRole('region', { name: 'Used by' })
  const items = within(usedBy).getAllByRole('listitem')
  expect(items).toHaveLength(2)
  expect(within(items[0]).getByRole('link')).toHaveAttribute('href', '/clusters/prod/r/apps/v1/deployments?ns=shop&sel=shop%2Fweb')
  expect(items[0]).toHaveTextContent('subPath mount of volume config in proxy (never updated)')
  expect(within(items[1]).getByRole('link')).toHaveAttribute('href', '/clusters/prod/r/core/v1/pods?ns=shop&sel=shop%2Fdebug')
  expect(usedBy).toHaveTextContent('restart these to apply a change')
  expect(screen.getByRole('note')).toHaveTextContent('cronjobs: cronjobs.batch is forbidden')
})

test("a Deployment's Events tab shows its ReplicaSets' and pods' events too, naming each, until the person asks for its own alone", async () => {
  const event = (kind: string, name: string, reason: string) => ({
    metadata: { name: `${name}.${reason}`, uid: `${name}-${reason}` },
    type: 'Warning',
    reason,
    message: `${reason} on ${name}`,
    involvedObject: { kind, name, namespace: 'shop', apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1' },
  })
  const fetch = vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input)
    const body = url.endsWith('/events?include=owned')
      ? { events: [event('Deployment', 'web', 'ScalingReplicaSet'), event('Pod', 'web-7c9-x1', 'BackOff')] }
      : url.endsWith('/events')
        ? { events: [event('Deployment', 'web', 'ScalingReplicaSet')] }
        : url.endsWith('/discovery')
          ? discovery
          : { results: [] }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetch)
  renderAt(<DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/web" tab="events" onTab={() => {}} onClose={() => {}} object={{ metadata: { name: 'web', namespace: 'shop' } }} />)
  expect(await screen.findByText('BackOff on web-7c9-x1')).toBeInTheDocument()
  expect(screen.getByRole('link', { name: 'Pod/web-7c9-x1' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/pods?ns=shop&sel=shop%2Fweb-7c9-x1')
  // The Deployment's own event names no object: it is the one in the pane.
  expect(screen.queryByText('web', { selector: 'span.font-mono' })).not.toBeInTheDocument()

  fireEvent.click(screen.getByRole('checkbox', { name: 'Include its ReplicaSets and pods' }))
  await waitFor(() => expect(screen.queryByText('BackOff on web-7c9-x1')).not.toBeInTheDocument())
  expect(screen.getByText('ScalingReplicaSet on web')).toBeInTheDocument()
  expect(fetch.mock.calls.map(([u]) => String(u))).toContain('/api/clusters/prod/resources/apps/v1/deployments/shop/web/events')
})

test("a namespace's Summary shows how full each of its quotas is, a full resource marked as refusing new objects", async () => {
  const namespaces = { cluster: 'prod', group: 'core', version: 'v1', plural: 'namespaces' }
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/resources/core/v1/resourcequotas': {
      body: {
        kind: 'Table',
        metadata: {},
        columnDefinitions: [{ name: 'Name', type: 'string' }],
        rows: [{ cells: ['compute'], object: { kind: 'ResourceQuota', metadata: { name: 'compute', namespace: 'checkout' }, status: { hard: { pods: '20', 'requests.memory': '8Gi' }, used: { pods: '19', 'requests.memory': '8Gi' } } } }],
      },
      headers: { 'X-Periscope-List-Format': 'table' },
    },
  })
  renderAt(<DetailPane kind={namespaces} kindName="Namespace" namespaced={false} selection="checkout" tab="summary" onTab={() => {}} onClose={() => {}} object={{ kind: 'Namespace', metadata: { name: 'checkout' } }} />)
  const quota = await screen.findByRole('region', { name: 'Quota compute' })
  const rows = within(quota).getAllByRole('listitem')
  expect(rows[0]).toHaveTextContent('pods19 / 20')
  expect(rows[1]).toHaveTextContent('requests.memory8Gi / 8Gi (full: new objects are refused)')
})

test("a Deployment's Summary ends with its and its pods' three latest warnings, newest first, and a way to all its events", async () => {
  const event = (reason: string, minutesAgo: number, type = 'Warning', kindName = 'Pod') => ({
    metadata: { name: reason, uid: reason },
    type,
    reason,
    message: `${reason} happened`,
    lastTimestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    involvedObject: { kind: kindName, name: kindName === 'Pod' ? 'web-7c9-x1' : 'web', namespace: 'shop', apiVersion: kindName === 'Pod' ? 'v1' : 'apps/v1' },
  })
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input)
    const body = url.endsWith('/events?include=owned')
      ? { events: [event('Old', 50), event('ScalingReplicaSet', 1, 'Normal', 'Deployment'), event('BackOff', 2), event('Unhealthy', 5), event('FailedMount', 9)] }
      : url.endsWith('/discovery') ? discovery : { results: [] }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
  }))
  const onTab = vi.fn()
  renderAt(<DetailPane kind={kind} kindName="Deployment" namespaced selection="shop/web" tab="summary" onTab={onTab} onClose={() => {}}
    object={{ kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: {} }} />)

  const warnings = await screen.findByRole('region', { name: 'Recent warnings' })
  expect(within(warnings).getAllByRole('listitem').map((li) => /([A-Z]\w+) happened/.exec(li.textContent ?? '')?.[1])).toEqual(['BackOff', 'Unhealthy', 'FailedMount'])
  expect(within(warnings).getAllByRole('link', { name: 'Pod/web-7c9-x1' })).toHaveLength(3)
  fireEvent.click(within(warnings).getByRole('button', { name: 'All events' }))
  expect(onTab).toHaveBeenCalledWith('events')
})

const nodes = { cluster: 'prod', group: 'core', version: 'v1', plural: 'nodes' }
const nodeDiscovery = {
  cluster: 'prod',
  kinds: [{ group: '', version: 'v1', kind: 'Node', plural: 'nodes', namespaced: false, verbs: ['get', 'patch'], shortNames: [], subresources: [], actions: ['cordon'] }],
  problems: [],
  fetchedAt: '2026-11-23T10:00:00Z',
}
const NODE_PATH = '/api/clusters/prod/resources/core/v1/nodes/_/ip-10-0-2-12'
const node = (resourceVersion: string, unschedulable: boolean) => ({
  kind: 'Node', apiVersion: 'v1', metadata: { name: 'ip-10-0-2-12', uid: 'node-uid', resourceVersion }, spec: unschedulable ? { unschedulable: true } : {},
})
const partial = (resourceVersion: string) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'ip-10-0-2-12', uid: 'node-uid', resourceVersion } })

/** The pane as the Nodes list renders it: its row's object changes as the list's cache does (watch events, refetches). */
function NodePane({ first, expose }: { first: KubeObject; expose: (set: (o: KubeObject) => void) => void }) {
  const [row, setRow] = useState<KubeObject>(first)
  useEffect(() => expose(setRow), [expose])
  return <DetailPane kind={nodes} kindName="Node" namespaced={false} selection="ip-10-0-2-12" tab="summary" onTab={() => {}} onClose={() => {}} object={row} />
}

/** Renders the node's pane, its row a Table's PartialObjectMetadata (the pane reads the node itself), and confirms a Cordon. */
async function cordonFromThePane(routes: Record<string, Route>) {
  const fetch = mockFetch(routes)
  const rows: { set?: (o: KubeObject) => void } = {}
  const { queryClient } = renderAt(<NodePane first={partial('100')} expose={(set) => (rows.set = set)} />)
  const pane = screen.getByRole('complementary')
  const cordon = await within(pane).findByRole('button', { name: /^Cordon$/ })
  await waitFor(() => expect(cordon).toBeEnabled())
  // Reads from now on answer a lagging copy: the node as it was before the cordon.
  routes[NODE_PATH] = { body: node('100', false) }
  fireEvent.click(cordon)
  fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cordon' }))
  const fetchedPaths = () => fetch.mock.calls.map(([url]) => new URL(String(url), 'http://localhost').pathname)
  await waitFor(() => expect(fetchedPaths()).toContain(`${NODE_PATH}/cordon`))
  return { pane, rows, fetchedPaths, queryClient }
}

const nodeRoutes = (): Record<string, Route> => ({
  '/api/clusters/prod/discovery': { body: nodeDiscovery },
  '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }] } },
  [NODE_PATH]: { body: node('100', false) },
  [`${NODE_PATH}/cordon`]: { body: node('101', true) },
})

test('after a cordon the pane never steps back to the node as it was, whatever older copy the list or a read brings later', async () => {
  const { pane, rows, fetchedPaths, queryClient } = await cordonFromThePane(nodeRoutes())

  // The watch event puts the cordoned node (resourceVersion 101) in the row: the button flips.
  act(() => rows.set!(node('101', true)))
  expect(within(pane).getByRole('button', { name: /Uncordon/ })).toBeInTheDocument()
  // A refetched Table page brings PartialObjectMetadata back: the pane falls back on its own copy of the node,
  // which must not be the one from before the cordon (the e2e test clicked "Uncordon" and got "Cordon …?").
  act(() => rows.set!(partial('101')))
  expect(within(pane).getByRole('button', { name: /Uncordon/ })).toBeInTheDocument()
  // A stale snapshot puts the older node in the row.
  act(() => rows.set!(node('100', false)))
  expect(within(pane).getByRole('button', { name: /Uncordon/ })).toBeInTheDocument()
  // The pane's own read, refetched (as every action and the Table's refresh make it), answers the older copy.
  act(() => rows.set!(partial('100')))
  const reads = fetchedPaths().filter((p) => p === NODE_PATH).length
  await act(() => queryClient.invalidateQueries())
  expect(fetchedPaths().filter((p) => p === NODE_PATH).length).toBeGreaterThan(reads)
  expect(within(pane).getByRole('button', { name: /Uncordon/ })).toBeInTheDocument()
  expect(within(pane).queryByRole('button', { name: /^Cordon$/ })).not.toBeInTheDocument()
})

test("the cordon's own answer flips the button, before any watch event, and a lagging read does not undo it", async () => {
  const { pane } = await cordonFromThePane(nodeRoutes())

  await within(pane).findByRole('button', { name: /Uncordon/ })
  await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
  expect(within(pane).getByRole('button', { name: /Uncordon/ })).toBeInTheDocument()
})

test('a newer copy of the node does replace the shown one: after an uncordon made elsewhere the pane says Cordon again', async () => {
  mockFetch({
    '/api/clusters/prod/discovery': { body: nodeDiscovery },
    '/api/clusters/prod/can-i': { body: { results: [{ answer: { allowed: true } }] } },
    [NODE_PATH]: { body: node('101', true) },
  })
  const rows: { set?: (o: KubeObject) => void } = {}
  renderAt(<NodePane first={partial('101')} expose={(set) => (rows.set = set)} />)
  const pane = screen.getByRole('complementary')
  await within(pane).findByRole('button', { name: /Uncordon/ })

  act(() => rows.set!(node('102', false)))

  expect(within(pane).getByRole('button', { name: /^Cordon$/ })).toBeInTheDocument()
})
