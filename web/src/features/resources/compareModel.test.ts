import { expect, test } from 'vitest'
import type { KubeObject } from './api'
import { changedLineCounts, compareObjects, diffLines, foldUnchanged, normalizeForCompare, type DiffLine } from './compareModel'

const deployment = (image: string, replicas: number, extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'u-1',
    resourceVersion: '42',
    creationTimestamp: '2026-11-01T10:00:00Z',
    labels: { app: 'web' },
    ...extra,
  },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
  },
  status: { readyReplicas: replicas },
})

test('normalising drops exactly the fields Kubernetes sets itself, and status unless asked for', () => {
  const object: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      uid: 'u-1',
      resourceVersion: '42',
      generation: 7,
      creationTimestamp: '2026-11-01T10:00:00Z',
      managedFields: [{ manager: 'kubectl' }],
      selfLink: '/apis/apps/v1/namespaces/shop/deployments/web',
      labels: { app: 'web' },
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'deployment.kubernetes.io/revision': '4',
        team: 'payments',
      },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Thing', name: 'owner', uid: 'u-0', controller: true }],
      finalizers: ['keep'],
    } as KubeObject['metadata'],
    spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-02T08:00:00Z' } } } },
    status: { replicas: 1 },
  }
  const expected = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      labels: { app: 'web' },
      annotations: { team: 'payments' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Thing', name: 'owner', controller: true }],
      finalizers: ['keep'],
    },
    spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-02T08:00:00Z' } } } },
  }
  expect(normalizeForCompare(object, { includeStatus: false })).toEqual(expected)
  expect(normalizeForCompare(object, { includeStatus: true })).toEqual({ ...expected, status: { replicas: 1 } })
  expect(object.metadata.uid).toBe('u-1') // the original stays as it was
})

test('annotation and label maps left empty go, so an object without them compares equal', () => {
  const bare = deployment('shop:2.1', 2)
  delete bare.metadata.labels
  const withTools = deployment('shop:2.1', 2, { labels: {}, annotations: { 'deployment.kubernetes.io/revision': '3' } })
  expect(normalizeForCompare(withTools, { includeStatus: false }).metadata).toEqual({ name: 'web', namespace: 'shop' })
  expect(changedLineCounts(compareObjects(bare, withTools, { includeStatus: false }))).toEqual({ removed: 0, added: 0 })
})

test('the order keys come in does not matter', () => {
  const a = deployment('shop:2.1', 2)
  const b: KubeObject = { status: a.status, spec: { template: a.spec!.template, replicas: 2, selector: a.spec!.selector }, metadata: a.metadata, kind: a.kind, apiVersion: a.apiVersion }
  expect(compareObjects(a, b, { includeStatus: true }).every((l) => l.op === 'same')).toBe(true)
})

test('two Deployments differing in image and replicas differ in exactly those lines; status only when included', () => {
  const diff = compareObjects(deployment('shop:2.1', 2), deployment('shop:2.2', 3, { uid: 'u-2', resourceVersion: '99' }), { includeStatus: false })
  expect(diff.filter((l) => l.op !== 'same')).toEqual([
    { op: 'remove', text: '  replicas: 2' },
    { op: 'add', text: '  replicas: 3' },
    { op: 'remove', text: '      - image: shop:2.1' },
    { op: 'add', text: '      - image: shop:2.2' },
  ])
  expect(changedLineCounts(diff)).toEqual({ removed: 2, added: 2 })
  const withStatus = compareObjects(deployment('shop:2.1', 2), deployment('shop:2.2', 3), { includeStatus: true })
  expect(withStatus.filter((l) => l.op === 'add').map((l) => l.text)).toContain('  readyReplicas: 3')
})

test('identical objects give no changes', () => {
  expect(changedLineCounts(compareObjects(deployment('shop:2.1', 2), deployment('shop:2.1', 2, { uid: 'other' }), { includeStatus: true }))).toEqual({ removed: 0, added: 0 })
})

test('the line diff keeps the common lines in order around insertions and removals', () => {
  expect(diffLines(['a', 'b', 'c', 'd'], ['a', 'c', 'x', 'd'])).toEqual([
    { op: 'same', text: 'a' },
    { op: 'remove', text: 'b' },
    { op: 'same', text: 'c' },
    { op: 'add', text: 'x' },
    { op: 'same', text: 'd' },
  ])
  expect(diffLines([], ['a'])).toEqual([{ op: 'add', text: 'a' }])
})

