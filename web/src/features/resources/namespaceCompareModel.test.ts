import { expect, test } from 'vitest'
import type { DiscoveredKind, KubeObject } from './api'
import { COMPARED_KINDS, compareKind, countStates, servedVersion, sortRows } from './namespaceCompareModel'

const configMaps = COMPARED_KINDS.find((k) => k.plural === 'configmaps')!
const cm = (name: string, data: Record<string, string>, uid = 'u'): KubeObject =>
  // As a list's items come: no kind, server-set metadata that differs per cluster.
  ({ metadata: { name, namespace: 'shop', uid, resourceVersion: uid }, data }) as KubeObject

test('every name on either side is one row: changed, only here, only there or the same; the cluster CA bundle is left out', () => {
  const here = [cm('app', { LOG: 'debug' }, '1'), cm('flags', { a: '1' }, '2'), cm('kube-root-ca.crt', { 'ca.crt': 'A' }), cm('prod-only', {})]
  const there = [cm('flags', { a: '1' }, '9'), cm('app', { LOG: 'info' }, '8'), cm('kube-root-ca.crt', { 'ca.crt': 'B' }), cm('new', {})]

  const rows = compareKind(configMaps, here, there)

  expect(rows.map((r) => [r.name, r.state, r.removed, r.added])).toEqual([
    ['app', 'differs', 1, 1],
    ['flags', 'same', 0, 0],
    ['new', 'only-there', 0, 0],
    ['prod-only', 'only-here', 0, 0],
  ])
  expect(rows[0].diff?.filter((l) => l.op !== 'same')).toEqual([
    { op: 'remove', text: '  LOG: debug' },
    { op: 'add', text: '  LOG: info' },
  ])
  expect(sortRows(rows).map((r) => r.name)).toEqual(['app', 'prod-only', 'new', 'flags'])
  expect(countStates(rows)).toEqual({ differs: 1, 'only-here': 1, 'only-there': 1, same: 1 })
})

test("a ServiceAccount's generated token Secrets are left out; a token Secret written by hand is compared", () => {
  const secrets = COMPARED_KINDS.find((k) => k.plural === 'secrets')!
  const token = (name: string) => ({ metadata: { name, namespace: 'shop' }, type: 'kubernetes.io/service-account-token' }) as unknown as KubeObject
  const rows = compareKind(secrets, [token('web-token-x7k2p'), token('ci-deployer')], [token('web-token-9qz4m')])
  expect(rows.map((r) => [r.name, r.state])).toEqual([['ci-deployer', 'only-here']])
})

test('namespaces named differently: their objects still compare equal', () => {
  const there = { ...cm('app', { LOG: 'debug' }), metadata: { name: 'app', namespace: 'shop-staging' } } as KubeObject
  expect(compareKind(configMaps, [cm('app', { LOG: 'debug' })], [there])[0].state).toBe('same')
})

test('the version compared is the one asked for when served, else the preferred one the cluster serves', () => {
  const hpa = COMPARED_KINDS.find((k) => k.plural === 'horizontalpodautoscalers')!
  const served = (versions: string[], preferred?: string): DiscoveredKind[] =>
    versions.map((version) => ({ group: 'autoscaling', version, kind: 'HorizontalPodAutoscaler', plural: 'horizontalpodautoscalers', namespaced: true,
      verbs: ['list'], shortNames: [], subresources: [], actions: [], preferred: version === preferred }))
  expect(servedVersion(hpa, served(['v1', 'v2'], 'v2'))).toBe('v2')
  expect(servedVersion(hpa, served(['v1', 'v2beta2'], 'v2beta2'))).toBe('v2beta2')
  expect(servedVersion(hpa, [])).toBeUndefined()
  const core = COMPARED_KINDS.find((k) => k.plural === 'services')!
  expect(servedVersion(core, [{ ...served(['v1'])[0], group: '', plural: 'services', kind: 'Service' }])).toBe('v1')
})