const same = (n: number, from = 0): DiffLine[] => Array.from({ length: n }, (_, i) => ({ op: 'same', text: `s${from + i}` }))

test('unchanged runs longer than six lines fold but for three lines beside each change', () => {
  const diff: DiffLine[] = [...same(10), { op: 'remove', text: 'old' }, { op: 'add', text: 'new' }, ...same(6, 10), { op: 'add', text: 'more' }, ...same(20, 16)]
  const segments = foldUnchanged(diff)
  expect(segments.map((s) => [s.kind, s.start, s.lines.length])).toEqual([
    ['folded', 0, 7],
    ['lines', 7, 3 + 2 + 6 + 1 + 3], // the run of six between the changes stays whole
    ['folded', 22, 17],
  ])
  expect(segments[1].lines[0].text).toBe('s7')

  const opened = foldUnchanged(diff, new Set([22]))
  expect(opened.map((s) => [s.kind, s.start, s.lines.length])).toEqual([['folded', 0, 7], ['lines', 7, 32]])
})

test('a fold would hide at least two lines; a whole identical object folds into one', () => {
  const diff: DiffLine[] = [{ op: 'add', text: 'a' }, ...same(7), { op: 'add', text: 'b' }]
  expect(foldUnchanged(diff).map((s) => s.kind)).toEqual(['lines'])
  expect(foldUnchanged(same(12)).map((s) => [s.kind, s.lines.length])).toEqual([['folded', 12]])
  expect(foldUnchanged(same(6)).map((s) => s.kind)).toEqual(['lines'])
})

test('what a cluster fills in per kind is not a difference: a Service\'s IPs and node ports, a claim\'s volume, generated token Secrets', () => {
  const service = (ip: string, nodePort: number, port: number): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { type: 'NodePort', clusterIP: ip, clusterIPs: [ip], ports: [{ port, nodePort, targetPort: 8080 }], selector: { app: 'web' } },
  })
  expect(changedLineCounts(compareObjects(service('10.0.0.1', 30001, 80), service('10.9.0.7', 31999, 80), { includeStatus: false }))).toEqual({ removed: 0, added: 0 })
  expect(changedLineCounts(compareObjects(service('10.0.0.1', 30001, 80), service('10.9.0.7', 31999, 8080), { includeStatus: false }))).toEqual({ removed: 1, added: 1 })
  const headless = service('None', 30001, 80)
  expect(normalizeForCompare(headless, { includeStatus: false })).toMatchObject({ spec: { clusterIP: 'None', clusterIPs: ['None'] } })
  expect(changedLineCounts(compareObjects(headless, service('10.9.0.7', 30001, 80), { includeStatus: false })).removed,
    'headless here, a cluster IP there: DNS answers differently').toBeGreaterThan(0)

  const claim = (volume: string, size: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: 'data',
      annotations: { 'pv.kubernetes.io/bind-completed': 'yes', 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com', 'team': 'db' },
    },
    spec: { volumeName: volume, resources: { requests: { storage: size } } },
  })
  const normalised = normalizeForCompare(claim('pvc-1', '10Gi'), { includeStatus: false })
  expect(normalised).toEqual({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', annotations: { team: 'db' } }, spec: { resources: { requests: { storage: '10Gi' } } } })
  expect(changedLineCounts(compareObjects(claim('pvc-1', '10Gi'), claim('pvc-2', '20Gi'), { includeStatus: false }))).toEqual({ removed: 1, added: 1 })

  const account = (secrets: { name: string }[]): KubeObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' }, secrets })
  expect(normalizeForCompare(account([{ name: 'web-token-x7k2p' }]), { includeStatus: false })).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' } })
  expect(normalizeForCompare(account([{ name: 'web-token-x7k2p' }, { name: 'registry' }]), { includeStatus: false })).toMatchObject({ secrets: [{ name: 'registry' }] })
})

test('two namespaces named differently compare equal when asked to ignore the namespace', () => {
  const a = deployment('web:1', 2)
  const b = deployment('web:1', 2, { namespace: 'shop-staging' })
  expect(changedLineCounts(compareObjects(a, b, { includeStatus: false }))).toEqual({ removed: 1, added: 1 })
  expect(changedLineCounts(compareObjects(a, b, { includeStatus: false, ignoreNamespace: true }))).toEqual({ removed: 0, added: 0 })
})
